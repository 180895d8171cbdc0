package org.jwsgi.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;
import org.jwsgi.testing.TestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two models on the bundled server (a virtual thread per connection): which context answers
 * while another request is in flight, what wsgi.multithread and wsgi.multiprocess say, and the
 * pool's refusal of C extensions.
 */
class ModelsTest {

    private static PythonApp shared;
    private static PythonApp pool;

    @BeforeAll
    static void start() {
        shared = PythonApp.start(TestApps.options("contract:app"));
        pool = PythonApp.start(TestApps.options("contract:app").withModel(Model.POOL).withContexts(2));
    }

    @AfterAll
    static void close() {
        shared.close();
        pool.close();
    }

    /**
     * Request 1 blocks in wsgi.input (its body held back by the client) while request 2 is
     * served; returns both answers, request 2's first.
     */
    private static List<Map<String, Object>> overlapping(PythonApp app) throws Exception {
        try (RunningServer server = Backend.named("builtin").start(app, ServerOptions.defaults().withPort(0).withThreading(Threading.POOL));
                Socket first = new Socket("127.0.0.1", server.port())) {
            first.setSoTimeout(30_000);
            OutputStream out = first.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: x\r\nX-App: who_after_read\r\nContent-Length: 5\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // request 1 is in Python (or waiting for a context) before request 2 starts: the
            // server answers request 2 only after it, whatever the order it reads them in
            Map<String, Object> second = Json.object(TestClient.of(server.uri()).request("GET", "/")
                    .header("X-App", "who").send().text());
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200");
            Map<String, Object> firstAnswer = Json.object(response.substring(response.indexOf("\r\n\r\n") + 4));
            return List.of(second, firstAnswer);
        }
    }

    @Test
    void sharedModelServesBothRequestsFromOneContextAndReleasesTheGilWhileJavaReads() throws Exception {
        List<Map<String, Object>> answers = overlapping(shared);
        assertThat(answers.get(0).get("context")).isEqualTo(answers.get(1).get("context"));
        assertThat(answers.get(0).get("thread")).isNotEqualTo(answers.get(1).get("thread"));
        for (Map<String, Object> a : answers) {
            assertThat(a).containsEntry("multithread", true).containsEntry("multiprocess", false);
        }
    }

    @Test
    void poolModelServesTheSecondRequestFromAnotherContext() throws Exception {
        List<Map<String, Object>> answers = overlapping(pool);
        assertThat(answers.get(0).get("context")).isNotEqualTo(answers.get(1).get("context"));
        for (Map<String, Object> a : answers) {
            assertThat(a).containsEntry("multithread", false).containsEntry("multiprocess", true);
        }
    }

    @Test
    void singleThreadedServerMakesTheSharedModelSingleThreaded() throws Exception {
        try (RunningServer server = Backend.named("builtin").start(shared,
                ServerOptions.defaults().withPort(0).withThreading(Threading.SINGLE))) {
            Map<String, Object> a = Json.object(TestClient.of(server.uri()).request("GET", "/")
                    .header("X-App", "who").send().text());
            assertThat(a).containsEntry("multithread", false).containsEntry("multiprocess", false);
        }
    }

    @Test
    void poolModelRefusesCExtensionsWithAnImportErrorAndTheSharedModelLoadsThem() {
        assertThat(TestClient.of(pool).request("GET", "/").header("X-App", "native").send().text())
                .contains("refused").contains("termios").contains("pool model");
        assertThat(TestClient.of(shared).request("GET", "/").header("X-App", "native").send().text())
                .contains("\"imported\": \"termios\"");
    }

    @Test
    void poolGivesEveryContextBackAfterManyRequests() {
        TestClient client = TestClient.of(pool);
        for (int i = 0; i < 20; i++) {
            assertThat(client.request("GET", "/").header("X-App", i % 2 == 0 ? "generator" : "closing").send().status())
                    .isEqualTo(200);
        }
        // a leaked lease would leave no context for these
        for (int i = 0; i < 3; i++) {
            assertThat(client.request("GET", "/").header("X-App", "who").send().status()).isEqualTo(200);
        }
    }

    @Test
    void pythonFailureBeforeTheHeadersIsA500WithThePythonTracebackInTheLog() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                StringWriter trace = new StringWriter();
                if (r.getThrown() != null) {
                    r.getThrown().printStackTrace(new PrintWriter(trace));
                }
                logged.add(r.getMessage() + "\n" + trace);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger serverLog = Logger.getLogger("org.jwsgi.server.WsgiServer");
        serverLog.addHandler(capture);
        try {
            for (String backend : List.of("builtin", "jetty", "tomcat")) {
                try (RunningServer server = Backend.named(backend).start(shared, ServerOptions.defaults().withPort(0).withThreading(Threading.POOL))) {
                    var r = TestClient.of(server.uri()).request("GET", "/").header("X-App", "fails").send();
                    assertThat(r.status()).as(backend).isEqualTo(500);
                    assertThat(r.text()).as(backend).doesNotContain("ZeroDivisionError"); // never shown to the client
                }
            }
        } finally {
            serverLog.removeHandler(capture);
        }
        assertThat(String.join("\n", logged)).contains("Traceback (most recent call last):")
                .contains("in fails").contains("ZeroDivisionError: division by zero");
    }

    @Test
    void excInfoAfterTheHeadersCutsTheConnection() throws Exception {
        try (RunningServer server = Backend.named("builtin").start(shared, ServerOptions.defaults().withPort(0).withThreading(Threading.POOL));
                Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nX-App: exc_info_after\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String response;
            try (InputStream in = s.getInputStream()) {
                response = new String(readUntilClosed(in), StandardCharsets.ISO_8859_1);
            }
            // chunked, "partial" sent, then no last chunk: the client can tell the response is cut
            assertThat(response).startsWith("HTTP/1.1 200").contains("partial").doesNotEndWith("0\r\n\r\n");
        }
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // a reset is how the server cuts it
        }
        return out.toByteArray();
    }
}
