package org.jwsgi.server;

import java.util.concurrent.TimeUnit;
import org.jwsgi.options.ServerOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The request-head parser on a whole head in one buffer, as the server meets it on a keep-alive
 * connection: the connection's parser is {@linkplain RequestParser#reset() reset}, fed, and asked
 * for the {@link RequestHead} (which checks the framing fields), once per operation.
 *
 * <pre>{@code
 * java -cp bench/target/jwsgi-bench.jar org.openjdk.jmh.Main 'org.jwsgi.server.RequestParserBenchmark' -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RequestParserBenchmark {

    private final ServerOptions options = ServerOptions.defaults();
    private final RequestParser parser = new RequestParser(options.maxRequestLineBytes(), options.maxHeaderBytes(),
            options.maxHeaderCount());

    /** {@link BenchRequests#HELLO}: what wrk sends. */
    @Benchmark
    public RequestHead hello() throws HttpError {
        return parse(BenchRequests.HELLO);
    }

    /** {@link BenchRequests#BROWSER}: 13 fields and cookies. */
    @Benchmark
    public RequestHead browser() throws HttpError {
        return parse(BenchRequests.BROWSER);
    }

    RequestHead parse(byte[] request) throws HttpError {
        parser.reset();
        parser.feed(request, 0, request.length);
        return parser.head();
    }
}
