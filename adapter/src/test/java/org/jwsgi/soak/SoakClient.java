package org.jwsgi.soak;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.jwsgi.RawResponse;

/**
 * One soak client: a loop of random scenarios (keep-alive runs, one-shot requests, HTTP/1.0,
 * pipelines, aborts) over raw sockets, checking every response of a request it did not abort.
 *
 * <p>An error is an unexpected status, a malformed or incomplete response, a wrong body, or an I/O
 * failure (reset, timeout) on a request the client did not abort.
 */
final class SoakClient implements Runnable {

    /** Shared tallies of all clients. */
    static final class Tally {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong aborts = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final Queue<String> firstErrors = new java.util.concurrent.ConcurrentLinkedQueue<>();

        void error(String what) {
            if (errors.incrementAndGet() <= 20) {
                firstErrors.add(what);
            }
        }
    }

    /** One request and how to check its answer. */
    private record Req(String method, String target, String protocol, byte[] upload, boolean chunked) {
        boolean head() {
            return method.equals("HEAD");
        }
    }

    private final int port;
    private final long deadlineNanos;
    private final Random random;
    private final Tally tally;

    SoakClient(int port, long deadlineNanos, long seed, Tally tally) {
        this.port = port;
        this.deadlineNanos = deadlineNanos;
        this.random = new Random(seed);
        this.tally = tally;
    }

    @Override
    public void run() {
        while (System.nanoTime() - deadlineNanos < 0) {
            int pick = random.nextInt(100);
            String scenario = pick < 30 ? "keep-alive" : pick < 45 ? "one-shot" : pick < 55 ? "HTTP/1.0"
                    : pick < 70 ? "pipelined" : "abort";
            try {
                switch (scenario) {
                    case "keep-alive" -> keepAlive();
                    case "one-shot" -> exchange(List.of(request("HTTP/1.1", true)), true);
                    case "HTTP/1.0" -> exchange(List.of(request("HTTP/1.0", true)), true);
                    case "pipelined" -> pipelined();
                    default -> abort();
                }
            } catch (IOException | RuntimeException e) {
                tally.error(scenario + ": " + e);
            }
        }
    }

