package org.jwsgi.gateway;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.Status;
import org.jwsgi.gateway.ResponseCore.Outcome;

/** The rules every jwsgi server applies to a response, checked against a wire that records its calls. */
class ResponseCoreTest {

    /** Records what the core asked of it: "head 200 len=5", "body hello flush", "end". */
    static final class RecordingWire implements ResponseCore.Wire {
        final List<String> calls = new ArrayList<>();
        boolean failWrites;

        @Override
        public void head(Status status, List<Header> headers, long length) throws IOException {
            calls.add("head " + status.code() + " len=" + length);
        }

        @Override
        public void body(byte[] data, int off, int len, boolean flush) throws IOException {
            if (failWrites) {
                throw new IOException("Broken pipe");
            }
            calls.add("body " + new String(data, off, len, US_ASCII) + (flush ? " flush" : ""));
        }

        @Override
        public long file(FileBody file, long count) {
            calls.add("file " + count);
            return count;
        }

        @Override
        public void end() {
            calls.add("end");
        }
    }

    /** A streamed (not in-memory) body that counts its close() calls. */
    static class Streamed implements Iterable<byte[]>, AutoCloseable {
        final List<byte[]> chunks;
        final AtomicInteger closed = new AtomicInteger();
        RuntimeException failAfterFirst;

        Streamed(String... chunks) {
            this.chunks = new ArrayList<>();
            for (String c : chunks) {
                this.chunks.add(c.getBytes(US_ASCII));
            }
        }

