package org.jwsgi.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jwsgi.backend.Backend;
import org.jwsgi.gateway.AccessLogFormat;
import org.jwsgi.gateway.Durations;
import org.jwsgi.gateway.ServerEndpoints;
import org.jwsgi.options.ClientAuth;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;
import org.jwsgi.options.TlsOptions;

/**
 * The parsed command line; {@link #parse} throws IllegalArgumentException with the message to
 * print. Every option is a row of {@link #FLAGS}, and what it sets a case of {@link #set}: each
 * {@link ServerOptions} field has a flag named after it in kebab-case ({@code maxBodyBytes} is
 * {@code --max-body-bytes}), and the help text is made from the same rows, so neither can miss one
 * (CliArgsTest checks both, and that every row has its case).
 */
record CliArgs(String server, String app, ServerOptions options, boolean help, boolean version, boolean reload,
        String accessLogFile, String metricsPath) {

    /** What the flags set while the command line is read. */
    static final class State {
        String server = "builtin";
        ServerOptions options = ServerOptions.defaults().withAccessLog(true);
        boolean poolThreadsGiven;
        String certFile;
        String keyFile;
        String keyStore;
        String passwordEnv;
        String caCerts;
        ClientAuth clientAuth;
        boolean reload;
        String accessLogFile;
        String metricsPath;
    }

    /**
     * One option: {@code --name VALUE} (or {@code --name=VALUE}), or a switch without a value when
     * {@code metavar} is null. What it sets is its case in {@link #set}.
     *
     * @param help its line(s) of help; {@code %s} is replaced by {@code shown}, the default
     */
    record Flag(String name, String metavar, String help, Object shown) {

        String usage() {
            return metavar == null ? name : name + " " + metavar;
        }
    }

    private static final ServerOptions DEFAULTS = ServerOptions.defaults();

    /** Every option, in the order of the help text; {@link #set} has a case for each, in this order. */
    static final List<Flag> FLAGS = List.of(
            new Flag("--server", "NAME", "the backend: builtin (the bundled server), jetty (Jetty 12) or\n"
                    + "tomcat (Tomcat 11), if on the class path (default builtin)", null),
            new Flag("--host", "HOST", "address to listen on; 0.0.0.0 for all (default %s)", DEFAULTS.host()),
            new Flag("--port", "PORT", "port to listen on, 0 for one the OS chooses (default %s)", DEFAULTS.port()),
            new Flag("--threading", "MODEL", "single: one request at a time, no keep-alive (builtin only);\n"
                    + "per-connection: a thread per connection, virtual on Java 21+;\n"
                    + "pool: a fixed pool of --pool-threads threads (default %s)", DEFAULTS.threading().label()),
            new Flag("--pool-threads", "N", "threads of the pool model (default %s)", DEFAULTS.poolThreads()),
            new Flag("--max-connections", "N", "connections open at once; more wait (default %s)",
                    DEFAULTS.maxConnections()),
            new Flag("--backlog", "N", "connections the kernel queues before they are accepted (default %s)",
                    DEFAULTS.backlog()),
            new Flag("--max-request-line-bytes", "N", "longest request line (and chunk-size line), else 414\n"
                    + "(default %s)", DEFAULTS.maxRequestLineBytes()),
            new Flag("--max-header-bytes", "N", "largest header section (and trailers), else 431 (default %s)",
                    DEFAULTS.maxHeaderBytes()),
            new Flag("--max-header-count", "N", "most header fields in a request, else 431 (default %s)",
                    DEFAULTS.maxHeaderCount()),
            new Flag("--max-body-bytes", "N", "largest request body accepted, else 413 (default %s)",
                    DEFAULTS.maxBodyBytes()),
            new Flag("--max-drain-bytes", "N", "unread request body discarded to keep a connection open\n"
                    + "(default %s)", DEFAULTS.maxDrainBytes()),
            new Flag("--header-read-timeout", "S", "seconds a client has to send a request head, else 408\n"
                    + "(default %s)", seconds(DEFAULTS.headerReadTimeout())),
            new Flag("--body-read-timeout", "S", "seconds a read of the request body may wait for the client\n"
                    + "(default %s)", seconds(DEFAULTS.bodyReadTimeout())),
            new Flag("--min-body-rate", "N", "bytes/s a request body must keep up, give or take\n"
                    + "--body-read-timeout; 0: no rate (default %s)", DEFAULTS.minBodyRate()),
            new Flag("--keep-alive-timeout", "S", "seconds an idle keep-alive connection stays open (default %s)",
                    seconds(DEFAULTS.keepAliveTimeout())),
            new Flag("--write-timeout", "S", "seconds one write to a client may make no progress (default %s)",
                    seconds(DEFAULTS.writeTimeout())),
            new Flag("--linger-timeout", "S", "seconds a closing connection reads what the client still sends\n"
                    + "(default %s)", seconds(DEFAULTS.lingerTimeout())),
            new Flag("--stop-grace", "S", "seconds in-flight requests get at shutdown (default %s)",
                    seconds(DEFAULTS.stopGrace())),
            new Flag("--drain-delay", "S", "seconds a stop goes on serving as before, only --health-path\n"
                    + "answering 503, before the port closes (default %s)", seconds(DEFAULTS.drainDelay())),
            new Flag("--stop-idle-timeout", "S", "seconds an idle keep-alive connection stays open at a stop,\n"
                    + "for a request already on its way (default %s)", seconds(DEFAULTS.stopIdleTimeout())),
            new Flag("--health-path", "PATH", "a path the server answers itself, before the app: 200 while\n"
                    + "serving, 503 once a stop begins; e.g. /healthz (default none)", null),
            new Flag("--log-health-checks", null, "put requests to --health-path in the access log too", null),
            new Flag("--reuse-port", null, "listen with SO_REUSEPORT, so a new instance can take the port\n"
                    + "while this one still holds it", null),
            new Flag("--inherit-socket", null, "serve the listening socket given as standard input (systemd\n"
                    + "StandardInput=socket, inetd wait) instead of --host/--port", null),
            new Flag("--access-log", "FILE", "write the access log (a line per request, on by default) to\n"
                    + "FILE, appending, instead of stderr (- is stderr); SIGUSR1\n"
                    + "reopens FILE, for logrotate", null),
            new Flag("--no-access-log", null, "do not log a line per request", null),
            new Flag("--access-log-format", "FORMAT", "common, combined or json (JSON Lines, the fields of\n"
                    + "the JFR event org.jwsgi.Request) (default %s)", DEFAULTS.accessLogFormat().label()),
            new Flag("--request-id", null, "give a request without an acceptable X-Request-Id a generated\n"
                    + "one (an incoming one is always used): environ jwsgi.request_id,\n"
                    + "the access log, the JFR event, the response", null),
            new Flag("--metrics", "PATH", "serve Prometheus metrics (http.server.requests, connections,\n"
                    + "threads) at PATH, e.g. /metrics, answered before the app and\n"
                    + "not counted as its traffic", null),
            new Flag("--server-software", "TEXT", "the Server header and SERVER_SOFTWARE (default %s)",
                    DEFAULTS.serverSoftware()),
            // HTTPS (docs/tls.md): one ServerOptions field, tls, set from these after the loop
            new Flag("--certfile", "PEM", "serve HTTPS with this certificate chain, leaf first (gunicorn's\n"
                    + "name), and --keyfile; re-read when it changes", null),
            new Flag("--keyfile", "PEM", "the certificate's private key: PKCS#8, RSA or EC, unencrypted", null),
            new Flag("--keystore", "FILE", "or HTTPS with the key and chain of this PKCS#12 keystore...", null),
            new Flag("--keystore-password-env", "NAME", "...whose password is in the environment variable NAME",
                    null),
            new Flag("--ca-certs", "PEM", "the CAs client certificates must chain to...", null),
            new Flag("--client-auth", "MODE", "...and whether to ask clients for one: want or need", null),
            new Flag("--http2", null, "HTTP/2 too: h2 by ALPN over TLS, h2c in clear (jetty, tomcat)", null),
            new Flag("--reload", null, "development: reload the application when a class changes in a\n"
                    + "class-path directory (requests in flight finish on the old one)", null),
            new Flag("--version", null, "print the version and exit", null),
            new Flag("--help", null, "print this help and exit (also -h)", null));

    /**
     * What the flag called {@code name} sets, from {@code v} (null for a switch); an
     * IllegalArgumentException names what is wrong with {@code v}. A {@code switch}, not a lambda per
     * row of {@link #FLAGS}: spinning 64 lambda classes at each start cost ~40 ms of CPU (Java 17).
     */
    static void set(State s, String name, String v) {
        ServerOptions o = s.options;
        switch (name) {
            case "--server" -> s.server = backend(v).name();
            case "--host" -> s.options = o.withHost(v);
            case "--port" -> s.options = o.withPort(port(v));
            case "--threading" -> s.options = o.withThreading(Threading.parse(v));
            case "--pool-threads" -> {
                s.options = o.withPoolThreads(positive(v));
                s.poolThreadsGiven = true;
            }
            case "--max-connections" -> s.options = o.withMaxConnections(positive(v));
            case "--backlog" -> s.options = o.withBacklog(positive(v));
            case "--max-request-line-bytes" -> s.options = o.withMaxRequestLineBytes(positive(v));
            case "--max-header-bytes" -> s.options = o.withMaxHeaderBytes(positive(v));
            case "--max-header-count" -> s.options = o.withMaxHeaderCount(positive(v));
            case "--max-body-bytes" -> s.options = o.withMaxBodyBytes(bytes(v));
            case "--max-drain-bytes" -> s.options = o.withMaxDrainBytes(bytes(v));
            case "--header-read-timeout" -> s.options = o.withHeaderReadTimeout(seconds(v, false));
            case "--body-read-timeout" -> s.options = o.withBodyReadTimeout(seconds(v, false));
            case "--min-body-rate" -> s.options = o.withMinBodyRate(nonNegative(v));
            case "--keep-alive-timeout" -> s.options = o.withKeepAliveTimeout(seconds(v, false));
            case "--write-timeout" -> s.options = o.withWriteTimeout(seconds(v, false));
            case "--linger-timeout" -> s.options = o.withLingerTimeout(seconds(v, true));
            case "--stop-grace" -> s.options = o.withStopGrace(seconds(v, true));
            case "--drain-delay" -> s.options = o.withDrainDelay(seconds(v, true));
            case "--stop-idle-timeout" -> s.options = o.withStopIdleTimeout(seconds(v, false));
            case "--health-path" -> s.options = o.withHealthPath(v);
            case "--log-health-checks" -> s.options = o.withLogHealthChecks(true);
            case "--reuse-port" -> s.options = o.withReusePort(true);
            case "--inherit-socket" -> s.options = o.withInheritSocket(true);
            case "--access-log" -> {
                s.options = o.withAccessLog(true);
                s.accessLogFile = v.equals("-") ? null : requireText(v);
            }
            case "--no-access-log" -> s.options = o.withAccessLog(false);
            case "--access-log-format" -> s.options = o.withAccessLogFormat(AccessLogFormat.parse(v));
            case "--request-id" -> s.options = o.withRequestId(true);
            case "--metrics" -> s.metricsPath = endpointPath(v);
            case "--server-software" -> s.options = o.withServerSoftware(v);
            case "--certfile" -> s.certFile = v;
            case "--keyfile" -> s.keyFile = v;
            case "--keystore" -> s.keyStore = v;
            case "--keystore-password-env" -> s.passwordEnv = v;
            case "--ca-certs" -> s.caCerts = v;
            case "--client-auth" -> s.clientAuth = ClientAuth.parse(v);
            case "--http2" -> s.options = o.withHttp2(true);
            case "--reload" -> s.reload = true;
            case "--version", "--help" -> {
                // answered by parse before any flag is read
            }
            default -> throw new IllegalStateException("no case for the flag " + name + " in CliArgs.set");
        }
    }

    /** How the CLI is started, as the help text shows it. */
    static final String COMMAND = "java -jar jwsgi-cli.jar";

    private static final String USAGE = """
            Usage: %s [OPTIONS] [APP]

            Serves a WSGI-style application (org.jwsgi.Application) over HTTP/1.1 until
            interrupted (SIGINT/SIGTERM stop it gracefully). The first line printed holds
            the URL served.

            APP                       a class implementing org.jwsgi.Application with a public
                                      no-arg constructor (on the class path), or a built-in:
                                        demo   the environ as JSON (the default)
                                        hello  "Hello, World!" as text/plain
                                      With java -jar the class path is the jar's alone (-cp is
                                      ignored): java -cp jwsgi-cli.jar:DIR org.jwsgi.cli.Main APP
            Options (--name VALUE or --name=VALUE):
            """;

    private static final String FIXED_USAGE = """
            Usage: %s [OPTIONS]

            Serves %s over HTTP/1.1 with jwsgi until interrupted (SIGINT/SIGTERM stop it
            gracefully). The first line printed holds the URL served.

            Options (--name VALUE or --name=VALUE):
            """;

    private static final String EPILOGUE = """

            A refused request's response names the limit that tripped by its ServerOptions
            name (maxBodyBytes for --max-body-bytes); docs/environ.md lists them all.
            jetty and tomcat map the options onto their own settings and answer refused
            requests their own way; docs/backends.md has the table.

            Exit status: 2 on bad arguments (a missing, unreadable or mismatched key or
            certificate too, named in the message), 1 if the address cannot be bound; after SIGTERM or
            SIGINT the JVM exits with 143 or 130 (128 + the signal), once "jwsgi: stopped" is
            printed and every request in flight has finished or the grace has passed.
            """;

    /** The help text of jwsgi-cli.jar. */
    static String helpText() {
        return helpText(COMMAND, null);
    }

    /**
     * The help text: the usage, one entry per row of {@link #FLAGS} with its default, the exit
     * statuses; for a program that serves one {@code fixedApp} (the sample's jar), without APP.
     */
    static String helpText(String command, String fixedApp) {
        return helpText(fixedApp == null ? USAGE.formatted(command) : FIXED_USAGE.formatted(command, fixedApp));
    }

    /**
     * The help text with {@code head} (the usage line, what APP is, a launcher's own options) before
     * the server options, one entry per row of {@link #FLAGS} with its default, and the exit statuses.
     */
    static String helpText(String head) {
        StringBuilder b = new StringBuilder(head);
        for (Flag f : FLAGS) {
            String text = f.shown() == null ? f.help() : f.help().formatted(f.shown());
            String[] lines = text.split("\n");
            String usage = "  " + f.usage();
            b.append(usage);
            for (int i = 0; i < lines.length; i++) {
                int column = i == 0 ? usage.length() : 0;
                b.append(" ".repeat(Math.max(1, 26 - column))).append(lines[i]).append('\n');
            }
        }
        return b.append(EPILOGUE).toString();
    }

    static CliArgs parse(String[] args) {
        return parse(args, null, "demo");
    }

    /**
     * The command line of a program that serves {@code fixedApp} and takes no APP (null: any APP),
     * with {@code defaultApp} when none is given (jwsgi-cli.jar's {@code demo}; null for none, which
     * the program's loader then refuses).
     */
    static CliArgs parse(String[] args, String fixedApp, String defaultApp) {
        State state = new State();
        String app = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (arg.equals("-h") || arg.equals("--help")) {
                if (value != null) {
                    throw new IllegalArgumentException(arg + " takes no value");
                }
                return new CliArgs(state.server, defaultApp, state.options, true, false, false, null, null);
            }
            if (arg.equals("--version")) {
                if (value != null) {
                    throw new IllegalArgumentException(arg + " takes no value");
                }
                return new CliArgs(state.server, defaultApp, state.options, false, true, false, null, null);
            }
            Flag flag = flag(arg);
            if (flag == null) {
                if (arg.startsWith("-")) {
                    throw new IllegalArgumentException("unknown option " + arg + suggestion(arg));
                }
                if (fixedApp != null) {
                    throw new IllegalArgumentException("takes no APP argument (it serves " + fixedApp + "), got '"
                            + arg + "'");
                }
                if (app != null) {
                    throw new IllegalArgumentException("one APP only, got '" + app + "' and '" + arg + "'");
                }
                app = arg;
                continue;
            }
            if (flag.metavar() == null) {
                if (value != null) {
                    throw new IllegalArgumentException(arg + " takes no value");
                }
            } else if (value == null) {
                value = next(args, ++i, arg);
            }
            try {
                set(state, flag.name(), value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(arg + ": " + e.getMessage(), e);
            }
        }
        ServerOptions o = state.options;
        if (state.poolThreadsGiven && o.threading() != Threading.POOL) {
            throw new IllegalArgumentException("--pool-threads needs --threading pool (the model is "
                    + o.threading().label() + ")");
        }
        o = o.withTls(tls(state));
        if (o.http2() && state.server.equals("builtin")) {
            throw new IllegalArgumentException("--http2 needs --server jetty or tomcat: the builtin server speaks"
                    + " HTTP/1.1 only");
        }
        try {
            InetAddress.getByName(o.host());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host " + o.host() + ": unknown host");
        }
        String chosen = fixedApp != null ? fixedApp : app == null ? defaultApp : app;
        return new CliArgs(state.server, chosen, o, false, false, state.reload, state.accessLogFile, state.metricsPath);
    }

    /** The TLS options the flags give, or null for plain HTTP; each misuse named by its flags. */
    private static TlsOptions tls(State s) {
        if ((s.certFile == null) != (s.keyFile == null)) {
            throw new IllegalArgumentException(s.certFile == null ? "--keyfile needs --certfile, the certificate chain"
                    : "--certfile needs --keyfile, the certificate's private key");
        }
        if (s.keyStore != null && s.certFile != null) {
            throw new IllegalArgumentException("--keystore or --certfile/--keyfile, not both");
        }
        if (s.keyStore != null && s.passwordEnv == null) {
            throw new IllegalArgumentException("--keystore needs --keystore-password-env NAME, the environment variable"
                    + " holding its password");
        }
        if (s.keyStore == null && s.passwordEnv != null) {
            throw new IllegalArgumentException("--keystore-password-env needs --keystore");
        }
        if (s.certFile == null && s.keyStore == null) {
            if (s.caCerts != null || s.clientAuth != null) {
                throw new IllegalArgumentException((s.caCerts != null ? "--ca-certs" : "--client-auth")
                        + " needs TLS: --certfile and --keyfile, or --keystore");
            }
            return null;
        }
        ClientAuth mode = s.clientAuth == ClientAuth.NONE ? null : s.clientAuth;
        if ((s.caCerts == null) != (mode == null)) {
            throw new IllegalArgumentException(s.caCerts == null ? "--client-auth needs --ca-certs, the CAs client"
                    + " certificates must chain to" : "--ca-certs needs --client-auth want or need");
        }
        TlsOptions tls = s.keyStore != null ? TlsOptions.keyStore(Path.of(s.keyStore), s.passwordEnv)
                : TlsOptions.pem(Path.of(s.certFile), Path.of(s.keyFile));
        return s.caCerts == null ? tls : tls.withClientAuth(mode, Path.of(s.caCerts));
    }

    private static Flag flag(String name) {
        for (Flag f : FLAGS) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** "; did you mean --threading?" for a near miss (the old --threads among them), else "". */
    private static String suggestion(String arg) {
        List<String> near = new ArrayList<>();
        for (Flag f : FLAGS) {
            if (f.name().startsWith(arg) || arg.startsWith(f.name().substring(0, Math.min(f.name().length(), 7)))) {
                near.add(f.name());
            }
        }
        return near.size() == 1 ? "; did you mean " + near.get(0) + "?" : "";
    }

    /** The backend called {@code name}, if it is there and its server is on the class path. */
    private static Backend backend(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        Backend b = Backend.named(n);
        if (!b.available()) {
            throw new IllegalArgumentException("its server is not on the class path; available: "
                    + String.join(", ", Backend.installed().stream().map(Backend::name).toList()));
        }
        return b;
    }

    private static String requireText(String v) {
        if (v.isBlank()) {
            throw new IllegalArgumentException("needs a file name");
        }
        return v;
    }

    /** A path the server answers itself: starts with /, visible ASCII, no query. */
    private static String endpointPath(String v) {
        return new ServerEndpoints.Endpoint(v, (env, sr) -> java.util.List.of(), false).path();
    }

    private static String next(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int port(String v) {
        int port = integer(v);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("must be 0 to 65535, not " + port);
        }
        return port;
    }

    private static int integer(String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("needs a whole number, not '" + v + "'");
        }
    }

    private static int positive(String v) {
        int n = integer(v);
        if (n <= 0) {
            throw new IllegalArgumentException("must be at least 1, not " + n);
        }
        return n;
    }

    private static int nonNegative(String v) {
        int n = integer(v);
        if (n < 0) {
            throw new IllegalArgumentException("must be 0 or more, not " + n);
        }
        return n;
    }

    private static long bytes(String v) {
        try {
            long n = Long.parseLong(v.strip());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("needs a number of bytes, not '" + v + "'");
        }
    }

    private static Duration seconds(String v, boolean zeroAllowed) {
        try {
            double s = Double.parseDouble(v.strip());
            if (!(s > 0 || zeroAllowed && s == 0) || Double.isInfinite(s) || Double.isNaN(s)) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis((long) (s * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("needs a number of seconds" + (zeroAllowed ? "" : " above 0")
                    + ", not '" + v + "'");
        }
    }

    /** A default duration as the help text shows it: seconds, without a unit ({@code 20}, {@code 0.5}). */
    private static String seconds(Duration d) {
        String text = Durations.text(d);
        return text.endsWith(" ms") ? Double.toString(d.toMillis() / 1000.0) : text.substring(0, text.length() - 2);
    }
}
