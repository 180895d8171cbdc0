package org.jwsgi.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jwsgi.Application;
import org.jwsgi.StartResponse;
import org.jwsgi.options.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CLI's exit statuses and messages on paths that stop before a server starts. */
class MainTest {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(String... args) {
        try (PrintStream out = new PrintStream(outBytes, true, UTF_8);
                PrintStream err = new PrintStream(errBytes, true, UTF_8)) {
            return Main.run(args, out, err);
        }
    }

    private String out() {
        return outBytes.toString(UTF_8);
    }

    private String err() {
        return errBytes.toString(UTF_8);
    }

    private int runFixed(String... args) {
        try (PrintStream out = new PrintStream(outBytes, true, UTF_8);
                PrintStream err = new PrintStream(errBytes, true, UTF_8)) {
            return Main.run(new Main.Program("java -jar hello.jar", HelloApp.class.getName(), "hello", HelloApp.class), args,
                    out, err);
        }
    }

    @Test
    void aProgramServingOneAppDescribesItselfAndTakesNoAppArgument() {
        assertThat(runFixed("--help")).isZero();
        assertThat(out()).startsWith("Usage: java -jar hello.jar [OPTIONS]\n")
                .contains("Serves org.jwsgi.cli.HelloApp over HTTP/1.1", "--port PORT", "--server NAME")
                .doesNotContain("APP", "jwsgi-cli.jar");
        outBytes.reset();

        assertThat(runFixed("--port", "0", "demo")).isEqualTo(2);
        assertThat(err()).contains("jwsgi: takes no APP argument (it serves org.jwsgi.cli.HelloApp), got 'demo'",
                "Try 'java -jar hello.jar --help'.");
        assertThat(out()).isEmpty();
    }

    @Test
    void printsTheVersionAndTheJavaItRunsOn() {
        assertThat(runFixed("--version")).isZero();
        // the program's jar's version, then jwsgi's; from target/classes neither is in a jar
        assertThat(out()).startsWith("hello (version unknown: not run from a built jar) (jwsgi (version unknown: not run"
                + " from a built jar))\nJava " + Runtime.version());
        outBytes.reset();

        assertThat(run("--version")).isZero();
        // from target/classes there is no jar to read it from, and it says so
        assertThat(out()).startsWith("jwsgi (version unknown: not run from a built jar)\nJava ");
    }

    /** A launcher (as jwsgi-python's) whose APP is a name it loads itself, into an app it must close. */
    private final class NamedLauncher implements Launcher {
        final List<String> events = new ArrayList<>();

        @Override
        public String command() {
            return "named-launcher";
        }

        @Override
        public String usage() {
            return "Usage: named-launcher [OPTIONS] NAME\n\nOptions:\n";
        }

        @Override
        public Application load(String app, ServerOptions options) {
            if (app == null) {
                throw new IllegalArgumentException("NAME is required");
            }
            events.add("load " + app);
            return new ClosingApp(events);
        }
    }

    /** An app holding a resource: the CLI closes it once the server has stopped, or failed to start. */
    private record ClosingApp(List<String> events) implements Application, AutoCloseable {
        @Override
        public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) {
            throw new AssertionError("never called");
        }

