package org.jwsgi.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The harness's command line, checked. Every flag is in {@link #USAGE}.
 *
 * <pre>{@code
 * BenchOptions o = BenchOptions.parse(List.of("--servers", "builtin,jetty-core", "--quick"),
 *         false, Jvm.current(), Path.of("bench/results/20250601-100000"));
 * o.durationSeconds();  // 2: --quick's, as no --duration was given
 * }</pre>
 *
 * @param servers in table order, no repeats
 * @param apps in table order, no repeats
 * @param warmupSeconds 0 skips the warm-up run
 * @param reference the server every ratio divides by; may be absent from {@code servers} (ratios are then —)
 * @param java the JVM the Java servers run on
 * @param out where the result files go
 */
record BenchOptions(List<String> servers, List<App> apps, int rounds, int warmupSeconds, int durationSeconds,
        int connections, int threads, String reference, Path java, Path out) {

    static final String USAGE = """
            usage: bench/run.sh [flags]      (or: java -jar bench/target/jwsgi-bench.jar [flags])

              --servers LIST      comma-separated, default all: builtin, builtin-log, jetty-bridge, tomcat-bridge,
                                  jetty-core, jetty-servlet, tomcat-servlet, jdk-httpserver, and nginx
                                  when nginx is installed
              --apps LIST         comma-separated, default all: hello, 64k, upload, stream, json,
                                  plaintext-256, plaintext-1024, te-json, hello+sleep
              --rounds N          interleaved rounds; the tables show medians (default 2)
              --duration SECONDS  each measured wrk run (default 10; "10", "10s" or "1m")
              --warmup SECONDS    the wrk run before each measured one (default 4; 0: none);
                                  the first app after a server starts gets 3 times as long
              --connections N     wrk -c (default 64; the TechEmpower apps use their own)
              --threads N         wrk -t (default 1)
              --reference SERVER  the server every ratio divides by (default jetty-core)
              --java PATH         the JVM of the Java servers (default: the one running this)
              --out DIR           where results go (default bench/results/<timestamp>)
              --quick             a smoke test: 1 round, 1 s warm-up, 2 s runs (flags given win)
              --help              this text
            """;

    BenchOptions {
        servers = List.copyOf(servers);
        apps = List.copyOf(apps);
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(java, "java");
        Objects.requireNonNull(out, "out");
    }

    /**
     * Parses the flags.
     *
     * @param nginxInstalled whether nginx is in the default servers and may be asked for
     * @param defaultJava used without {@code --java}
     * @param defaultOut used without {@code --out}
     * @throws IllegalArgumentException naming the bad flag and value, for a message and exit code 2
     */
    static BenchOptions parse(List<String> args, boolean nginxInstalled, Path defaultJava, Path defaultOut) {
        List<String> servers = new ArrayList<>(Serve.SERVERS);
        if (nginxInstalled) {
            servers.add(Servers.NGINX);
        }
        List<String> apps = App.labels();
        Integer rounds = null;
        Integer warmup = null;
        Integer duration = null;
        int connections = 64;
        int threads = 1;
        String reference = "jetty-core";
        Path java = defaultJava;
        Path out = defaultOut;
        boolean quick = false;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            String value = null;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            if (flag.equals("--quick")) {
                if (value != null) {
                    throw new IllegalArgumentException("--quick takes no value");
                }
                quick = true;
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(known(flag) + " needs a value");
                }
                value = args.get(++i);
            }
            switch (known(flag)) {
                case "--servers" -> servers = list(flag, value, Servers.known());
                case "--apps" -> apps = list(flag, value, App.labels());
                case "--rounds" -> rounds = count(flag, value, 1);
                case "--duration" -> duration = seconds(flag, value, 1);
                case "--warmup" -> warmup = seconds(flag, value, 0);
                case "--connections" -> connections = count(flag, value, 1);
                case "--threads" -> threads = count(flag, value, 1);
                case "--reference" -> reference = name(flag, value, Servers.known());
                case "--java" -> java = Path.of(value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalStateException("flag without a case: " + flag);
            }
        }
        if (servers.contains(Servers.NGINX) && !nginxInstalled) {
            throw new IllegalArgumentException("--servers: nginx is not installed (apt-get install nginx-light)");
        }
        if (threads > connections) {
            throw new IllegalArgumentException("--threads " + threads + " is more than --connections " + connections
                    + " (wrk gives each thread at least one connection)");
        }
        if (!Files.isExecutable(java) || Files.isDirectory(java)) {
            throw new IllegalArgumentException("--java " + java + ": not an executable file");
        }
        return new BenchOptions(servers, apps.stream().map(App::named).toList(), orDefault(rounds, quick ? 1 : 2),
                orDefault(warmup, quick ? 1 : 4), orDefault(duration, quick ? 2 : 10), connections, threads, reference,
                java, out);
    }

    private static String known(String flag) {
        return switch (flag) {
            case "--servers", "--apps", "--rounds", "--duration", "--warmup", "--connections", "--threads",
                    "--reference", "--java", "--out" -> flag;
            default -> throw new IllegalArgumentException("unknown flag \"" + flag + "\" (--help lists them)");
        };
    }

    private static int orDefault(Integer given, int otherwise) {
        return given != null ? given : otherwise;
    }

    /** A comma-separated list of names out of {@code allowed}, repeats dropped, order kept. */
    private static List<String> list(String flag, String value, List<String> allowed) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String name : value.split(",", -1)) {
            names.add(name(flag, name, allowed));
        }
        return List.copyOf(names);
    }

    private static String name(String flag, String value, List<String> allowed) {
        String n = value.strip();
        if (!allowed.contains(n)) {
            throw new IllegalArgumentException(flag + ": unknown name \"" + n + "\" (known: "
                    + String.join(", ", allowed) + ")");
        }
        return n;
    }

    private static int count(String flag, String value, int min) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what is wanted
        }
        throw new IllegalArgumentException(flag + ": \"" + value + "\" is not a whole number ≥ " + min);
    }

    /** Whole seconds: "10", "10s" or "2m" (wrk's -d has a one-second resolution). */
    private static int seconds(String flag, String value, int min) {
        String v = value.strip();
        int scale = 1;
        if (v.endsWith("m")) {
            scale = 60;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("s")) {
            v = v.substring(0, v.length() - 1);
        }
        try {
            int n = Math.multiplyExact(Integer.parseInt(v), scale);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // the message below says what is wanted
        }
        throw new IllegalArgumentException(flag + ": \"" + value + "\" is not a duration of at least " + min
                + " s (\"10\", \"10s\", \"2m\")");
    }

    /** Whether {@code args} asks for the usage text. */
    static boolean wantsHelp(List<String> args) {
        return args.stream().anyMatch(a -> Arrays.asList("--help", "-h").contains(a));
    }
}