    private void keepAlive() throws IOException {
        int n = 1 + random.nextInt(6);
        List<Req> reqs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            reqs.add(request("HTTP/1.1", true));
        }
        exchange(reqs, false);
    }

    private void pipelined() throws IOException {
        List<Req> reqs = new ArrayList<>();
        for (int i = 2 + random.nextInt(4); i > 0; i--) {
            reqs.add(request("HTTP/1.1", false)); // no uploads: writing one while answers pile up unread could deadlock
        }
        try (Socket s = connect()) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (Req r : reqs) {
                all.write(bytes(r, false));
            }
            s.getOutputStream().write(all.toByteArray()); // every request before any answer
            InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
            for (Req r : reqs) {
                check(r, RawResponse.read(in, r.head()));
            }
        }
    }

    /** Sends {@code reqs} one after another on one connection, the last with Connection: close if asked. */
    private void exchange(List<Req> reqs, boolean closeLast) throws IOException {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
            for (int i = 0; i < reqs.size(); i++) {
                Req r = reqs.get(i);
                boolean last = i == reqs.size() - 1;
                out.write(bytes(r, closeLast && last));
                RawResponse response = RawResponse.read(in, r.head());
                check(r, response);
                if (r.protocol().equals("HTTP/1.0") || (closeLast && last)) {
                    if (in.read() >= 0) {
                        tally.error(r.method() + " " + r.target() + ": bytes after a closing response");
                    }
                }
            }
        }
    }

    /** A request the client gives up on: mid-response, mid-upload, mid-head, or before reading. */
    private void abort() throws IOException {
        Socket s = connect();
        OutputStream out = s.getOutputStream();
        try {
            switch (random.nextInt(4)) {
                case 0 -> { // mid-response: part of a 200 KiB stream
                    out.write(bytes(new Req("GET", "/stream?200", "HTTP/1.1", null, false), false));
                    s.getInputStream().readNBytes(random.nextInt(50_000));
                }
                case 1 -> { // mid-upload
                    byte[] body = new byte[200_000];
                    byte[] whole = bytes(new Req("POST", "/upload", "HTTP/1.1", body, random.nextBoolean()), false);
                    out.write(whole, 0, random.nextInt(whole.length - 1));
                }
                case 2 -> { // mid-head
                    byte[] head = "GET /small HTTP/1.1\r\nHost: soak\r\nUser-Agent: soak\r\n\r\n".getBytes(US_ASCII);
                    out.write(head, 0, random.nextInt(head.length - 1));
                }
                default -> out.write(bytes(new Req("GET", "/stream?50", "HTTP/1.1", null, false), false));
            }
        } catch (IOException e) {
            // the server may already have given up on us: that is the point
        } finally {
            if (random.nextBoolean()) {
                s.setSoLinger(true, 0); // a reset rather than a FIN
            }
            s.close();
            tally.aborts.incrementAndGet();
        }
    }

    private Req request(String protocol, boolean upload) {
        int pick = random.nextInt(upload ? 100 : 80);
        if (pick < 40) {
            return new Req("GET", "/small", protocol, null, false);
        }
        if (pick < 55) {
            return new Req("HEAD", "/small", protocol, null, false);
        }
        if (pick < 80) {
            return new Req("GET", "/stream?" + (1 + random.nextInt(64)), protocol, null, false);
        }
        byte[] body = new byte[random.nextInt(10) == 0 ? random.nextInt(1 << 20) : random.nextInt(64 * 1024)];
        random.nextBytes(body);
        // HTTP/1.0 has no chunked framing
        return new Req("POST", "/upload", protocol, body, protocol.equals("HTTP/1.1") && random.nextBoolean());
    }

    private byte[] bytes(Req r, boolean close) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(r.method() + " " + r.target() + " " + r.protocol() + "\r\nHost: soak\r\n");
        if (close) {
            head.append("Connection: close\r\n");
        }
        if (r.upload() != null) {
            head.append(r.chunked() ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + r.upload().length + "\r\n");
        }
        b.write(head.append("\r\n").toString().getBytes(US_ASCII));
        if (r.upload() != null && !r.chunked()) {
            b.write(r.upload());
        } else if (r.upload() != null) {
            for (int off = 0; off < r.upload().length; ) {
                int n = Math.min(r.upload().length - off, 1 + random.nextInt(20_000));
                b.write((Integer.toHexString(n) + "\r\n").getBytes(US_ASCII));
                b.write(r.upload(), off, n);
                b.write("\r\n".getBytes(US_ASCII));
                off += n;
            }
            b.write("0\r\n\r\n".getBytes(US_ASCII));
        }
        return b.toByteArray();
    }

    private void check(Req r, RawResponse response) {
        String what = r.method() + " " + r.target() + " " + r.protocol();
        String problem = problem(r, response);
        if (problem != null) {
            tally.error(what + ": " + problem);
        } else {
            tally.requests.incrementAndGet();
        }
    }

    private static String problem(Req r, RawResponse response) {
        if (response.status() != 200) {
            return "status " + response.statusLine();
        }
        if (!response.complete()) {
            return "incomplete response";
        }
        if (r.target().equals("/small")) {
            if (!"6".equals(response.header("Content-Length"))) {
                return "Content-Length " + response.header("Content-Length");
            }
            return r.head() || response.text().equals("hello\n") ? null : "body " + response.text();
        }
        if (r.target().startsWith("/stream?")) {
            int chunks = Integer.parseInt(r.target().substring(8));
            byte[] want = new byte[chunks * SoakApp.CHUNK];
            for (int i = 0; i < want.length; i++) {
                want[i] = SoakApp.streamByte(i);
            }
            return Arrays.equals(want, response.body()) ? null : "stream body of " + response.body().length + " bytes differs";
        }
        CRC32 crc = new CRC32();
        crc.update(r.upload());
        String want = r.upload().length + " " + Long.toHexString(crc.getValue());
        return response.text().equals(want) ? null : "upload echo " + response.text() + ", want " + want;
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(15_000); // a response that hangs becomes an error, not a hung soak
        return s;
    }
}
