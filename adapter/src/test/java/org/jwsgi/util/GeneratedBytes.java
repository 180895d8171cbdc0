package org.jwsgi.util;

import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * {@code size} pseudo-random bytes from {@code seed}, produced as they are read: a large upload
 * no test holds in memory. The same seed and size always give the same bytes; CR, LF and
 * {@code -} come as often as any other byte, so delimiter near-misses are everywhere.
 *
 * <pre>{@code
 * InputStream hundredMegabytes = new GeneratedBytes(42, 100_000_000);
 * long expected = GeneratedBytes.crc(42, 100_000_000);
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
    static long crc(long seed, long size) {
        CRC32C crc = new CRC32C();
        byte[] chunk = new byte[64 * 1024];
        GeneratedBytes in = new GeneratedBytes(seed, size);
        for (int n; (n = in.read(chunk, 0, chunk.length)) > 0;) {
            crc.update(chunk, 0, n);
        }
        return crc.getValue();
    }
}
