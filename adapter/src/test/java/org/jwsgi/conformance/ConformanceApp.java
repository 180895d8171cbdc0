package org.jwsgi.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.jwsgi.Application;
import org.jwsgi.FileWrapper;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;

/**
 * The application behind {@link SameResponsesTest}: one route per response behaviour, each
 * written against the contract only. Tests reach its state (close counts, stream gates) by the
 * {@code id} they put in the query string, so concurrent runs never share it.
 */
final class ConformanceApp implements Application {

    static final int BLOCK = 64 * 1024;
    /** Closes seen per request id. */
    static final Map<String, AtomicInteger> CLOSES = new ConcurrentHashMap<>();
    /** Permits to produce the next stream chunk, per request id. */
    static final Map<String, Semaphore> GATES = new ConcurrentHashMap<>();

    /** The deterministic byte at offset {@code i} of a download. */
    static byte byteAt(long i) {
        return (byte) (i * 31 + (i >>> 16) * 7);
    }

    @Override
    public Iterable<byte[]> call(Map<String, Object> env, StartResponse sr) throws Exception {
        String path = (String) env.get("PATH_INFO");
        String query = (String) env.get("QUERY_STRING");
        String id = param(query, "id");
        switch (path) {
            case "/status" -> {
                sr.start("201 Made It", List.of(new Header("Content-Type", "text/plain")));
                return List.of(bytes("made"));
            }
            case "/headers" -> {
                sr.start("200 OK", List.of(new Header("Content-Type", "text/plain; charset=utf-8"),
                        new Header("X-Repeat", "a"), new Header("X-Repeat", "b"), new Header("Set-Cookie", "a=1; Path=/"),
                        new Header("Set-Cookie", "b=2; Path=/"), new Header("Cache-Control", "no-store"),
                        new Header("Content-Length", "2")));
                return List.of(bytes("ok"));
            }
            case "/computed-length" -> {
                sr.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
                return List.of(bytes("abc"), bytes(""), bytes("defg"));
            }
            case "/no-content" -> {
                sr.start("204 No Content", List.of(new Header("X-Done", "yes")));
                return List.of();
            }
            case "/not-modified" -> {
                sr.start("304 Not Modified", List.of(new Header("ETag", "\"v1\"")));
                return List.of();
            }
            case "/stream" -> {
                sr.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
                return new Tracked(id, gatedChunks(id, Integer.parseInt(param(query, "n"))), -1);
            }
            case "/download" -> {
                long size = Long.parseLong(param(query, "bytes"));
                boolean withLength = "1".equals(param(query, "length"));
                sr.start("200 OK", withLength
                        ? List.of(new Header("Content-Type", "application/octet-stream"),
                                new Header("Content-Length", Long.toString(size)))
                        : List.of(new Header("Content-Type", "application/octet-stream")));
                return new Tracked(id, download(size), -1);
            }
            case "/file" -> {
                sr.start("200 OK", List.of(new Header("Content-Type", "application/octet-stream")));
                return ((FileWrapper) env.get("wsgi.file_wrapper")).wrap(file());
            }
            case "/upload" -> {
                InputStream in = (InputStream) env.get("wsgi.input");
                CRC32 crc = new CRC32();
                byte[] buf = new byte[BLOCK];
                long total = 0;
                for (int n; (n = in.read(buf)) > 0;) {
                    crc.update(buf, 0, n);
                    total += n;
                }
                sr.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
                return List.of(bytes(total + " " + Long.toHexString(crc.getValue())));
            }
            case "/fail-before" -> throw new IllegalStateException("failed before start_response");
            case "/fail-after" -> {
                sr.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
                return new Tracked(id, List.of(bytes("first chunk")).iterator(), 1);
            }
            case "/short" -> {
                // breaks one rule only, on purpose: the length (a Content-Type keeps it to that one)
                sr.start("200 OK", List.of(new Header("Content-Type", "text/plain"), new Header("Content-Length", "100")));
                return new Tracked(id, List.of(bytes("only 13 bytes")).iterator(), -1);
            }
            default -> {
                sr.start("404 Not Found", List.of(new Header("Content-Type", "text/plain")));
                return List.of(bytes("no route " + path));
            }
        }
    }

    static final int FILE_BYTES = 3 * BLOCK + 17;
    private static Path file;

    /** A file of FILE_BYTES download bytes, made once per run and deleted at exit. */
    static synchronized Path file() throws IOException {
        if (file == null) {
            Path f = Files.createTempFile("jwsgi-conformance", ".bin");
            f.toFile().deleteOnExit();
            byte[] b = new byte[FILE_BYTES];
            for (int i = 0; i < b.length; i++) {
                b[i] = byteAt(i);
            }
            Files.write(f, b);
            file = f;
        }
        return file;
    }

    private static Iterator<byte[]> gatedChunks(String id, int n) {
        Semaphore gate = GATES.computeIfAbsent(id, k -> new Semaphore(0));
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public byte[] next() {
                if (i > 0) {
                    try {
                        // the client must have seen chunk i-1 before chunk i exists
                        if (!gate.tryAcquire(20, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the client never released chunk " + i);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
                return bytes("chunk " + i++ + "\n");
            }
        };
    }

    private static Iterator<byte[]> download(long size) {
        return new Iterator<>() {
            long sent;

            @Override
            public boolean hasNext() {
                return sent < size;
            }

            @Override
            public byte[] next() {
                if (sent >= size) {
                    throw new NoSuchElementException();
                }
                byte[] b = new byte[(int) Math.min(BLOCK, size - sent)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = byteAt(sent + i);
                }
                sent += b.length;
                return b;
            }
        };
    }

    static String param(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A streaming body that counts its close() per id and can fail after {@code failAfter} chunks. */
    private static final class Tracked implements Iterable<byte[]>, AutoCloseable {
        private final String id;
        private final Iterator<byte[]> chunks;
        private final int failAfter;

        Tracked(String id, Iterator<byte[]> chunks, int failAfter) {
            this.id = id;
            this.chunks = chunks;
            this.failAfter = failAfter;
        }

        @Override
        public Iterator<byte[]> iterator() {
            return new Iterator<>() {
                int yielded;

                @Override
                public boolean hasNext() {
                    return yielded == failAfter || chunks.hasNext();
                }

                @Override
                public byte[] next() {
                    if (yielded++ == failAfter) {
                        throw new IllegalStateException("the body failed after " + failAfter + " chunk(s)");
                    }
                    return chunks.next();
                }
            };
        }

        @Override
        public void close() throws IOException {
            if (id != null) {
                CLOSES.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            }
        }
    }
}
