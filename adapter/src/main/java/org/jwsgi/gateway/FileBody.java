package org.jwsgi.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The body {@link WsgiEnviron#FILE_WRAPPER} makes: a region of a file that a server can send with
 * {@link #transferTo} or iterate in blocks. Closing it closes the channel.
 *
 * <pre>{@code
 * try (FileBody body = FileBody.of(FileChannel.open(path), 8192)) {
 *     long sent = body.transferTo(socketChannel, body.length());
 * }
 * }</pre>
 */
public final class FileBody implements Iterable<byte[]>, AutoCloseable {

    private final FileChannel channel;
    private final long start;
    private final long length;
    private final int blockSize;

    private FileBody(FileChannel channel, long start, long length, int blockSize) {
        this.channel = channel;
        this.start = start;
        this.length = length;
        this.blockSize = blockSize;
    }

    /** The file from the channel's current position to its end, iterated in {@code blockSize} chunks. */
    public static FileBody of(FileChannel channel, int blockSize) throws IOException {
        Objects.requireNonNull(channel, "channel");
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be at least 1: " + blockSize);
        }
        long position = channel.position();
        return new FileBody(channel, position, Math.max(0, channel.size() - position), blockSize);
    }

    /**
     * This body cut to its first {@code maxLength} bytes, on the same channel: a byte range is
     * the channel positioned at its start, wrapped, then limited. The result replaces this body
     * (closing either closes the shared channel), so a server still sends it with
     * {@link #transferTo} and knows its length up front.
     *
     * @throws IllegalArgumentException if {@code maxLength} is negative
     */
    public FileBody limit(long maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must not be negative: " + maxLength);
        }
        return new FileBody(channel, start, Math.min(length, maxLength), blockSize);
    }

    /** The number of bytes this body holds (the file's size less the start position). */
    public long length() {
        return length;
    }

    /**
     * Sends the first {@code count} bytes (at most {@link #length()}) to {@code target}, with the
     * operating system's zero-copy transfer where it has one.
     *
     * @return the bytes sent; fewer than asked only if the file shrank meanwhile
     */
    public long transferTo(WritableByteChannel target, long count) throws IOException {
        return transferTo(target, 0, count);
    }

    /**
     * Sends {@code count} bytes from {@code offset} within this body (clipped to its end) to
     * {@code target}.
     *
     * @return the bytes sent; fewer than asked only at the end of the body or if the file shrank
     */
    public long transferTo(WritableByteChannel target, long offset, long count) throws IOException {
        if (offset < 0 || count < 0) {
            throw new IllegalArgumentException("offset and count must not be negative: " + offset + ", " + count);
        }
        long todo = Math.max(0, Math.min(count, length - offset));
        long from = start + offset;
        long sent = 0;
        while (sent < todo) {
            long n = channel.transferTo(from + sent, todo - sent, target);
            if (n <= 0) {
                // A socket used from a virtual thread takes nothing while its send buffer is full
                // (transferTo does not park); a plain write does, so send a block that way.
                ByteBuffer block = ByteBuffer.allocate((int) Math.min(64 * 1024, todo - sent));
                n = channel.read(block, from + sent);
                if (n <= 0) {
                    break; // the file shrank
                }
                block.flip();
                while (block.hasRemaining()) {
                    target.write(block);
                }
            }
            sent += n;
        }
        return sent;
    }

    /**
     * One zero-copy transfer of at most {@code count} bytes from {@code offset} within this body to
     * {@code target}, without waiting: what a server with a non-blocking socket calls, waiting for
     * the socket itself between calls.
     *
     * @return the bytes sent; 0 if the target took none now (a non-blocking socket whose buffer is
     *     full); -1 if the body has nothing at {@code offset} (its end, or the file shrank)
     */
    public long transferSome(WritableByteChannel target, long offset, long count) throws IOException {
        if (offset < 0 || count < 0) {
            throw new IllegalArgumentException("offset and count must not be negative: " + offset + ", " + count);
        }
        long todo = Math.min(count, length - offset);
        if (todo <= 0) {
            return count == 0 ? 0 : -1;
        }
        long n = channel.transferTo(start + offset, todo, target);
        if (n == 0 && channel.size() <= start + offset) {
            return -1; // the file shrank under us
        }
        return n;
    }

    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private long position = start;
            private final long end = start + length;

            @Override
            public boolean hasNext() {
                return position < end;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(blockSize, end - position));
                boolean shrank = false;
                try {
                    while (buf.hasRemaining() && !shrank) {
                        shrank = channel.read(buf, position + buf.position()) < 0;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                position = shrank ? end : position + buf.position();
                return buf.position() == buf.capacity() ? buf.array()
                        : Arrays.copyOf(buf.array(), buf.position());
            }
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
