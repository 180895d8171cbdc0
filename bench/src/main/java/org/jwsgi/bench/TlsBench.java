package org.jwsgi.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTPS hello world on jwsgi's three backends next to Jetty core and nginx over TLS (issue 14):
 * wrk on keep-alive connections, wrk with {@code Connection: close} (a full TLS handshake per
 * request), and h2load over HTTP/2 where the server speaks it. One key for all, an EC P-256
 * certificate made with keytool for this run. Each server gets a wrk warm-up first.
 *
 * <pre>{@code
 * $ java -cp bench/target/jwsgi-bench.jar org.jwsgi.bench.TlsBench --duration 10 --warmup 12
 * }</pre>
 *
 * <p>Flags: {@code --servers LIST} (builtin, jetty-bridge, tomcat-bridge, jetty-core, nginx),
 * {@code --duration S} (10), {@code --warmup S} (12), {@code --connections N} (wrk -c, 64),
 * {@code --out DIR} (bench/results/tls-TIMESTAMP). Ratios are to jetty-core, from this run only.
 */
public final class TlsBench {

    private static final List<String> ALL = List.of("builtin", "jetty-bridge", "tomcat-bridge", "jetty-core", "nginx");
    private static final Pattern H2LOAD = Pattern.compile("finished in [^,]+, ([0-9.]+) req/s");
    private static final Pattern H2LOAD_FAILED = Pattern.compile("requests: .* ([0-9]+) failed, ([0-9]+) errored");

    private TlsBench() {
    }

    record Row(String server, WrkResult keepAlive, WrkResult newConnections, Double h2, String h2Errors) {
    }

