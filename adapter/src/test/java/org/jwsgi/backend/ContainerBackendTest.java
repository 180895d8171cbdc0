package org.jwsgi.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jwsgi.cli.DemoApp;
import org.jwsgi.cli.HelloApp;
import org.jwsgi.options.ServerOptions;

/** What the Jetty and Tomcat backends add around the containers: class-path independence, files, logs, limits. */
class ContainerBackendTest {

    private static final ServerOptions OPTIONS = ServerOptions.defaults().withPort(0).withStopGrace(Duration.ofSeconds(5));

    static List<Backend> installed() {
        return Backend.installed();
    }

    @Test
    void listsJettyAndTomcatAsUnavailableWhenNeitherIsOnTheClassPath() throws Exception {
        // jwsgi's own classes alone, over the JDK: no Jetty, no Tomcat, no servlet API
        URL classes = Backend.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader bare = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> backend = Class.forName("org.jwsgi.backend.Backend", true, bare);
            List<?> all = (List<?>) backend.getMethod("all").invoke(null);
            List<String> names = new ArrayList<>();
            List<String> available = new ArrayList<>();
            for (Object b : all) {
                String name = (String) backend.getMethod("name").invoke(b);
                names.add(name);
                if ((Boolean) backend.getMethod("available").invoke(b)) {
                    available.add(name);
                }
            }
            assertThat(names).containsExactly("builtin", "jetty", "tomcat");
            assertThat(available).containsExactly("builtin");

            Object jetty = all.get(1);
            Class<?> app = Class.forName("org.jwsgi.Application", true, bare);
            Object hello = Proxy.newProxyInstance(bare, new Class<?>[] {app}, (proxy, m, args) -> List.of());
            Object options = Class.forName("org.jwsgi.options.ServerOptions", true, bare).getMethod("defaults").invoke(null);
            Method start = backend.getMethod("start", app, options.getClass());
            InvocationTargetException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    InvocationTargetException.class, () -> start.invoke(jetty, hello, options));
            assertThat(refused.getCause()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("org.eclipse.jetty:jetty-server");
        }
    }

    @Test
    void tomcatKeepsItsFilesInATempDirectoryDeletedOnStopAndLeavesNoSystemProperty() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = tomcatDirs(tmp);
        String catalinaBase = System.getProperty("catalina.base");
        String catalinaHome = System.getProperty("catalina.home");
        Set<Path> ours = new java.util.HashSet<>();
        for (int i = 0; i < 2; i++) { // a second server once re-created the first one's deleted directory
            try (RunningServer server = Backend.named("tomcat").start(new HelloApp(), OPTIONS)) {
                BackendTest.exchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                Set<Path> now = tomcatDirs(tmp);
                now.removeAll(before);
                now.removeAll(ours);
                assertThat(now).as("this server's base directory under java.io.tmpdir").isNotEmpty();
                ours.addAll(now);
                try (Stream<Path> cwd = Files.list(Path.of("").toAbsolutePath())) {
                    assertThat(cwd.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("tomcat."));
                }
                assertThat(System.getProperty("catalina.base")).isEqualTo(catalinaBase);
                assertThat(System.getProperty("catalina.home")).isEqualTo(catalinaHome);
            }
        }
        assertThat(ours).allMatch(p -> !Files.exists(p));
    }

    @ParameterizedTest
    @MethodSource("installed")
    void writesOneCommonLogFormatLinePerRequestToOrgJwsgiAccess(Backend backend) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger access = Logger.getLogger("org.jwsgi.access");
        access.addHandler(capture);
        access.setLevel(Level.INFO);
        try (RunningServer server = backend.start(new HelloApp(), OPTIONS.withAccessLog(true))) {
            BackendTest.exchange(server.port(), "GET /a?b=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lines.isEmpty()) { // containers may log just after the response went out
                assertThat(System.nanoTime()).as("no access line logged").isLessThan(deadline);
                Thread.onSpinWait();
            }
            assertThat(lines).singleElement().asString().matches(
                    "127\\.0\\.0\\.1 - - \\[\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}] \"GET /a\\?b=1 HTTP/1\\.1\" 200 13");
        } finally {
            access.removeHandler(capture);
        }
    }

    @ParameterizedTest
    @MethodSource("installed")
    void refusesABodyOverMaxBodyBytesWith413NamingTheLimitBeforeTheAppRuns(Backend backend) throws Exception {
        try (RunningServer server = backend.start(new DemoApp(), OPTIONS.withMaxBodyBytes(100))) {
            String response = BackendTest.exchange(server.port(), "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Length: 200\r\n\r\n" + "x".repeat(200));
            assertThat(response).startsWith("HTTP/1.1 413").contains("Content-Length 200 over maxBodyBytes=100")
                    .doesNotContain("wsgi.input.read");
        }
    }

    @ParameterizedTest
    @MethodSource("installed")
    void refusesAChunkedBodyGrowingOverMaxBodyBytesWith413(Backend backend) throws Exception {
        try (RunningServer server = backend.start(new DemoApp(), OPTIONS.withMaxBodyBytes(100))) {
            String response = BackendTest.exchange(server.port(), "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + "c8\r\n" + "x".repeat(200) + "\r\n0\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 413").contains("request body longer than maxBodyBytes=100");
        }
    }

    @ParameterizedTest
    @MethodSource("installed")
    void takesABodyAtExactlyMaxBodyBytes(Backend backend) throws Exception {
        try (RunningServer server = backend.start(new DemoApp(), OPTIONS.withMaxBodyBytes(100))) {
            String response = BackendTest.exchange(server.port(), "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + "64\r\n" + "x".repeat(100) + "\r\n0\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 200").contains("\"wsgi.input.read\":100");
        }
    }

    private static Set<Path> tomcatDirs(Path tmp) throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("jwsgi-tomcat-")).collect(Collectors.toSet());
        }
    }
}
