package org.jwsgi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;

class CliArgsTest {

    @Test
    void defaultsToTheBuiltinServerServingDemoOnPort8000WithAccessLog() {
        CliArgs cli = CliArgs.parse(new String[0]);
        assertThat(cli.server()).isEqualTo("builtin");
        assertThat(cli.app()).isEqualTo("demo");
        assertThat(cli.help()).isFalse();
        assertThat(cli.options()).isEqualTo(ServerOptions.defaults().withAccessLog(true));
        assertThat(cli.options().port()).isEqualTo(8000);
        assertThat(cli.options().host()).isEqualTo("127.0.0.1");
        assertThat(cli.options().accessLog()).isTrue();
    }

    record Option(String name, String value, Function<ServerOptions, Object> read, Object expected) {
        @Override
        public String toString() {
            return name + " " + value;
        }
    }

    static Stream<Option> options() {
        return Stream.of(
                new Option("--host", "0.0.0.0", ServerOptions::host, "0.0.0.0"),
                new Option("--host", "::1", ServerOptions::host, "::1"),
                new Option("--port", "0", ServerOptions::port, 0),
                new Option("--port", "65535", ServerOptions::port, 65535),
                new Option("--threading", "single", ServerOptions::threading, Threading.SINGLE),
                new Option("--threading", "per-connection", ServerOptions::threading, Threading.PER_CONNECTION),
                new Option("--threading", "POOL", ServerOptions::threading, Threading.POOL),
                new Option("--pool-threads", "8", ServerOptions::poolThreads, 8),
                new Option("--max-connections", "3", ServerOptions::maxConnections, 3),
                new Option("--max-body-bytes", "0", ServerOptions::maxBodyBytes, 0L),
                new Option("--max-body-bytes", "10000000000", ServerOptions::maxBodyBytes, 10_000_000_000L),
                new Option("--header-read-timeout", "0.25", ServerOptions::headerReadTimeout, Duration.ofMillis(250)),
                new Option("--keep-alive-timeout", "1.5", ServerOptions::keepAliveTimeout, Duration.ofMillis(1500)),
                new Option("--stop-grace", "0", ServerOptions::stopGrace, Duration.ZERO),
                new Option("--stop-grace", "30", ServerOptions::stopGrace, Duration.ofSeconds(30)),
                new Option("--drain-delay", "5", ServerOptions::drainDelay, Duration.ofSeconds(5)),
                new Option("--stop-idle-timeout", "0.5", ServerOptions::stopIdleTimeout, Duration.ofMillis(500)),
                new Option("--health-path", "/healthz", ServerOptions::healthPath, "/healthz"));
    }

