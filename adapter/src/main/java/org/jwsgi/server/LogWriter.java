package org.jwsgi.server;

import java.io.Writer;

/**
 * {@code wsgi.errors}: text the application writes goes to the server's log, a line at a time
 * (logger {@code org.jwsgi.errors}, level WARNING). {@link #flush()} logs a pending partial line.
 */
final class LogWriter extends Writer {

    private static final System.Logger LOG = System.getLogger("org.jwsgi.errors");

    private final StringBuilder line = new StringBuilder();

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
        LOG.log(System.Logger.Level.WARNING, line.toString());
        line.setLength(0);
    }
}
