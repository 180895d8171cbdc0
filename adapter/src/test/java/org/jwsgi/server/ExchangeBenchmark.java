package org.jwsgi.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.options.ServerOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole exchanges on the bundled server's HTTP layer, no socket: request bytes in, the head parsed,
 * the environ built, the hello-world app run, the response written to a sink that drops it. Run
 * with {@code -prof gc}, {@code gc.alloc.rate.norm} is the allocation per request.
 *
 * <p>The {@code KeepAlive} benchmarks serve {@value #REQUESTS_PER_CONNECTION} requests on one
 * connection, each arriving after the previous response (as wrk sends them), and report per
 * request: the connection's own set-up is spread over them. {@code helloNewConnection} serves one
 * request per connection, set-up included.
 *
 * <pre>{@code
 * java -cp bench/target/jwsgi-bench.jar org.openjdk.jmh.Main 'org.jwsgi.server.ExchangeBenchmark' -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ExchangeBenchmark {

    static final int REQUESTS_PER_CONNECTION = 100;

    private static final List<Header> HELLO_HEADERS = List.of(new Header("Content-Type", "text/plain"),
            new Header("Content-Length", "13"));
    private static final List<byte[]> HELLO_BODY = List.of("Hello, World!".getBytes(StandardCharsets.US_ASCII));

    /** The hello-world app of docs/benchmarks.md, as {@code /hello} of the bench app answers it. */
    static final Application HELLO = (environ, startResponse) -> {
        startResponse.start("200 OK", HELLO_HEADERS);
        return HELLO_BODY;
    };

    private final ServerOptions options = ServerOptions.defaults();
    private final BufferPool pool = BufferPool.forServer(HttpConnection.BUFFER_BYTES);
    private final ReplayTransport helloKeepAlive = new ReplayTransport(BenchRequests.HELLO, REQUESTS_PER_CONNECTION);
    private final ReplayTransport browserKeepAlive = new ReplayTransport(BenchRequests.BROWSER,
            REQUESTS_PER_CONNECTION);
    private final ReplayTransport helloNewConnection = new ReplayTransport(BenchRequests.HELLO, 1);

    /**
     * Checks that every benchmark measures complete 200 responses, byte for byte what the server's
     * reference harness ({@link MemoryTransport}) gets, and not an error path.
     */
    @Setup
    public void checkResponses() throws IOException {
        check(helloKeepAlive, BenchRequests.HELLO, REQUESTS_PER_CONNECTION);
        check(browserKeepAlive, BenchRequests.BROWSER, REQUESTS_PER_CONNECTION);
        check(helloNewConnection, BenchRequests.HELLO, 1);
    }

    @Benchmark
    @OperationsPerInvocation(REQUESTS_PER_CONNECTION)
    public long helloKeepAlive() throws IOException {
        return serve(helloKeepAlive);
    }

    @Benchmark
    @OperationsPerInvocation(REQUESTS_PER_CONNECTION)
    public long browserKeepAlive() throws IOException {
        return serve(browserKeepAlive);
    }

    @Benchmark
    public long helloNewConnection() throws IOException {
        return serve(helloNewConnection);
    }

    long serve(ReplayTransport transport) throws IOException {
        transport.rewind();
        MemoryTransport.serve(new HttpConnection(HELLO, options, transport, pool), transport);
        return transport.responseBytes();
    }

    private void check(ReplayTransport transport, byte[] request, int count) throws IOException {
        byte[] one = MemoryTransport.exchange(HELLO, options, request).response();
        String text = new String(one, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.1 200 OK\r\n") || !text.endsWith("\r\n\r\nHello, World!")) {
            throw new IllegalStateException("not a hello-world response: " + text);
        }
        long bytes = serve(transport);
        if (bytes != (long) one.length * count) {
            throw new IllegalStateException(count + " exchanges wrote " + bytes + " bytes, not "
                    + count + " x " + one.length);
        }
    }
}
