package dev.vortex.server.crypto;

/**
 * Why an encryption endpoint cannot answer; {@link #reason()} names the answer Spring Cloud Config gives
 * (its {@code status} field), so that the HTTP layer maps each to the same status and body.
 */
public final class EncryptionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The kinds of refusal, with Spring Cloud Config's status text and description. */
    public enum Reason {
        /** No key is configured. */
        NO_KEY("No key was installed for encryption service"),
        /** The text is not a ciphertext of this key. */
        INVALID("Text not encrypted with this key"),
        /** The key is not an RSA key, so there is no public key to show. */
        NO_PUBLIC_KEY("No public key available");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        /** Spring Cloud Config's {@code description} of this refusal. */
        public String description() {
            return description;
        }
    }

    private final Reason reason;

    EncryptionException(Reason reason) {
        super(reason.description());
        this.reason = reason;
    }

    /** Why. */
    public Reason reason() {
        return reason;
    }
}
