package org.jwsgi.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gate's bookkeeping, without GraalPy: who waits, and a thread already inside passing again. */
class CarrierGateTest {

    @Test
    void aVirtualThreadWaitsWhileTheGateIsFullAndAPlatformThreadPasses() throws Exception {
        CarrierGate gate = CarrierGate.withRoom(1);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        Thread first = Thread.ofVirtual().start(() -> {
            try {
                gate.enter();
                inside.countDown();
                leave.await();
                gate.exit();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        CountDownLatch secondIn = new CountDownLatch(1);
        Thread second = Thread.ofVirtual().start(() -> {
            gate.enterUninterruptibly();
            secondIn.countDown();
            gate.exit();
        });
        assertThat(secondIn.await(200, TimeUnit.MILLISECONDS)).as("a second virtual thread waits").isFalse();

        CountDownLatch platformIn = new CountDownLatch(1);
        Thread.ofPlatform().start(() -> {
            gate.enterUninterruptibly();
            platformIn.countDown();
            gate.exit();
        });
        assertThat(platformIn.await(10, TimeUnit.SECONDS)).as("a platform thread passes").isTrue();

        leave.countDown();
        assertThat(secondIn.await(10, TimeUnit.SECONDS)).as("let in once the first left").isTrue();
        first.join(10_000);
        second.join(10_000);
    }

    @Test
    void aThreadInsideEntersAgainAndLeavesTheRoomOnlyWhenItLeavesTheOutermost() throws Exception {
        CarrierGate gate = CarrierGate.withRoom(1);
        CountDownLatch nestedDone = new CountDownLatch(1);
        CountDownLatch outerLeft = new CountDownLatch(1);
        CountDownLatch letOut = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try {
                gate.enter();
                gate.enterUninterruptibly(); // a body closed while its call still runs
                gate.exit();
                nestedDone.countDown();
                letOut.await();
                gate.exit();
                outerLeft.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(nestedDone.await(10, TimeUnit.SECONDS)).as("the nested entry did not wait for itself").isTrue();

        CountDownLatch otherIn = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            gate.enterUninterruptibly();
            otherIn.countDown();
            gate.exit();
        });
        assertThat(otherIn.await(200, TimeUnit.MILLISECONDS)).as("still inside after the nested exit").isFalse();
        letOut.countDown();
        assertThat(outerLeft.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(otherIn.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
