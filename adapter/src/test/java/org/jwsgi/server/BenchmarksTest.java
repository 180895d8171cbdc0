package org.jwsgi.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jwsgi.options.ServerOptions;

/** The micro-benchmarks measure what their names say: complete, valid requests and 200 responses. */
class BenchmarksTest {

    @Test
    void parserBenchmarkParsesEveryFieldOfBothRequests() throws HttpError {
        RequestParserBenchmark bench = new RequestParserBenchmark();

        RequestHead hello = bench.hello();
        RequestHead browser = bench.browser();

        assertThat(hello.rawPath).isEqualTo("/hello");
        assertThat(hello.names).hasSize(3);
        assertThat(browser.query).isEqualTo("name=Ada&lang=en");
        assertThat(browser.names).hasSize(13);
        assertThat(browser.header("Cookie")).contains("csrftoken=");
        assertThat(BenchRequests.BROWSER).hasSize(608);
    }

    @Test
    void environBenchmarkBuildsTheHeadersKeys() throws HttpError {
        EnvironBenchmark bench = new EnvironBenchmark();
        bench.parseHeads();

        Map<String, Object> browser = bench.browser();

        assertThat(browser).containsEntry("PATH_INFO", "/sample/api/greeting")
                .containsEntry("SERVER_NAME", "localhost")
                .containsEntry("SERVER_PORT", "8000")
                .containsKey("HTTP_COOKIE")
                .containsKey("HTTP_SEC_FETCH_SITE");
        assertThat(bench.hello()).containsEntry("HTTP_USER_AGENT", "wrk/4.1.0");
    }

    @Test
    void exchangeBenchmarksWriteOneCompleteResponsePerRequest() throws IOException {
        ExchangeBenchmark bench = new ExchangeBenchmark();
        bench.checkResponses();
        int one = MemoryTransport.exchange(ExchangeBenchmark.HELLO, ServerOptions.defaults(), BenchRequests.HELLO)
                .response().length;

        assertThat(bench.helloNewConnection()).isEqualTo(one);
        assertThat(bench.helloKeepAlive()).isEqualTo((long) one * ExchangeBenchmark.REQUESTS_PER_CONNECTION);
        assertThat(bench.browserKeepAlive()).isEqualTo((long) one * ExchangeBenchmark.REQUESTS_PER_CONNECTION);
    }

    @Test
    void replayTransportDeliversOneRequestPerReadThenEnds() throws IOException {
        ReplayTransport transport = new ReplayTransport(BenchRequests.HELLO, 2);
        byte[] buf = new byte[1024];

        assertThat(transport.readNow(ByteBuffer.wrap(buf, 0, 10))).isEqualTo(10);
        assertThat(transport.readNow(ByteBuffer.wrap(buf))).isEqualTo(BenchRequests.HELLO.length - 10);
        assertThat(transport.readNow(ByteBuffer.wrap(buf))).isEqualTo(BenchRequests.HELLO.length);
        assertThat(transport.readNow(ByteBuffer.wrap(buf))).isEqualTo(-1);

        transport.rewind();
        assertThat(transport.readNow(ByteBuffer.wrap(buf))).isEqualTo(BenchRequests.HELLO.length);
    }
}
