package org.jwsgi.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jwsgi.testing.TestClient;
import org.junit.jupiter.api.Test;

/** The packaged launcher, target/jwsgi-python/bin/jwsgi-python, run as a user runs it. */
class LauncherIT {

    private static final Path HOME = Path.of(System.getProperty("jwsgi.python.launcher", "target/jwsgi-python"));
    private static final Pattern URL = Pattern.compile("^jwsgi: serving (\\S+) on (http://127\\.0\\.0\\.1:\\d+/) \\(");

    record Run(Process process, Path out, Path err) {
        String stdout() throws IOException {
            return Files.readString(out);
        }

        String stderr() throws IOException {
            return Files.readString(err);
        }
    }

    static Run launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/jwsgi-python").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("JAVA_OPTS", "-Xmx512m");
        Process p = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return new Run(p, out, err);
    }

    @Test
    void servesTheAppWithTheOptimisingRuntimePrintsTheUrlFirstAndStopsOnSigterm() throws Exception {
        Run run = launch("--port", "0", "--python-path", TestApps.DIR.toString(), "--bytecode-cache",
                System.getProperty("jwsgi.python.cache", "target/pycache"), "--no-access-log", "contract:app");
        try {
            await("the launcher's first line").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .failFast("the launcher exited", () -> !run.process().isAlive())
                    .until(() -> run.stdout().contains("\n"));
            String first = run.stdout().lines().findFirst().orElseThrow();
            Matcher m = URL.matcher(first);
            assertThat(m.find()).as(first).isTrue();
            assertThat(m.group(1)).isEqualTo("contract:app");
            // the JIT is on: GraalPy's engine reports GraalVM, not "Interpreted"
            assertThat(run.stderr()).contains("jwsgi-python: contract:app ready in").contains("1 GraalPy context (shared model), GraalVM");
            Map<String, Object> who = Json.object(TestClient.of(URI.create(m.group(2))).request("GET", "/")
                    .header("X-App", "who").send().text());
            assertThat(who).containsEntry("multithread", true).containsEntry("multiprocess", false);
        } finally {
            run.process().destroy(); // SIGTERM
            assertThat(run.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(run.process().exitValue()).isEqualTo(143);
        assertThat(run.stderr()).contains("jwsgi: stopped");
    }

    @Test
    void badArgumentsExitWithStatus2AndSayWhy() throws Exception {
        record Bad(List<String> args, String message) {
        }
        for (Bad bad : List.of(
                new Bad(List.of("--model", "threads", "a:b"), "unknown Python model \"threads\""),
                new Bad(List.of("--contexts", "2", "a:b"), "--contexts needs --model pool"),
                new Bad(List.of("--python-path", "/no/such/dir", "a:b"), "/no/such/dir: no such directory"),
                new Bad(List.of("--port", "0"), "MODULE:CALLABLE is required"),
                new Bad(List.of("--bogus", "a:b"), "unknown option --bogus"))) {
            Run run = launch(bad.args().toArray(String[]::new));
            assertThat(run.process().waitFor(120, TimeUnit.SECONDS)).as(bad.args().toString()).isTrue();
            assertThat(run.process().exitValue()).as(bad.args().toString()).isEqualTo(2);
            assertThat(run.stderr()).as(bad.args().toString()).contains(bad.message()).contains("jwsgi-python --help");
            assertThat(run.stdout()).isEmpty();
        }
    }

    @Test
    void anAppThatCannotBeImportedExitsWith2AndItsPythonTraceback() throws Exception {
        Run run = launch("--port", "0", "--python-path", TestApps.DIR.toString(), "no_such_module:app");
        assertThat(run.process().waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(run.process().exitValue()).isEqualTo(2);
        assertThat(run.stderr()).contains("cannot load no_such_module:app")
                .contains("ModuleNotFoundError: No module named 'no_such_module'");
    }

    @Test
    void helpListsThePythonOptionsAndTheServerOptions() throws Exception {
        Run run = launch("--help");
        assertThat(run.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.process().exitValue()).isZero();
        assertThat(run.stdout()).startsWith("Usage: jwsgi-python [OPTIONS] MODULE:CALLABLE")
                .contains("--python-path DIR").contains("--model MODEL").contains("--contexts N")
                .contains("--server NAME").contains("--max-body-bytes N");
    }
}
