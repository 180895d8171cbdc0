package org.jwsgi.tls;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.io.TempDir;
import org.jwsgi.RawResponse;
import org.jwsgi.TestPki;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.cli.DemoApp;
import org.jwsgi.conformance.FlatJson;
import org.jwsgi.gateway.TlsEnviron;
import org.jwsgi.options.ClientAuth;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.TlsOptions;
import org.jwsgi.testing.EachBackend;

/**
 * What one {@link TlsOptions} does on every backend: client certificates (want, need, a stranger's),
 * certificates reloaded without a restart, and the bad input of issue 14 (old protocol versions,
 * garbage, a stalled handshake, plain HTTP), each refused within its time bound.
 */
class TlsOnEveryBackendTest {

    private static final TestPki PKI = TestPki.get();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /**
     * What each backend answers to a plain HTTP request on its TLS port: builtin and Tomcat a
     * {@code 400} in clear text; Jetty fails the handshake and closes (docs/tls.md).
     */
    private static final Map<String, Integer> PLAIN_HTTP_STATUS = Map.of("builtin", 400, "jetty", 0, "tomcat", 400);

    private static ServerOptions options(TlsOptions tls) {
        return ServerOptions.defaults().withPort(0).withTls(tls).withHeaderReadTimeout(Duration.ofSeconds(1))
                // Jetty bounds a handshake by its one idle timeout, the larger of these two
                .withKeepAliveTimeout(Duration.ofSeconds(1)).withLingerTimeout(Duration.ofMillis(200));
    }

