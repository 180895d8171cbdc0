package org.jwsgi.gateway;

import java.io.Writer;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link Writer} that hands each complete line (without its line end) to a consumer: what
 * every jwsgi server puts behind {@code wsgi.errors}, so that what an application writes there
 * reaches the server's log a line at a time. {@link #flush()} hands over a pending partial line.
 *
 * <pre>{@code
 * PrintWriter errors = new PrintWriter(new LineWriter(line -> log.log(Level.WARNING, line)));
 * }</pre>
 */
public final class LineWriter extends Writer {

    private final Consumer<String> lines;
    private final StringBuilder line = new StringBuilder();

    public LineWriter(Consumer<String> lines) {
        this.lines = Objects.requireNonNull(lines, "lines");
    }

    @Override
    public void write(char[] cbuf, int off, int len) {
        synchronized (lock) {
            for (int i = off; i < off + len; i++) {
                char c = cbuf[i];
                if (c == '\n') {
                    emit();
                } else if (c != '\r') {
                    line.append(c);
                }
            }
        }
    }

    @Override
    public void flush() {
        synchronized (lock) {
            if (line.length() > 0) {
                emit();
            }
        }
    }

    @Override
    public void close() {
        flush();
    }

    private void emit() {
        String text = line.toString();
        line.setLength(0);
        lines.accept(text);
    }
}