    public static void main(String[] args) throws Exception {
        List<String> servers = ALL;
        int duration = 10;
        int warmup = 12;
        int connections = 64;
        Path out = Path.of("bench", "results", "tls-" + System.currentTimeMillis());
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--servers" -> servers = List.of(args[i + 1].split(","));
                case "--duration" -> duration = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--connections" -> connections = Integer.parseInt(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> {
                    System.err.println("TlsBench: unknown flag " + args[i]);
                    System.exit(2);
                }
            }
        }
        Files.createDirectories(out);
        Path keys = keys(out.resolve("keys"));
        Path wrk = Path.of("/usr/bin/wrk");
        Path h2load = Path.of("/usr/bin/h2load");
        List<Row> rows = new ArrayList<>();
        for (String server : servers) {
            boolean h2 = !server.equals("builtin") && Files.isExecutable(h2load);
            try (Running running = start(server, keys, out, connections, h2)) {
                System.err.println(server + ": up on port " + running.port + "; warming up " + warmup + " s");
                String url = "https://127.0.0.1:" + running.port + "/hello";
                wrk(wrk, connections, warmup, url, false, out.resolve(server + "-warmup.txt"));
                WrkResult keepAlive = wrk(wrk, connections, duration, url, false, out.resolve(server + "-keepalive.txt"));
                WrkResult fresh = wrk(wrk, connections, duration, url, true, out.resolve(server + "-newconn.txt"));
                Double h2rate = null;
                String h2errors = "";
                if (h2) {
                    String report = run(List.of(h2load.toString(), "-c", "16", "-m", "10", "-t", "1", "-D",
                            Integer.toString(duration), "--warm-up-time=2", url), duration + 60,
                            out.resolve(server + "-h2load.txt"));
                    Matcher m = H2LOAD.matcher(report);
                    h2rate = m.find() ? Double.parseDouble(m.group(1)) : null;
                    Matcher f = H2LOAD_FAILED.matcher(report);
                    h2errors = f.find() ? f.group(1) + "+" + f.group(2) : "?";
                }
                rows.add(new Row(server, keepAlive, fresh, h2rate, h2errors));
                System.err.printf(Locale.ROOT, "%s: keep-alive %.0f req/s, new connections %.0f req/s, h2 %s%n", server,
                        keepAlive.requestsPerSecond(), fresh.requestsPerSecond(), h2rate);
            }
        }
        String table = table(rows);
        Files.writeString(out.resolve("tls.md"), table);
        System.out.print(table);
    }

    static String table(List<Row> rows) {
        Map<String, Row> byName = new LinkedHashMap<>();
        rows.forEach(r -> byName.put(r.server(), r));
        Row reference = byName.get("jetty-core");
        StringBuilder b = new StringBuilder();
        b.append("| server | keep-alive req/s | p99 ms | errors | new connections req/s | p99 ms | errors"
                + " | HTTP/2 req/s (h2load) | keep-alive / jetty-core | new conn. / jetty-core |\n");
        b.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %,.0f | %.1f | %d | %,.0f | %.1f | %d | %s | %s | %s |%n", r.server(),
                    r.keepAlive().requestsPerSecond(), r.keepAlive().p99Millis(), r.keepAlive().errors(),
                    r.newConnections().requestsPerSecond(), r.newConnections().p99Millis(), r.newConnections().errors(),
                    r.h2() == null ? "—" : String.format(Locale.ROOT, "%,.0f (%s failed)", r.h2(), r.h2Errors()),
                    ratio(r.keepAlive(), reference == null ? null : reference.keepAlive()),
                    ratio(r.newConnections(), reference == null ? null : reference.newConnections())));
        }
        return b.toString();
    }

    private static String ratio(WrkResult a, WrkResult reference) {
        return reference == null ? "—" : String.format(Locale.ROOT, "%.2f", a.requestsPerSecond() / reference.requestsPerSecond());
    }

    private static WrkResult wrk(Path wrk, int connections, int seconds, String url, boolean close, Path report)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(wrk.toString(), "-t1", "-c" + connections, "-d" + seconds + "s",
                "--latency"));
        if (close) {
            command.addAll(List.of("-H", "Connection: close")); // a new connection, so a full handshake, per request
        }
        command.add(url);
        return WrkResult.parse(run(command, seconds + 60, report));
    }

    private static String run(List<String> command, int timeoutSeconds, Path report) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(report.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish in " + timeoutSeconds + " s");
        }
        return Files.readString(report, StandardCharsets.ISO_8859_1);
    }

    /** A started server process and its port. */
    private record Running(Process process, int port) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static Running start(String server, Path keys, Path out, int connections, boolean h2) throws Exception {
        Path cert = keys.resolve("cert.pem");
        Path key = keys.resolve("key.pem");
        if (server.equals("nginx")) {
            Path dir = Files.createDirectories(out.resolve("nginx"));
            int port = Servers.freePort();
            Path conf = NginxTlsConfig.write(dir, port, connections, cert, key);
            Process p = new ProcessBuilder("nginx", "-p", dir.toAbsolutePath().toString(), "-c", conf.toAbsolutePath().toString(),
                    "-e", "stderr").redirectErrorStream(true).redirectOutput(out.resolve("nginx.log").toFile()).start();
            awaitPort(port, p);
            return new Running(p, port);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", ownJar().toString(), TlsServe.class.getName(), server,
                cert.toString(), key.toString(), keys.resolve("bench.p12").toString(), h2 ? "h2" : "h1")
                .redirectError(out.resolve(server + ".log").toFile()).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        String ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("READY ")) {
                        return line;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        }).get(60, TimeUnit.SECONDS);
        if (ready == null) {
            p.destroyForcibly();
            throw new IOException(server + " did not start; see " + out.resolve(server + ".log"));
        }
        return new Running(p, Integer.parseInt(ready.substring(6).strip()));
    }

    private static void awaitPort(int port, Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50); // nginx is a separate program: poll its port, bounded by the deadline
            }
        }
        throw new IOException("nginx did not listen on " + port);
    }

    /** An EC P-256 key and self-signed certificate for 127.0.0.1, as PKCS#12 and as PEM, world-readable (nginx's worker). */
    static Path keys(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path p12 = dir.resolve("bench.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "bench", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "7", "-storetype", "PKCS12",
                "-keystore", p12.toString(), "-storepass", TlsServe.PASSWORD).redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        if (keytool.waitFor() != 0) {
            throw new IOException("keytool failed");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            store.load(in, TlsServe.PASSWORD.toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey("bench", TlsServe.PASSWORD.toCharArray());
        Certificate cert = store.getCertificate("bench");
        Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));
        for (String f : new String[] {"cert.pem", "key.pem", "bench.p12"}) {
            Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static Path ownJar() throws URISyntaxException {
        return Path.of(TlsBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
