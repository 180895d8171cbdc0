package org.jwsgi.sample;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged sample in a child JVM whose class path is only {@code sample-webapp-app.jar} and
 * the {@code target/lib/} its manifest names: the README's {@code java -jar} with
 * {@code --server builtin}, {@code jetty} and {@code tomcat}, which proves the one servlet API
 * there (Tomcat's, a superset of 6.0) suits both containers.
 */
class RuntimeLibIT {

    private static final Pattern SERVING = Pattern.compile("^jwsgi: serving \\S+ on (http://\\S+/) ", Pattern.MULTILINE);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @org.junit.jupiter.api.Test
    void itsHelpAndVersionSpeakOfTheSampleJar() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String appJar = System.getProperty("sample.app.jar");
        String version = System.getProperty("project.version");

        Process help = new ProcessBuilder(java, "-jar", appJar, "--help").start();
        String usage = new String(help.getInputStream().readAllBytes(), UTF_8);
        assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).isZero();
        assertThat(usage).startsWith("Usage: java -jar sample-webapp-app.jar [OPTIONS]\n")
                .contains("Serves org.jwsgi.sample.SampleApp", "--server NAME")
                .doesNotContain("jwsgi-cli.jar", "[APP]");

        Process v = new ProcessBuilder(java, "-jar", appJar, "--version").start();
        String text = new String(v.getInputStream().readAllBytes(), UTF_8);
        assertThat(v.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(text).startsWith("sample-webapp-app " + version + " (jwsgi " + version + ")\nJava ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void servesTheSampleFromTheAppJarsClassPath(String server) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String appJar = System.getProperty("sample.app.jar");
        List<String> command = List.of(java, "-Xmx128m", "-jar", appJar, "--server", server, "--port", "0");
        Path work = Files.createDirectories(Path.of(System.getProperty("it.work")));
        Path out = Files.createTempFile(work, "runtime-" + server + "-", ".out");
        Path err = Files.createTempFile(work, "runtime-" + server + "-", ".err");
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            URI[] uri = new URI[1];
            await("the first line naming the URL, in " + out).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .failFast("the sample exited (see " + err + ")", () -> !process.isAlive())
                    .until(() -> {
                        Matcher m = SERVING.matcher(Files.readString(out));
                        if (m.find()) {
                            uri[0] = URI.create(m.group(1));
                        }
                        return uri[0] != null;
                    });
            System.out.printf("%s: up in %d ms at %s%n", server, (System.nanoTime() - t0) / 1_000_000, uri[0]);
            SampleContract sample = new SampleContract() {
                @Override
                public URI base() {
                    return uri[0];
                }

                @Override
                public String scriptName() {
                    return "";
                }

                @Override
                public String serverSoftware() {
                    return switch (server) {
                        case "jetty" -> "jetty/12.1.";
                        case "tomcat" -> "Apache Tomcat/11.0.";
                        default -> "jwsgi/";
                    };
                }
            };
            sample.homePageLinksStayUnderTheMount();
            sample.jsonGreetingNamesTheMountAndTheServer();
            sample.formPostShowsTheValuesEscaped();
            sample.streamArrivesLineByLine();
            sample.staticFileHasItsTypeAndRevalidatesWith304();
        } finally {
            process.destroy(); // SIGTERM: the shutdown hook stops the server gracefully
            boolean exited = process.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(exited).as("stopped within 30 s of SIGTERM").isTrue();
        }
        assertThat(Files.readString(err)).contains("jwsgi: stopped");
    }
}
