package org.jwsgi.python;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.graalvm.polyglot.Value;

/**
 * A streaming body returned by Python (a generator, Flask's and Django's response iterators):
 * each chunk is asked of Python when the server wants it (PEP 3333's no-delay rule), and
 * {@code close()} calls the Python body's own {@code close()} once, then gives the context back.
 */
final class PythonBody implements Iterable<byte[]>, AutoCloseable {

    private final Interpreter interpreter;
    private final Value result;
    private final Value iterator;
    private final Runnable lease;
    private boolean iterated;
    private boolean closed;

    PythonBody(Interpreter interpreter, Value result, Value iterator, Runnable lease) {
        this.interpreter = interpreter;
        this.result = result;
        this.iterator = iterator;
        this.lease = lease;
    }

    @Override
    public Iterator<byte[]> iterator() {
        if (iterated) {
            throw new IllegalStateException("a Python body can be iterated once");
        }
        iterated = true;
        return new Iterator<>() {
            private byte[] next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    if (closed) {
                        throw new IllegalStateException("the Python body was closed");
                    }
                    next = interpreter.next(iterator);
                    done = next == null;
                }
                return !done;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] chunk = next;
                next = null;
                return chunk;
            }
        };
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            interpreter.closeResult(result);
        } finally {
            lease.run();
        }
    }
}
