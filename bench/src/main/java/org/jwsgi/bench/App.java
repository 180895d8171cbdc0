package org.jwsgi.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One measured app: the path wrk asks for (see {@link Payloads}), how wrk asks (its own connection
 * count, pipelining, a second load beside it) and the servers that serve it.
 *
 * <pre>{@code
 * App app = App.named("64k");          // App.K64, path "/64k"
 * app.servedBy("nginx");              // true: nginx sends a static 64 KiB file
 * App.JSON.servedBy("jetty-core");    // false: the sample app runs only on the WSGI servers
 * App.PLAINTEXT_256.pipeline();       // 16 requests per connection at a time
 * }</pre>
 */
enum App {
    HELLO("hello", "/hello", "GET /hello: 13 bytes of text/plain", 0, 1, null),
    K64("64k", "/64k", "GET /64k: 65,536 bytes with a Content-Length", 0, 1, null),
    /** A 1 MiB POST body ({@link Wrk#UPLOAD_BYTES}), read to its end by the server. */
    UPLOAD("upload", "/upload", "POST /upload: a 1 MiB body, read to its end", 0, 1, null),
    STREAM("stream", "/stream", "GET /stream: 100 chunks of 1 KiB, each flushed (chunked)", 0, 1, null),
    JSON("json", "/sample/api/greeting?name=Ada", "GET /sample/api/greeting?name=Ada: the sample app's JSON", 0, 1,
            null),
    /** TechEmpower's plaintext test at 256 connections: 16 requests pipelined on each. */
    PLAINTEXT_256("plaintext-256", "/plaintext",
            "TechEmpower plaintext: GET /plaintext, 16 pipelined per connection, 256 connections", 256, 16, null),
    /** The same at 1,024 connections. */
    PLAINTEXT_1024("plaintext-1024", "/plaintext",
            "TechEmpower plaintext: GET /plaintext, 16 pipelined per connection, 1,024 connections", 1024, 16, null),
    /** TechEmpower's json test: a new object serialized per request, 256 connections. */
    TE_JSON("te-json", "/json", "TechEmpower json: GET /json, {\"message\":\"Hello, World!\"}, 256 connections", 256, 1,
            null),
    /** Hello world measured while other connections keep requests asleep in the app. */
    HELLO_SLEEP("hello+sleep", "/hello", "GET /hello while " + App.SLEEPERS + " other connections each GET /sleep ("
            + Payloads.SLEEP_MILLIS + " ms asleep in the app)", 0, 1, "/sleep");

    /** The connections of the second load of {@link #HELLO_SLEEP}. */
    static final int SLEEPERS = 16;

    private final String label;
    private final String path;
    private final String description;
    private final int connections;
    private final int pipeline;
    private final String background;

    App(String label, String path, String description, int connections, int pipeline, String background) {
        this.label = label;
        this.path = path;
        this.description = description;
        this.connections = connections;
        this.pipeline = pipeline;
        this.background = background;
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

    /** wrk's {@code -c} for this app: its own, or {@code fallback} ({@code --connections}) if it has none. */
    int connections(int fallback) {
        return connections > 0 ? connections : fallback;
    }

    /** Requests each connection sends before it reads the responses: 1 (none pipelined), or 16. */
    int pipeline() {
        return pipeline;
    }

    /** Whether this is one of TechEmpower's tests (their headers, a longer wrk timeout). */
    boolean techEmpower() {
        return this == PLAINTEXT_256 || this == PLAINTEXT_1024 || this == TE_JSON;
    }

    /** The path a second wrk keeps busy on {@link #SLEEPERS} connections while this app is measured, or null. */
    String background() {
        return background;
    }

    /** Whether {@code server} answers this app (nginx: hello, 64k, upload and plaintext; json: the WSGI servers). */
    boolean servedBy(String server) {
        return switch (this) {
            case HELLO, K64, UPLOAD, PLAINTEXT_256, PLAINTEXT_1024 -> true;
            case STREAM, TE_JSON, HELLO_SLEEP -> !server.equals(Servers.NGINX);
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
