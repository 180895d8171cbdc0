package org.jwsgi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What idle keep-alive connections cost a server, and whether it still answers while it holds
 * them (issue 5's "10,000 idle connections" target). For each server, in a JVM of its own:
 * <ol>
 *   <li>warm it up with {@code --warmup} requests, take its live heap, warm it up again (the
 *       heap census collects garbage and may shrink the heap), then take its settled resident
 *       memory (VmRSS);
 *   <li>open {@code --connections} keep-alive connections from this JVM (one thread, a selector),
 *       each sending one {@code GET /hello} and reading the whole response;
 *   <li>take the settled VmRSS and the live heap again: the difference per open connection is the
 *       cost of one. The live heap comes from jcmd's class histogram (which collects garbage
 *       first); the classes that grew most are printed per connection: what a connection keeps;
 *   <li>time {@code --fresh} sequential requests each on a new connection, then as many on one
 *       new keep-alive connection (p50/p99/max), while the idle ones stay open;
 *   <li>send one more request on every idle connection: how many are still open and answer.
 * </ol>
 * The builtin server and the bridges get {@code --max-connections} N + 100; the reference
 * servers keep their defaults. Progress goes to stderr, the table to stdout.
 *
 * <pre>{@code
 * java -cp bench/target/jwsgi-bench.jar org.jwsgi.bench.IdleConnections \
 *     --servers builtin,jetty-core --connections 10000 \
 *     --java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
 * }</pre>
 */
public final class IdleConnections {

    /** The servers measured unless {@code --servers} says otherwise. */
    static final List<String> DEFAULT_SERVERS = List.of("builtin", "builtin-pool", "jetty-core", "jetty-bridge",
            "tomcat-bridge");
    private static final String USAGE = """
            usage: IdleConnections [--servers LIST] [--connections N] [--java PATH] [--fresh N] [--warmup N]
                                   [--window N] [--timeout SECONDS]
              --servers      comma-separated, of builtin-pool and %s (default %s)
              --connections  idle keep-alive connections to hold open (default 10000)
              --java         the java launcher of the servers (default: this JVM's)
              --fresh        requests timed on new connections, and on one keep-alive connection (default 1000)
              --warmup       requests before the first memory sample (default 2000)
              --window       requests in flight at once while opening (default 64)
              --timeout      bound on opening all connections, and on their second request (default 120)""";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    /** What this JVM needs besides the idle connections: the class path, the selector, a probe. */
    private static final int SPARE_FDS = 64;

    /** The command line, checked. */
    record Config(List<String> servers, int connections, String java, int fresh, int warmup, int window,
            Duration timeout) {
    }

    private IdleConnections() {
    }

    public static void main(String[] args) throws Exception {
        Config config;
        try {
            config = parse(args);
            checkClientLimits(config.connections(), config.fresh());
        } catch (IllegalArgumentException e) {
            System.err.println("IdleConnections: " + e.getMessage());
            System.err.println(USAGE.formatted(String.join(", ", Serve.SERVERS), String.join(",", DEFAULT_SERVERS)));
            System.exit(2);
            return;
        }
        String javaVersion = ChildServer.javaVersion(config.java());
        MarkdownTable table = new MarkdownTable("server", "Java", "idle open", "RSS KiB/idle conn",
                "live heap KiB/idle conn", "RSS MiB before -> after", "new conn p50/p99/max ms",
                "keep-alive p50/p99/max ms", "still answering");
        for (String server : config.servers()) {
            table.row(measure(server, javaVersion, config));
        }
        System.out.printf(Locale.ROOT, "%n%,d idle connections per server, %,d fresh requests each way%n%n",
                config.connections(), config.fresh());
        System.out.print(table);
    }

