package org.jwsgi.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jwsgi.backend.Backend;
import org.jwsgi.options.ClientAuth;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;
import org.jwsgi.options.TlsOptions;

/** The parsed command line; {@link #parse} throws IllegalArgumentException with the message to print. */
record CliArgs(String server, String app, ServerOptions options, boolean help) {

    static final String HELP = """
            Usage: java -jar jwsgi-cli.jar [OPTIONS] [APP]

            Serves a WSGI-style application (org.jwsgi.Application) over HTTP/1.1 until
            interrupted (SIGINT/SIGTERM stop it gracefully). The first line printed holds
            the URL served.

            APP                       a class implementing org.jwsgi.Application with a public
                                      no-arg constructor (on the class path), or a built-in:
                                        demo   the environ as JSON (the default)
                                        hello  "Hello, World!" as text/plain
            Options:
              --server NAME           the backend: builtin (default, the bundled server),
                                      jetty (Jetty 12) or tomcat (Tomcat 11), both inside
                                      jwsgi-cli.jar; the same APP and options on each
              --host HOST             address to listen on (default 127.0.0.1; 0.0.0.0 for all)
              --port PORT             port to listen on, 0 for one the OS chooses (default 8000)
              --threads MODEL         single          one request at a time, no keep-alive
                                                      (builtin only)
                                      per-connection  a thread per connection, virtual on
                                                      Java 21+ (default)
                                      pool            a fixed pool of --pool-threads threads
              --pool-threads N        threads of the pool model (default 64)
              --max-connections N     connections open at once; more wait (default 10000)
              --max-body-bytes N      largest request body accepted, else 413 (default 1073741824)
              --header-read-timeout S seconds a client has to send a request head (default 20)
              --keep-alive-timeout S  seconds an idle keep-alive connection stays open (default 20)
              --stop-grace S          seconds in-flight requests get at shutdown (default 10)
              --no-access-log         do not log a line per request (on by default, to stderr)
            HTTPS and HTTP/2 (docs/tls.md):
              --certfile PEM          serve HTTPS with this certificate chain (leaf first)...
              --keyfile PEM           ...and its private key (PKCS#8, RSA or EC, unencrypted)
              --keystore FILE         or with the key and chain of this PKCS#12 keystore...
              --keystore-password-env NAME
                                      ...whose password is in the environment variable NAME
              --ca-certs PEM          the CAs client certificates must chain to...
              --client-auth MODE      ...and whether to ask for one: want or need
              --http2                 HTTP/2 too: h2 over TLS, h2c in clear (jetty, tomcat)
                                      The key files are read again when they change.
              -h, --help              print this help and exit

            A refused request's response names the limit that tripped by its ServerOptions
            name (maxBodyBytes for --max-body-bytes); docs/environ.md lists them all.
            jetty and tomcat map the options onto their own settings and answer refused
            requests their own way; docs/backends.md has the table (tomcat, for one, does
            not limit the body size).

            Exit status: 2 on bad arguments (a missing, unreadable or mismatched key or
            certificate too, named in the message), 1 if the address cannot be bound; after SIGTERM or
            SIGINT the JVM exits with 143 or 130 (128 + the signal), once "jwsgi: stopped" is
            printed and every request in flight has finished or the grace has passed.
            """;

