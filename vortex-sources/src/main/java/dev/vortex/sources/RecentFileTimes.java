package dev.vortex.sources;

import dev.vortex.core.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HexFormat;

/**
 * When a file's size, modification time and file key stop being enough to tell one content from another, and what
 * to compare instead.
 *
 * <p>File systems set modification times from a clock that moves in ticks: a few milliseconds on Linux (the kernel's
 * coarse clock), a second on ext3, NFS or HFS+, two on FAT. Two writes of the same size within one tick leave all
 * three as they were. Whoever looked between the two writes (a scan, a read that cached what it parsed) would take
 * the second content for the first and keep serving the first, until the next edit. The same problem as Git's
 * "racily clean" index entries, solved the same way: a file modified so recently that another write could still
 * share its time is compared by content (a SHA-256 of its bytes); once its time is older than any tick can be, a
 * write would have changed it, and the stamps alone are trusted again. Config files are small and edits rare, so
 * only the files of the last few seconds' edits are ever hashed.
 */
final class RecentFileTimes {
    /**
     * How long after its modification time a file may still be rewritten without that time changing: longer than
     * the coarsest tick above, with room for the local clock and a file server's to differ a little.
     */
    static final Duration RECENT = Duration.ofSeconds(3);

    private RecentFileTimes() {}

    /** Whether a file modified at {@code modified} could still be rewritten, {@code nowMillis} on, with that time. */
    static boolean isRecent(FileTime modified, long nowMillis) {
        return modified.toMillis() > nowMillis - RECENT.toMillis();
    }

    /** The SHA-256 of {@code bytes}, in hex. */
    static String contentHash(byte[] bytes) {
        return HexFormat.of().formatHex(Sha256.newDigest().digest(bytes));
    }

    /** The SHA-256 of the file's bytes, in hex: only config files are hashed, and they are small. */
    static String contentHash(Path file) throws IOException {
        return contentHash(Files.readAllBytes(file));
    }
}
