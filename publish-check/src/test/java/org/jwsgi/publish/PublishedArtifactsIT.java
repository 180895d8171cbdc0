package org.jwsgi.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs last in the reactor, on what the modules before it built: the check Maven Central makes on a
 * deployment ({@link Central}). With {@code -Prelease} and a signing key it also wants every
 * signature; without a key nothing is signed, and the build said so at its start.
 */
class PublishedArtifactsIT {

    private static final Path ROOT = Path.of(System.getProperty("reactor.root")).normalize();
    /** -Prelease with a key configured: the gpg plugin signed, so every signature must be there. */
    private static final boolean SIGNED = Boolean.getBoolean("jwsgi.release") && Boolean.getBoolean("jwsgi.signed");

    @Test
    void everyPublishedArtifactHasWhatCentralChecks() {
        List<Central.Module> modules = Central.published(ROOT);
        System.out.println("published: " + modules.stream().map(Central.Module::artifactId).toList()
                + (SIGNED ? ", signatures checked" : ", not signed (no key configured)"));

        assertThat(Central.problems(ROOT, SIGNED)).isEmpty();
    }

    @Test
    void publishesTheParentsTheBomTheAdapterAndTheArchetypeButNeverTheSampleOrTheBenchmarks() {
        assertThat(Central.published(ROOT)).extracting(Central.Module::artifactId)
                .contains("jwsgi-parent", "jwsgi-bom", "jwsgi-adapter", "jwsgi-archetype")
                .doesNotContain("jwsgi-sample-webapp", "jwsgi-bench", "jwsgi-publish-check");
    }
}
