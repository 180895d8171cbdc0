package org.jwsgi.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jwsgi.sample.TomcatProcess;
import org.junit.jupiter.api.Test;

/**
 * A Flask app as a WAR in the Tomcat distribution (the one the sample's ITs use): the layout of
 * docs/python.md, built here from the launcher's lib/ (less what Tomcat brings), src/test/war's
 * web.xml, flask_app.py and Debian's Flask with its dependencies under WEB-INF/python/site-packages.
 */
class WarIT {

    static final List<String> FLASK_PACKAGES = List.of("flask", "werkzeug", "jinja2", "markupsafe", "itsdangerous",
            "click", "blinker");

    static Path buildWar(Path war) throws IOException {
        Path lib = Path.of(System.getProperty("jwsgi.python.launcher", "target/jwsgi-python")).resolve("lib");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            put(zip, "WEB-INF/web.xml", Path.of("src/test/war/WEB-INF/web.xml"));
            try (Stream<Path> jars = Files.list(lib)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    String name = jar.getFileName().toString();
                    // the container brings its own servlet API and server; slf4j is Jetty's
                    if (!name.startsWith("jetty-") && !name.startsWith("tomcat-") && !name.startsWith("slf4j-")) {
                        put(zip, "WEB-INF/lib/" + name, jar);
                    }
                }
            }
            put(zip, "WEB-INF/python/flask_app.py", TestApps.DIR.resolve("flask_app.py"));
            for (String pkg : FLASK_PACKAGES) {
                Path root = TestApps.DIST_PACKAGES.resolve(pkg);
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : files.filter(Files::isRegularFile)
                            .filter(f -> !f.toString().contains("__pycache__") && !f.toString().endsWith(".so")).toList()) {
                        put(zip, "WEB-INF/python/site-packages/" + pkg + "/" + root.relativize(f), f);
                    }
                }
            }
        }
        return war;
    }

    private static void put(ZipOutputStream zip, String name, Path file) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        try (var in = Files.newInputStream(file)) {
            in.transferTo(zip);
        }
        zip.closeEntry();
    }

    @Test
    void flaskAppRunsAsAWarInTomcat() throws Exception {
        DebianPackages.require("python3-flask");
        Path work = Files.createDirectories(Path.of(System.getProperty("it.work", "target/it")));
        Path war = buildWar(work.resolve("python-app.war"));
        List<String> jvm = List.of("-Xmx1g", "-Xss8m", "--enable-native-access=ALL-UNNAMED",
                "-Dpolyglot.engine.WarnInterpreterOnly=false");
        try (TomcatProcess tomcat = TomcatProcess.start(war, "/pyapp", "/pyapp/", jvm)) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> hello = client.send(HttpRequest.newBuilder(tomcat.uri("/pyapp/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(hello.body()).isEqualTo("Hello, World!");
            HttpResponse<String> json = client.send(HttpRequest.newBuilder(tomcat.uri("/pyapp/json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(json.body()).isEqualTo("{\"items\":[1,2,3],\"message\":\"Hello, World!\",\"nested\":{\"ok\":true}}\n");
            HttpResponse<String> greet = client.send(HttpRequest.newBuilder(tomcat.uri("/pyapp/greet"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("name=%3Cscript%3E")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(greet.body()).isEqualTo("<p>Hello, &lt;script&gt;!</p>");
            Map<String, Object> env = Json.object(client.send(HttpRequest.newBuilder(tomcat.uri("/pyapp/environ?x=1")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            // the context path is SCRIPT_NAME, the rest PATH_INFO: Flask builds its URLs under /pyapp
            assertThat(env).containsEntry("SCRIPT_NAME", "/pyapp").containsEntry("PATH_INFO", "/environ")
                    .containsEntry("QUERY_STRING", "x=1");
            assertThat(tomcat.logs("localhost.")).contains("jwsgi-python: flask_app:app ready");
        }
    }
}
