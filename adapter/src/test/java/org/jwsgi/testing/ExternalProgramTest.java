package org.jwsgi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void skipsLoudlyWhenAProgramIsMissingAndNotRequired() {
        System.setProperty("jwsgi.require", "nginx");
        assertThatThrownBy(() -> ExternalProgram.named("no-such-program-jwsgi").inPackage("jwsgi-pkg").find())
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no-such-program-jwsgi is not installed (Debian package jwsgi-pkg)");
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
