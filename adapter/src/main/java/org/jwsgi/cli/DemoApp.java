package org.jwsgi.cli;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;
import org.jwsgi.util.Json;

/**
 * The demo application, {@code wsgiref.simple_server.demo_app} in JSON: for any request it reads
 * {@code wsgi.input} to its end and answers {@code 200} with {@code Content-Type:
 * application/json} and one object holding
 * <ul>
 *   <li>every environ entry whose value is a {@code String}, key to string;</li>
 *   <li>{@code "wsgi.version": [1, 0]};</li>
 *   <li>{@code "wsgi.multithread"}, {@code "wsgi.multiprocess"}, {@code "wsgi.run_once"} as booleans;</li>
 *   <li>{@code "wsgi.input.read"}: the number of body bytes read.</li>
 * </ul>
 * Keys are sorted; strings are escaped per RFC 8259, with every character outside printable ASCII
 * as {@code \\uXXXX}, so the output is ASCII and byte-for-byte comparable across backends. Other
 * tests rely on this output exactly.
 *
 * <pre>{@code
 * $ java -jar adapter/target/jwsgi-cli.jar --port 0 demo
 * $ curl -s 'http://127.0.0.1:PORT/caf%C3%A9?x=1'
 * {"PATH_INFO":"/caf\u00c3\u00a9","QUERY_STRING":"x=1",...,"wsgi.input.read":0,...}
 * }</pre>
 */
public final class DemoApp implements Application {

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) throws Exception {
        long read = 0;
        Object input = environ.get(Environ.WSGI_INPUT);
        if (input instanceof InputStream in) {
            byte[] buf = new byte[16 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                read += n;
            }
        }
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : environ.entrySet()) {
            if (e.getValue() instanceof String) {
                out.put(e.getKey(), e.getValue());
            }
        }
        out.put(Environ.WSGI_VERSION, List.of(1, 0));
        for (String key : List.of(Environ.WSGI_MULTITHREAD, Environ.WSGI_MULTIPROCESS, Environ.WSGI_RUN_ONCE)) {
            out.put(key, Boolean.TRUE.equals(environ.get(key)));
        }
        out.put("wsgi.input.read", read);
        byte[] body = Json.write(out).getBytes(StandardCharsets.US_ASCII);
        startResponse.start("200 OK", List.of(
                new Header("Content-Type", "application/json"),
                new Header("Content-Length", Integer.toString(body.length))));
        return List.of(body);
    }
}
