package org.jwsgi.gateway;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An access log written off the request path: a request only puts its {@link RequestRecord} in a
 * bounded queue; one background thread formats what has queued up (in an {@link AccessLogFormat})
 * and hands it to the {@link AccessLogSink} in batches, at least every
 * {@link #FLUSH_MILLIS} ms while requests come, so a line reaches the sink within about that.
 * {@link #close()} writes everything queued before it returns: a graceful stop that closes the
 * log after its last request loses no line.
 *
 * <p>When the queue is full (the sink cannot keep up) the {@link WhenFull} policy decides:
 * {@link WhenFull#BLOCK} (the default) makes the request wait for room, so no line is lost and
 * the server slows to the sink's pace; {@link WhenFull#DROP} keeps the server's pace and counts
 * the lines it drops. Dropped lines, and lines a failing sink lost, are never silent: they are
 * counted ({@link #dropped()}) and reported as a WARNING on {@code System.Logger}
 * {@code org.jwsgi.gateway.AccessLog} at most every 10 s, and once more at close.
 *
 * <pre>{@code
 * AccessLog log = AccessLog.start(AccessLogSink.stream(System.err));
 * ServerListener everyRequest = log::log;   // or give the sink to WsgiServer.create / Backend.start
 * // ... serve; after the last request:
 * log.close();   // every line is on stderr
 * }</pre>
 */
public final class AccessLog implements AutoCloseable {

    /** What a request does when the queue is full. */
    public enum WhenFull {
        /** Wait for room: no line is lost; requests slow to the sink's pace. */
        BLOCK,
        /** Drop the line, count it, and report the count. */
        DROP
    }

    /** The default queue: room for this many lines waiting for the writer. */
    public static final int DEFAULT_CAPACITY = 16_384;
    /** How long the writer lets lines gather while requests come. */
    public static final long FLUSH_MILLIS = 20;

    private static final System.Logger LOG = System.getLogger(AccessLog.class.getName());
    private static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS);
    /** Empty rounds (of FLUSH_MILLIS) before the writer sleeps until a line comes. */
    private static final int QUIET_ROUNDS = 50;
    private static final int MAX_BATCH = 4096;
    private static final long REPORT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int RUNNING = 0;
    private static final int NAPPING = 1;
    private static final int SLEEPING = 2;

    private final AccessLogSink sink;
    private final AccessLogFormat format;
    private final int capacity;
    private final WhenFull whenFull;
    private final Queue<RequestRecord> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread writer;
    private volatile int state = RUNNING;
    private volatile boolean closing;
    private long reported;
    private long reportedAt = System.nanoTime();

    private AccessLog(AccessLogSink sink, AccessLogFormat format, int capacity, WhenFull whenFull, String name) {
        this.sink = sink;
        this.format = format;
        this.capacity = capacity;
        this.whenFull = whenFull;
        this.writer = new Thread(this::run, name);
        this.writer.setDaemon(true);
    }

    /** A log in the Common Log Format, with the default queue and {@link WhenFull#BLOCK}. */
    public static AccessLog start(AccessLogSink sink) {
        return start(sink, AccessLogFormat.COMMON, DEFAULT_CAPACITY, WhenFull.BLOCK);
    }

    /**
     * A log writing to {@code sink} in {@code format}, with room for {@code capacity} waiting lines.
     *
     * @throws IllegalArgumentException if {@code capacity} is not positive
     */
    public static AccessLog start(AccessLogSink sink, AccessLogFormat format, int capacity, WhenFull whenFull) {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(whenFull, "whenFull");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        AccessLog log = new AccessLog(sink, format, capacity, whenFull, "jwsgi-access-log");
        log.writer.start();
        return log;
    }

    /** Queues {@code request}, formatted later on the writer thread. */
    public void log(RequestRecord request) {
        offer(Objects.requireNonNull(request, "request"));
    }

    /** Lines dropped so far: by {@link WhenFull#DROP} on a full queue, lost by a failing sink, or logged after close. */
    public long dropped() {
        return dropped.get();
    }

    private void offer(RequestRecord item) {
        while (true) {
            if (closing) {
                lost(1, "logged after the access log was closed");
                return;
            }
            int n = size.incrementAndGet();
            if (n <= capacity) {
                queue.add(item);
                if (state == SLEEPING || n > capacity / 2 && state == NAPPING) {
                    LockSupport.unpark(writer); // the writer is asleep, or should drain before the queue fills
                }
                return;
            }
            size.decrementAndGet();
            if (whenFull == WhenFull.DROP) {
                dropped.incrementAndGet();
                return;
            }
            LockSupport.unpark(writer);
            LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(100)); // BLOCK: room comes with the next batch
        }
    }

    private void run() {
        List<String> lines = new ArrayList<>();
        int quiet = 0;
        try {
            while (true) {
                boolean last = closing; // read before draining: what was queued before close() is written
                int n = drain(lines);
                if (n > 0) {
                    write(lines, n);
                    quiet = 0;
                    if (n == MAX_BATCH) {
                        continue; // more is waiting
                    }
                } else if (last) {
                    break;
                }
                report(false);
                if (n == 0 && ++quiet >= QUIET_ROUNDS) {
                    quiet = 0;
                    state = SLEEPING;
                    if (size.get() == 0 && !closing) { // checked after saying so: a new line sees it and wakes us
                        LockSupport.park(this);
                    }
                } else {
                    state = NAPPING;
                    LockSupport.parkNanos(this, FLUSH_NANOS);
                }
                state = RUNNING;
            }
            write(lines, drain(lines)); // what slipped in while we looked
        } finally {
            try {
                sink.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the access log's sink " + sink + " failed: " + e);
            }
            report(true);
            done.countDown();
        }
    }

    /** Takes up to MAX_BATCH items off the queue, formatted, into {@code lines}; returns how many. */
    private int drain(List<String> lines) {
        int n = 0;
        for (RequestRecord item; n < MAX_BATCH && (item = queue.poll()) != null; n++) {
            try {
                lines.add(format.format(item));
            } catch (RuntimeException e) {
                lost(1, "the format " + format + " failed: " + e);
            }
        }
        size.addAndGet(-n);
        return n;
    }

    private void write(List<String> lines, int n) {
        if (n == 0) {
            return;
        }
        try {
            sink.write(lines);
        } catch (Exception e) {
            lost(lines.size(), "the sink " + sink + " failed: " + e);
        } finally {
            lines.clear();
        }
    }

    private void lost(int lines, String why) {
        long before = dropped.getAndAdd(lines);
        if (before == 0) {
            LOG.log(Level.WARNING, "access log lines lost: " + why); // the first time at once, with its cause
        }
    }

    /** Reports new drops: at most every REPORT_NANOS, and at the end. Writer thread only. */
    private void report(boolean end) {
        long now = System.nanoTime();
        long total = dropped.get();
        if (total > reported && (end || now - reportedAt >= REPORT_NANOS)) {
            LOG.log(Level.WARNING, "access log: " + (total - reported) + " line(s) dropped ("
                    + total + " in all): the queue of " + capacity + " lines was full (whenFull=" + whenFull
                    + ") or the sink failed");
            reported = total;
            reportedAt = now;
        }
    }

    /**
     * Writes every line queued so far, closes the sink and stops the writer; later lines are
     * counted as dropped. Waits for the writer at most 10 s (a sink that hangs). Idempotent.
     */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(writer);
        try {
            if (!done.await(10, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "the access log's writer did not finish within 10 s; sink " + sink);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = size.getAndSet(0);
        if (left > 0) {
            queue.clear();
            lost(left, "queued after the writer's last batch");
        }
    }

    @Override
    public String toString() {
        return "access log to " + sink + " (" + format.label() + ", capacity " + capacity + ", whenFull=" + whenFull + ")";
    }
}
