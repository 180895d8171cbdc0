package org.jwsgi.sample;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The ITs' HTTP client: {@link HttpClient} over HTTP/1.1 (no h2c upgrade attempt, which would
 * differ between servers), never following redirects, every call bounded by {@link #TIMEOUT};
 * and {@link #raw} for what HttpClient will not send (a head without its body, an unnormalised path).
 *
 * <pre>{@code
 * HttpResponse<String> r = Http.get(base.resolve("environ"));
 * }</pre>
 */
final class Http {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Http() {
    }

    static HttpRequest.Builder request(URI uri, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    static HttpResponse<String> get(URI uri, String... headers) throws IOException, InterruptedException {
        return CLIENT.send(request(uri, headers).GET().build(), HttpResponse.BodyHandlers.ofString(UTF_8));
    }

    static HttpResponse<String> post(URI uri, String contentType, HttpRequest.BodyPublisher body, String... headers)
            throws IOException, InterruptedException {
        return CLIENT.send(request(uri, headers).header("Content-Type", contentType).POST(body).build(),
                HttpResponse.BodyHandlers.ofString(UTF_8));
    }

    /** A response read off a raw socket. */
    record RawResponse(int status, Map<String, String> headers, String body) {
    }

    /**
     * Sends {@code head} (request line and headers, CRLF-separated, without the blank line; a
     * {@code Host} and {@code Connection: close} are added) to {@code base}'s host and port and
     * reads one response: headers, then Content-Length bytes or to the end of the stream.
     */
    static RawResponse raw(URI base, String head) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            String request = head + "\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            if (!statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP response: \"" + statusLine + "\"");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line; !(line = line(in)).isEmpty();) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
            String length = headers.get("content-length");
            byte[] body = length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes();
            return new RawResponse(Integer.parseInt(statusLine.substring(9, 12)), headers, new String(body, UTF_8));
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n';) {
            if (c < 0) {
                throw new IOException("the connection closed in the middle of the response head: \""
                        + b.toString(ISO_8859_1) + "\"");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(ISO_8859_1);
    }
}
