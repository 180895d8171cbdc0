package org.jwsgi.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamPageTest {

    private final SampleApp app = new SampleApp();

    @Test
    void producesOneChunkPerLineSpacedByTheInterval() throws Exception {
        long before = System.nanoTime();
        TestResponse r = TestRequest.get("/stream?lines=4&interval=60").call(app);
        assertThat(r.status()).isEqualTo("200 OK");
        assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(r.header("Content-Length")).isNull(); // unknown up front: the server frames it (chunked)
        assertThat(r.chunks()).hasSize(4);
        assertThat(r.text()).startsWith("line 1 of 4 at +0 ms\n").contains("line 4 of 4 at +");
        List<Long> t = r.chunkNanos();
        for (int i = 1; i < t.size(); i++) {
            // line i + 1 is due 60 ms * i after the first was made (which is after `before`): never sooner
            assertThat((t.get(i) - before) / 1_000_000).isGreaterThanOrEqualTo(60L * i);
        }
        // and the first is handed over at once, not after all were made (a body built eagerly has no spread)
        assertThat((t.get(3) - t.get(0)) / 1_000_000).isGreaterThanOrEqualTo(90L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lines=0", "lines=101", "lines=x", "interval=-1", "interval=2001", "interval=1e3"})
    void outOfRangeParametersAre400(String query) throws Exception {
        TestResponse r = TestRequest.get("/stream?" + query).call(app);
        assertThat(r.status()).isEqualTo("400 Bad Request");
        assertThat(r.text()).contains("must be a whole number from");
    }

    @Test
    void tickerPagePointsItsScriptAtTheStream() throws Exception {
        TestResponse r = TestRequest.get("/ticker?lines=5&interval=100").scriptName("/ctx").call(app);
        assertThat(r.text()).contains("<ol id=\"lines\" data-src=\"/ctx/stream?lines=5&amp;interval=100\"></ol>")
                .contains("<script src=\"/ctx/static/ticker.js\"></script>");
    }
}
