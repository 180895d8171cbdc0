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
        Path jar = Path.of(System.getProperty("jwsgi.cli.jar", "target/jwsgi-cli.jar"));
        assertThat(jar).exists();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
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

    private static boolean accepting(int port) {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
