package org.jwsgi.conformance;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.backend.Backend;
import org.jwsgi.testing.EachBackend;
import org.jwsgi.testing.ServedApp;

/**
 * What each backend does to the application's response headers on the wire, pinned because an
 * exact-match test of a response breaks on it (docs/backends.md, "Where backends differ"): the
 * bundled server writes the headers byte for byte in the application's order; Jetty and Tomcat
 * rewrite {@code Content-Type} through their own media-type handling, and Tomcat sends it after
 * the application's other headers (Jetty 12.1 keeps their order).
 */
class HeaderRewritingTest {

    /** In an order no server would choose itself, repeated names included. */
    static final List<Header> SENT = List.of(
            new Header("X-Zulu", "1"),
            new Header("Content-Type", "application/json; charset=utf-8"),
            new Header("Set-Cookie", "a=1"),
            new Header("X-Alpha", "2"),
            new Header("Cache-Control", "no-cache"),
            new Header("Set-Cookie", "b=2"),
            new Header("X-Mike", "3"));

    private static final Set<String> APP_NAMES = SENT.stream().map(h -> h.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet());

    @ServedApp
    static final Application APP = (environ, startResponse) -> {
        startResponse.start("200 OK", SENT);
        return List.of("{}".getBytes(US_ASCII));
    };

    /** The response's header lines, in the order they came, as name and value. */
    static List<Header> headersOnTheWire(URI server) throws IOException {
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            s.setSoTimeout(RawClient.TIMEOUT_MILLIS);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n".getBytes(US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), ISO_8859_1);
            String head = response.substring(0, response.indexOf("\r\n\r\n"));
            List<Header> headers = new ArrayList<>();
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.add(new Header(line.substring(0, colon), line.substring(colon + 1).strip()));
                }
            }
            return headers;
        }
    }

    @EachBackend
    void contentTypeIsSentAsTheBackendRewritesIt(Backend backend, URI server) throws IOException {
        List<String> contentTypes = headersOnTheWire(server).stream()
                .filter(h -> h.name().equalsIgnoreCase("Content-Type")).map(Header::value).toList();

        assertThat(contentTypes).containsExactly(switch (backend.name()) {
            case "builtin" -> "application/json; charset=utf-8";   // as the application wrote it
            default -> "application/json;charset=utf-8";           // the space after ";" is gone
        });
    }

    @EachBackend
    void theApplicationsHeadersKeepTheirOrderButTomcatSendsContentTypeLast(Backend backend, URI server) throws IOException {
        List<String> order = headersOnTheWire(server).stream()
                .filter(h -> APP_NAMES.contains(h.name().toLowerCase(Locale.ROOT)))
                .map(h -> h.name() + ": " + h.value()).toList();
        System.out.println(backend.name() + " sends " + order);

        List<String> asSent = SENT.stream().map(h -> h.name() + ": " + h.value()).toList();
        String contentType = "Content-Type: application/json; charset=utf-8";
        String rewritten = "Content-Type: application/json;charset=utf-8";
        List<String> expected = new ArrayList<>();
        switch (backend.name()) {
            case "builtin" -> expected.addAll(asSent);
            case "jetty" -> asSent.forEach(h -> expected.add(h.equals(contentType) ? rewritten : h));
            default -> { // tomcat: its own Content-Type header, written after the others
                asSent.stream().filter(h -> !h.equals(contentType)).forEach(expected::add);
                expected.add(rewritten);
            }
        }
        assertThat(order).isEqualTo(expected);
    }
}
