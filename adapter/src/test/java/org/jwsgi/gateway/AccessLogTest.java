package org.jwsgi.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The access log's writer: off the request path, nothing lost silently. */
class AccessLogTest {

    private static RequestRecord entry(int i) {
        return record("127.0.0.1", "GET", "/" + i, "HTTP/1.1", 200, i);
    }

    private static RequestRecord record(String remote, String method, String target, String protocol, int status,
            long bytesOut) {
        return new RequestRecord(784_111_777_000L, 1_000, remote, method, target, protocol, status, 0, bytesOut,
                null, null, "builtin", "pool", "1", null, null, null, false);
    }

    /** A sink that keeps every line, and can be held up until released. */
    private static final class Kept implements AccessLogSink {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch release;
        final CountDownLatch entered = new CountDownLatch(1);
        volatile boolean closed;

        Kept(boolean held) {
            release = new CountDownLatch(held ? 1 : 0);
        }

        @Override
        public void write(List<String> batch) throws IOException {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            lines.addAll(batch);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Captures the WARNINGs of the log itself. */
    private static final class Warnings extends Handler implements AutoCloseable {
        final List<String> messages = Collections.synchronizedList(new ArrayList<>());
        private final Logger logger = Logger.getLogger(AccessLog.class.getName());

        Warnings() {
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord r) {
            messages.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    @Test
    void writesEveryLineQueuedBeforeCloseInOrderFromManyThreads() throws Exception {
        Kept sink = new Kept(false);
        AccessLog log = AccessLog.start(sink, AccessLogFormat.COMMON, 64, AccessLog.WhenFull.BLOCK);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t * 10_000;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    log.log(entry(base + i));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(10_000);
        }
        log.close();
        assertThat(sink.lines).hasSize(20_000);
        assertThat(log.dropped()).isZero();
        assertThat(sink.closed).isTrue();
        for (int t = 0; t < 4; t++) { // each thread's lines in its order, although the queue held 64
            int base = t * 10_000;
            List<Integer> order = sink.lines.stream()
                    .map(l -> Integer.parseInt(l.substring(l.indexOf("GET /") + 5, l.indexOf(" HTTP/"))))
                    .filter(n -> n >= base && n < base + 10_000).toList();
            assertThat(order).hasSize(5_000).isSorted();
        }
    }

    @Test
    void blockWaitsForRoomWhenTheSinkIsSlow() throws Exception {
        Kept sink = new Kept(true);
        AccessLog log = AccessLog.start(sink, AccessLogFormat.COMMON, 4, AccessLog.WhenFull.BLOCK);
        log.log(entry(0));
        assertThat(sink.entered.await(5, TimeUnit.SECONDS)).isTrue(); // the writer is stuck in the sink
        for (int i = 1; i <= 4; i++) {
            log.log(entry(i)); // fills the queue
        }
        Thread fifth = new Thread(() -> log.log(entry(5)));
        fifth.start();
        fifth.join(300);
        assertThat(fifth.isAlive()).as("a request waits while the queue is full").isTrue();
        sink.release.countDown();
        fifth.join(5000);
        assertThat(fifth.isAlive()).isFalse();
        log.close();
        assertThat(sink.lines).hasSize(6);
        assertThat(log.dropped()).isZero();
    }

    @Test
    void dropCountsAndReportsWhatItDrops() throws Exception {
        Kept sink = new Kept(true);
        try (Warnings warnings = new Warnings()) {
            AccessLog log = AccessLog.start(sink, AccessLogFormat.COMMON, 4, AccessLog.WhenFull.DROP);
            log.log(entry(0));
            assertThat(sink.entered.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i <= 10; i++) {
                log.log(entry(i)); // never waits: 4 fit, 6 are dropped
            }
            assertThat(log.dropped()).isEqualTo(6);
            sink.release.countDown();
            log.close();
            assertThat(sink.lines).hasSize(5);
            assertThat(warnings.messages).anySatisfy(m -> assertThat(m).contains("6 line(s) dropped")
                    .contains("whenFull=DROP"));
        }
    }

    @Test
    void countsAndReportsLinesAFailingSinkLostAndLinesLoggedAfterClose() {
        AccessLogSink failing = lines -> {
            throw new IOException("disk full");
        };
        try (Warnings warnings = new Warnings()) {
            AccessLog log = AccessLog.start(failing);
            log.log(entry(1));
            log.log(entry(3));
            log.close();
            log.log(entry(2));
            assertThat(log.dropped()).isEqualTo(3);
            assertThat(warnings.messages).anySatisfy(m -> assertThat(m).contains("disk full"));
        }
    }

    @Test
    void theStreamSinkWritesTheRequestsBytesALineEach() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLog log = AccessLog.start(AccessLogSink.stream(out));
        log.log(record("::1", "GET", "/a\"b", "HTTP/1.0", 404, 0));
        log.log(record("10.0.0.1", "", "", "", 400, 0)); // refused before its request line was whole
        log.log(record("::1", "GET", "/caf\u00c3\u00a9", "HTTP/1.1", 200, 5)); // UTF-8 "café" as a native string
        log.close();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.split("\n", -1)).hasSize(4).endsWith("");
        assertThat(text).matches("(?s)::1 - - \\[06/Nov/1994:\\d\\d:\\d\\d:37 [+-]\\d{4}] \"GET /a\\\\\"b HTTP/1\\.0\" 404 -\n"
                + "10\\.0\\.0\\.1 - - \\[[^]]+] \"-\" 400 -\n"
                + "::1 - - \\[[^]]+] \"GET /caf\u00e9 HTTP/1\\.1\" 200 5\n");
    }

    @Test
    void refusesABadCapacity() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> AccessLog.start(lines -> { }, AccessLogFormat.COMMON, 0, AccessLog.WhenFull.BLOCK))
                .withMessageContaining("capacity must be positive: 0");
    }
}
