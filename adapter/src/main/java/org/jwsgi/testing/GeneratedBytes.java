package org.jwsgi.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * {@code size} pseudo-random bytes from {@code seed}, produced as they are read: an upload of any
 * size that no test holds in memory, and whose checksum the test knows. The same seed and size
 * always give the same bytes; CR, LF and {@code -} come as often as any other byte, so a parser
 * meets delimiter near-misses everywhere.
 *
 * <pre>{@code
 * TestResponse r = client.post("/upload").body(new GeneratedBytes(42, 100_000_000), 100_000_000).send();
 * assertThat(r.text()).contains(GeneratedBytes.sha256(42, 100_000_000));
 * }</pre>
 */
public final class GeneratedBytes extends InputStream {

    private final long size;
    private long state;
    private long position;

    /** The {@code size} bytes of {@code seed}. */
    public GeneratedBytes(long seed, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        this.size = size;
        this.state = seed * 0x9E3779B97F4A7C15L + 1;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    /** Byte {@code p} of the stream is byte {@code p % 8} of the xorshift64 state at step {@code p / 8}. */
    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - position);
        for (int i = 0; i < n; i++) {
            int k = (int) (position + i & 7);
            if (k == 0) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
            }
            b[off + i] = (byte) (state >>> (k << 3));
        }
        position += n;
        return n;
    }

    /** The CRC-32C of the bytes {@code new GeneratedBytes(seed, size)} produces. */
    public static long crc32c(long seed, long size) {
        CRC32C crc = new CRC32C();
        byte[] chunk = new byte[64 * 1024];
        GeneratedBytes in = new GeneratedBytes(seed, size);
        for (int n; (n = in.read(chunk, 0, chunk.length)) > 0;) {
            crc.update(chunk, 0, n);
        }
        return crc.getValue();
    }

    /** The SHA-256, in lower-case hex, of the bytes {@code new GeneratedBytes(seed, size)} produces. */
    public static String sha256(long seed, long size) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] chunk = new byte[64 * 1024];
        try (GeneratedBytes in = new GeneratedBytes(seed, size)) {
            for (int n; (n = in.read(chunk)) > 0;) {
                digest.update(chunk, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
