package org.jwsgi.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Value;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;
import org.jwsgi.Write;

/**
 * What the Python side of one request calls back in Java: {@code wsgi.input}'s reads,
 * {@code wsgi.errors}' writes, {@code start_response} and its write callable. Public only because
 * GraalPy's host access reaches public classes; applications never see it (their environ holds
 * Python objects made over it).
 *
 * <pre>{@code
 * # in _jwsgi.py: start_response(status, headers) becomes
 * bridge.start(status, ['Content-Type', 'text/plain'], None)
 * }</pre>
 */
public final class RequestBridge {

    private static final byte[] NO_BYTES = new byte[0];

    private final InputStream input;
    private final PrintWriter errors;
    private final StartResponse startResponse;
    private byte[] buffer = NO_BYTES;
    private Write write;

    RequestBridge(InputStream input, PrintWriter errors, StartResponse startResponse) {
        this.input = input;
        this.errors = errors;
        this.startResponse = startResponse;
    }

    /**
     * Up to {@code max} bytes of the request body as a latin-1 string (one char per byte, which
     * Python turns into bytes in one copy), or {@code null} at its end.
     */
    public String read(int max) throws IOException {
        if (input == null) {
            return null;
        }
        int n = Math.max(1, Math.min(max, 1 << 20));
        if (buffer.length < n) {
            buffer = new byte[Math.max(n, Math.min(1 << 20, buffer.length * 2))];
        }
        int got = input.read(buffer, 0, n);
        return got < 0 ? null : new String(buffer, 0, got, StandardCharsets.ISO_8859_1);
    }

    /** {@code wsgi.errors.write(s)}. */
    public void error(String s) {
        if (errors != null) {
            errors.write(s);
        }
    }

    /** {@code wsgi.errors.flush()}. */
    public void flush_errors() { // named as Python calls it
        if (errors != null) {
            errors.flush();
        }
    }

    /**
     * {@code start_response}: {@code flat} holds names and values alternating, {@code failure}
     * the traceback of {@code exc_info} (or null).
     *
     * @return true when the headers already went out and {@code exc_info} must be re-raised (the
     *     Python side raises the application's own exception, as PEP 3333 asks)
     */
    public boolean start(String status, Value flat, String failure) {
        int n = (int) flat.getArraySize();
        List<Header> headers = new ArrayList<>(n / 2);
        for (int i = 0; i + 1 < n; i += 2) {
            headers.add(new Header(flat.getArrayElement(i).asString(), flat.getArrayElement(i + 1).asString()));
        }
        Throwable excInfo = failure == null ? null : new PythonException("exc_info", failure);
        try {
            write = startResponse.start(status, headers, excInfo);
            return false;
        } catch (Throwable t) {
            if (excInfo != null && t == excInfo) {
                return true;
            }
            throw t;
        }
    }

    /** The write callable: sends {@code data} (Python bytes) now. */
    public void write(Value data) throws IOException {
        if (write == null) {
            throw new IllegalStateException("write() before start_response");
        }
        write.write(Bodies.bytes(data));
    }
}