    static Config parse(String[] args) {
        List<String> servers = DEFAULT_SERVERS;
        int connections = 10_000;
        String java = ChildServer.currentJava();
        int fresh = 1000;
        int warmup = 2000;
        int window = 64;
        int timeout = 120;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + args[i]);
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--servers" -> servers = servers(v);
                case "--connections" -> connections = positive(args[i], v);
                case "--java" -> java = v;
                case "--fresh" -> fresh = positive(args[i], v);
                case "--warmup" -> warmup = positive(args[i], v);
                case "--window" -> window = positive(args[i], v);
                case "--timeout" -> timeout = positive(args[i], v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!Files.isExecutable(Path.of(java))) {
            throw new IllegalArgumentException("--java " + java + ": not an executable file");
        }
        return new Config(servers, connections, java, fresh, warmup, window, Duration.ofSeconds(timeout));
    }

    private static List<String> servers(String list) {
        List<String> servers = Arrays.stream(list.split(",")).map(String::strip).toList();
        for (String s : servers) {
            if (!s.equals("builtin-pool") && !Serve.SERVERS.contains(s)) {
                throw new IllegalArgumentException("unknown server " + s);
            }
        }
        return servers;
    }

    static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " " + value + ": not a positive integer");
    }

    /** This JVM must be able to hold the connections open: file descriptors and local ports. */
    private static void checkClientLimits(int connections, int fresh) {
        long self = ProcessHandle.current().pid();
        long available = Proc.openFilesLimit(self) - Proc.openFiles(self) - SPARE_FDS;
        if (connections > available) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--connections %,d: this JVM can open only %,d more files (Max open files %,d; raise ulimit -n)",
                    connections, available, Proc.openFilesLimit(self)));
        }
        int ports = Proc.localPortCount();
        if (connections + fresh > ports) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--connections %,d plus --fresh %,d: more than the %,d local ports of"
                            + " net.ipv4.ip_local_port_range", connections, fresh, ports));
        }
    }

    /** The Serve arguments for one of the names {@code --servers} takes. */
    static List<String> serveArgs(String server, int connections) {
        String maxConnections = Integer.toString(connections + 100);
        return switch (server) {
            case "builtin", "jetty-bridge", "tomcat-bridge" -> List.of(server, "--max-connections", maxConnections);
            case "builtin-pool" -> List.of("builtin", "--threading", "pool", "--max-connections", maxConnections);
            default -> List.of(server);
        };
    }

    private static String[] measure(String server, String javaVersion, Config config) throws InterruptedException {
        String[] row = {server, javaVersion, "-", "-", "-", "-", "-", "-", "-"};
        List<String> serve = serveArgs(server, config.connections());
        progress(server, "starting");
        try (ChildServer child = ChildServer.start(config.java(), List.of(), serve.get(0),
                serve.subList(1, serve.size()))) {
            try {
                measure(child, row, config);
            } catch (IOException | RuntimeException e) {
                row[8] = "error: " + firstLine(e) + " (server " + child.state() + ")";
                progress(server, "failed: " + e + "; the server " + child.state() + ", its log ends:\n"
                        + child.logTail());
            }
        } catch (IOException e) {
            row[8] = "error: " + firstLine(e);
            progress(server, "failed: " + e.getMessage());
        }
        return row;
    }

    /** Fills {@code row} (see the table's header) for a started server. */
    private static void measure(ChildServer child, String[] row, Config config)
            throws IOException, InterruptedException {
        String server = row[0];
        long childFds = Proc.openFilesLimit(child.pid()) - Proc.openFiles(child.pid()) - SPARE_FDS;
        if (config.connections() > childFds) {
            row[8] = String.format(Locale.ROOT, "error: the server can open only %,d more files", childFds);
            return;
        }
        int port = child.port();
        progress(server, "warming up");
        warmUp(port, config.warmup());
        HeapHistogram heapBefore = histogram(config.java(), child);
        // the histogram's full GC may have shrunk the heap: traffic again, so that the baseline is
        // the heap a serving server keeps, and the connections are not charged for its regrowth
        warmUp(port, config.warmup());
        ChildServer.Rss before = child.settledRss();
        try (IdleClients idle = new IdleClients(port)) {
            progress(server, "opening " + config.connections() + " connections");
            long start = System.nanoTime();
            IdleClients.Tally opened = idle.open(config.connections(), config.window(),
                    start + config.timeout().toNanos());
            progress(server, String.format(Locale.ROOT, "%s in %.1f s", opened, (System.nanoTime() - start) / 1e9));
            row[2] = count(opened, config.connections());
            ChildServer.Rss after = child.settledRss();
            HeapHistogram heapAfter = histogram(config.java(), child);
            row[5] = String.format(Locale.ROOT, "%s%.1f -> %.1f", before.settled() && after.settled() ? "" : "~",
                    before.kib() / 1024.0, after.kib() / 1024.0);
            if (opened.idle() > 0) {
                row[3] = String.format(Locale.ROOT, "%.1f", (after.kib() - before.kib()) / (double) opened.idle());
                if (heapBefore != null && heapAfter != null) {
                    row[4] = String.format(Locale.ROOT, "%.1f",
                            (heapAfter.totalBytes() - heapBefore.totalBytes()) / 1024.0 / opened.idle());
                    progress(server, "live heap per idle connection, the classes that grew most:\n"
                            + heapGrowth(heapBefore, heapAfter, opened.idle()));
                }
            }
            progress(server, "timing fresh requests");
            row[6] = probe(() -> HelloProbe.newConnections(port, config.fresh(), PROBE_TIMEOUT));
            row[7] = probe(() -> HelloProbe.keepAlive(port, config.fresh(), PROBE_TIMEOUT));
            progress(server, "requesting again on the idle connections");
            IdleClients.Tally again = idle.requestAgain(config.window(), System.nanoTime() + config.timeout().toNanos());
            progress(server, again.toString());
            row[8] = count(again, config.connections());
        }
    }

    /** Half the requests on new connections, half on one keep-alive connection. */
    private static void warmUp(int port, int requests) throws IOException {
        HelloProbe.newConnections(port, requests / 2, PROBE_TIMEOUT);
        HelloProbe.keepAlive(port, requests - requests / 2, PROBE_TIMEOUT);
    }

    /** The child's live heap by class (after a full GC), or null if jcmd cannot tell. */
    private static HeapHistogram histogram(String java, ChildServer child) {
        try {
            return HeapHistogram.of(java, child.pid());
        } catch (IOException | RuntimeException e) {
            progress("heap", "no class histogram: " + e.getMessage());
            return null;
        }
    }

    /** The ten classes that grew most, per connection: {@code "  1.00 x   232 B  java.lang.VirtualThread"}. */
    static String heapGrowth(HeapHistogram before, HeapHistogram after, int connections) {
        StringBuilder b = new StringBuilder();
        for (HeapHistogram.Growth g : after.growthOver(before).stream().limit(10).toList()) {
            b.append(String.format(Locale.ROOT, "  %6.2f x %7.0f B  %s%n", g.instances() / (double) connections,
                    g.bytes() / (double) connections, g.className()));
        }
        return b.toString().stripTrailing();
    }

    private static String firstLine(Exception e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
    }

    /** {@code "9,990 / 10,000 (10 closed by server)"}. */
    static String count(IdleClients.Tally t, int wanted) {
        List<String> lost = new ArrayList<>();
        if (t.closedByServer() > 0) {
            lost.add(String.format(Locale.ROOT, "%,d closed by server", t.closedByServer()));
        }
        if (t.failed() > 0) {
            lost.add(String.format(Locale.ROOT, "%,d failed", t.failed()));
        }
        if (t.unanswered() > 0) {
            lost.add(String.format(Locale.ROOT, "%,d unanswered", t.unanswered()));
        }
        String s = String.format(Locale.ROOT, "%,d / %,d", t.idle(), wanted);
        return lost.isEmpty() ? s : s + " (" + String.join(", ", lost) + ")";
    }

    private interface Probe {
        long[] run() throws IOException;
    }

    private static String probe(Probe probe) {
        try {
            return Latencies.of(probe.run()).millis();
        } catch (IOException e) {
            return "failed: " + e.getMessage();
        }
    }

    private static void progress(String server, String what) {
        System.err.println("[" + server + "] " + what);
    }
}
