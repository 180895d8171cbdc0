package org.jwsgi.archetype;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Generates a project from the archetype as a user would ({@code mvn archetype:generate}), then
 * builds it with {@code mvn verify}, both offline: the only repositories are target/it-repo (where
 * invoker:install put this build's jwsgi artifacts, since nothing is ever installed into ~/.m2)
 * and the user's local repository, reached as a file:// mirror, which offline mode is told it may
 * read ({@code aether.offline.protocols=file}). A network access would fail the build.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GeneratedProjectIT {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(8);
    private static final Path WORK = Path.of(System.getProperty("it.work"));
    private static final Path PROJECT = WORK.resolve("hello-app");
    private static Path settings;

    @BeforeAll
    static void generate() throws Exception {
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        settings = WORK.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <localRepository>%1$s</localRepository>
                  <offline>true</offline>
                  <profiles>
                    <profile>
                      <!-- "central" is the user's local repository: a local repository keeps no checksums -->
                      <id>user-local-repository</id>
                      <repositories>
                        <repository>
                          <id>central</id>
                          <url>%2$s</url>
                          <releases><checksumPolicy>ignore</checksumPolicy></releases>
                          <snapshots><enabled>false</enabled></snapshots>
                        </repository>
                      </repositories>
                      <pluginRepositories>
                        <pluginRepository>
                          <id>central</id>
                          <url>%2$s</url>
                          <releases><checksumPolicy>ignore</checksumPolicy></releases>
                          <snapshots><enabled>false</enabled></snapshots>
                        </pluginRepository>
                      </pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>user-local-repository</activeProfile></activeProfiles>
                </settings>
                """.formatted(System.getProperty("it.repo"), Path.of(System.getProperty("user.repo")).toUri()));
        Result generated = mvn(WORK, "org.apache.maven.plugins:maven-archetype-plugin:"
                        + System.getProperty("archetype.plugin.version") + ":generate",
                "-DarchetypeGroupId=org.jwsgi", "-DarchetypeArtifactId=jwsgi-archetype",
                "-DarchetypeVersion=" + System.getProperty("archetype.version"), "-DarchetypeCatalog=local",
                "-DgroupId=com.example", "-DartifactId=hello-app", "-Dversion=1.0-SNAPSHOT",
                "-Dpackage=com.example.hello", "-DinteractiveMode=false");
        assertThat(generated.status()).as(generated.tail()).isZero();
    }

    @Test
    @Order(1)
    void generatesAnAppAMainAWebXmlATestAndAReadme() throws IOException {
        assertThat(PROJECT.resolve("src/main/java/com/example/hello/App.java")).content(UTF_8)
                .contains("package com.example.hello;", "implements Application");
        assertThat(PROJECT.resolve("src/main/java/com/example/hello/Main.java")).content(UTF_8)
                .contains("public static void main(String[] args)");
        assertThat(PROJECT.resolve("src/main/webapp/WEB-INF/web.xml")).content(UTF_8)
                .contains("<param-value>com.example.hello.App</param-value>");
        assertThat(PROJECT.resolve("src/test/java/com/example/hello/AppTest.java")).content(UTF_8)
                .contains("@EachBackend");
        assertThat(PROJECT.resolve("README.md")).content(UTF_8)
                .contains("java -cp \"target/classes:target/hello-app-1.0-SNAPSHOT/WEB-INF/lib/*\" com.example.hello.Main");
    }

    @Test
    @Order(2)
    void pinsEveryPluginMavenWouldOtherwiseDefault() throws IOException {
        String pom = Files.readString(PROJECT.resolve("pom.xml"));
        for (String plugin : List.of("clean", "resources", "compiler", "surefire", "war", "jar", "install", "deploy", "site")) {
            Matcher m = Pattern.compile("<artifactId>maven-" + plugin + "-plugin</artifactId>\\s*<version>([^<]+)</version>")
                    .matcher(pom);
            assertThat(m.find()).as("maven-%s-plugin pinned", plugin).isTrue();
            assertThat(m.group(1)).as("maven-%s-plugin version", plugin).matches("\\d+\\.\\d+\\.\\d+");
        }
        assertThat(pom).contains("<maven.compiler.release>17</maven.compiler.release>", "<packaging>war</packaging>")
                .doesNotContainPattern("@[a-z.]+@"); // every version filled in when the archetype was built
    }

    @Test
    @Order(3)
    void theGeneratedProjectsTestsPassOnAllThreeBackendsOffline() throws Exception {
        Result verify = mvn(PROJECT, "verify");

        assertThat(verify.status()).as(verify.tail()).isZero();
        assertThat(verify.output()).contains("Tests run: 6, Failures: 0, Errors: 0, Skipped: 0");
        String report = Files.readString(PROJECT.resolve("target/surefire-reports/TEST-com.example.hello.AppTest.xml"));
        for (String backend : List.of("builtin", "jetty", "tomcat")) {
            assertThat(report).contains("<testcase name=\"greetsByName(TestClient)[" + backend + "]\"",
                    "<testcase name=\"answers404ForOtherPaths(TestClient)[" + backend + "]\"");
        }
        assertThat(report).doesNotContain("<failure", "<error", "<skipped");
        try (Stream<Path> wars = Files.list(PROJECT.resolve("target"))) {
            assertThat(wars.map(p -> p.getFileName().toString())).contains("hello-app-1.0-SNAPSHOT.war");
        }
        // the WAR holds the app and jwsgi-adapter only: the container brings the servlet API and itself
        try (Stream<Path> lib = Files.list(PROJECT.resolve("target/hello-app-1.0-SNAPSHOT/WEB-INF/lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()))
                    .containsExactly("jwsgi-adapter-" + System.getProperty("archetype.version") + ".jar");
        }
    }

    @Test
    @Order(4)
    void theReadmesRunCommandServesTheApp() throws Exception {
        String classPath = "target/classes" + java.io.File.pathSeparator + "target/hello-app-1.0-SNAPSHOT/WEB-INF/lib/*";
        Process main = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "com.example.hello.Main", "0")
                .directory(PROJECT.toFile()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(main.getInputStream(), UTF_8))) {
            // the main prints its URL once it listens; the server's own start-up log line
            // (java.util.logging's two lines on stderr, merged here) may come first
            String first = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    for (int i = 0; i < 10; i++) {
                        String line = out.readLine();
                        if (line == null || line.startsWith("serving on ")) {
                            return line;
                        }
                    }
                    return null;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            assertThat(first).matches("serving on http://127\\.0\\.0\\.1:\\d+/");
            URI uri = URI.create(first.substring("serving on ".length()));
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(uri.resolve("?name=Grace")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("Hello, Grace!\n");
        } finally {
            main.destroy();
            if (!main.waitFor(10, TimeUnit.SECONDS)) {
                main.destroyForcibly();
            }
        }
    }

    record Result(int status, String output) {
        String tail() {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
    }

    /** Runs Maven (the one running this build) with the IT's settings, offline, and waits a bounded time. */
    private static Result mvn(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("maven.home"), "bin", "mvn").toString(),
                "-B", "-o", "-s", settings.toString(), "-Daether.offline.protocols=file"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(WORK, "mvn-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("MAVEN_OPTS");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        if (!p.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mvn " + String.join(" ", args) + " took longer than " + BUILD_TIMEOUT
                    + "; its output: " + log);
        }
        return new Result(p.exitValue(), Files.readString(log));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