    static CliArgs parse(String[] args) {
        String server = "builtin";
        String app = null;
        ServerOptions o = ServerOptions.defaults().withAccessLog(true);
        boolean poolThreadsGiven = false;
        String certFile = null;
        String keyFile = null;
        String keyStore = null;
        String passwordEnv = null;
        String caCerts = null;
        ClientAuth clientAuth = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (value != null && (arg.equals("--help") || arg.equals("--no-access-log") || arg.equals("--http2"))) {
                throw new IllegalArgumentException(arg + " takes no value");
            }
            switch (arg) {
                case "-h", "--help" -> {
                    return new CliArgs(server, "demo", o, true);
                }
                case "--no-access-log" -> o = o.withAccessLog(false);
                case "--http2" -> o = o.withHttp2(true);
                case "--certfile" -> certFile = value != null ? value : next(args, ++i, arg);
                case "--keyfile" -> keyFile = value != null ? value : next(args, ++i, arg);
                case "--keystore" -> keyStore = value != null ? value : next(args, ++i, arg);
                case "--keystore-password-env" -> passwordEnv = value != null ? value : next(args, ++i, arg);
                case "--ca-certs" -> caCerts = value != null ? value : next(args, ++i, arg);
                case "--client-auth" -> {
                    String v = value != null ? value : next(args, ++i, arg);
                    try {
                        clientAuth = ClientAuth.parse(v);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(arg + ": " + e.getMessage());
                    }
                }
                case "--server" -> server = backend(value != null ? value : next(args, ++i, arg)).name();
                case "--host" -> o = o.withHost(value != null ? value : next(args, ++i, arg));
                case "--port" -> {
                    int port = integer(arg, value != null ? value : next(args, ++i, arg));
                    if (port < 0 || port > 65535) {
                        throw new IllegalArgumentException("--port must be 0 to 65535, not " + port);
                    }
                    o = o.withPort(port);
                }
                case "--threads" -> {
                    String v = value != null ? value : next(args, ++i, arg);
                    try {
                        o = o.withThreading(Threading.parse(v));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(arg + ": " + e.getMessage());
                    }
                }
                case "--pool-threads" -> {
                    o = o.withPoolThreads(positive(arg, value != null ? value : next(args, ++i, arg)));
                    poolThreadsGiven = true;
                }
                case "--max-connections" ->
                        o = o.withMaxConnections(positive(arg, value != null ? value : next(args, ++i, arg)));
                case "--max-body-bytes" -> {
                    String v = value != null ? value : next(args, ++i, arg);
                    try {
                        long n = Long.parseLong(v);
                        if (n < 0) {
                            throw new NumberFormatException();
                        }
                        o = o.withMaxBodyBytes(n);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(arg + " needs a number of bytes, not '" + v + "'");
                    }
                }
                case "--header-read-timeout" ->
                        o = o.withHeaderReadTimeout(seconds(arg, value != null ? value : next(args, ++i, arg), false));
                case "--keep-alive-timeout" ->
                        o = o.withKeepAliveTimeout(seconds(arg, value != null ? value : next(args, ++i, arg), false));
                case "--stop-grace" -> o = o.withStopGrace(seconds(arg, value != null ? value : next(args, ++i, arg), true));
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    if (app != null) {
                        throw new IllegalArgumentException("one APP only, got '" + app + "' and '" + arg + "'");
                    }
                    app = arg;
                }
            }
        }
        if (poolThreadsGiven && o.threading() != Threading.POOL) {
            throw new IllegalArgumentException("--pool-threads needs --threads pool (the model is "
                    + o.threading().label() + ")");
        }
        o = o.withTls(tls(certFile, keyFile, keyStore, passwordEnv, caCerts, clientAuth));
        if (o.http2() && server.equals("builtin")) {
            throw new IllegalArgumentException("--http2 needs --server jetty or tomcat: the builtin server speaks"
                    + " HTTP/1.1 only");
        }
        try {
            InetAddress.getByName(o.host());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host " + o.host() + ": unknown host");
        }
        return new CliArgs(server, app == null ? "demo" : app, o, false);
    }

    /** The TLS options the flags give, or null for plain HTTP; each misuse named by its flags. */
    private static TlsOptions tls(String certFile, String keyFile, String keyStore, String passwordEnv, String caCerts,
            ClientAuth clientAuth) {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException(certFile == null ? "--keyfile needs --certfile, the certificate chain"
                    : "--certfile needs --keyfile, the certificate's private key");
        }
        if (keyStore != null && certFile != null) {
            throw new IllegalArgumentException("--keystore or --certfile/--keyfile, not both");
        }
        if (keyStore != null && passwordEnv == null) {
            throw new IllegalArgumentException("--keystore needs --keystore-password-env NAME, the environment variable"
                    + " holding its password");
        }
        if (keyStore == null && passwordEnv != null) {
            throw new IllegalArgumentException("--keystore-password-env needs --keystore");
        }
        if (certFile == null && keyStore == null) {
            if (caCerts != null || clientAuth != null) {
                throw new IllegalArgumentException((caCerts != null ? "--ca-certs" : "--client-auth")
                        + " needs TLS: --certfile and --keyfile, or --keystore");
            }
            return null;
        }
        ClientAuth mode = clientAuth == ClientAuth.NONE ? null : clientAuth;
        if ((caCerts == null) != (mode == null)) {
            throw new IllegalArgumentException(caCerts == null ? "--client-auth needs --ca-certs, the CAs client"
                    + " certificates must chain to" : "--ca-certs needs --client-auth want or need");
        }
        TlsOptions tls = keyStore != null ? TlsOptions.keyStore(Path.of(keyStore), passwordEnv)
                : TlsOptions.pem(Path.of(certFile), Path.of(keyFile));
        return caCerts == null ? tls : tls.withClientAuth(mode, Path.of(caCerts));
    }

    /** The backend called {@code name}, if it is there and its server is on the class path. */
    private static Backend backend(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        Backend b;
        try {
            b = Backend.named(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--server " + n + ": " + e.getMessage());
        }
        if (!b.available()) {
            throw new IllegalArgumentException("--server " + n + ": its server is not on the class path; available: "
                    + String.join(", ", Backend.installed().stream().map(Backend::name).toList()));
        }
        return b;
    }

    private static String next(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int integer(String option, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, not '" + v + "'");
        }
    }

    private static int positive(String option, String v) {
        int n = integer(option, v);
        if (n <= 0) {
            throw new IllegalArgumentException(option + " must be at least 1, not " + n);
        }
        return n;
    }

    private static Duration seconds(String option, String v, boolean zeroAllowed) {
        try {
            double s = Double.parseDouble(v);
            if (!(s > 0 || zeroAllowed && s == 0) || Double.isInfinite(s)) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis((long) (s * 1000));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(option + " needs a number of seconds"
                    + (zeroAllowed ? "" : " above 0") + ", not '" + v + "'");
        }
    }
}
