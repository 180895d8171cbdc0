package org.jwsgi.python;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The launcher's own arguments; the server's pass through to the CLI. */
class PythonMainTest {

    @Test
    void threadingIsAPoolOfPlatformThreadsUnlessGiven() {
        assertThat(PythonMain.parse(new String[] {"--port", "0", "app:application"}).rest())
                .containsExactly("--threading", "pool", "--port", "0", "app:application");
    }

    @Test
    void aThreadingGivenIsKept() {
        assertThat(PythonMain.parse(new String[] {"--threading", "per-connection", "app:application"}).rest())
                .containsExactly("--threading", "per-connection", "app:application");
        assertThat(PythonMain.parse(new String[] {"--threading=single", "app:application"}).rest())
                .containsExactly("--threading=single", "app:application");
    }

    @Test
    void thePythonOptionsAreTheLaunchers() {
        PythonMain.Parsed parsed = PythonMain.parse(
                new String[] {"--model", "pool", "--contexts", "3", "--server", "jetty", "m:app"});
        assertThat(parsed.launcher().model()).isEqualTo(Model.POOL);
        assertThat(parsed.launcher().contexts()).isEqualTo(3);
        assertThat(parsed.rest()).containsExactly("--threading", "pool", "--server", "jetty", "m:app");
    }
}
