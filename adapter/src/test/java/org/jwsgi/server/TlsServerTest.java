package org.jwsgi.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.RawResponse;
import org.jwsgi.TestPki;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.testing.ExternalProgram;

/**
 * The bundled server over TLS: keep-alive across parking, pipelining, session resumption, and the
 * bad input of issue 14 (plain HTTP, old protocol versions, a stalled handshake, garbage), each
 * ending within its time bound with no connection left open.
 */
class TlsServerTest {

    private static final Application HELLO = (env, sr) -> {
        sr.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
        return List.of(("hello " + env.get("wsgi.url_scheme") + " " + env.get("SSL_PROTOCOL")).getBytes(ISO_8859_1));
    };
    private static final String GET = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

    private static ServerOptions options() {
        return ServerOptions.defaults().withPort(0).withTls(TestPki.get().rsaOptions())
                .withHeaderReadTimeout(Duration.ofSeconds(1)).withLingerTimeout(Duration.ofMillis(200));
    }

    private static SSLSocket tls(WsgiServer server) throws IOException {
        SSLSocket s = (SSLSocket) TestPki.get().clientContext().getSocketFactory().createSocket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static Socket plain(WsgiServer server) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Whether the server ended the connection: end of stream, or a reset, within the socket's timeout. */
    private static boolean closedByServer(Socket s) throws IOException {
        try {
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // an alert, a 400: read to the end
            }
            return true;
        } catch (SocketException | SSLException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private static void awaitNoConnections(WsgiServer server) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(server.openConnections()).as("open connections").isZero();
    }

    @Test
    void servesHttpsWithTheTlsKeysInTheEnviron() throws IOException {
        try (WsgiServer server = WsgiServer.create(HELLO, options()).start(); SSLSocket s = tls(server)) {
            send(s, GET);
            RawResponse r = RawResponse.read(s.getInputStream(), false);

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("hello https TLSv1.3");
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(s.getApplicationProtocol()).as("no ALPN offered: none chosen").isEmpty();
            assertThat(server.scheme()).isEqualTo("https");
        }
    }

    @Test
    void negotiatesHttp11ByAlpnAndRefusesAClientOfferingOnlyH2() throws IOException {
        try (WsgiServer server = WsgiServer.create(HELLO, options()).start()) {
            try (SSLSocket s = tls(server)) {
                var p = s.getSSLParameters();
                p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
                s.setSSLParameters(p);
                s.startHandshake();
                assertThat(s.getApplicationProtocol()).isEqualTo("http/1.1");
            }
            try (SSLSocket s = tls(server)) {
                var p = s.getSSLParameters();
                p.setApplicationProtocols(new String[] {"h2"});
                s.setSSLParameters(p);
                assertThatThrownBy(s::startHandshake).isInstanceOf(SSLException.class)
                        .hasMessageContaining("no_application_protocol");
            }
            awaitNoConnections(server);
        }
    }

    @Test
    void keepsAConnectionAliveWhileIdleAndServesPipelinedRequests() throws Exception {
        try (WsgiServer server = WsgiServer.create(HELLO, options().withKeepAliveTimeout(Duration.ofSeconds(10))).start();
                SSLSocket s = tls(server)) {
            send(s, GET);
            assertThat(RawResponse.read(s.getInputStream(), false).status()).isEqualTo(200);
            // answered: the connection waits on its event loop, without a thread, for the next request

            send(s, GET + GET + GET); // three requests in one TLS record: decrypted together
            for (int i = 0; i < 3; i++) {
                RawResponse r = RawResponse.read(s.getInputStream(), false);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).isEqualTo("hello https TLSv1.3");
            }
        }
    }

