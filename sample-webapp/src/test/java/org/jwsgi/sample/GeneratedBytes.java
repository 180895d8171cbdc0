package org.jwsgi.sample;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * {@code size} pseudo-random bytes from {@code seed}, produced as they are read: a large upload
 * that no test holds in memory. The same seed and size always give the same bytes.
 *
 * <pre>{@code
 * InputStream tenMegabytes = new GeneratedBytes(42, 10_000_000);
 * String expected = GeneratedBytes.sha256(42, 10_000_000);
 * }</pre>
 */
final class GeneratedBytes extends InputStream {

    private final long size;
    private long state;
    private long position;

    GeneratedBytes(long seed, long size) {
        this.size = size;
        this.state = seed * 0x9E3779B97F4A7C15L + 1;
    }

    @Override
    public int read() {
        if (position >= size) {
            return -1;
        }
        position++;
        return nextByte();
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - position);
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) nextByte();
        }
        position += n;
        return n;
    }

    private int nextByte() {
        // xorshift64: fast, deterministic, and with CR, LF and '-' as often as any other byte
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        return (int) (state >>> 56);
    }

    /** The SHA-256 (hex) of the bytes {@code new GeneratedBytes(seed, size)} produces. */
    static String sha256(long seed, long size) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[64 * 1024];
        try (GeneratedBytes in = new GeneratedBytes(seed, size)) {
            for (int n; (n = in.read(chunk)) > 0;) {
                digest.update(chunk, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
