package org.jwsgi.badinput;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;

/**
 * The application behind the bad-input suite: counts its calls and its failed {@code wsgi.input}
 * reads per client port (so a late call can never be charged to another case), reads the whole
 * body (none under {@code /noread}), lets a read failure escape, and answers 200 with a few environ values and the body
 * length, one {@code KEY=value} per line.
 */
final class CountingApp implements Application {

    /** What the application saw from one client connection. */
    record Counts(AtomicInteger calls, AtomicInteger inputErrors) {
    }

    private final Map<String, Counts> byPort = new ConcurrentHashMap<>();

    /** The counts of the connection from {@code clientPort}, removed from the table. */
    Counts take(int clientPort) {
        Counts c = byPort.remove(Integer.toString(clientPort));
        return c != null ? c : new Counts(new AtomicInteger(), new AtomicInteger());
    }

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) throws IOException {
        Counts counts = byPort.computeIfAbsent((String) environ.get(Environ.REMOTE_PORT),
                p -> new Counts(new AtomicInteger(), new AtomicInteger()));
        counts.calls().incrementAndGet();
        long read = 0;
        boolean reads = !((String) environ.get(Environ.PATH_INFO)).startsWith("/noread"); // else: the server drains it
        try {
            InputStream in = (InputStream) environ.get(Environ.WSGI_INPUT);
            byte[] buf = new byte[4096];
            for (int n; reads && (n = in.read(buf)) >= 0; ) {
                read += n;
            }
        } catch (IOException e) {
            counts.inputErrors().incrementAndGet();
            throw e;
        }
        Map<String, String> shown = new TreeMap<>();
        environ.forEach((k, v) -> {
            if (k.startsWith("HTTP_") || k.equals(Environ.PATH_INFO) || k.equals(Environ.SERVER_NAME)
                    || k.equals(Environ.CONTENT_LENGTH)) {
                shown.put(k, (String) v);
            }
        });
        StringBuilder text = new StringBuilder();
        shown.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        text.append("body=").append(read).append('\n');
        byte[] bytes = text.toString().getBytes(ISO_8859_1);
        startResponse.start("200 OK", List.of(new Header("Content-Type", "text/plain; charset=iso-8859-1"),
                new Header("Content-Length", Integer.toString(bytes.length))));
        return List.of(bytes);
    }
}
