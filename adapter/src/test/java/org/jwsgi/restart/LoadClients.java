package org.jwsgi.restart;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Keep-alive HTTP/1.1 clients that send GETs and small POSTs to the demo app as fast as they are
 * answered (with a short pause between two requests), and count every request that did not come
 * back as a complete {@code 200} from the application. Deliberately strict: no request is ever
 * retried, a connection is reused until a response says {@code Connection: close}, and a connection
 * the server closes under a request counts that request as failed, whatever the reason.
 *
 * <pre>{@code
 * try (LoadClients load = LoadClients.start(new InetSocketAddress("127.0.0.1", port), 8)) {
 *     // ... restart the servers behind port
 *     LoadClients.Tally tally = load.stop();
 *     assertThat(tally.failed()).isZero();
 * }
 * }</pre>
 */
final class LoadClients implements AutoCloseable {

    /** A POST body of this size; the demo app answers {@code "wsgi.input.read":32} once it read it all. */
    private static final byte[] FORM = "name=jwsgi&restart=rolling&n=001".getBytes(US_ASCII);
    /** Long enough for a JVM to start while requests wait in a listen backlog (socket activation). */
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    /**
     * What the clients saw: requests sent, answered 200 in full, and the failures by kind; and
     * the 200s by the {@code Server} header that came with them (each instance names itself).
     */
    record Tally(long sent, long ok, long gets, long posts, Map<String, Long> failures, Map<String, Long> servedBy,
            long slowestMillis) {

        long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d requests (%,d GET, %,d POST), %,d ok, %,d failed %s, slowest %,d ms,"
                    + " served by %s", sent, gets, posts, ok, failed(), failures, slowestMillis, servedBy);
        }
    }

    private final InetSocketAddress target;
    private final Duration pause;
    /** A new connection for every request ({@code Connection: close}), as clients without a pool do. */
    private final boolean close;
    private final List<Thread> threads = new ArrayList<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder ok = new LongAdder();
    private final LongAdder gets = new LongAdder();
    private final LongAdder posts = new LongAdder();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> servedBy = new ConcurrentHashMap<>();
    private final LongAccumulator slowest = new LongAccumulator(Math::max, 0);
    private final List<String> firstFailures = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;

    private LoadClients(InetSocketAddress target, Duration pause, boolean close) {
        this.target = target;
        this.pause = pause;
        this.close = close;
    }

    /** Starts {@code clients} keep-alive clients against {@code target}, each pausing {@code pause} between two requests. */
    static LoadClients start(InetSocketAddress target, int clients, Duration pause) {
        return start(target, clients, pause, false);
    }

    /** The same, each request on a new connection when {@code close}. */
    static LoadClients start(InetSocketAddress target, int clients, Duration pause, boolean close) {
        LoadClients load = new LoadClients(target, pause, close);
        for (int i = 0; i < clients; i++) {
            int id = i;
            Thread t = new Thread(() -> load.run(id), "load-client-" + i);
            t.setDaemon(true);
            load.threads.add(t);
            t.start();
        }
        return load;
    }

    /** The requests answered 200 so far (to wait until traffic flows). */
    long ok() {
        return ok.sum();
    }

    /** Stops the clients (each finishes the request it has sent) and returns what they saw. */
    Tally stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(READ_TIMEOUT_MILLIS + 5_000L);
        }
        Map<String, Long> f = new TreeMap<>();
        failures.forEach((k, v) -> f.put(k, v.get()));
        Map<String, Long> by = new TreeMap<>();
        servedBy.forEach((k, v) -> by.put(k, v.sum()));
        return new Tally(sent.sum(), ok.sum(), gets.sum(), posts.sum(), f, by,
                TimeUnit.NANOSECONDS.toMillis(slowest.get()));
    }

    /** The first few failures, with what was asked and when, for the test's message. */
    List<String> firstFailures() {
        synchronized (firstFailures) {
            return List.copyOf(firstFailures);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
    }

    /** One client's connection and its buffered input. */
    private record Conn(Socket socket, InputStream in, OutputStream out) {

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private void run(int id) {
        Conn conn = null;
        long n = 0;
        while (running) {
            if (conn == null) {
                try {
                    conn = connect();
                } catch (IOException e) {
                    // no listener at all: the request could not even be sent, which is a failure too
                    fail("connect: " + kind(e), "connect", e);
                    LockSupport.parkNanos(10_000_000);
                    continue;
                }
            }
            boolean post = (n++ + id) % 2 == 1;
            String what = post ? "POST /post" : "GET /get?n=" + n;
            boolean keep;
            long t0 = System.nanoTime();
            try {
                send(conn.out(), post, n, close);
                sent.increment();
                (post ? posts : gets).increment();
                keep = receive(conn.in(), post, what) && !close;
                slowest.accumulate(System.nanoTime() - t0);
            } catch (IOException e) {
                sent.increment(); // a write that failed may still have reached the server: counted as sent
                fail(kind(e), what, e);
                keep = false;
            }
            if (!keep) {
                conn.close();
                conn = null;
            }
            if (!pause.isZero()) {
                LockSupport.parkNanos(pause.toNanos()); // the pace of the load, not a wait for a condition
            }
        }
        if (conn != null) {
            conn.close();
        }
    }

    private Conn connect() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(target, CONNECT_TIMEOUT_MILLIS);
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
            return new Conn(s, new BufferedInputStream(s.getInputStream(), 8192), s.getOutputStream());
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static void send(OutputStream out, boolean post, long n, boolean close) throws IOException {
        String connection = close ? "Connection: close\r\n" : "";
        String head = post
                ? "POST /post HTTP/1.1\r\nHost: restart.test\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        + connection + "Content-Length: " + FORM.length + "\r\n\r\n"
                : "GET /get?n=" + n + " HTTP/1.1\r\nHost: restart.test\r\n" + connection + "\r\n";
        byte[] h = head.getBytes(US_ASCII);
        byte[] all = new byte[h.length + (post ? FORM.length : 0)];
        System.arraycopy(h, 0, all, 0, h.length);
        if (post) {
            System.arraycopy(FORM, 0, all, h.length, FORM.length);
        }
        out.write(all);
        out.flush();
    }

    /** Reads one response; counts it; returns whether the connection may carry the next request. */
    private boolean receive(InputStream in, boolean post, String what) throws IOException {
        String status = line(in, true);
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        String server = "-";
        for (String h; !(h = line(in, false)).isEmpty(); ) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> close = value.contains("close");
                case "server" -> server = h.substring(colon + 1).trim();
                default -> { }
            }
        }
        byte[] body = chunked ? chunked(in) : length >= 0 ? exactly(in, length) : in.readAllBytes();
        String text = new String(body, US_ASCII);
        String expected = "\"wsgi.input.read\":" + (post ? FORM.length : 0);
        if (code == 200 && text.contains(expected)) {
            ok.increment();
            servedBy.computeIfAbsent(server, k -> new LongAdder()).increment();
        } else {
            fail(code == 200 ? "200 without the app's answer" : "status " + code, what,
                    new IOException(status + " " + text.substring(0, Math.min(200, text.length()))));
            close = true;
        }
        return !close && (chunked || length >= 0);
    }

    private void fail(String kind, String what, Exception e) {
        failures.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        if (firstFailures.size() < 20) {
            firstFailures.add(java.time.LocalTime.now() + " " + what + ": " + kind + ": " + e);
        }
    }

    private static String kind(IOException e) {
        if (e instanceof ConnectException) {
            return "refused";
        }
        if (e instanceof SocketTimeoutException) {
            return "timeout";
        }
        if (e instanceof EOFException) {
            return e.getMessage();
        }
        if (e instanceof SocketException s && s.getMessage() != null
                && s.getMessage().toLowerCase(Locale.ROOT).contains("reset")) {
            return "reset";
        }
        return e.getClass().getSimpleName();
    }

    private static String line(InputStream in, boolean first) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new EOFException(first && b.size() == 0 ? "closed before any response" : "closed mid-response");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(US_ASCII);
    }

    private static byte[] exactly(InputStream in, long length) throws IOException {
        byte[] b = in.readNBytes((int) length);
        if (b.length < length) {
            throw new EOFException("closed mid-response");
        }
        return b;
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in, false);
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                while (!line(in, false).isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(exactly(in, n));
            line(in, false);
        }
    }
}
