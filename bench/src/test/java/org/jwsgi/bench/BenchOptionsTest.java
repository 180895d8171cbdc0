package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    private static final Path JAVA = Jvm.current();
    private static final Path OUT = Path.of("bench/results/now");

    private static BenchOptions parse(String... args) {
        return BenchOptions.parse(List.of(args), false, JAVA, OUT);
    }

    @Test
    void defaultsAreTheIssuesSettings() {
        BenchOptions o = parse();

        assertThat(o.servers()).containsExactly("builtin", "builtin-log", "jetty-bridge", "tomcat-bridge", "jetty-core",
                "jetty-servlet", "tomcat-servlet", "jdk-httpserver");
        assertThat(o.apps()).containsExactly(App.HELLO, App.K64, App.UPLOAD, App.STREAM, App.JSON, App.PLAINTEXT_256,
                App.PLAINTEXT_1024, App.TE_JSON, App.HELLO_SLEEP);
        assertThat(List.of(o.rounds(), o.warmupSeconds(), o.durationSeconds(), o.connections(), o.threads()))
                .containsExactly(2, 4, 10, 64, 1);
        assertThat(o.reference()).isEqualTo("jetty-core");
        assertThat(o.java()).isEqualTo(JAVA);
        assertThat(o.out()).isEqualTo(OUT);
    }

    @Test
    void nginxIsADefaultServerOnlyWhenInstalled() {
        assertThat(BenchOptions.parse(List.of(), true, JAVA, OUT).servers()).endsWith("nginx");
        assertThatThrownBy(() -> parse("--servers", "builtin,nginx"))
                .hasMessage("--servers: nginx is not installed (apt-get install nginx-light)");
    }

    @Test
    void quickShortensTheRunButFlagsGivenWinInAnyOrder() {
        BenchOptions quick = parse("--quick");
        BenchOptions longer = parse("--duration", "5s", "--quick");

        assertThat(List.of(quick.rounds(), quick.warmupSeconds(), quick.durationSeconds())).containsExactly(1, 1, 2);
        assertThat(longer.durationSeconds()).isEqualTo(5);
        assertThat(longer.rounds()).isEqualTo(1);
    }

    @Test
    void readsListsDurationsAndTheEqualsForm() {
        BenchOptions o = parse("--servers=jetty-core,builtin,builtin", "--apps", "upload,hello", "--warmup", "0",
                "--duration", "1m", "--connections", "8", "--threads=2", "--reference", "builtin", "--out", "/tmp/x");

        assertThat(o.servers()).containsExactly("jetty-core", "builtin");
        assertThat(o.apps()).containsExactly(App.UPLOAD, App.HELLO);
        assertThat(o.warmupSeconds()).isZero();
        assertThat(o.durationSeconds()).isEqualTo(60);
        assertThat(o.threads()).isEqualTo(2);
        assertThat(o.reference()).isEqualTo("builtin");
        assertThat(o.out()).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void badFlagsAreRefusedNamingTheFlagAndTheValue() {
        assertThatThrownBy(() -> parse("--speed", "11")).hasMessage("unknown flag \"--speed\" (--help lists them)");
        assertThatThrownBy(() -> parse("--rounds")).hasMessage("--rounds needs a value");
        assertThatThrownBy(() -> parse("--rounds", "0")).hasMessage("--rounds: \"0\" is not a whole number ≥ 1");
        assertThatThrownBy(() -> parse("--connections", "many")).hasMessageStartingWith("--connections: \"many\"");
        assertThatThrownBy(() -> parse("--duration", "500ms")).hasMessageStartingWith("--duration: \"500ms\" is not a duration");
        assertThatThrownBy(() -> parse("--duration", "0")).hasMessageStartingWith("--duration: \"0\"");
        assertThatThrownBy(() -> parse("--servers", "builtin,undertow"))
                .hasMessageStartingWith("--servers: unknown name \"undertow\" (known: builtin, ");
        assertThatThrownBy(() -> parse("--apps", "")).hasMessageStartingWith("--apps: unknown name \"\"");
        assertThatThrownBy(() -> parse("--reference", "builtin,jetty-core"))
                .hasMessageStartingWith("--reference: unknown name \"builtin,jetty-core\"");
        assertThatThrownBy(() -> parse("--quick=yes")).hasMessage("--quick takes no value");
        assertThatThrownBy(() -> parse("--threads", "8", "--connections", "4"))
                .hasMessage("--threads 8 is more than --connections 4 (wrk gives each thread at least one connection)");
        assertThatThrownBy(() -> parse("--java", "/nonexistent/java"))
                .hasMessage("--java /nonexistent/java: not an executable file");
    }

    @Test
    void helpIsAskedWithEitherSpelling() {
        assertThat(BenchOptions.wantsHelp(List.of("--quick", "--help"))).isTrue();
        assertThat(BenchOptions.wantsHelp(List.of("-h"))).isTrue();
        assertThat(BenchOptions.wantsHelp(List.of("--quick"))).isFalse();
        assertThat(BenchOptions.USAGE).contains("--servers", "--apps", "--rounds", "--duration", "--warmup",
                "--connections", "--threads", "--reference", "--java", "--out", "--quick");
    }
}
