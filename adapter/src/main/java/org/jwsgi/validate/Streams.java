package org.jwsgi.validate;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.util.Map;
import org.jwsgi.Environ;
import org.jwsgi.FileWrapper;
import org.jwsgi.gateway.FileBody;
import org.jwsgi.gateway.TrackedChannel;

/**
 * Puts the validator's wrappers in the environ: {@code wsgi.input}, {@code wsgi.errors} and
 * {@code wsgi.file_wrapper} (whose files are tracked so their close is seen without hiding the
 * {@link FileBody} from the server's sendfile path).
 */
final class Streams {

    private Streams() {
    }

    static void wrap(Map<String, Object> env, CheckedRequest ex) {
        if (env.get(Environ.WSGI_INPUT) instanceof InputStream in) {
            Object length = env.get(Environ.CONTENT_LENGTH);
            long contentLength = length instanceof String s && EnvironChecks.digits(s) && s.length() < 19
                    ? Long.parseLong(s) : -1;
            env.put(Environ.WSGI_INPUT, new CheckedInput(in, ex,
                    Boolean.TRUE.equals(env.get(Environ.WSGI_INPUT_TERMINATED)), contentLength));
        }
        if (env.get(Environ.WSGI_ERRORS) instanceof PrintWriter errors) {
            env.put(Environ.WSGI_ERRORS, errors(errors, ex));
        }
        if (env.get(Environ.WSGI_FILE_WRAPPER) instanceof FileWrapper files) {
            env.put(Environ.WSGI_FILE_WRAPPER, (FileWrapper) (channel, blockSize) -> file(files, channel, blockSize, ex));
        }
    }

    /** wsgiref's {@code ErrorWrapper}: everything goes through but close(). */
    private static PrintWriter errors(PrintWriter errors, CheckedRequest ex) {
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) {
                errors.write(cbuf, off, len);
            }

            @Override
            public void flush() {
                errors.flush();
            }

            @Override
            public void close() {
                ex.violation(Rule.ERRORS_CLOSED, "the application called close() on wsgi.errors");
            }
        }, true);
    }

    /** The server's wrapper over a channel whose close the exchange sees: FileBody closes it on close(). */
    private static Iterable<byte[]> file(FileWrapper files, FileChannel channel, int blockSize, CheckedRequest ex)
            throws IOException {
        TrackedChannel tracked = new TrackedChannel(channel);
        Iterable<byte[]> body = files.wrap(tracked, blockSize);
        if (body instanceof FileBody file) {
            ex.fileMade(file, tracked);
        }
        return body;
    }
}
