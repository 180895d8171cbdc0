package org.jwsgi.sample;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Tomcat (the distribution the build unpacks into {@code target/}) running the sample WAR
 * in a child JVM, as an operator would run it: a fresh CATALINA_BASE under {@code target/it/}
 * with the distribution's {@code conf/}, the HTTP connector on port 0 (loopback only) and no
 * shutdown port, the WAR in {@code webapps/}. Closing it sends SIGTERM (Tomcat's shutdown hook
 * stops it gracefully) and waits, bounded.
 *
 * <pre>{@code
 * try (TomcatProcess tomcat = TomcatProcess.start(Path.of(System.getProperty("sample.war")))) {
 *     Http.get(tomcat.uri("/sample-webapp/"));
 * }
 * }</pre>
 *
 * <p>Public, in this module's test jar, for other modules' WARs (jwsgi-python's): they deploy their
 * own WAR at their own context with {@link #start(Path, String, String, List)}.
 */
public final class TomcatProcess implements AutoCloseable {

    static final String CONTEXT = "/sample-webapp";
    // a WAR whose application starts GraalPy contexts at deployment takes longer than the sample
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Tomcat names a port-0 connector's handler "http-nio-ADDRESS-auto-N" and, once bound,
     * logs {@code Starting ProtocolHandler ["http-nio-127.0.0.1-auto-1-43871"]}: the last number
     * is the port (checked against Tomcat 11.0.24).
     */
    private static final Pattern STARTED = Pattern.compile("Starting ProtocolHandler \\[\"http-nio-[^\"]*auto-\\d+-(\\d+)\"\\]");

    private final Process process;
    private final Path base;
    private final Path console;
    private final Thread killer;
    private int port;

    private TomcatProcess(Process process, Path base, Path console) {
        this.process = process;
        this.base = base;
        this.console = console;
        // if the test JVM dies without closing this, the child must not outlive it
        this.killer = new Thread(process::destroyForcibly, "kill-tomcat");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** Starts Tomcat with {@code war} deployed at {@value #CONTEXT}; returns once the app answers 200. */
    static TomcatProcess start(Path war) throws IOException {
        return start(war, CONTEXT, CONTEXT + "/", List.of("-Xmx256m"));
    }

    /**
     * Starts Tomcat with {@code war} deployed at {@code context} (say {@code /app}), its JVM given
     * {@code jvmOptions}; returns once {@code readyPath} answers 200.
     */
    public static TomcatProcess start(Path war, String context, String readyPath, List<String> jvmOptions)
            throws IOException {
        Path home = Path.of(required("tomcat.home"));
        if (!Files.isRegularFile(home.resolve("bin/bootstrap.jar"))) {
            throw new IllegalStateException("no Tomcat distribution at " + home
                    + ": run the ITs through Maven (mvn verify), whose dependency plugin unpacks it before them"
                    + " (mvn clean verify if it was deleted from target/ by hand: the plugin's marker says it is there)");
        }
        Path work = Files.createDirectories(Path.of(required("it.work")));
        Path base = Files.createTempDirectory(work, "tomcat-base-");
        copyTree(home.resolve("conf"), base.resolve("conf"));
        for (String dir : List.of("logs", "temp", "webapps", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        Path serverXml = base.resolve("conf/server.xml");
        String xml = Files.readString(serverXml);
        xml = replaceOnce(xml, "<Server port=\"8005\"", "<Server port=\"-1\"");
        xml = replaceOnce(xml, "<Connector port=\"8080\" protocol=\"HTTP/1.1\"",
                "<Connector port=\"0\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"");
        Files.writeString(serverXml, xml);
        Files.copy(war, base.resolve("webapps" + context + ".war"));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", home.resolve("bin/bootstrap.jar") + ":" + home.resolve("bin/tomcat-juli.jar"),
                "-Dcatalina.home=" + home, "-Dcatalina.base=" + base, "-Djava.io.tmpdir=" + base.resolve("temp"),
                // as catalina.sh does: per-webapp logging (ServletContext.log, hence wsgi.errors, to logs/localhost.*.log)
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"),
                // as catalina.sh does on Java 9+: lets Tomcat's leak detection look inside the JDK at undeploy
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED",
                "org.apache.catalina.startup.Bootstrap", "start"));
        Path console = base.resolve("logs/console.out");
        Process process = new ProcessBuilder(command).directory(base.toFile())
                .redirectErrorStream(true).redirectOutput(console.toFile()).start();
        TomcatProcess tomcat = new TomcatProcess(process, base, console);
        try {
            tomcat.awaitStarted(readyPath);
        } catch (RuntimeException | Error e) {
            tomcat.close();
            throw e;
        }
        return tomcat;
    }

    private void awaitStarted(String readyPath) {
        long t0 = System.nanoTime();
        await("Tomcat's log naming the HTTP connector's port").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .failFast("Tomcat exited before it started (see " + console + ")", () -> !process.isAlive())
                .until(() -> {
                    Matcher m = STARTED.matcher(Files.readString(console));
                    if (m.find()) {
                        port = Integer.parseInt(m.group(1));
                        return true;
                    }
                    return false;
                });
        await("the application answering at " + uri(readyPath)).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .failFast("Tomcat exited (see " + console + ")", () -> !process.isAlive())
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> Http.get(uri(readyPath)).statusCode() == 200);
        System.out.printf("tomcat: up on port %d in %d ms (CATALINA_BASE %s)%n", port, (System.nanoTime() - t0) / 1_000_000, base);
    }

    /** {@code http://127.0.0.1:PORT} + {@code path}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Path base() {
        return base;
    }

    /** The text of Tomcat's log files whose name starts with {@code prefix} ("localhost." is the webapps' log). */
    public String logs(String prefix) throws IOException {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> files = Files.list(base.resolve("logs"))) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList()) {
                b.append(Files.readString(p));
            }
        }
        return b.toString();
    }

    /** SIGTERM, then up to {@link #STOP_TIMEOUT} for Tomcat's shutdown hook; SIGKILL if it hangs. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("Tomcat did not stop within " + STOP_TIMEOUT + " of SIGTERM (see " + console + ")");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway
            }
        }
    }

    /** What Tomcat wrote to stdout and stderr (its console log) so far. */
    public String console() throws IOException {
        return Files.readString(console);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run the ITs through Maven (mvn verify)");
        }
        return value;
    }

    private static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new IllegalStateException("expected exactly one " + from + " in the distribution's server.xml");
        }
        return text.replace(from, to);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(p -> {
                try {
                    Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
