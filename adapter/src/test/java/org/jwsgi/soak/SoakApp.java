package org.jwsgi.soak;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;

/**
 * The application under soak. Every body it returns is a streaming, closeable one that counts its
 * close() calls, so the soak can check invariant 2 (closed exactly once) across every request,
 * aborted or not.
 *
 * <ul>
 *   <li>{@code GET|HEAD /small}: {@code hello\n}, with Content-Length</li>
 *   <li>{@code GET /stream?N}: N chunks of 1 KiB ({@link #streamByte}), no Content-Length (chunked,
 *       or close-delimited on HTTP/1.0)</li>
 *   <li>{@code POST /upload}: reads the whole body, answers {@code <length> <crc32>}</li>
 * </ul>
 */
final class SoakApp implements Application {

    static final int CHUNK = 1024;
    private static final List<Header> TEXT = List.of(new Header("Content-Type", "text/plain"));

    final AtomicLong bodiesOpened = new AtomicLong();
    final AtomicLong bodiesClosed = new AtomicLong();
    final AtomicLong doubleCloses = new AtomicLong();

    /** Byte {@code i} of a {@code /stream} body: position-dependent, so a lost or repeated chunk shows. */
    static byte streamByte(long i) {
        return (byte) (i * 7 + (i >>> 10));
    }

    @Override
    public Iterable<byte[]> call(Map<String, Object> env, StartResponse sr) throws Exception {
        String path = (String) env.get(Environ.PATH_INFO);
        switch (path) {
            case "/small" -> {
                sr.start("200 OK", List.of(TEXT.get(0), new Header("Content-Length", "6")));
                return body(1, n -> "hello\n".getBytes(US_ASCII));
            }
            case "/stream" -> {
                int chunks = Integer.parseInt((String) env.get(Environ.QUERY_STRING));
                sr.start("200 OK", TEXT);
                return body(chunks, k -> {
                    byte[] b = new byte[CHUNK];
                    for (int i = 0; i < CHUNK; i++) {
                        b[i] = streamByte((long) k * CHUNK + i);
                    }
                    return b;
                });
            }
            case "/upload" -> {
                InputStream in = (InputStream) env.get(Environ.WSGI_INPUT);
                CRC32 crc = new CRC32();
                byte[] buf = new byte[8192];
                long total = 0;
                for (int n; (n = in.read(buf)) > 0; ) { // an aborted upload throws here, as in a real app
                    crc.update(buf, 0, n);
                    total += n;
                }
                byte[] answer = (total + " " + Long.toHexString(crc.getValue())).getBytes(US_ASCII);
                sr.start("200 OK", List.of(TEXT.get(0), new Header("Content-Length", Integer.toString(answer.length))));
                return body(1, n -> answer);
            }
            default -> {
                sr.start("404 Not Found", TEXT);
                return body(0, n -> null);
            }
        }
    }

    private interface Chunk {
        byte[] make(int index);
    }

    /** A streaming body of {@code count} chunks that counts how often it is closed. */
    private CountedBody body(int count, Chunk chunk) {
        bodiesOpened.incrementAndGet();
        return new CountedBody(count, chunk);
    }

    private final class CountedBody implements Iterable<byte[]>, AutoCloseable {
        private final int count;
        private final Chunk chunk;
        private final AtomicBoolean closed = new AtomicBoolean();

        CountedBody(int count, Chunk chunk) {
            this.count = count;
            this.chunk = chunk;
        }

        @Override
        public Iterator<byte[]> iterator() {
            return new Iterator<>() {
                int i;

                @Override
                public boolean hasNext() {
                    return i < count;
                }

                @Override
                public byte[] next() {
                    if (i >= count) {
                        throw new NoSuchElementException();
                    }
                    return chunk.make(i++);
                }
            };
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                bodiesClosed.incrementAndGet();
            } else {
                doubleCloses.incrementAndGet();
            }
        }
    }
}
