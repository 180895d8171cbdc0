package org.jwsgi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.cli.HelloApp;

/**
 * {@link EachBackend}, run through JUnit's own engine test kit: the sample classes below are
 * what a user writes; the tests check what JUnit did with them.
 */
class EachBackendTest {

    /** Servers seen by the sample classes: backend name → the URIs served. */
    static final Map<String, Set<URI>> SEEN = new ConcurrentHashMap<>();

    @EachBackend
    static class ClassLevel {
        @ServedApp
        static final Application APP = new HelloApp();

        @Test
        void first(Backend backend, RunningServer server, URI uri, TestClient client) {
            assertThat(server.backend()).isEqualTo(backend.name());
            assertThat(uri).isEqualTo(server.uri());
            TestResponse r = client.get("/");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("Hello, World!");
            SEEN.computeIfAbsent(backend.name(), k -> ConcurrentHashMap.newKeySet()).add(uri);
        }

        @Test
        void second(Backend backend, URI uri) {
            SEEN.computeIfAbsent(backend.name(), k -> ConcurrentHashMap.newKeySet()).add(uri);
        }
    }

    static class MethodLevel {
        @ServedApp
        static Application app() {
            return (env, sr) -> {
                sr.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
                return List.of(String.valueOf(env.get("PATH_INFO")).getBytes());
            };
        }

        @EachBackend("builtin")
        void onlyBuiltin(TestClient client, Backend backend) {
            assertThat(backend.name()).isEqualTo("builtin");
            assertThat(client.get("/only").text()).isEqualTo("/only");
        }
    }

    static class NoApp {
        @EachBackend("builtin")
        void needsAServer(RunningServer server) {
        }

        @EachBackend("builtin")
        void needsOnlyTheBackend(Backend backend) {
            assertThat(backend.name()).isEqualTo("builtin");
        }
    }

    static class Failing {
        @EachBackend("builtin")
        void comparesWrongly(Backend backend) {
            org.junit.jupiter.api.Assertions.assertEquals("tomcat", backend.name(), "the backend");
        }

        @EachBackend("builtin")
        void failsWithoutMessage() {
            throw new AssertionError();
        }

        @EachBackend("builtin")
        void throwsAnError() {
            throw new IllegalStateException("not an assertion");
        }
    }

    static class UnknownBackend {
        @EachBackend("websphere")
        void never() {
        }
    }

    private static EngineExecutionResults run(Class<?> type) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(type)).execute();
    }

    @Test
    void runsEveryTestOfAnAnnotatedClassOncePerInstalledBackendSharingOneServerPerBackend() {
        SEEN.clear();
        EngineExecutionResults events = run(ClassLevel.class);

        List<String> installed = Backend.installed().stream().map(Backend::name).toList();
        events.allEvents().failed().assertThatEvents().isEmpty();
        assertThat(events.testEvents().succeeded().count()).isEqualTo(2L * installed.size());
        assertThat(SEEN.keySet()).containsExactlyInAnyOrderElementsOf(installed);
        SEEN.values().forEach(uris -> assertThat(uris).hasSize(1)); // both tests used one server
        assertThat(events.containerEvents().started().list()).extracting(e -> e.getTestDescriptor().getDisplayName())
                .containsAll(installed.stream().map(n -> "[" + n + "]").toList());
    }

    @Test
    void stopsEachServerWhenTheClassIsDone() {
        SEEN.clear();
        run(ClassLevel.class);

        for (Set<URI> uris : SEEN.values()) {
            URI uri = uris.iterator().next();
            assertThatThrownBy(() -> TestClient.of(uri).get("/")).isInstanceOf(java.io.UncheckedIOException.class);
        }
    }

    @Test
    void namesTheBackendInAFailedAssertionKeepingItsTypeValuesAndLineButLeavesOtherExceptionsAlone() {
        EngineExecutionResults events = run(Failing.class);

        List<Throwable> thrown = events.testEvents().failed().stream()
                .map(e -> e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow())
                .toList();
        assertThat(thrown).hasSize(3);
        org.opentest4j.AssertionFailedError compared = thrown.stream()
                .filter(org.opentest4j.AssertionFailedError.class::isInstance)
                .map(org.opentest4j.AssertionFailedError.class::cast).findFirst().orElseThrow();
        assertThat(compared.getMessage()).startsWith("[builtin] the backend ==> expected: <tomcat>");
        assertThat(compared.getExpected().getValue()).isEqualTo("tomcat");
        assertThat(compared.getActual().getValue()).isEqualTo("builtin");
        assertThat(compared.getStackTrace()).anySatisfy(f -> assertThat(f.getMethodName()).isEqualTo("comparesWrongly"));
        assertThat(thrown).anySatisfy(t -> assertThat(t).isExactlyInstanceOf(AssertionError.class).hasMessage("[builtin] "));
        assertThat(thrown).anySatisfy(t -> assertThat(t).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("not an assertion"));
    }

    @Test
    void runsAnAnnotatedMethodOnTheBackendsItNames() {
        EngineExecutionResults events = run(MethodLevel.class);

        events.testEvents().assertStatistics(s -> s.failed(0).succeeded(1));
    }

    @Test
    void saysWhichMemberIsMissingWhenATestNeedsAServerButTheClassServesNothing() {
        EngineExecutionResults events = run(NoApp.class);

        events.testEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                message(m -> m.contains("has no static field or method marked @ServedApp")))));
        assertThat(events.testEvents().succeeded().count()).isEqualTo(1);
    }

    @Test
    void namesTheInstalledBackendsWhenAskedForAnUnknownOne() {
        EngineExecutionResults events = run(UnknownBackend.class);

        events.allEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                message(m -> m.contains("no backend \"websphere\" on the class path (installed: builtin")))));
    }

    @Test
    void narrowsTheBackendsByTheSystemPropertyAndRefusesAnEmptyChoice() {
        List<Backend> installed = Backend.installed();

        assertThat(BackendExtension.select(List.of(), List.of("builtin"), installed, "x"))
                .extracting(Backend::name).containsExactly("builtin");
        assertThat(BackendExtension.select(List.of(), List.of(), installed, "x")).isEqualTo(installed);
        if (installed.size() > 1) {
            String other = installed.get(1).name();
            assertThatThrownBy(() -> BackendExtension.select(List.of("builtin"), List.of(other), installed, "x"))
                    .hasMessageContaining("no backend left to run on");
        }
    }
}
