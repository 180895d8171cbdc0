package org.jwsgi.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One measured app: the path wrk asks for (see {@link Payloads}) and the servers that serve it.
 *
 * <pre>{@code
 * App app = App.named("64k");          // App.K64, path "/64k"
 * app.servedBy("nginx");              // true: nginx sends a static 64 KiB file
 * App.JSON.servedBy("jetty-core");    // false: the sample app runs only on the WSGI servers
 * }</pre>
 */
enum App {
    HELLO("hello", "/hello", "GET /hello: 13 bytes of text/plain"),
    K64("64k", "/64k", "GET /64k: 65,536 bytes with a Content-Length"),
    /** A 1 MiB POST body ({@link Wrk#UPLOAD_BYTES}), read to its end by the server. */
    UPLOAD("upload", "/upload", "POST /upload: a 1 MiB body, read to its end"),
    STREAM("stream", "/stream", "GET /stream: 100 chunks of 1 KiB, each flushed (chunked)"),
    JSON("json", "/sample/api/greeting?name=Ada", "GET /sample/api/greeting?name=Ada: the sample app's JSON");

    private final String label;
    private final String path;
    private final String description;

    App(String label, String path, String description) {
        this.label = label;
        this.path = path;
        this.description = description;
    }

    /** The name used by {@code --apps}, in tables and in file names. */
    String label() {
        return label;
    }

    /** The request target, with its query if any. */
    String path() {
        return path;
    }

    /** The request and its answer, in a few words, for the table's heading. */
    String description() {
        return description;
    }

    /** Whether {@code server} answers this app (nginx: hello, 64k and upload; json: the WSGI servers). */
    boolean servedBy(String server) {
        return switch (this) {
            case HELLO, K64, UPLOAD -> true;
            case STREAM -> !server.equals(Servers.NGINX);
            case JSON -> Servers.WSGI.contains(server);
        };
    }

    /** The app whose {@link #label()} is {@code label}. */
    static App named(String label) {
        return Arrays.stream(values())
                .filter(a -> a.label.equals(label.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown app \"" + label + "\" (known: "
                        + String.join(", ", labels()) + ")"));
    }

    /** Every label, in table order. */
    static List<String> labels() {
        return Arrays.stream(values()).map(App::label).toList();
    }
}
