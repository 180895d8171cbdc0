package org.jwsgi.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jwsgi.Application;
import org.jwsgi.ContractWatch;
import org.jwsgi.RawResponse;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.cli.DemoApp;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.testing.EachBackend;
import org.jwsgi.testing.ServedApp;

/**
 * Invariant 1, "same request → same environ on every backend": the demo app's JSON for a corpus
 * of raw requests, on each backend, equals the bundled server's (save what the socket or the
 * server's name decides), and holds the values PEP 3333 asks for. Where a container refuses a
 * request before the bridge sees it, the status it answers is pinned here and explained in
 * docs/backends.md.
 */
@EachBackend
class SameEnvironTest {

    /** Every request, on every backend and on the reference server, is checked against the contract. */
    static final ContractWatch CONTRACT = new ContractWatch();

    @ServedApp
    static final Application APP = CONTRACT.check(new DemoApp());

    /** Differ by design: the server's name, the client's ephemeral port. */
    private static final Set<String> SOCKET_KEYS = Set.of("SERVER_SOFTWARE", "REMOTE_PORT");
    /** What TLS adds or changes, compared apart: the rest of an environ over TLS equals the plain one. */
    static final Set<String> TLS_KEYS = Set.of("wsgi.url_scheme", "HTTPS", "SSL_PROTOCOL", "SSL_CIPHER",
            "SSL_CLIENT_VERIFY", "SSL_CLIENT_CERT", "SSL_CLIENT_S_DN", "SSL_CLIENT_I_DN", "SSL_CLIENT_M_SERIAL");

    private static RunningServer reference;

    @BeforeAll
    static void startReference() throws IOException {
        reference = Backend.named("builtin").start(APP, ServerOptions.defaults().withPort(0));
    }

    @AfterAll
    static void stopReference() {
        reference.close();
    }

    @AfterEach
    void keptTheContract() {
        CONTRACT.assertClean();
    }

    static Stream<EnvironCase> corpus() {
        return EnvironCase.CORPUS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void givesTheBundledServersEnvironForTheSameRequest(EnvironCase c, Backend backend, URI server) throws IOException {
        RawResponse response = c.send(server);
        Integer refused = c.refusedBy().get(backend.name());
        if (refused != null) {
            assertThat(response.status()).as("%s refuses %s", backend.name(), c.name()).isEqualTo(refused);
            return;
        }
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        Map<String, String> environ = FlatJson.parse(response.text());
        boolean tls = server.getScheme().equals("https");
        assertThat(environ).as("PEP 3333 values").containsAllEntriesOf(tls ? overTls(c.expected()) : c.expected());
        if (tls) {
            assertThat(environ).as("TLS keys").containsEntry("wsgi.url_scheme", "https").containsEntry("HTTPS", "on")
                    .containsEntry("SSL_CLIENT_VERIFY", "NONE").doesNotContainKey("SSL_CLIENT_CERT");
            assertThat(environ.get("SSL_PROTOCOL")).isIn("TLSv1.3", "TLSv1.2");
            assertThat(environ.get("SSL_CIPHER")).startsWith("TLS_");
        } else {
            assertThat(environ).doesNotContainKeys("HTTPS", "SSL_PROTOCOL", "SSL_CIPHER", "SSL_CLIENT_VERIFY");
        }

        Map<String, String> theirs = comparable(environ, c);
        Map<String, String> ours = comparable(FlatJson.parse(c.send(reference.uri()).text()), c);
        c.differences().getOrDefault(backend.name(), Map.of()).forEach((key, pinned) -> {
            assertThat(theirs.get(key)).as("pinned %s on %s", key, backend.name()).isEqualTo(pinned);
            if (ours.containsKey(key)) {
                theirs.put(key, ours.get(key));
            } else {
                theirs.remove(key);
            }
        });
        assertThat(theirs).as("environ on %s vs builtin", backend.name()).isEqualTo(ours);
    }

    private static Map<String, String> comparable(Map<String, String> environ, EnvironCase c) {
        Map<String, String> m = new TreeMap<>(environ);
        m.keySet().removeAll(SOCKET_KEYS);
        m.keySet().removeAll(TLS_KEYS); // checked above; the reference is plain HTTP
        if (c.noHost() || c.hostWithoutPort()) {
            m.remove("SERVER_PORT"); // the local port, or the scheme's default port (80, 443)
        }
        return new HashMap<>(m);
    }

    /** {@code expected} as TLS changes it: the scheme, and 443 as the default port. */
    private static Map<String, String> overTls(Map<String, String> expected) {
        Map<String, String> m = new HashMap<>(expected);
        m.computeIfPresent("wsgi.url_scheme", (k, v) -> "https");
        m.computeIfPresent("SERVER_PORT", (k, v) -> v.equals("80") ? "443" : v);
        return m;
    }
}
