package org.jwsgi.bench;

import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * Large transfers (issue 5's 1 GiB targets), each server in a JVM of its own:
 * <ul>
 *   <li><b>download</b>: {@code GET /file} of a real (not sparse) file through
 *       {@code wsgi.file_wrapper}, from each of {@code --servers}, and from nginx serving the same
 *       file with sendfile when nginx is installed; the client reads into a buffer it discards.
 *       Median of {@code --rounds} after one warm-up download, in MiB/s;
 *   <li><b>upload</b>: {@code POST /upload} of as many bytes, streamed with a Content-Length and
 *       then chunked, to each of {@code --upload-servers} started with {@code -Xmx64m}
 *       ({@code --upload-heap}): an upload that succeeds never held more than that heap. Its
 *       VmRSS before and after, and its peak (VmHWM), are reported too.
 * </ul>
 * The file is created in a scratch directory under {@code java.io.tmpdir} and deleted at the end.
 *
 * <pre>{@code
 * java -cp bench/target/jwsgi-bench.jar org.jwsgi.bench.BigTransfer \
 *     --servers builtin,jetty-bridge,tomcat-bridge,nginx --size-mib 1024 \
 *     --java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
 * }</pre>
 */
public final class BigTransfer {

    static final List<String> DOWNLOAD_SERVERS = List.of("builtin", "jetty-bridge", "tomcat-bridge", "nginx");
    private static final List<String> WSGI_SERVERS = List.of("builtin", "jetty-bridge", "tomcat-bridge");
    private static final String USAGE = """
            usage: BigTransfer [--servers LIST] [--upload-servers LIST] [--size-mib N] [--rounds N] [--java PATH]
                               [--upload-heap SIZE]
              --servers         downloads, of builtin, jetty-bridge, tomcat-bridge, nginx (default: all)
              --upload-servers  uploads, of builtin, jetty-bridge, tomcat-bridge (default builtin); none: skip
              --size-mib        the file and upload size (default 1024)
              --rounds          timed downloads per server, after one warm-up (default 3)
              --java            the java launcher of the servers (default: this JVM's)
              --upload-heap     -Xmx of the upload servers (default 64m)""";
    private static final int IO_BUFFER = 1 << 20;
    private static final int UPLOAD_CHUNK = 256 * 1024;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    /** The command line, checked. */
    record Config(List<String> servers, List<String> uploadServers, long size, int rounds, String java,
            String uploadHeap) {
    }

    private BigTransfer() {
    }

    public static void main(String[] args) throws Exception {
        Config config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("BigTransfer: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Path dir = Files.createTempDirectory("jwsgi-bigtransfer-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path file = dir.resolve("big.bin");
        Thread cleanup = new Thread(() -> deleteTree(dir), "bigtransfer-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup); // also on Ctrl-C
        try {
            progress("creating " + file + " (" + config.size() / (1 << 20) + " MiB)");
            createFile(file, config.size());
            String javaVersion = ChildServer.javaVersion(config.java());
            MarkdownTable downloads = new MarkdownTable("server", "Java", "MiB/s (median)", "each round",
                    "ratio to nginx");
            List<String[]> rows = new ArrayList<>();
            for (String server : config.servers()) {
                rows.add(download(server, javaVersion, config, dir, file));
            }
            double nginx = rows.stream().filter(r -> r[0].equals("nginx")).map(r -> parseRate(r[2])).findFirst()
                    .orElse(Double.NaN);
            for (String[] row : rows) {
                double rate = parseRate(row[2]);
                row[4] = Double.isNaN(rate) || Double.isNaN(nginx) ? "-" : String.format(Locale.ROOT, "%.2f", rate / nginx);
                downloads.row(row);
            }
            MarkdownTable uploads = new MarkdownTable("server", "Java", "framing", "MiB/s", "answer", "heap",
                    "RSS MiB before -> after (peak)");
            for (String server : config.uploadServers()) {
                for (String[] row : upload(server, javaVersion, config)) {
                    uploads.row(row);
                }
            }
            System.out.printf(Locale.ROOT, "%nGET /file of %,d bytes, %d rounds after a warm-up%n%n", config.size(),
                    config.rounds());
            System.out.print(downloads);
            if (!config.uploadServers().isEmpty()) {
                System.out.printf(Locale.ROOT, "%nPOST /upload of %,d bytes%n%n", config.size());
                System.out.print(uploads);
            }
        } finally {
            deleteTree(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is exiting (Ctrl-C): the hook finds the directory gone
            }
        }
    }

    static Config parse(String[] args) {
        List<String> servers = DOWNLOAD_SERVERS;
        List<String> uploadServers = List.of("builtin");
        long sizeMib = 1024;
        int rounds = 3;
        String java = ChildServer.currentJava();
        String heap = "64m";
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + args[i]);
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--servers" -> servers = names(v, DOWNLOAD_SERVERS);
                case "--upload-servers" -> uploadServers = v.equals("none") ? List.of() : names(v, WSGI_SERVERS);
                case "--size-mib" -> sizeMib = IdleConnections.positive(args[i], v);
                case "--rounds" -> rounds = IdleConnections.positive(args[i], v);
                case "--java" -> java = v;
                case "--upload-heap" -> {
                    if (!v.matches("[0-9]+[kKmMgG]?")) {
                        throw new IllegalArgumentException("--upload-heap " + v + ": not a heap size such as 64m");
                    }
                    heap = v;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!Files.isExecutable(Path.of(java))) {
            throw new IllegalArgumentException("--java " + java + ": not an executable file");
        }
        return new Config(servers, uploadServers, sizeMib << 20, rounds, java, heap);
    }

    private static List<String> names(String list, List<String> known) {
        List<String> names = Arrays.stream(list.split(",")).map(String::strip).toList();
        for (String n : names) {
            if (!known.contains(n)) {
                throw new IllegalArgumentException("unknown server " + n + " (expected some of " + known + ")");
            }
        }
        return names;
    }

    /** Writes {@code size} bytes of pseudo-random data: every block on disk, nothing sparse or compressible. */
    static void createFile(Path file, long size) throws IOException {
        byte[] block = new byte[IO_BUFFER];
        new Random(42).nextBytes(block);
        ByteBuffer buf = ByteBuffer.wrap(block);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < size; ) {
                buf.clear().limit((int) Math.min(block.length, size - written));
                while (buf.hasRemaining()) {
                    written += ch.write(buf);
                }
            }
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--")); // nginx's worker reads it
    }

    /** One row of the download table: server, Java, median MiB/s, every round, (ratio: filled later). */
    private static String[] download(String server, String javaVersion, Config config, Path dir, Path file) {
        String[] row = {server, server.equals("nginx") ? "-" : javaVersion, "-", "-", "-"};
        progress(server + ": download");
        try {
            if (server.equals("nginx")) {
                Optional<Path> nginx = NginxServer.find();
                if (nginx.isEmpty()) {
                    row[2] = "not installed";
                    return row;
                }
                try (NginxServer n = NginxServer.start(nginx.get(), dir, file)) {
                    timeDownloads(n.port(), config, row);
                }
            } else {
                try (ChildServer child = ChildServer.start(config.java(), List.of(), server,
                        List.of("--file", file.toString()))) {
                    timeDownloads(child.port(), config, row);
                }
            }
        } catch (IOException | RuntimeException e) {
            progress(server + ": failed: " + e);
            row[2] = "failed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        }
        return row;
    }

    private static void timeDownloads(int port, Config config, String[] row) throws IOException {
        download(port, config.size()); // warm-up
        double[] rates = new double[config.rounds()];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = mibPerSecond(config.size(), download(port, config.size()));
        }
        row[2] = String.format(Locale.ROOT, "%.0f", median(rates));
        row[3] = String.join(", ", Arrays.stream(rates).mapToObj(r -> String.format(Locale.ROOT, "%.0f", r)).toList());
    }

    /**
     * {@code GET /file} on a new connection, the body read and dropped.
     *
     * @return the time from sending the request to the body's last byte, in nanoseconds
     * @throws ProtocolException unless it is a 200 of exactly {@code expected} bytes
     */
    static long download(int port, long expected) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(IO_BUFFER);
        HttpResponseReader reader = new HttpResponseReader();
        try (TimedChannel ch = TimedChannel.connect(port, READ_TIMEOUT)) {
            long start = System.nanoTime();
            ch.writeFully(ascii("GET /file HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n"));
            readResponse(ch, buf, reader);
            long nanos = System.nanoTime() - start;
            if (reader.status() != 200 || reader.bodyBytes() != expected) {
                throw new ProtocolException("status " + reader.status() + " with " + reader.bodyBytes()
                        + " bytes, not 200 with " + expected);
            }
            return nanos;
        }
    }

    /**
     * {@code POST /upload} of {@code size} bytes on a new connection, with a Content-Length or
     * chunked; the server answers the length it read.
     *
     * @return the time from the first byte sent to the answer's last byte, in nanoseconds
     * @throws ProtocolException unless the answer is a 200 saying {@code size}
     */
    static long upload(int port, long size, boolean chunked) throws IOException {
        ByteBuffer block = ByteBuffer.allocateDirect(UPLOAD_CHUNK);
        while (block.hasRemaining()) {
            block.put((byte) 'u');
        }
        HttpResponseReader reader = new HttpResponseReader();
        try (TimedChannel ch = TimedChannel.connect(port, READ_TIMEOUT)) {
            long start = System.nanoTime();
            String framing = chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + size;
            ch.writeFully(ascii("POST /upload HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/octet-stream\r\n" + framing + "\r\n\r\n"));
            for (long sent = 0; sent < size; ) {
                int n = (int) Math.min(UPLOAD_CHUNK, size - sent);
                if (chunked) {
                    ch.writeFully(ascii(Integer.toHexString(n) + "\r\n"));
                }
                ch.writeFully(block.clear().limit(n));
                if (chunked) {
                    ch.writeFully(ascii("\r\n"));
                }
                sent += n;
            }
            if (chunked) {
                ch.writeFully(ascii("0\r\n\r\n"));
            }
            readResponse(ch, ByteBuffer.allocate(8192), reader);
            long nanos = System.nanoTime() - start;
            if (reader.status() != 200 || !reader.bodyStart().equals(Long.toString(size))) {
                throw new ProtocolException("status " + reader.status() + " saying " + reader.bodyStart()
                        + ", not 200 saying " + size);
            }
            return nanos;
        }
    }

    /** Upload rows: one per framing. */
    private static List<String[]> upload(String server, String javaVersion, Config config) throws InterruptedException {
        List<String[]> rows = new ArrayList<>();
        String heap = "-Xmx" + config.uploadHeap();
        progress(server + ": upload with " + heap);
        try (ChildServer child = ChildServer.start(config.java(), List.of(heap), server, List.of())) {
            upload(child.port(), 1 << 20, false); // warm-up
            for (boolean chunked : new boolean[] {false, true}) {
                String[] row = {server, javaVersion, chunked ? "chunked" : "Content-Length", "-", "-", heap, "-"};
                rows.add(row);
                long before = child.settledRss().kib();
                try {
                    long nanos = upload(child.port(), config.size(), chunked);
                    row[3] = String.format(Locale.ROOT, "%.0f", mibPerSecond(config.size(), nanos));
                    row[4] = "200, " + config.size() + " read";
                } catch (IOException e) {
                    progress(server + ": upload failed: " + e + "; the server " + child.state());
                    row[4] = "failed: " + e.getMessage() + " (server " + child.state() + ")";
                }
                if (child.state().equals("running")) {
                    row[6] = String.format(Locale.ROOT, "%.1f -> %.1f (%.1f)", before / 1024.0, child.rssKib() / 1024.0,
                            child.peakRssKib() / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            progress(server + ": failed: " + e);
            rows.add(new String[] {server, javaVersion, "-", "-", "failed: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), heap, "-"});
        }
        return rows;
    }

    private static void readResponse(TimedChannel ch, ByteBuffer buf, HttpResponseReader reader) throws IOException {
        while (true) {
            buf.clear();
            if (ch.read(buf) < 0) {
                if (reader.endOfStream()) {
                    return;
                }
                throw new ProtocolException("the server closed the connection before the end of the response ("
                        + reader.bodyBytes() + " body bytes read)");
            }
            if (reader.feed(buf.flip())) {
                return;
            }
        }
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** The median: the middle value, or the mean of the two middle ones. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    static double mibPerSecond(long bytes, long nanos) {
        return bytes / (double) (1 << 20) / (nanos / 1e9);
    }

    private static double parseRate(String cell) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // already gone (the shutdown hook ran first), or say where it is left
            if (Files.exists(dir)) {
                System.err.println("BigTransfer: could not delete " + dir + ": " + e);
            }
        }
    }

    private static void progress(String what) {
        System.err.println("[BigTransfer] " + what);
    }
}
