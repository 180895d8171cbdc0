package org.jwsgi.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.jwsgi.Application;
import org.jwsgi.RawResponse;
import org.jwsgi.cli.HelloApp;
import org.jwsgi.gateway.AccessLogSink;
import org.jwsgi.options.ServerOptions;

/** The bundled server's access log: written off the request path, and complete after a graceful stop. */
class AccessLogStopTest {

    @Test
    void aGracefulStopLosesNoLineNotEvenOfTheRequestsItWaitedFor() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        AccessLogSink sink = lines::addAll;
        CountDownLatch inApp = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        Application app = (env, sr) -> {
            if ("/slow".equals(env.get("PATH_INFO"))) {
                inApp.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            return new HelloApp().call(env, sr);
        };
        ServerOptions options = ServerOptions.defaults().withPort(0).withAccessLog(true);
        WsgiServer server = WsgiServer.create(app, options, sink).start();
        List<Socket> slow = new ArrayList<>();
        try (Socket quick = new Socket("127.0.0.1", server.port())) {
            quick.setSoTimeout(5000);
            for (int i = 0; i < 100; i++) {
                quick.getOutputStream().write("GET /quick HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
                assertThat(RawResponse.read(quick.getInputStream(), false).status()).isEqualTo(200);
            }
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
                slow.add(s);
            }
            assertThat(inApp.await(5, TimeUnit.SECONDS)).isTrue();
            Thread stopper = new Thread(() -> server.stop(Duration.ofSeconds(10)));
            stopper.start();
            release.countDown();
            stopper.join(15_000);
            assertThat(stopper.isAlive()).isFalse();
            assertThat(lines).as("every line written when stop returned").hasSize(103);
            assertThat(lines).filteredOn(l -> l.contains("\"GET /slow HTTP/1.1\" 200 13")).hasSize(3);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
            server.close();
        }
    }

    @Test
    void noLineWhenTheAccessLogIsOff() throws IOException {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        AccessLogSink sink = lines::addAll;
        WsgiServer server = WsgiServer.create(new HelloApp(), ServerOptions.defaults().withPort(0), sink).start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
            assertThat(RawResponse.read(s.getInputStream(), false).status()).isEqualTo(200);
        } finally {
            server.close();
        }
        assertThat(lines).isEmpty();
    }
}
