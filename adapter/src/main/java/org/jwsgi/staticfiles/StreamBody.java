package org.jwsgi.staticfiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A body read from an {@link InputStream} in blocks, at most {@code count} bytes, closing the
 * stream when the body is closed. {@link StaticFiles} uses it for a file that is not on the
 * default file system (a jar's entries through the zip file system): there a
 * {@code FileChannel} gives no zero-copy path, and the JDK's zip file system makes one by
 * copying the entry to a temporary file next to the jar on every open, which a read-only
 * install directory refuses. A stream reads the entry in place.
 */
final class StreamBody implements Iterable<byte[]>, AutoCloseable {

    private final InputStream in;
    private final long count;
    private final int blockSize;
    private boolean iterated;

    StreamBody(InputStream in, long count, int blockSize) {
        this.in = in;
        this.count = count;
        this.blockSize = blockSize;
    }

    @Override
    public Iterator<byte[]> iterator() {
        if (iterated) {
            throw new IllegalStateException("a streamed file body can be iterated once");
        }
        iterated = true;
        return new Iterator<>() {
            private long left = count;

            @Override
            public boolean hasNext() {
                return left > 0;
            }

            @Override
            public byte[] next() {
                if (left <= 0) {
                    throw new NoSuchElementException();
                }
                try {
                    byte[] block = in.readNBytes((int) Math.min(blockSize, left));
                    if (block.length == 0) {
                        // shorter than its Content-Length: failing makes the server cut the connection
                        throw new IOException("the file ended " + left + " bytes before its announced length");
                    }
                    left -= block.length;
                    return block;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
