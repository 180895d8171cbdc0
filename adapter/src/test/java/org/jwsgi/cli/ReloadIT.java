package org.jwsgi.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --reload} on the packaged jar, as a developer uses it: an app compiled into a directory,
 * the CLI serving it from there, the app changed and compiled again while the server runs.
 */
class ReloadIT {

    private static final Path JAR = Path.of(System.getProperty("jwsgi.cli.jar", "target/jwsgi-cli.jar")).toAbsolutePath();
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;
    private Process server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The app: {@code /} answers its version; {@code /slow} waits (bounded) for a file before answering. */
    private void compile(String version, String constructorBody) throws IOException {
        Path src = dir.resolve("src/reloadme/App.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package reloadme;

                import java.nio.file.Files;
                import java.nio.file.Path;
                import java.util.List;
                import java.util.Map;
                import org.jwsgi.Application;
                import org.jwsgi.Header;
                import org.jwsgi.StartResponse;

                public class App implements Application {
                    public App() {
                        %s
                    }

                    @Override
                    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) throws Exception {
                        if ("/slow".equals(environ.get("PATH_INFO"))) {
                            Files.writeString(Path.of("%s"), "started");
                            long end = System.nanoTime() + 20_000_000_000L;
                            while (!Files.exists(Path.of("%s")) && System.nanoTime() < end) {
                                Thread.sleep(10);
                            }
                        }
                        startResponse.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
                        return List.of("%s".getBytes());
                    }
                }
                """.formatted(constructorBody, dir.resolve("started"), dir.resolve("release"), version));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-cp", JAR.toString(), "-d", dir.resolve("classes").toString(),
                src.toString());
        assertThat(status).as("javac").isZero();
    }

    private Process launch(String backend) throws Exception {
        Path err = dir.resolve("stderr.txt");
        server = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", JAR + File.pathSeparator + dir.resolve("classes"), "org.jwsgi.cli.Main",
                "--reload", "--server", backend, "--port", "0", "--no-access-log", "reloadme.App")
                .redirectError(err.toFile()).start();
        return server;
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("stderr.txt"));
    }

    private static String get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + DEADLINE + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    private static boolean answers(URI uri, String body) {
        try {
            return get(uri).equals(body);
        } catch (Exception e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void swapsTheAppOnRecompileFinishingRequestsInFlightOnTheOldOneAndKeepsItWhenTheNewOneIsBroken(String backend)
            throws Exception {
        compile("v1", "");
        Process p = launch(backend);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8));
        String first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(30, TimeUnit.SECONDS);
        assertThat(first).as(stderr()).contains("jwsgi: serving reloadme.App on http://127.0.0.1:");
        URI uri = URI.create(first.replaceAll(".* on (http://[^ ]+/) .*", "$1"));
        assertThat(get(uri)).isEqualTo("v1");
        assertThat(stderr()).contains("jwsgi: reloading reloadme.App when " + dir.resolve("classes") + " changes");

        // a request in flight when the change comes finishes on the version it started on
        CompletableFuture<HttpResponse<String>> slow = HTTP.sendAsync(
                HttpRequest.newBuilder(uri.resolve("slow")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        await("the slow request reached the app", () -> Files.exists(dir.resolve("started")));

        compile("v2", "");
        long compiled = System.nanoTime();
        await("v2 served", () -> answers(uri, "v2"));
        System.out.printf("%s: v2 served %d ms after javac finished%n", backend, (System.nanoTime() - compiled) / 1_000_000);
        Files.writeString(dir.resolve("release"), "go");
        assertThat(slow.get(20, TimeUnit.SECONDS).body()).isEqualTo("v1");

        // a failing constructor: the old app stays, and stderr says why
        compile("v3", "if (true) throw new IllegalStateException(\"no database here\");");
        await("the failed reload reported", () -> {
            try {
                return stderr().contains("its constructor failed: java.lang.IllegalStateException: no database here");
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(stderr()).contains("jwsgi: reload failed, still serving the previous reloadme.App");
        assertThat(get(uri)).isEqualTo("v2");

        // the class gone (a failed compile that cleaned its output): the same
        Files.delete(dir.resolve("classes/reloadme/App.class"));
        await("the missing class reported", () -> {
            try {
                return stderr().contains("APP reloadme.App: no such class on the class path");
            } catch (IOException e) {
                return false;
            }
        });
        // and a class file that is not one (half written)
        Files.write(dir.resolve("classes/reloadme/App.class"), new byte[] {1, 2, 3});
        await("the broken class reported", () -> {
            try {
                return stderr().contains("ClassFormatError");
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(get(uri)).isEqualTo("v2");

        compile("v4", "");
        await("v4 served after the fix", () -> answers(uri, "v4"));
        assertThat(stderr()).contains("jwsgi: reloaded reloadme.App in ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reloadme.App", "demo"})
    void refusesToReloadABuiltInOrWithoutAClassPathDirectory(String app) throws Exception {
        server = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-jar", JAR.toString(), "--reload", "--port", "0", app)
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isEqualTo(2);
        assertThat(stderr()).contains(app.equals("demo") ? "--reload reloads an APP class; demo and hello are built in"
                : "--reload needs APP's classes in a directory on the class path (the class path is " + JAR
                        + "): java -cp jwsgi-cli.jar:target/classes org.jwsgi.cli.Main --reload reloadme.App");
    }
}
