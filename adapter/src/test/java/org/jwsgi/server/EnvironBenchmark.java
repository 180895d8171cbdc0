package org.jwsgi.server;

import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link EnvironFactory#environ} for a parsed head, as the server builds it once per request: the
 * PEP 3333 keys, a key per header field, SERVER_NAME and SERVER_PORT from the Host. The factory is
 * the connection's, made once, as the server does.
 *
 * <pre>{@code
 * java -cp bench/target/jwsgi-bench.jar org.openjdk.jmh.Main 'org.jwsgi.server.EnvironBenchmark' -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class EnvironBenchmark {

    private final EnvironFactory environs = new EnvironFactory(new InetSocketAddress("127.0.0.1", 50000),
            new InetSocketAddress("127.0.0.1", 8000), true, "jwsgi/0.1");
    private final PrintWriter errors = new PrintWriter(Writer.nullWriter());
    private final BodyInput input = BodyInput.empty();
    private RequestHead helloHead;
    private RequestHead browserHead;

    @Setup
    public void parseHeads() throws HttpError {
        RequestParserBenchmark parser = new RequestParserBenchmark();
        helloHead = parser.parse(BenchRequests.HELLO);
        browserHead = parser.parse(BenchRequests.BROWSER);
    }

    /** The environ of {@link BenchRequests#HELLO}. */
    @Benchmark
    public Map<String, Object> hello() {
        return environ(helloHead);
    }

    /** The environ of {@link BenchRequests#BROWSER}. */
    @Benchmark
    public Map<String, Object> browser() {
        return environ(browserHead);
    }

    private Map<String, Object> environ(RequestHead head) {
        return environs.environ(head, input, errors);
    }
}
