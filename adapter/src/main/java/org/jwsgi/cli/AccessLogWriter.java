package org.jwsgi.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * The CLI's access log, written off the request path: a request thread only hands its line (made
 * by the server in the chosen format) to a bounded queue; one background thread writes the lines,
 * in batches, to stderr or to a file, and flushes when the queue runs dry. The file is opened for
 * appending and reopened when asked ({@link #reopen()}, on {@code SIGUSR1} as nginx does), so
 * logrotate can move it away and signal. Nothing is dropped: a full queue makes the request thread
 * wait, and {@link #close()} writes every line queued before it returns.
 *
 * <pre>{@code
 * AccessLogWriter log = AccessLogWriter.toFile(Path.of("access.log"));
 * Logger.getLogger("org.jwsgi.access").addHandler(log);
 * ...
 * log.close();   // after the server stopped: the last lines are written
 * }</pre>
 */
final class AccessLogWriter extends Handler {

    /** Lines waiting at most; beyond it a request thread waits for the writer. */
    static final int QUEUE_LINES = 16_384;
    private static final String CLOSE = new String("close"); // compared by identity

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE_LINES);
    private final Path file;
    private final Thread writer;
    private final PrintStream failures;
    private volatile boolean reopen;
    private volatile boolean closed;
    private OutputStream out;

    private AccessLogWriter(Path file, OutputStream initial, PrintStream failures) {
        this.file = file;
        this.out = initial;
        this.failures = failures;
        this.writer = new Thread(this::run, "jwsgi-access-log");
        writer.setDaemon(true); // close() drains it; a daemon never holds the JVM up
        writer.start();
    }

    /** To {@code stream} (stderr), never closed. */
    static AccessLogWriter toStream(PrintStream stream) {
        return new AccessLogWriter(null, stream, stream);
    }

    /**
     * To {@code file}, created if missing and appended to.
     *
     * @throws IOException naming the file when it cannot be opened
     */
    static AccessLogWriter toFile(Path file, PrintStream failures) throws IOException {
        return new AccessLogWriter(file, open(file), failures);
    }

    private static OutputStream open(Path file) throws IOException {
        try {
            return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("cannot open the access log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null || closed || !isLoggable(record)) {
            return;
        }
        try {
            queue.put(record.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the writer to reopen the file before its next line (after logrotate moved it). */
    void reopen() {
        reopen = true;
    }

    @Override
    public void flush() {
        // the writer flushes whenever the queue runs dry
    }

    /** Writes every line queued so far, then stops the writer; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(CLOSE);
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<String> batch = new ArrayList<>(256);
        StringBuilder text = new StringBuilder(16_384);
        while (true) {
            String first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (reopen) {
                reopen = false;
                reopenNow();
            }
            if (first == null) {
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, 4096);
            boolean last = false;
            for (String line : batch) {
                if (line == CLOSE) {
                    last = true;
                } else {
                    text.append(line).append('\n');
                }
            }
            batch.clear();
            write(text.toString());
            text.setLength(0);
            if (last) {
                if (file != null) {
                    closeQuietly(out);
                }
                return;
            }
        }
    }

    private void write(String lines) {
        try {
            out.write(lines.getBytes(StandardCharsets.ISO_8859_1)); // a native string: a char per request byte
            out.flush();
        } catch (IOException e) {
            failures.println("jwsgi: writing the access log " + (file == null ? "" : file + " ") + "failed: " + e);
        }
    }

    private void reopenNow() {
        if (file == null) {
            return;
        }
        try {
            OutputStream fresh = open(file);
            closeQuietly(out);
            out = fresh;
        } catch (IOException e) {
            failures.println("jwsgi: " + e.getMessage() + "; still writing to the old file");
        }
    }

    private static void closeQuietly(OutputStream o) {
        try {
            o.close();
        } catch (IOException ignored) {
            // the lines were flushed already; nothing more to save
        }
    }
}
