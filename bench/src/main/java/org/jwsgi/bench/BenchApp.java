package org.jwsgi.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.FileWrapper;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;
import org.jwsgi.middleware.Dispatcher;
import org.jwsgi.sample.SampleApp;

/** The {@link Payloads} as a WSGI application: what the bundled server and the bridges serve. */
final class BenchApp implements Application {

    private static final List<Header> HELLO = List.of(new Header("Content-Type", "text/plain"),
            new Header("Content-Length", "13"));
    private static final List<Header> K64 = List.of(new Header("Content-Type", "application/octet-stream"),
            new Header("Content-Length", Integer.toString(Payloads.K64.length)));
    private static final List<Header> STREAM = List.of(new Header("Content-Type", "application/octet-stream"));
    private static final List<Header> FILE = List.of(new Header("Content-Type", "application/octet-stream"));
    private static final List<Header> SLEPT = List.of(new Header("Content-Type", "text/plain"),
            new Header("Content-Length", Integer.toString(Payloads.SLEPT.length)));

    private final Path file;
    /** The sample app, built at its first request: start-up is measured with hello world. */
    private volatile Application sample;

    /** @param file what {@code /file} serves, or null */
    BenchApp(Path file) {
        this.file = file;
    }

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) throws Exception {
        String path = (String) environ.get(Environ.PATH_INFO);
        switch (Payloads.Route.of(path)) {
            case HELLO:
                startResponse.start("200 OK", HELLO);
                return List.of(Payloads.HELLO);
            case K64:
                startResponse.start("200 OK", K64);
                return List.of(Payloads.K64);
            case UPLOAD:
                long n = drain((InputStream) environ.get(Environ.WSGI_INPUT));
                byte[] body = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
                startResponse.start("200 OK", List.of(new Header("Content-Type", "text/plain"),
                        new Header("Content-Length", Integer.toString(body.length))));
                return List.of(body);
            case STREAM:
                startResponse.start("200 OK", STREAM);
                return BenchApp::chunks;
            case PLAINTEXT:
                startResponse.start("200 OK", HELLO);
                return List.of(Payloads.HELLO);
            case JSON:
                byte[] json = Payloads.json();
                startResponse.start("200 OK", List.of(new Header("Content-Type", "application/json"),
                        new Header("Content-Length", Integer.toString(json.length))));
                return List.of(json);
            case SLEEP:
                Thread.sleep(Payloads.SLEEP_MILLIS);
                startResponse.start("200 OK", SLEPT);
                return List.of(Payloads.SLEPT);
            default:
                if (path.equals("/file") && file != null) {
                    startResponse.start("200 OK", FILE);
                    return ((FileWrapper) environ.get(Environ.WSGI_FILE_WRAPPER)).wrap(file);
                }
                return sample().call(environ, startResponse);
        }
    }

    private Application sample() {
        Application app = sample;
        if (app == null) {
            synchronized (this) {
                if (sample == null) {
                    sample = Dispatcher.builder().mount("/sample", new SampleApp()).build();
                }
                app = sample;
            }
        }
        return app;
    }

    static long drain(InputStream in) throws IOException {
        byte[] buf = new byte[Payloads.READ_BUFFER];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
        }
        return total;
    }

    private static Iterator<byte[]> chunks() {
        return new Iterator<>() {
            private int left = Payloads.CHUNKS;

            @Override
            public boolean hasNext() {
                return left > 0;
            }

            @Override
            public byte[] next() {
                if (left == 0) {
                    throw new NoSuchElementException();
                }
                left--;
                return Payloads.CHUNK;
            }
        };
    }
}
