package org.jwsgi.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pool behind idle connections holding no large buffer, and the buffers that borrow from it. */
class BufferPoolTest {

    @Test
    void aReleasedArrayIsLentAgainAndTheCapacityBoundsWhatWaits() {
        BufferPool pool = new BufferPool(64, 2);
        byte[] a = pool.acquire(0);
        byte[] b = pool.acquire(0);
        byte[] c = pool.acquire(0);
        assertThat(a).hasSize(64).isNotSameAs(b);
        pool.release(a, 0);
        pool.release(b, 7);
        pool.release(c, 3); // no room: left to the GC
        assertThat(pool.pooled()).isEqualTo(2);
        Set<byte[]> lent = Collections.newSetFromMap(new IdentityHashMap<>());
        lent.add(pool.acquire(5));
        lent.add(pool.acquire(1));
        assertThat(lent).containsExactlyInAnyOrder(a, b);
        assertThat(pool.pooled()).isZero();
    }

    @Test
    void arraysOfAnotherSizeAreNotTakenIn() {
        BufferPool pool = new BufferPool(64, 4);
        pool.release(new byte[32], 0);
        pool.release(null, 0);
        assertThat(pool.pooled()).isZero();
        assertThatThrownBy(() -> new BufferPool(0, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bufferSize");
    }

    @Test
    void noArrayIsEverLentToTwoHoldersAtOnce() throws Exception {
        BufferPool pool = new BufferPool(16, 4);
        Set<byte[]> held = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] done = new Future<?>[4];
            for (int t = 0; t < done.length; t++) {
                int hint = t;
                done[t] = threads.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        byte[] b = pool.acquire(hint);
                        assertThat(held.add(b)).as("lent twice").isTrue();
                        held.remove(b);
                        pool.release(b, hint);
                    }
                    return null;
                });
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(pool.pooled()).isBetween(1, 4);
    }

    @Test
    void anIdleReadBufferHoldsNoPooledArrayAndALongHeadMovesToOne() throws IOException {
        BufferPool pool = new BufferPool(256, 4);
        String head = "GET /" + "a".repeat(100) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        InputBuffer in = new InputBuffer(new MemoryTransport((head + "NEXT").getBytes(ISO_8859_1)), pool, 32, 0);
        assertThat(in.buf).hasSize(32);
        StringBuilder read = new StringBuilder();
        while (read.length() < head.length() + 4) {
            assertThat(in.fill()).isPositive();
            read.append(new String(in.buf, in.pos, in.available(), ISO_8859_1));
            in.pos = in.limit;
        }
        assertThat(read).hasToString(head + "NEXT");
        assertThat(in.buf).as("the small array filled up: the rest came in a large one").hasSize(256);
        in.shrink();
        assertThat(in.buf).hasSize(32);
        assertThat(pool.pooled()).isEqualTo(1);
    }

    @Test
    void aPipelinedRequestKeepsItsArrayAndABodyMovesWhatIsBuffered() throws IOException {
        BufferPool pool = new BufferPool(256, 4);
        InputBuffer in = new InputBuffer(new MemoryTransport("0123456789".getBytes(ISO_8859_1)), pool, 32, 0);
        in.fill();
        in.pos = 4;
        in.enlarge(); // a body follows the head
        assertThat(in.buf).hasSize(256);
        assertThat(new String(in.buf, in.pos, in.available(), ISO_8859_1)).isEqualTo("456789");
        in.shrink(); // bytes still buffered (a pipelined request): kept
        assertThat(in.buf).hasSize(256);
        assertThat(pool.pooled()).isZero();
        in.pos = in.limit;
        in.release();
        assertThat(in.buf).hasSize(32);
        assertThat(pool.pooled()).isEqualTo(1);
    }

    @Test
    void theWriteBufferIsBorrowedForAResponseAndGivenBackOnlyOnceFlushed() throws IOException {
        BufferPool pool = new BufferPool(64, 4);
        MemoryTransport t = new MemoryTransport(new byte[0]);
        ResponseWriter out = new ResponseWriter(t, pool, 0);
        out.latin1("HTTP/1.1 200 OK\r\n");
        out.release(); // not flushed: kept
        assertThat(pool.pooled()).isZero();
        out.flush();
        out.release();
        assertThat(pool.pooled()).isEqualTo(1);
        out.latin1("again");
        out.flush();
        assertThat(new String(t.response(), ISO_8859_1)).isEqualTo("HTTP/1.1 200 OK\r\nagain");
        assertThat(pool.pooled()).isZero();
    }
}
