package org.jwsgi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class ExternalProgramTest {

    private final String saved = System.getProperty("jwsgi.require");

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty("jwsgi.require");
        } else {
            System.setProperty("jwsgi.require", saved);
        }
    }

    @Test
    void findsAProgramOnThePath() {
        assertThat(ExternalProgram.named("sh").find()).isExecutable();
        assertThat(ExternalProgram.named("no-such-program-jwsgi").orNamed("sh").lookup()).isPresent();
    }

    @Test
    void skipsLoudlyOnceOnTheBuildConsoleWhenAProgramIsMissingAndNotRequired() {
        System.setProperty("jwsgi.require", "nginx");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream buildLog = new PrintStream(console, true, StandardCharsets.UTF_8);
        ExternalProgram missing = ExternalProgram.named("no-such-program-jwsgi").inPackage("jwsgi-pkg");

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> missing.find(buildLog))
                    .isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("no-such-program-jwsgi is not installed (Debian package jwsgi-pkg)");
        }
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("[WARNING] jwsgi SKIPPED:"
                + " no-such-program-jwsgi is not installed (Debian package jwsgi-pkg): the tests that need it"
                + " are skipped; set JWSGI_REQUIRE=no-such-program-jwsgi (or all) to make its absence a failure"
                + System.lineSeparator());
    }

    @Test
    void failsWhenAMissingProgramIsRequiredByNameOrByAll() {
        System.setProperty("jwsgi.require", "nginx, no-such-program-jwsgi");
        assertThatThrownBy(() -> ExternalProgram.named("no-such-program-jwsgi").find())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("this build requires it");
        System.setProperty("jwsgi.require", "all");
        assertThat(ExternalProgram.named("anything").required()).isTrue();
    }
}
