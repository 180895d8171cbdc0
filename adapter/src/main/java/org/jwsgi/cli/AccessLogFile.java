package org.jwsgi.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.jwsgi.gateway.AccessLogSink;

/**
 * The CLI's {@code --access-log FILE}: an {@link AccessLogSink} (written by the server's
 * {@code AccessLog}, off the request path) that appends to a file and reopens it when asked
 * ({@link #reopen()}, on {@code SIGUSR1} as nginx does), so logrotate can move it away and signal.
 * Each character of a line is written as one byte (ISO-8859-1): a request's target and headers are
 * native strings, a char per byte received, so the file holds the bytes the client sent.
 *
 * <pre>{@code
 * AccessLogFile file = AccessLogFile.open(Path.of("access.log"));
 * Signals.handle("USR1", file::reopen);
 * Backend.named("builtin").start(app, options, file);   // closed when the server has stopped
 * }</pre>
 */
final class AccessLogFile implements AccessLogSink {

    private final Path file;
    /** Guarded by this (the writer thread writes, a signal's thread reopens): the open file... */
    private OutputStream out;
    /** ... and the lines' encoding into it. */
    private AccessLogSink lines;
    private boolean closed;

    private AccessLogFile(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
        this.lines = AccessLogSink.stream(out);
    }

    /**
     * {@code file}, created if missing and appended to.
     *
     * @throws IOException naming the file when it cannot be opened
     */
    static AccessLogFile open(Path file) throws IOException {
        return new AccessLogFile(file, stream(file));
    }

    private static OutputStream stream(Path file) throws IOException {
        try {
            return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("cannot open the access log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void write(List<String> batch) throws IOException {
        if (closed) {
            throw new IOException("the access log " + file + " is closed");
        }
        lines.write(batch);
    }

    /**
     * Opens the file again (after logrotate moved it) and writes the next lines there. Where it
     * cannot be opened, says so on {@code System.Logger} and keeps writing to the old file.
     */
    synchronized void reopen() {
        if (closed) {
            return;
        }
        try {
            OutputStream fresh = stream(file);
            closeQuietly(out);
            out = fresh;
            lines = AccessLogSink.stream(fresh);
        } catch (IOException e) {
            System.getLogger(AccessLogFile.class.getName()).log(System.Logger.Level.WARNING,
                    e.getMessage() + "; still writing to the old file");
        }
    }

    /** Closes the file; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeQuietly(out);
        }
    }

    private static void closeQuietly(OutputStream o) {
        try {
            o.close();
        } catch (IOException ignored) {
            // every batch was flushed already; nothing more to save
        }
    }

    @Override
    public String toString() {
        return "file " + file;
    }
}