    @Test
    void answersPlainHttpOnTheTlsPortWith400InClearText() throws IOException {
        try (WsgiServer server = WsgiServer.create(HELLO, options()).start(); Socket s = plain(server)) {
            send(s, GET);
            RawResponse r = RawResponse.read(s.getInputStream(), false);

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).contains("plain HTTP request was sent to", "https://");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(closedByServer(s)).isTrue();
            awaitNoConnections(server);
        }
    }

    @Test
    void refusesTls11AndSslv3HellosWithAProtocolVersionAlert() throws IOException {
        try (WsgiServer server = WsgiServer.create(HELLO, options()).start()) {
            for (int minor : new int[] {0, 1, 2}) { // SSLv3, TLS 1.0, TLS 1.1
                try (Socket s = plain(server)) {
                    s.getOutputStream().write(TestPki.clientHello(minor));
                    byte[] answer = s.getInputStream().readNBytes(7);
                    assertThat(answer).as("alert record for 3." + minor).hasSize(7);
                    assertThat(answer[0]).as("record type alert").isEqualTo((byte) 21);
                    assertThat(answer[6]).as("protocol_version (70)").isEqualTo((byte) 70);
                    assertThat(closedByServer(s)).isTrue();
                }
            }
            awaitNoConnections(server);
        }
    }

    @Test
    void closesAStalledHandshakeWithinTheHeaderReadTimeout() throws IOException {
        try (WsgiServer server = WsgiServer.create(HELLO, options()).start();
                Socket silent = plain(server); Socket half = plain(server)) {
            byte[] hello = TestPki.clientHello(3);
            half.getOutputStream().write(hello, 0, hello.length / 2); // half a ClientHello, then nothing
            long start = System.nanoTime();

            assertThat(closedByServer(silent)).isTrue();
            assertThat(closedByServer(half)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed within headerReadTimeout + margin")
                    .isLessThan(Duration.ofSeconds(5));
            awaitNoConnections(server);
        }
    }

    @Test
    void closesOnGarbageInsteadOfTls() throws IOException {
        try (WsgiServer server = WsgiServer.create(HELLO, options()).start()) {
            byte[][] garbage = {
                {22, 3, 3, 0, 5, 1, 2, 3, 4, 5}, // a handshake record holding no ClientHello
                {23, 3, 3, 0, 4, 9, 9, 9, 9},    // application data before any handshake
                {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}};
            for (byte[] g : garbage) {
                try (Socket s = plain(server)) {
                    s.getOutputStream().write(g);
                    assertThat(closedByServer(s)).as("closed after %s", java.util.Arrays.toString(g)).isTrue();
                }
            }
            awaitNoConnections(server);
        }
    }

    @Test
    void resumesTlsSessions(@TempDir Path dir) throws Exception {
        Path openssl = ExternalProgram.named("openssl").inPackage("openssl").find();
        try (WsgiServer server = WsgiServer.create(HELLO, options()).start()) {
            for (String version : List.of("-tls1_3", "-tls1_2")) {
                Path session = dir.resolve("session" + version);
                String first = sClient(openssl, server, version, "-sess_out", session.toString());
                String second = sClient(openssl, server, version, "-sess_in", session.toString());

                assertThat(first).contains("New, TLSv1.").contains("200 OK");
                assertThat(second).as(version + " resumed").contains("Reused, TLSv1.").contains("200 OK");
            }
        }
    }

    /** Runs {@code openssl s_client}, sends one request, returns what it printed. */
    static String sClient(Path openssl, WsgiServer server, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(openssl.toString(), "s_client", "-connect",
                "127.0.0.1:" + server.port(), "-servername", "localhost", "-ign_eof"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(ISO_8859_1));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        reader.join(5000);
        return out.toString(ISO_8859_1);
    }

    @Test
    void refusesHttp2ByName() {
        assertThatThrownBy(() -> WsgiServer.create(HELLO, options().withHttp2(true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http2")
                .hasMessageContaining("jetty or tomcat");
    }

    @Test
    void refusesABadKeyBeforeBindingThePort(@TempDir Path dir) throws IOException {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        WsgiServer server = WsgiServer.create(HELLO, options().withTls(
                org.jwsgi.options.TlsOptions.pem(TestPki.get().rsaCert(), key)));

        assertThatThrownBy(server::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key.toString()).hasMessageContaining("openssl pkcs8 -topk8");
    }
}