    private static Map<String, String> environ(SSLContext client, URI server) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(client)
                .connectTimeout(TIMEOUT).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.resolve("/who")).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return FlatJson.parse(r.body());
    }

    @EachBackend
    void exposesTheVerifiedClientCertificateAsModSslDoes(Backend backend) throws Exception {
        TlsOptions want = PKI.rsaOptions().withClientAuth(ClientAuth.WANT, PKI.caPem());
        try (RunningServer server = backend.start(new DemoApp(), options(want))) {
            Map<String, String> with = environ(PKI.clientContext(PKI.clientKeyStore()), server.uri());
            Map<String, String> without = environ(PKI.clientContext(), server.uri());

            X509Certificate alice = (X509Certificate) TestPki.load(PKI.clientKeyStore()).getCertificate("client");
            assertThat(with).containsEntry("SSL_CLIENT_VERIFY", "SUCCESS")
                    .containsEntry("SSL_CLIENT_S_DN", "CN=alice,OU=tests,O=jwsgi")
                    .containsEntry("SSL_CLIENT_I_DN", "CN=jwsgi test CA,O=jwsgi")
                    .containsEntry("SSL_CLIENT_CERT", TlsEnviron.pem(alice))
                    .containsEntry("SSL_CLIENT_M_SERIAL", alice.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT))
                    .containsEntry("HTTPS", "on").containsEntry("wsgi.url_scheme", "https");
            assertThat(without).containsEntry("SSL_CLIENT_VERIFY", "NONE").doesNotContainKeys("SSL_CLIENT_CERT",
                    "SSL_CLIENT_S_DN");
        }
    }

    @EachBackend
    void needRefusesClientsWithoutACertificateAndStrangers(Backend backend) throws Exception {
        TlsOptions need = PKI.rsaOptions().withClientAuth(ClientAuth.NEED, PKI.caPem());
        try (RunningServer server = backend.start(new DemoApp(), options(need))) {
            assertThat(environ(PKI.clientContext(PKI.clientKeyStore()), server.uri()))
                    .containsEntry("SSL_CLIENT_VERIFY", "SUCCESS");
            for (Path who : new Path[] {null, PKI.strangerKeyStore()}) {
                try (SSLSocket s = socket(PKI.clientContext(who), server)) {
                    assertThat(refused(s)).as("client certificate %s", who).isTrue();
                }
            }
        }
    }

    @EachBackend
    void servesAReloadedCertificateToNewConnectionsWithoutDroppingOpenOnes(Backend backend, @TempDir Path dir)
            throws Exception {
        PKI.copyPem(false, dir);
        TlsOptions tls = TlsOptions.pem(dir.resolve("cert.pem"), dir.resolve("key.pem"))
                .withReloadInterval(Duration.ofMillis(50));
        try (RunningServer server = backend.start(new DemoApp(), options(tls).withKeepAliveTimeout(Duration.ofSeconds(30)));
                SSLSocket open = socket(PKI.clientContext(), server)) {
            assertThat(get(open).status()).isEqualTo(200);
            assertThat(keyAlgorithm(open)).isEqualTo("RSA");

            PKI.copyPem(true, dir);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            String served = "RSA";
            while (!served.equals("EC") && System.nanoTime() < deadline) {
                try (SSLSocket fresh = socket(PKI.clientContext(), server)) {
                    fresh.startHandshake();
                    served = keyAlgorithm(fresh);
                }
            }
            assertThat(served).as("a new connection's certificate").isEqualTo("EC");
            assertThat(get(open).status()).as("the connection opened before the reload").isEqualTo(200);
        }
    }

    @EachBackend
    void refusesOldProtocolsGarbageAndStalledHandshakesInTime(Backend backend) throws Exception {
        try (RunningServer server = backend.start(new DemoApp(), options(PKI.rsaOptions()))) {
            for (int minor : new int[] {0, 1, 2}) {
                try (Socket s = plain(server)) {
                    s.getOutputStream().write(TestPki.clientHello(minor));
                    byte[] answer = s.getInputStream().readNBytes(7);
                    assertThat(answer.length == 0 || answer[0] == 21).as("an alert or a close for 3.%d", minor).isTrue();
                    assertThat(closed(s)).isTrue();
                }
            }
            try (Socket garbage = plain(server)) {
                garbage.getOutputStream().write(new byte[] {22, 3, 3, 0, 5, 1, 2, 3, 4, 5});
                assertThat(closed(garbage)).as("garbage").isTrue();
            }
            long start = System.nanoTime();
            try (Socket stalled = plain(server)) {
                byte[] hello = TestPki.clientHello(3);
                stalled.getOutputStream().write(hello, 0, hello.length / 2);
                assertThat(closed(stalled)).as("stalled handshake").isTrue();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @EachBackend
    void answersPlainHttpOnTheTlsPortAsPinned(Backend backend) throws Exception {
        try (RunningServer server = backend.start(new DemoApp(), options(PKI.rsaOptions())); Socket s = plain(server)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(ISO_8859_1));
            int status;
            try {
                status = RawResponse.read(s.getInputStream(), false).status();
            } catch (IOException closed) {
                status = 0;
            }
            assertThat(status).isEqualTo(PLAIN_HTTP_STATUS.get(backend.name()));
            assertThat(closed(s)).isTrue();
        }
    }

    private static SSLSocket socket(SSLContext client, RunningServer server) throws IOException {
        SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static Socket plain(RunningServer server) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static String keyAlgorithm(SSLSocket s) throws SSLException {
        return s.getSession().getPeerCertificates()[0].getPublicKey().getAlgorithm();
    }

    private static RawResponse get(SSLSocket s) throws IOException {
        s.getOutputStream().write("GET /again HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(ISO_8859_1));
        s.getOutputStream().flush();
        return RawResponse.read(s.getInputStream(), false);
    }

    /** Whether a request on {@code s} fails: the handshake (TLS 1.2) or the first read (TLS 1.3) is refused. */
    private static boolean refused(SSLSocket s) {
        try {
            RawResponse r = get(s);
            return r.status() != 200;
        } catch (IOException e) {
            return true;
        }
    }

    /** Whether the server ended the connection (end of stream or reset) before the socket timeout. */
    private static boolean closed(Socket s) throws IOException {
        try {
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // an alert, a 400: read to the end
            }
            return true;
        } catch (SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }
}
