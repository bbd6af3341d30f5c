package dev.vortex.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * New SHA-256 digests, copied from one made at start rather than looked up each time.
 *
 * <p>Why: {@link MessageDigest#getInstance(String)} walks the security providers on every call. The content
 * version of a config runs once per change, in code the JIT has seldom compiled, and there the look-up cost as
 * much as hashing a config of a hundred values; an API key is digested on every request that presents one.
 * {@link MessageDigest#clone()} of a fresh digest is an array copy. Every SHA-256 of the project comes from here.
 *
 * <p>Thread-safe: the prototype is never updated, only cloned; each caller gets a digest of its own.
 */
public final class Sha256 {
    private static final MessageDigest PROTOTYPE = lookUp();

    private Sha256() {}

    /** A new, empty SHA-256 digest, for the caller alone. */
    public static MessageDigest newDigest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            // A provider whose digest cannot be cloned: look it up as before.
            return lookUp();
        }
    }

    private static MessageDigest lookUp() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required on every Java platform", e);
        }
    }
}