        @Override
        public Iterator<byte[]> iterator() {
            Iterator<byte[]> it = chunks.iterator();
            return new Iterator<>() {
                int given;

                @Override
                public boolean hasNext() {
                    if (given > 0 && failAfterFirst != null) {
                        throw failAfterFirst;
                    }
                    return it.hasNext();
                }

                @Override
                public byte[] next() {
                    given++;
                    return it.next();
                }
            };
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    private final RecordingWire wire = new RecordingWire();

    private static Application app(String status, List<Header> headers, Iterable<byte[]> body) {
        return (env, sr) -> {
            sr.start(status, headers);
            return body;
        };
    }

    private Outcome run(ResponseCore core, Application app) {
        return core.run(app, Map.of(), () -> false);
    }

    @Test
    void anInMemoryBodyGoesOutWithItsLengthInOneUnflushedWrite() {
        ResponseCore core = new ResponseCore(wire, false);
        Outcome o = run(core, app("200 OK", List.of(), List.of("hel".getBytes(US_ASCII), "lo".getBytes(US_ASCII))));
        assertThat(o).isEqualTo(Outcome.COMPLETE);
        assertThat(wire.calls).containsExactly("head 200 len=5", "body hel", "body lo", "end");
        assertThat(core.bodyBytes()).isEqualTo(5);
        assertThat(core.status()).isEqualTo(200);
    }

    @Test
    void aStreamedBodyHasNoLengthAndEachChunkIsFlushedAndItIsClosedOnce() {
        Streamed body = new Streamed("a", "", "b");
        ResponseCore core = new ResponseCore(wire, false);
        assertThat(run(core, app("200 OK", List.of(), body))).isEqualTo(Outcome.COMPLETE);
        assertThat(wire.calls).containsExactly("head 200 len=-1", "body a flush", "body b flush", "end");
        assertThat(body.closed).hasValue(1);
    }

    @Test
    void headGetsGetsLengthAndNoBody() {
        ResponseCore core = new ResponseCore(wire, true);
        assertThat(run(core, app("200 OK", List.of(), List.of("hello".getBytes(US_ASCII)))))
                .isEqualTo(Outcome.COMPLETE);
        assertThat(wire.calls).containsExactly("head 200 len=5", "end");
    }

    @Test
    void aBodyOf204IsNeverSent() {
        Streamed body = new Streamed("x", "y");
        ResponseCore core = new ResponseCore(wire, false);
        assertThat(run(core, app("204 No Content", List.of(), body))).isEqualTo(Outcome.COMPLETE);
        assertThat(wire.calls).containsExactly("head 204 len=-1", "end");
        assertThat(body.closed).hasValue(1);
    }

    @Test
    void anInMemoryBodyShorterThanItsContentLengthIsRefusedBeforeAnythingIsSent() {
        ResponseCore core = new ResponseCore(wire, false);
        Outcome o = run(core, app("200 OK", List.of(new Header("Content-Length", "10")),
                List.of("short".getBytes(US_ASCII))));
        assertThat(o).isEqualTo(Outcome.FAILED);
        assertThat(core.errorStatus()).isEqualTo(500);
        assertThat(core.errorDetail()).isNull();
        assertThat(core.failure()).hasMessageContaining("fewer than its Content-Length 10");
        assertThat(wire.calls).isEmpty();
    }

    @Test
    void aStreamedBodyShortOfItsContentLengthEndsShortWithoutEndingTheFraming() {
        ResponseCore core = new ResponseCore(wire, false);
        Outcome o = run(core, app("200 OK", List.of(new Header("Content-Length", "10")), new Streamed("abc")));
        assertThat(o).isEqualTo(Outcome.SHORT);
        assertThat(core.missing()).isEqualTo(7);
        assertThat(wire.calls).containsExactly("head 200 len=10", "body abc flush");
    }

    @Test
    void bytesPastTheContentLengthAreDroppedAndTheIterationStops() {
        Streamed body = new Streamed("abc", "def", "never asked");
        ResponseCore core = new ResponseCore(wire, false);
        Outcome o = run(core, app("200 OK", List.of(new Header("Content-Length", "4")), body));
        assertThat(o).isEqualTo(Outcome.COMPLETE);
        assertThat(core.overflowed()).isTrue();
        assertThat(wire.calls).containsExactly("head 200 len=4", "body abc flush", "body d flush", "end");
    }

    @Test
    void aFileGoesToTheWireWhole(@TempDir Path dir) throws IOException {
        Path path = Files.writeString(dir.resolve("f.txt"), "0123456789");
        FileBody file = FileBody.of(FileChannel.open(path), 4);
        ResponseCore core = new ResponseCore(wire, false);
        assertThat(run(core, app("200 OK", List.of(), file))).isEqualTo(Outcome.COMPLETE);
        assertThat(wire.calls).containsExactly("head 200 len=10", "file 10", "end");
        assertThat(core.bodyBytes()).isEqualTo(10);
    }

    @Test
    void aFailureBeforeTheHeadersIsAnsweredWithTheClientsStatusOr500() {
        RequestBodyException tooLarge = RequestBodyException.tooLarge(10);
        ResponseCore core = new ResponseCore(wire, false);
        assertThat(run(core, (env, sr) -> {
            throw tooLarge;
        })).isEqualTo(Outcome.FAILED);
        assertThat(core.errorStatus()).isEqualTo(413);
        assertThat(core.errorDetail()).isEqualTo("request body longer than maxBodyBytes=10");
        assertThat(core.clientFault()).isTrue();

        ResponseCore timedOut = new ResponseCore(new RecordingWire(), false);
        Application slowUpload = (env, sr) -> {
            throw new SocketTimeoutException("no request body bytes within bodyReadTimeout=1 s");
        };
        assertThat(timedOut.run(slowUpload, Map.of(), () -> true)).isEqualTo(Outcome.FAILED);
        assertThat(timedOut.errorStatus()).isEqualTo(408);

        ResponseCore ownTimeout = new ResponseCore(new RecordingWire(), false);
        assertThat(ownTimeout.run(slowUpload, Map.of(), () -> false)).isEqualTo(Outcome.FAILED);
        assertThat(ownTimeout.errorStatus()).as("the app's own timeout, not the client's").isEqualTo(500);
    }

    @Test
    void aFailureAfterTheHeadersWentOutAbortsAndTheBodyIsClosedOnce() {
        Streamed body = new Streamed("a", "b");
        body.failAfterFirst = new IllegalStateException("database gone");
        ResponseCore core = new ResponseCore(wire, false);
        assertThat(run(core, app("200 OK", List.of(), body))).isEqualTo(Outcome.FAILED_AFTER_COMMIT);
        assertThat(core.failure()).hasMessage("database gone");
        assertThat(body.closed).hasValue(1);
    }

    @Test
    void aWriteThatFailsMeansTheClientIsGone() {
        wire.failWrites = true;
        Streamed body = new Streamed("a");
        ResponseCore core = new ResponseCore(wire, false);
        assertThat(run(core, app("200 OK", List.of(), body))).isEqualTo(Outcome.CLIENT_GONE);
        assertThat(core.isBroken()).isTrue();
        assertThat(body.closed).hasValue(1);
    }

    @Test
    void theWriteCallableSendsAtOnceAndIsRefusedAfterTheResponse() throws Exception {
        ResponseCore core = new ResponseCore(wire, false);
        org.jwsgi.Write[] kept = new org.jwsgi.Write[1];
        Outcome o = run(core, (env, sr) -> {
            kept[0] = sr.start("200 OK", List.of());
            kept[0].write("now".getBytes(US_ASCII));
            return List.of("later".getBytes(US_ASCII));
        });
        assertThat(o).isEqualTo(Outcome.COMPLETE);
        assertThat(wire.calls).containsExactly("head 200 len=-1", "body now flush", "body later", "end");
        org.assertj.core.api.Assertions.assertThatIllegalStateException()
                .isThrownBy(() -> kept[0].write("x".getBytes(US_ASCII)))
                .withMessageContaining("after the response was complete");
    }

    @Test
    void aCloseThatFailsIsReportedNotThrown() {
        ResponseCore core = new ResponseCore(wire, false);
        Streamed body = new Streamed("a") {
            @Override
            public void close() {
                throw new IllegalStateException("close failed");
            }
        };
        assertThat(run(core, app("200 OK", List.of(), body))).isEqualTo(Outcome.COMPLETE);
        assertThat(core.closeFailure()).hasMessage("close failed");
    }
}
