package org.jwsgi.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.jwsgi.Application;
import org.jwsgi.testing.TestClient;
import org.jwsgi.validate.Validator;
import org.jwsgi.testing.TestResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamPageTest {

    /** When each body chunk was handed to the server ({@link System#nanoTime()}), in order. */
    private final List<Long> handedOver = new ArrayList<>();
    private final TestClient client = TestClient.of(Validator.defaults().wrap(timed(new SampleApp())));

    /**
     * {@code app} with its body's chunks timestamped as the client asks for them: the
     * socket-free client iterates a body as a server does, one chunk after the other, so a body
     * built up front shows every chunk at the same moment, and a streamed one shows the spread.
     */
    private Application timed(Application app) {
        return (environ, startResponse) -> {
            Iterable<byte[]> body = app.call(environ, startResponse);
            return new TimedBody(body, handedOver);
        };
    }

    private record TimedBody(Iterable<byte[]> body, List<Long> times) implements Iterable<byte[]>, AutoCloseable {
        @Override
        public Iterator<byte[]> iterator() {
            Iterator<byte[]> it = body.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public byte[] next() {
                    byte[] chunk = it.next();
                    if (chunk.length > 0) {
                        times.add(System.nanoTime());
                    }
                    return chunk;
                }
            };
        }

        @Override
        public void close() {
            if (body instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // not "throws Exception": an AutoCloseable that may throw InterruptedException earns a lint warning
                    throw new IllegalStateException("the application's body failed to close", e);
                }
            }
        }
    }

    @Test
    void producesOneChunkPerLineSpacedByTheInterval() {
        long before = System.nanoTime();
        TestResponse r = client.get("/stream?lines=4&interval=60");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(r.header("Content-Length")).isNull(); // unknown up front: the server frames it (chunked)
        assertThat(r.chunks()).hasSize(4);
        assertThat(r.text()).startsWith("line 1 of 4 at +0 ms\n").contains("line 4 of 4 at +");
        assertThat(handedOver).hasSize(4);
        for (int i = 1; i < handedOver.size(); i++) {
            // line i + 1 is due 60 ms * i after the first was made (which is after `before`): never sooner
            assertThat((handedOver.get(i) - before) / 1_000_000).isGreaterThanOrEqualTo(60L * i);
        }
        // and the first is handed over at once, not after all were made (a body built eagerly has no spread)
        assertThat((handedOver.get(3) - handedOver.get(0)) / 1_000_000).isGreaterThanOrEqualTo(90L);
    }

    @Test
    void gzipKeepsTheStreamChunkByChunk() throws Exception {
        TestResponse r = client.request("GET", "/stream?lines=3&interval=60").header("Accept-Encoding", "gzip").send();
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        // one compressed, flushed chunk per line (then the trailer), each handed over when its line exists
        assertThat(handedOver).hasSizeGreaterThanOrEqualTo(3);
        assertThat((handedOver.get(2) - handedOver.get(0)) / 1_000_000).isGreaterThanOrEqualTo(90L);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .startsWith("line 1 of 3 at +0 ms\n").contains("line 3 of 3 at +");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lines=0", "lines=101", "lines=x", "interval=-1", "interval=2001", "interval=1e3"})
    void outOfRangeParametersAre400(String query) {
        TestResponse r = client.get("/stream?" + query);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("must be a whole number from");
    }

    @Test
    void tickerPagePointsItsScriptAtTheStream() {
        TestResponse r = client.request("GET", "/ticker?lines=5&interval=100").environ("SCRIPT_NAME", "/ctx").send();
        assertThat(r.text()).contains("<ol id=\"lines\" data-src=\"/ctx/stream?lines=5&amp;interval=100\"></ol>")
                .contains("<script src=\"/ctx/static/ticker.js\"></script>");
    }
}
