package org.jwsgi.middleware;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPOutputStream;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;
import org.jwsgi.Status;
import org.jwsgi.Write;

/**
 * One response through {@link Gzip}: the {@code start_response} the inner application sees
 * (it decides, and rewrites the headers), its write callable, and the body. The decision is
 * made again on a {@code start_response} with {@code exc_info}, which can only come before
 * anything went out (after that the server rethrows).
 */
final class GzipResponse implements StartResponse {

    private final StartResponse outer;
    private final boolean accepts;
    private final boolean head;
    private final int level;
    private final int minLength;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private boolean started;
    private boolean compressing;
    private boolean passedThrough;
    private GZIPOutputStream gzip;

    GzipResponse(StartResponse outer, boolean accepts, boolean head, int level, int minLength) {
        this.outer = outer;
        this.accepts = accepts;
        this.head = head;
        this.level = level;
        this.minLength = minLength;
    }

    @Override
    public Write start(String status, List<Header> headers, Throwable excInfo) {
        Status st = Status.parse(status);
        boolean compressible = !st.forbidsBody() && st.code() != 206 && Gzip.compressible(Header.first(headers, "Content-Type"))
                && Header.first(headers, "Content-Encoding") == null && Header.first(headers, "Content-Range") == null
                && !noTransform(Header.first(headers, "Cache-Control"));
        boolean compress = compressible && accepts && !head && !passedThrough
                && !tooSmall(Header.first(headers, "Content-Length"));
        List<Header> out = new ArrayList<>(headers.size() + 2);
        boolean varied = false;
        for (Header h : headers) {
            if (compressible && h.is("Vary")) {
                varied = true;
                String v = h.value();
                out.add(v.strip().equals("*") || v.toLowerCase(java.util.Locale.ROOT).contains("accept-encoding") ? h
                        : new Header("Vary", v + ", Accept-Encoding"));
            } else if (compress && h.is("Content-Length")) {
                continue; // the compressed length is not known up front
            } else if (compress && h.is("ETag") && !h.value().startsWith("W/")) {
                out.add(new Header("ETag", "W/" + h.value()));
            } else {
                out.add(h);
            }
        }
        if (compressible && !varied) {
            out.add(new Header("Vary", "Accept-Encoding"));
        }
        if (compress) {
            out.add(new Header("Content-Encoding", "gzip"));
        }
        Write write = outer.start(status, out, excInfo);
        started = true;
        compressing = compress;
        return data -> {
            byte[] bytes = compressing ? compress(data) : data;
            write.write(bytes);
        };
    }

    /**
     * The inner body, compressed chunk by chunk if the response is; closes it once. A response
     * already started uncompressed gets its body back as it is, so an in-memory list or a file
     * keeps the length and the zero-copy path servers give them (and stays uncompressed).
     */
    Iterable<byte[]> body(Iterable<byte[]> inner) {
        if (started && !compressing) {
            passedThrough = true;
            return inner;
        }
        return new Body(inner);
    }

    private boolean tooSmall(String contentLength) {
        try {
            return contentLength != null && Long.parseLong(contentLength.strip()) < minLength;
        } catch (NumberFormatException e) {
            return false; // the server refuses it anyway; do not hide that by deciding here
        }
    }

    private static boolean noTransform(String cacheControl) {
        return cacheControl != null && cacheControl.toLowerCase(java.util.Locale.ROOT).contains("no-transform");
    }

    /** Compresses {@code data} and flushes the deflater, so every byte of it can be decoded now. */
    private byte[] compress(byte[] data) {
        if (data.length == 0) {
            return data;
        }
        try {
            stream().write(data);
            gzip.flush(); // SYNC_FLUSH: the no-delay rule
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return drain();
    }

    private GZIPOutputStream stream() throws IOException {
        if (gzip == null) {
            gzip = new GZIPOutputStream(buffer, 8192, true) {
                {
                    def.setLevel(level);
                }
            };
        }
        return gzip;
    }

    private byte[] drain() {
        byte[] out = buffer.toByteArray();
        buffer.reset();
        return out;
    }

    private final class Body implements Iterable<byte[]>, AutoCloseable {
        private final Iterable<byte[]> inner;
        private boolean closed;

        Body(Iterable<byte[]> inner) {
            this.inner = inner;
        }

        @Override
        public Iterator<byte[]> iterator() {
            Iterator<byte[]> it = inner.iterator();
            return new Iterator<>() {
                private boolean finished;

                @Override
                public boolean hasNext() {
                    return it.hasNext() || compressing && !finished;
                }

                @Override
                public byte[] next() {
                    if (it.hasNext()) {
                        byte[] chunk = it.next(); // may call start_response: decide after it
                        return compressing ? compress(chunk) : chunk;
                    }
                    if (!compressing || finished) {
                        throw new NoSuchElementException();
                    }
                    finished = true;
                    try {
                        stream().finish(); // an empty body still becomes a valid (empty) gzip stream
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return drain();
                }
            };
        }

        @Override
        public void close() throws Exception {
            if (closed) {
                return;
            }
            closed = true;
            try {
                Bodies.close(inner);
            } finally {
                if (gzip != null) {
                    gzip.close(); // frees the deflater's native memory, finished or not
                }
            }
        }
    }
}
