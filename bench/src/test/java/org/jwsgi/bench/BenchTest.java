package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness's exit codes and messages for what stops it before any server starts. */
class BenchTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws InterruptedException {
        return Bench.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aBadFlagExitsWithTwoAndSaysWhy() throws InterruptedException {
        assertThat(run("--rounds", "none")).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("bench: --rounds: \"none\" is not a whole number ≥ 1")
                .contains("--help");
        assertThat(out.size()).isZero();
    }

    @Test
    void helpPrintsTheFlagsAndExitsWithZero() throws InterruptedException {
        assertThat(run("--help")).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(BenchOptions.USAGE);
    }

    @Test
    void findsExecutablesOnThePathOrAtTheFallback() {
        assertThat(Bench.onPath("sh", null)).isPresent();
        assertThat(Bench.onPath("no-such-tool-here", null)).isEmpty();
        assertThat(Bench.onPath("no-such-tool-here", Jvm.current())).contains(Jvm.current());
    }
}
