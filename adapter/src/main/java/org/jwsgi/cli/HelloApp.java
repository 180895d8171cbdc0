package org.jwsgi.cli;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;

/**
 * Hello world, the benchmark's headline app: {@code 200}, {@code Content-Type: text/plain},
 * {@code Content-Length: 13}, body {@code Hello, World!}.
 *
 * <pre>{@code
 * $ java -jar adapter/target/jwsgi-cli.jar --port 8000 hello
 * }</pre>
 */
public final class HelloApp implements Application {

    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final List<Header> HEADERS = List.of(
            new Header("Content-Type", "text/plain"),
            new Header("Content-Length", Integer.toString(BODY.length)));

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) {
        startResponse.start("200 OK", HEADERS);
        return List.of(BODY);
    }
}
