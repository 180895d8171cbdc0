package org.jwsgi.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jwsgi.TestPki;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The packaged jwsgi-cli.jar, run as a user runs it: {@code java -jar ... --port 0 demo}. */
class CliIT {

    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");
    private final List<Process> processes = new ArrayList<>();
    private Path stderr;

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    private Process launch(String... args) throws IOException {
        return launchWith(List.of(), args);
    }

    /** The jar with {@code jvmOptions} before {@code -jar}. */
    private Process launchWith(List<String> jvmOptions, String... args) throws IOException {
        Path jar = Path.of(System.getProperty("jwsgi.cli.jar", "target/jwsgi-cli.jar"));
        assertThat(jar).exists();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        stderr = Files.createTempFile("jwsgi-cli", ".err");
        stderr.toFile().deleteOnExit();
        // stderr to a file: Process.destroy() closes the pipes, and the log is read after SIGTERM
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        processes.add(p);
        return p;
    }

    private static String firstLine(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), US_ASCII));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(30, TimeUnit.SECONDS);
    }

    @Test
    void carriesTheServersButNoTestHarness() throws IOException {
        Path jar = Path.of(System.getProperty("jwsgi.cli.jar", "target/jwsgi-cli.jar"));
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> names = file.stream().map(JarEntry::getName).toList();
            assertThat(names).contains("org/jwsgi/server/WsgiServer.class", "org/jwsgi/cli/Main.class",
                    "org/eclipse/jetty/server/Server.class", "org/apache/catalina/startup/Tomcat.class");
            assertThat(names).noneMatch(n -> n.startsWith("org/jwsgi/testing/") || n.startsWith("org/jwsgi/server/MemoryTransport")
                    || n.startsWith("org/junit/") || n.startsWith("org/openjdk/jmh/"));
        }
    }

    @Test
    void servesTheDemoAppOnTheReportedPortAndStopsOnSigterm() throws Exception {
        Process p = launch("--port", "0", "demo");
        String line = firstLine(p);
        Matcher m = URL.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        int port = Integer.parseInt(m.group(1));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/cli?x=1");

        HttpResponse<String> get = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).startsWith("{\"").endsWith("}").contains("\"PATH_INFO\":\"/cli\"", "\"wsgi.input.read\":0");

        HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.body()).contains("\"CONTENT_LENGTH\":\"5\"", "\"wsgi.input.read\":5");

        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n").getBytes(US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 200 OK").contains("\"wsgi.input.read\":7")
                    .doesNotContain("CONTENT_LENGTH");
        }

        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(stderr);
        assertThat(err).contains("\"GET /cli?x=1 HTTP/1.1\" 200 ", "\"POST /chunked HTTP/1.1\" 200 ")
                .contains("jwsgi: stopped");
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void servesTheDemoOnEachBackendFromTheOneJarAndStopsOnSigterm(String backend) throws Exception {
        Process p = launch("--server", backend, "--port", "0", "demo");
        String line = firstLine(p);
        assertThat(line).startsWith("jwsgi: serving demo on http://127.0.0.1:").contains("(" + backend + " server, ");
        Matcher m = URL.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        int port = Integer.parseInt(m.group(1));

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x?y=1"))
                .timeout(java.time.Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).contains("\"PATH_INFO\":\"/x\"", "\"QUERY_STRING\":\"y=1\"", "\"SCRIPT_NAME\":\"\"");

        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
        String err = Files.readString(stderr);
        assertThat(err).contains("\"GET /x?y=1 HTTP/1.1\" 200 ").endsWith("jwsgi: stopped" + System.lineSeparator())
                .doesNotContain("SLF4J");
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void servesHttpsFromAKeystoreAndSaysSoInItsFirstLine(String backend) throws Exception {
        TestPki pki = TestPki.get();
        List<String> args = new ArrayList<>(List.of("--server", backend, "--port", "0", "--keystore",
                pki.rsaKeyStore().toString(), "--keystore-password-env", TestPki.PASSWORD_ENV, "demo"));
        if (!backend.equals("builtin")) {
            args.add("--http2");
        }
        Process p = launch(args.toArray(String[]::new));
        String line = firstLine(p);
        assertThat(line).startsWith("jwsgi: serving demo on https://127.0.0.1:").contains(", TLS");
        Matcher m = java.util.regex.Pattern.compile("https://127\\.0\\.0\\.1:(\\d+)/").matcher(line);
        assertThat(m.find()).as(line).isTrue();

        HttpClient client = HttpClient.newBuilder().sslContext(pki.clientContext()).build(); // HTTP/2 if offered
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + m.group(1) + "/s"))
                .timeout(java.time.Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).contains("\"HTTPS\":\"on\"", "\"wsgi.url_scheme\":\"https\"");
        assertThat(get.version()).isEqualTo(backend.equals("builtin") ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2);

        p.destroy();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void exitsWith2NamingTheFileWhenTheKeyDoesNotFitTheCertificate() throws Exception {
        TestPki pki = TestPki.get();
        Process p = launch("--port", "0", "--certfile", pki.rsaCert().toString(), "--keyfile", pki.ecKey().toString());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(stderr)).contains("jwsgi: keyfile " + pki.ecKey() + " is not the key of the certificate"
                + " in certfile " + pki.rsaCert());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jetty", "tomcat"})
    void exitsWith2WhenAContainerIsAskedForOneRequestAtATime(String backend) throws Exception {
        Process p = launch("--server", backend, "--threading", "single", "--port", "0");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(stderr)).contains("--server " + backend + ": threading single", "builtin");
    }

    @Test
    void exitsWith2AndAMessageOnBadArguments() throws Exception {
        Process p = launch("--port", "nope");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(stderr))
                .contains("--port: needs a whole number, not 'nope'");
    }

    @Test
    void exitsWith2WhenTheAppClassIsMissing() throws Exception {
        Process p = launch("--port", "0", "com.example.Missing");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(stderr)).contains("com.example.Missing");
    }

    @Test
    void hintsThatJavaJarIgnoresTheClassPathWhenTheAppIsMissing() throws Exception {
        Process p = launch("--port", "0", "com.example.FromClassPath");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        Path jar = Path.of(System.getProperty("jwsgi.cli.jar", "target/jwsgi-cli.jar"));
        assertThat(Files.readString(stderr)).contains("APP com.example.FromClassPath: no such class on the class path",
                "note that java -jar ignores -cp and CLASSPATH: put the app on the class path with java -cp "
                        + jar + ":YOUR-CLASSES org.jwsgi.cli.Main APP");
    }

    @Test
    void printsItsVersion() throws Exception {
        Process p = launch("--version");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        String out = new String(p.getInputStream().readAllBytes(), US_ASCII);
        assertThat(out).startsWith("jwsgi " + System.getProperty("project.version") + "\nJava ");
    }

    @Test
    void printsHelpAndExits0() throws Exception {
        Process p = launch("--help");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        String out = new String(p.getInputStream().readAllBytes(), US_ASCII);
        assertThat(out).contains("--server", "--host", "--port", "--threading", "APP");
    }

    @Test
    void finishesAndLogsARequestInFlightWhenSigtermArrives() throws Exception {
        Process p = launch("--port", "0", "demo");
        Matcher m = URL.matcher(firstLine(p));
        assertThat(m.find()).isTrue();
        int port = Integer.parseInt(m.group(1));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /inflight HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(US_ASCII));
            String interim = "HTTP/1.1 100 Continue\r\n\r\n"; // sent when the app starts reading the body
            assertThat(new String(s.getInputStream().readNBytes(interim.length()), US_ASCII)).isEqualTo(interim);
            s.getOutputStream().write("01234".getBytes(US_ASCII));
            p.destroy(); // SIGTERM while the demo app waits for the rest of the body
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (accepting(port)) { // the listener closes first: the stop has begun
                assertThat(System.nanoTime()).as("listener still open").isLessThan(deadline);
                Thread.onSpinWait();
            }
            s.getOutputStream().write("56789".getBytes(US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 200 OK").contains("Connection: close", "\"wsgi.input.read\":10");
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(stderr)).contains("\"POST /inflight HTTP/1.1\" 200 ", "jwsgi: stopped");
    }

    /** The port of the URL line: the first line, or a later one when the JVM spoke first (JFR's start). */
    private static int port(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), US_ASCII));
        return CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher m = URL.matcher(line);
                    if (line.startsWith("jwsgi: serving") && m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                throw new AssertionError("no URL line on stdout");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(30, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(java.time.Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void servesPrometheusMetricsWhoseCountsMatchTheRequestsSent(String backend) throws Exception {
        Process p = launch("--server", backend, "--port", "0", "--metrics", "/metrics", "--no-access-log", "hello");
        int port = port(p);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 25; i++) {
            assertThat(get(client, port, "/").statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(get(client, port, "/x/" + i).statusCode()).isEqualTo(200);
        }
        get(client, port, "/metrics"); // a scrape is not app traffic: never counted
        HttpResponse<String> scrape = get(client, port, "/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        // Tomcat drops the blanks between the parameters (same media type)
        assertThat(scrape.headers().firstValue("Content-Type")).get().asString().isEqualToIgnoringWhitespace(
                "text/plain; version=0.0.4; charset=utf-8");
        assertThat(scrape.body())
                .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*outcome=\"SUCCESS\""
                        + "[^}]*status=\"200\"[^}]*uri=\"root\"[^}]*} 25")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"UNKNOWN\"[^}]*} 3")
                .containsPattern("jwsgi_connections_open\\{backend=\"" + backend + "\",threading=\"per-connection\"} [1-9]")
                .contains("jvm_memory_used_bytes")
                .doesNotContain("uri=\"/metrics\"");
        p.destroy();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void writesJsonLinesToAFileItReopensOnSigusr1AndLosesNoneAtTheStop() throws Exception {
        Path dir = Files.createTempDirectory("jwsgi-access");
        Path log = dir.resolve("access.log");
        Process p = launch("--port", "0", "--access-log", log.toString(), "--access-log-format", "json", "--request-id",
                "hello");
        int port = port(p);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 10; i++) {
            get(client, port, "/before/" + i);
        }
        Path rotated = dir.resolve("access.log.1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(log) || Files.readAllLines(log).size() < 10) { // the writer is behind the responses
            assertThat(System.nanoTime()).as("10 lines in " + log).isLessThan(deadline);
            Thread.onSpinWait();
        }
        Files.move(log, rotated); // what logrotate does, then: kill -USR1
        assertThat(new ProcessBuilder("kill", "-USR1", Long.toString(p.pid())).start().waitFor()).isZero();
        while (!Files.exists(log)) {
            assertThat(System.nanoTime()).as("reopened " + log).isLessThan(deadline);
            Thread.onSpinWait();
        }
        HttpResponse<String> tagged = get(client, port, "/after/0", "X-Request-Id", "rotate-1");
        assertThat(tagged.headers().firstValue("X-Request-Id")).hasValue("rotate-1");
        for (int i = 1; i < 200; i++) {
            get(client, port, "/after/" + i);
        }
        p.destroy(); // SIGTERM: the lines still queued are written before the JVM exits
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> before = Files.readAllLines(rotated);
        List<String> after = Files.readAllLines(log);
        assertThat(before).hasSize(10).allMatch(l -> l.contains("\"path\":\"/before/"));
        assertThat(after).hasSize(200).allMatch(l -> l.startsWith("{\"time\":\"") && l.endsWith("}")
                && l.contains("\"path\":\"/after/") && l.contains("\"status\":200"));
        assertThat(after.get(0)).contains("\"request_id\":\"rotate-1\"", "\"backend\":\"builtin\"",
                "\"bytes_out\":13");
        assertThat(after.get(1)).containsPattern("\"request_id\":\"[0-9a-f]{32}\"");
    }

    @Test
    void recordsRequestEventsThatJfrPrintShows() throws Exception {
        Path dir = Files.createTempDirectory("jwsgi-jfr");
        Path recording = dir.resolve("rec.jfr");
        Process p = launchWith(List.of("-XX:StartFlightRecording=filename=" + recording), "--port", "0",
                "--no-access-log", "hello");
        int port = port(p);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        get(client, port, "/jfr?x=1", "X-Request-Id", "jfr-print-1");
        p.destroy(); // the recording is written at exit
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Path jfr = Path.of(System.getProperty("java.home"), "bin", "jfr");
        Process print = new ProcessBuilder(jfr.toString(), "print", "--events", "org.jwsgi.Request", recording.toString())
                .redirectErrorStream(true).start();
        String text = new String(print.getInputStream().readAllBytes(), US_ASCII);
        assertThat(print.waitFor()).isZero();
        assertThat(text).contains("org.jwsgi.Request {", "method = \"GET\"", "path = \"/jfr\"", "query = \"x=1\"",
                "status = 200", "bytesOut = 13 bytes", "backend = \"builtin\"", "requestId = \"jfr-print-1\"");
    }

    private static boolean accepting(int port) {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