        @Override
        public void close() {
            events.add("close");
        }
    }

    private int runLauncher(NamedLauncher launcher, String... args) {
        try (PrintStream out = new PrintStream(outBytes, true, UTF_8);
                PrintStream err = new PrintStream(errBytes, true, UTF_8)) {
            return Main.run(args, out, err, launcher);
        }
    }

    @Test
    void aLauncherHasItsOwnHelpVersionAndAppWithTheServerOptions() {
        NamedLauncher launcher = new NamedLauncher();
        assertThat(runLauncher(launcher, "--help")).isZero();
        assertThat(out()).startsWith("Usage: named-launcher [OPTIONS] NAME\n\nOptions:\n")
                .contains("--port PORT", "--server NAME", "--certfile").doesNotContain("jwsgi-cli.jar");
        outBytes.reset();

        assertThat(runLauncher(launcher, "--version")).isZero();
        assertThat(out()).startsWith("named-launcher (version unknown: not run from a built jar) (jwsgi ");
        outBytes.reset();

        assertThat(runLauncher(launcher, "--port", "0")).as("no NAME and no default").isEqualTo(2);
        assertThat(err()).contains("jwsgi: NAME is required", "Try 'named-launcher --help'.");
        errBytes.reset();

        assertThat(runLauncher(launcher, "--reload", "--port", "0", "x")).isEqualTo(2);
        assertThat(err()).contains("--reload reloads Java application classes; named-launcher cannot reload x");
        assertThat(launcher.events).isEmpty();
        assertThat(out()).isEmpty();
    }

    @Test
    void aLauncherLoadsItsAppOnlyOnceTheOptionsAreGoodAndClosesItWhenTheServerCannotStart() {
        NamedLauncher launcher = new NamedLauncher();
        assertThat(runLauncher(launcher, "--port", "0", "--certfile", "/nonexistent/cert.pem", "--keyfile",
                "/nonexistent/key.pem", "x")).isEqualTo(2);
        assertThat(launcher.events).as("a bad key file is found before the app starts").isEmpty();

        assertThat(runLauncher(launcher, "--server", "jetty", "--threading", "single", "--port", "0", "x")).isEqualTo(2);
        assertThat(err()).contains("--server jetty: threading single");
        assertThat(launcher.events).containsExactly("load x", "close");
        assertThat(out()).isEmpty();
    }

    @Test
    void theAppsAHarnessBringsAreLookedUpFirstAndAreNeverReloaded() {
        List<String> events = new ArrayList<>();
        Main.Program program = Main.Program.jwsgi(Map.of("mine", new ClosingApp(events)));
        try (PrintStream out = new PrintStream(outBytes, true, UTF_8);
                PrintStream err = new PrintStream(errBytes, true, UTF_8)) {
            assertThat(Main.run(program, new String[] {"--reload", "--port", "0", "mine"}, out, err)).isEqualTo(2);
            assertThat(err()).contains("--reload reloads Java application classes; java -jar jwsgi-cli.jar cannot"
                    + " reload mine");
            assertThat(events).isEmpty();
            errBytes.reset();

            // jetty cannot run one request at a time: the app was found (and is closed), no server started
            String[] single = {"--server", "jetty", "--threading", "single", "--port", "0"};
            assertThat(Main.run(program, concat(single, "mine"), out, err)).isEqualTo(2);
            assertThat(err()).contains("--server jetty: threading single").doesNotContain("APP mine");
            assertThat(events).containsExactly("close");
            errBytes.reset();

            assertThat(Main.run(program, concat(single, "demo"), out, err)).as("a built-in, as before").isEqualTo(2);
            assertThat(err()).contains("--server jetty: threading single");
            errBytes.reset();
            assertThat(Main.run(program, concat(single, "nope"), out, err)).isEqualTo(2);
            assertThat(err()).contains("APP nope", "no such class on the class path");
        }
        assertThat(out()).isEmpty();
    }

    private static String[] concat(String[] head, String last) {
        String[] all = java.util.Arrays.copyOf(head, head.length + 1);
        all[head.length] = last;
        return all;
    }

    @Test
    void exitsWith2NamingAMissingOrMismatchedKeyFile() {
        org.jwsgi.TestPki pki = org.jwsgi.TestPki.get();
        assertThat(run("--port", "0", "--certfile", "/nonexistent/cert.pem", "--keyfile", pki.rsaKey().toString()))
                .isEqualTo(2);
        assertThat(err()).contains("jwsgi: certfile /nonexistent/cert.pem: no such file");
        errBytes.reset();
        assertThat(run("--port", "0", "--certfile", pki.ecCert().toString(), "--keyfile", pki.rsaKey().toString()))
                .isEqualTo(2);
        assertThat(err()).contains("jwsgi: keyfile " + pki.rsaKey() + " is not the key of the certificate in certfile "
                + pki.ecCert());
        assertThat(out()).isEmpty();
    }

    @Test
    void exitsWith2AndExplainsOnStderrOnAnUnknownOption() {
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(err()).contains("--bogus").contains("--help");
        assertThat(out()).isEmpty();
    }

    @Test
    void printsUsageToStdoutAndExits0OnHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out()).startsWith("Usage: java -jar jwsgi-cli.jar").contains("--port PORT");
        assertThat(err()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"jetty", "tomcat"})
    void exitsWith2WhenTheBackendCannotRunOneRequestAtATime(String backend) {
        assertThat(run("--server", backend, "--threading", "single", "--port", "0")).isEqualTo(2);
        assertThat(err()).contains("--server " + backend + ": threading single").contains("only by the builtin backend");
        assertThat(out()).as("no server was started").isEmpty();
    }

    @Test
    void exitsWith2NamingTheAvailableBackendsForAnUnknownOne() {
        assertThat(run("--server", "nope")).isEqualTo(2);
        assertThat(err()).contains("--server: no backend named \"nope\"", "available: builtin, jetty, tomcat");
    }

    /** An abstract Application, which the CLI cannot instantiate. */
    public abstract static class AbstractApp implements Application {
    }

    /** An Application without a no-arg constructor. */
    public static final class NeedsArgumentApp implements Application {
        public NeedsArgumentApp(String unused) {
        }

        @Override
        public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) {
            throw new AssertionError("never called");
        }
    }

    /** An Application whose constructor fails. */
    public static final class FailingApp implements Application {
        public FailingApp() {
            throw new IllegalStateException("no config");
        }

        @Override
        public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) {
            throw new AssertionError("never called");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            com.example.NoSuchApp                         | no such class on the class path
            java.lang.String                              | does not implement org.jwsgi.Application
            org.jwsgi.cli.MainTest$AbstractApp            | is abstract
            org.jwsgi.cli.MainTest$NeedsArgumentApp       | no public no-arg constructor
            org.jwsgi.cli.MainTest$FailingApp             | no config
            """)
    void exitsWith2NamingTheAppWhenItCannotBeLoaded(String app, String problem) {
        assertThat(run("--port", "0", app)).isEqualTo(2);
        assertThat(err()).contains("APP " + app).contains(problem);
        assertThat(out()).as("no server was started").isEmpty();
    }
}