    /** --pool-threads only goes with --threading pool. */
    private static String[] withModel(Option o, String... args) {
        return o.name().equals("--pool-threads")
                ? java.util.stream.Stream.concat(java.util.Arrays.stream(args), Stream.of("--threading", "pool"))
                        .toArray(String[]::new)
                : args;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("options")
    void parsesOptionAsTwoArguments(Option o) {
        assertThat(o.read().apply(CliArgs.parse(withModel(o, o.name(), o.value())).options()))
                .isEqualTo(o.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("options")
    void parsesOptionWithEqualsSign(Option o) {
        assertThat(o.read().apply(CliArgs.parse(withModel(o, o.name() + "=" + o.value())).options()))
                .isEqualTo(o.expected());
    }

    @Test
    void turnsOnTheSwitchesOfARestart() {
        assertThat(CliArgs.parse(new String[] {"--reuse-port", "--log-health-checks"}).options())
                .isEqualTo(ServerOptions.defaults().withAccessLog(true).withReusePort(true).withLogHealthChecks(true));
        assertThat(CliArgs.parse(new String[] {"--inherit-socket"}).options().inheritSocket()).isTrue();
    }

    @Test
    void takesTheObservabilityFlags() {
        CliArgs cli = CliArgs.parse(new String[] {"--access-log", "/tmp/a.log", "--access-log-format", "json",
            "--request-id", "--metrics", "/metrics"});
        assertThat(cli.accessLogFile()).isEqualTo("/tmp/a.log");
        assertThat(cli.metricsPath()).isEqualTo("/metrics");
        assertThat(cli.options()).isEqualTo(ServerOptions.defaults().withAccessLog(true)
                .withAccessLogFormat(org.jwsgi.gateway.AccessLogFormat.JSON).withRequestId(true));
        assertThat(CliArgs.parse(new String[] {"--access-log=-"}).accessLogFile()).isNull();
        assertThat(CliArgs.parse(new String[0]).metricsPath()).isNull();
    }

    @Test
    void turnsTheAccessLogOff() {
        assertThat(CliArgs.parse(new String[] {"--no-access-log"}).options().accessLog()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"builtin, builtin", "BUILTIN, builtin", "jetty, jetty", "Tomcat, tomcat"})
    void acceptsEveryInstalledBackend(String given, String name) {
        assertThat(CliArgs.parse(new String[] {"--server", given}).server()).isEqualTo(name);
        assertThat(CliArgs.parse(new String[] {"--server=" + given}).server()).isEqualTo(name);
    }

    @Test
    void takesTheAppAmongOptions() {
        CliArgs cli = CliArgs.parse(new String[] {"--port", "0", "com.example.MyApp", "--no-access-log"});
        assertThat(cli.app()).isEqualTo("com.example.MyApp");
        assertThat(cli.options().port()).isZero();
        assertThat(cli.options().accessLog()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "--help"})
    void asksForHelp(String flag) {
        assertThat(CliArgs.parse(new String[] {"--port", "1", flag, "--bogus"}).help()).isTrue();
    }

    record Bad(String why, String[] args, String named) {
        @Override
        public String toString() {
            return why + ": " + String.join(" ", args);
        }
    }

    static Stream<Bad> badArguments() {
        return Stream.of(
                new Bad("unknown option", new String[] {"--bogus"}, "--bogus"),
                new Bad("unknown short option", new String[] {"-x"}, "-x"),
                new Bad("port not a number", new String[] {"--port", "abc"}, "--port"),
                new Bad("port not a number, = form", new String[] {"--port=abc"}, "--port"),
                new Bad("empty port, = form", new String[] {"--port="}, "--port"),
                new Bad("port over 65535", new String[] {"--port", "70000"}, "--port: must be 0 to 65535, not 70000"),
                new Bad("negative port", new String[] {"--port", "-1"}, "--port"),
                new Bad("unknown threading model", new String[] {"--threading", "bogus"}, "--threading"),
                new Bad("unknown threading model, = form", new String[] {"--threading=bogus"}, "--threading: unknown threading model bogus"),
                new Bad("the old name of --threading", new String[] {"--threads", "pool"},
                        "unknown option --threads; did you mean --threading?"),
                new Bad("no pool threads", new String[] {"--pool-threads", "0"}, "--pool-threads"),
                new Bad("pool threads without the pool model", new String[] {"--pool-threads", "4"},
                        "--pool-threads needs --threading pool"),
                new Bad("unknown host", new String[] {"--host", "nosuch.invalid"}, "--host nosuch.invalid: unknown host"),
                new Bad("zero header timeout", new String[] {"--header-read-timeout", "0"}, "--header-read-timeout"),
                new Bad("no connections", new String[] {"--max-connections", "0"}, "--max-connections"),
                new Bad("negative body limit", new String[] {"--max-body-bytes", "-1"}, "--max-body-bytes"),
                new Bad("zero keep-alive timeout", new String[] {"--keep-alive-timeout", "0"}, "--keep-alive-timeout"),
                new Bad("NaN keep-alive timeout", new String[] {"--keep-alive-timeout", "NaN"}, "--keep-alive-timeout"),
                new Bad("negative stop grace", new String[] {"--stop-grace", "-1"}, "--stop-grace"),
                new Bad("infinite stop grace", new String[] {"--stop-grace", "Infinity"}, "--stop-grace"),
                new Bad("missing value at the end", new String[] {"--port"}, "--port"),
                new Bad("missing value before another option", new String[] {"--host", "--port", "1"}, "--host"),
                new Bad("two APPs", new String[] {"demo", "hello"}, "APP"),
                new Bad("unknown server", new String[] {"--server", "nope"},
                        "--server: no backend named \"nope\"; available: builtin, jetty, tomcat"),
                new Bad("unknown server, = form", new String[] {"--server=undertow"}, "--server: no backend named \"undertow\""),
                new Bad("a value for a flag", new String[] {"--no-access-log=yes"}, "--no-access-log takes no value"),
                new Bad("a value for help", new String[] {"--help=x"}, "--help takes no value"),
                new Bad("a relative health path", new String[] {"--health-path", "healthz"},
                        "--health-path: healthPath must be empty or a path starting with /"),
                new Bad("a health path with a query", new String[] {"--health-path", "/h?x=1"}, "--health-path"),
                new Bad("negative drain delay", new String[] {"--drain-delay", "-1"}, "--drain-delay"),
                new Bad("zero stop idle timeout", new String[] {"--stop-idle-timeout", "0"}, "--stop-idle-timeout"),
                new Bad("both ways to get a socket", new String[] {"--reuse-port", "--inherit-socket"},
                        "--inherit-socket: reusePort and inheritSocket exclude each other"),
                new Bad("a value for a switch", new String[] {"--reuse-port=yes"}, "--reuse-port takes no value"),
                new Bad("unknown access log format", new String[] {"--access-log-format", "xml"},
                        "--access-log-format: unknown access log format xml (expected common, combined or json)"),
                new Bad("a metrics path without /", new String[] {"--metrics", "metrics"},
                        "--metrics: an endpoint path starts with /"),
                new Bad("a metrics path with a query", new String[] {"--metrics", "/m?x=1"}, "--metrics"),
                new Bad("an access log without a file", new String[] {"--access-log"}, "--access-log needs a value"),
                new Bad("a certificate without its key", new String[] {"--certfile", "c.pem"}, "--certfile needs --keyfile"),
                new Bad("a key without its certificate", new String[] {"--keyfile", "k.pem"}, "--keyfile needs --certfile"),
                new Bad("two sources of keys", new String[] {"--certfile", "c", "--keyfile", "k", "--keystore", "s.p12",
                        "--keystore-password-env", "P"}, "--keystore or --certfile/--keyfile, not both"),
                new Bad("a keystore without its password", new String[] {"--keystore", "s.p12"},
                        "--keystore needs --keystore-password-env"),
                new Bad("a password without a keystore", new String[] {"--keystore-password-env", "P"},
                        "--keystore-password-env needs --keystore"),
                new Bad("client auth without TLS", new String[] {"--client-auth", "need", "--ca-certs", "ca.pem"},
                        "--ca-certs needs TLS"),
                new Bad("client auth without CAs", new String[] {"--certfile", "c", "--keyfile", "k", "--client-auth", "want"},
                        "--client-auth needs --ca-certs"),
                new Bad("CAs without client auth", new String[] {"--certfile", "c", "--keyfile", "k", "--ca-certs", "ca"},
                        "--ca-certs needs --client-auth want or need"),
                new Bad("unknown client auth", new String[] {"--client-auth", "maybe"}, "--client-auth: unknown client-auth mode maybe"),
                new Bad("HTTP/2 on builtin", new String[] {"--http2"}, "--http2 needs --server jetty or tomcat"),
                new Bad("a value for --http2", new String[] {"--http2=yes"}, "--http2 takes no value"));
    }

    @org.junit.jupiter.api.Test
    void buildsTlsOptionsFromGunicornsFlags() {
        var pem = CliArgs.parse(new String[] {"--certfile", "c.pem", "--keyfile=k.pem", "--ca-certs", "ca.pem",
                "--client-auth", "NEED", "--server", "jetty", "--http2"}).options();
        var p12 = CliArgs.parse(new String[] {"--keystore", "s.p12", "--keystore-password-env", "PW"}).options();

        assertThat(pem.tls().certFile()).isEqualTo(java.nio.file.Path.of("c.pem"));
        assertThat(pem.tls().keyFile()).isEqualTo(java.nio.file.Path.of("k.pem"));
        assertThat(pem.tls().caCerts()).isEqualTo(java.nio.file.Path.of("ca.pem"));
        assertThat(pem.tls().clientAuth()).isEqualTo(org.jwsgi.options.ClientAuth.NEED);
        assertThat(pem.http2()).isTrue();
        assertThat(p12.tls().keyStore()).isEqualTo(java.nio.file.Path.of("s.p12"));
        assertThat(p12.tls().keyStorePasswordEnv()).isEqualTo("PW");
        assertThat(CliArgs.parse(new String[0]).options().tls()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void refusesBadArgumentNamingTheOption(Bad c) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CliArgs.parse(c.args()))
                .withMessageContaining(c.named());
    }

    /** {@code maxBodyBytes} → {@code --max-body-bytes}. */
    private static String flagOf(String field) {
        return "--" + field.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void everyServerOptionHasAFlagNamedAfterItInTheHelpAndInTheDocs() throws Exception {
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/environ.md"));
        String help = CliArgs.helpText();
        for (java.lang.reflect.RecordComponent c : ServerOptions.class.getRecordComponents()) {
            if (c.getName().equals("tls")) {
                continue; // a nested record: its flags are its fields' (--certfile, --keystore, ...), checked below
            }
            if (c.getName().equals("endpoints") || c.getName().equals("listeners")) {
                continue; // objects, not values: --metrics fills both (a path and its listener)
            }
            String flag = flagOf(c.getName());
            assertThat(CliArgs.FLAGS).as("a flag for ServerOptions.%s", c.getName())
                    .anyMatch(f -> f.name().equals(flag));
            assertThat(help).as("the help text").contains("  " + flag + " ");
            assertThat(docs).as("docs/environ.md").contains("`" + flag);
        }
        for (String flag : List.of("--certfile", "--keyfile", "--keystore", "--keystore-password-env", "--ca-certs",
                "--client-auth")) {
            assertThat(help).as("the help text").contains("  " + flag + " ");
            assertThat(docs).as("docs/environ.md").contains("`" + flag + "`");
        }
    }

    @Test
    void everyRowOfTheTableHasItsCaseInSetAndAnUnknownNameHasNone() {
        for (CliArgs.Flag f : CliArgs.FLAGS) {
            CliArgs.State state = new CliArgs.State();
            try {
                CliArgs.set(state, f.name(), f.metavar() == null ? null : "1");
            } catch (IllegalArgumentException e) {
                // "1" is no value for it (--threading, --client-auth): its case is there and said so
            }
        }
        assertThatIllegalStateException().isThrownBy(() -> CliArgs.set(new CliArgs.State(), "--no-such-flag", "1"))
                .withMessage("no case for the flag --no-such-flag in CliArgs.set");
    }

    @Test
    void eachFlagSetsItsOptionFromTheDefault() {
        ServerOptions defaults = ServerOptions.defaults().withAccessLog(true);
        assertThat(CliArgs.parse(new String[] {"--backlog", "7"}).options()).isEqualTo(defaults.withBacklog(7));
        assertThat(CliArgs.parse(new String[] {"--body-read-timeout=2.5"}).options())
                .isEqualTo(defaults.withBodyReadTimeout(Duration.ofMillis(2500)));
        assertThat(CliArgs.parse(new String[] {"--server-software", "x/1"}).options())
                .isEqualTo(defaults.withServerSoftware("x/1"));
        assertThat(CliArgs.parse(new String[] {"--max-drain-bytes", "0"}).options()).isEqualTo(defaults.withMaxDrainBytes(0));
    }
}
