package org.jwsgi.gateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A {@link FileChannel} that says when it is closed: a {@link FileBody} closes its channel in
 * {@code close()}, so whoever wraps a file body's channel in this sees the server close the body
 * without wrapping the {@code FileBody} itself (which would hide it from the server's sendfile
 * path). The validator watches bodies this way, and jwsgi-python gives its Python file and its
 * context back. Everything else is delegated; {@code transferTo} still reaches the real channel's
 * zero-copy transfer.
 *
 * <pre>{@code
 * TrackedChannel channel = new TrackedChannel(FileChannel.open(path));
 * channel.onClose(() -> System.out.println("the server is done with " + path));
 * return wrapper.wrap(channel, 65536);
 * }</pre>
 */
public final class TrackedChannel extends FileChannel {

    private final FileChannel channel;
    private Runnable onClose;
    private boolean closed;

    public TrackedChannel(FileChannel channel) {
        this.channel = channel;
    }

    /** Runs {@code action} when the channel closes (now, if it already has). */
    public synchronized void onClose(Runnable action) {
        if (closed) {
            action.run();
        } else {
            onClose = action;
        }
    }

    @Override
    protected void implCloseChannel() throws IOException {
        Runnable action;
        synchronized (this) {
            closed = true;
            action = onClose;
        }
        try {
            channel.close();
        } finally {
            if (action != null) {
                action.run();
            }
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return channel.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return channel.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
        return channel.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        channel.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        channel.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        channel.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return channel.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return channel.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return channel.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return channel.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return channel.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return channel.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return channel.tryLock(position, size, shared);
    }
}
