package org.jwsgi.validate;

import static org.jwsgi.validate.CheckedRequest.quote;

import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import org.jwsgi.gateway.FileBody;
import org.jwsgi.gateway.TrackedChannel;

/**
 * The body as the validator hands it to the server: wsgiref's {@code IteratorWrapper}. Always
 * {@link AutoCloseable}, so the server must close every body. Keeps the shape the server frames
 * by: an in-memory {@code Collection} stays one (its length is known up front), a
 * {@code FileBody} is passed through untouched (sendfile) and seen closed through its channel.
 */
final class CheckedBody {

    private CheckedBody() {
    }

    static Iterable<byte[]> wrap(Iterable<byte[]> body, CheckedRequest ex) throws Exception {
        if (body == null) {
            ex.violation(Rule.BODY_NULL, "the application returned null instead of a body");
            return null;
        }
        if (body instanceof FileBody file) {
            return file(file, ex);
        }
        Object wrapper = body instanceof Collection<?> c ? new InMemory(c, ex) : new Streaming(body, ex);
        ex.track();
        Validator.CLEANER.register(wrapper, ex::collected);
        @SuppressWarnings("unchecked")
        Iterable<byte[]> checked = (Iterable<byte[]>) wrapper;
        return checked;
    }

    /** A file is sent by the server, not iterated here: what can be known now is checked now. */
    private static FileBody file(FileBody file, CheckedRequest ex) throws Exception {
        try {
            if (!ex.started()) {
                ex.violation(Rule.START_RESPONSE_NOT_CALLED, "a wsgi.file_wrapper body of " + file.length()
                        + " bytes was returned before start_response");
            } else {
                ex.bytesOut((int) Math.min(file.length(), Integer.MAX_VALUE), ex.written() + file.length());
                ex.bodyEnded(file.length());
            }
        } catch (WsgiViolation v) {
            file.close(); // the server never gets this body to close: do not leak its file
            throw v;
        }
        TrackedChannel channel = ex.channelOf(file);
        if (channel != null) { // made with FileBody.of directly, its close cannot be seen
            ex.track();
            Validator.CLEANER.register(file, ex::collected);
            channel.onClose(ex::closing);
        }
        return file;
    }

    /** A streaming body: iterated once, checked chunk by chunk. */
    private static final class Streaming implements Iterable<byte[]>, AutoCloseable {
        private final Iterable<byte[]> body;
        private final CheckedRequest ex;
        private int iterations;

        Streaming(Iterable<byte[]> body, CheckedRequest ex) {
            this.body = body;
            this.ex = ex;
        }

        @Override
        public Iterator<byte[]> iterator() {
            if (ex.closed()) {
                ex.violation(Rule.BODY_USED_AFTER_CLOSE, "iterator() after close()");
            }
            if (++iterations > 1) {
                ex.violation(Rule.BODY_ITERATED_TWICE, "iterator() called " + iterations + " times on a streaming "
                        + quote(body.getClass().getName()));
            }
            return new Checked(body.iterator(), ex, true);
        }

        @Override
        public void close() {
            closeBody(body, ex);
        }
    }

    /** An in-memory body: still a Collection, so the server may size it (iterating it twice). */
    private static final class InMemory extends AbstractCollection<byte[]> implements AutoCloseable {
        private final Collection<?> body;
        private final CheckedRequest ex;

        InMemory(Collection<?> body, CheckedRequest ex) {
            this.body = body;
            this.ex = ex;
        }

        @Override
        public Iterator<byte[]> iterator() {
            if (ex.closed()) {
                ex.violation(Rule.BODY_USED_AFTER_CLOSE, "iterator() after close()");
            }
            return new Checked(body.iterator(), ex, false);
        }

        @Override
        public int size() {
            return body.size();
        }

        @Override
        public void close() {
            closeBody(body, ex);
        }
    }

    /** Marks the exchange closed before the application's close() runs: a write() from there is late. */
    private static void closeBody(Object body, CheckedRequest ex) {
        ex.closing();
        if (body instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw CheckedBody.<RuntimeException>sneaky(e); // the application's own, as it is
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** One iteration: chunk types, start_response first, lengths; and no use after close(). */
    private static final class Checked implements Iterator<byte[]> {
        private final Iterator<?> chunks;
        private final CheckedRequest ex;
        /** A streaming body's chunk is written before the server asks for the next one. */
        private final boolean streaming;
        private long bytes;
        private boolean pendingSent;
        private boolean ended;

        Checked(Iterator<?> chunks, CheckedRequest ex, boolean streaming) {
            this.chunks = chunks;
            this.ex = ex;
            this.streaming = streaming;
        }

        @Override
        public boolean hasNext() {
            beforeUse("hasNext()");
            boolean more = chunks.hasNext();
            if (!more && !ended) {
                ended = true;
                ex.bodyEnded(bytes);
            }
            return more;
        }

        @Override
        public byte[] next() {
            beforeUse("next()");
            Object chunk = chunks.next();
            if (!(chunk instanceof byte[] b)) {
                ex.violation(Rule.BODY_CHUNK_TYPE, "the body yielded " + (chunk == null ? "null"
                        : quote(chunk) + " (" + chunk.getClass().getName() + ")"));
                return (byte[]) chunk; // reporting only: let the server meet what the application gave
            }
            bytes += b.length;
            ex.bytesOut(b.length, ex.written() + bytes);
            pendingSent = streaming && b.length > 0;
            return b;
        }

        private void beforeUse(String what) {
            if (ex.closed()) {
                ex.violation(Rule.BODY_USED_AFTER_CLOSE, what + " after close()");
            }
            if (pendingSent) {
                pendingSent = false;
                ex.headersWentOut(); // the server wrote the last chunk before asking for more
            }
        }
    }
}
