package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdleConnectionsTest {

    @Test
    void givesTheWsgiServersRoomForTheConnectionsAndTheReferencesTheirDefaults() {
        assertThat(IdleConnections.serveArgs("builtin", 10_000)).containsExactly("builtin", "--max-connections", "10100");
        assertThat(IdleConnections.serveArgs("builtin-pool", 1000))
                .containsExactly("builtin", "--threading", "pool", "--max-connections", "1100");
        assertThat(IdleConnections.serveArgs("tomcat-bridge", 10)).contains("--max-connections", "110");
        assertThat(IdleConnections.serveArgs("jetty-core", 10_000)).containsExactly("jetty-core");
    }

    @Test
    void parsesTheCommandLine() {
        IdleConnections.Config c = IdleConnections.parse(new String[] {"--servers", "builtin, jetty-core",
            "--connections", "1000", "--timeout", "30"});

        assertThat(c.servers()).isEqualTo(List.of("builtin", "jetty-core"));
        assertThat(c.connections()).isEqualTo(1000);
        assertThat(c.timeout().toSeconds()).isEqualTo(30);
        assertThat(c.fresh()).isEqualTo(1000);
    }

    @Test
    void refusesWhatItCannotRun() {
        assertThatThrownBy(() -> IdleConnections.parse(new String[] {"--servers", "nginx"}))
                .hasMessageContaining("unknown server nginx");
        assertThatThrownBy(() -> IdleConnections.parse(new String[] {"--connections", "0"}))
                .hasMessageContaining("--connections 0: not a positive integer");
        assertThatThrownBy(() -> IdleConnections.parse(new String[] {"--java", "/no/such/java"}))
                .hasMessageContaining("not an executable file");
        assertThatThrownBy(() -> IdleConnections.parse(new String[] {"--fast", "yes"}))
                .hasMessageContaining("unknown option --fast");
    }
}
