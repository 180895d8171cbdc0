package org.jwsgi.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jwsgi.testing.TestClient;
import org.junit.jupiter.api.Test;

/**
 * The shared model on virtual threads. Runs in a JVM of its own with two carrier threads and no
 * spare ones (surefire execution "virtual-threads"): a virtual thread that waits for GraalPy's GIL
 * in compiled Python code is pinned to its carrier; once every carrier is so pinned, the thread
 * the GIL was handed to, unmounted, can never run. {@link Pinning} pins half the requests as
 * compiled code would (the tests run GraalPy interpreted).
 */
class VirtualThreadsTest {

    @Test
    void sharedModelKeepsServingVirtualThreadsThatWaitForTheGilPinned() throws Exception {
        assertThat(Integer.getInteger("jdk.virtualThreadScheduler.maxPoolSize")).as("run by its own execution").isEqualTo(2);
        try (PythonApp app = PythonApp.start(TestApps.options("pinned:app"))) {
            AtomicInteger answered = new AtomicInteger();
            int threads = 16;
            int each = 10;
            ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String pinned = t % 2 == 0 ? "yes" : "no";
                running.add(virtual.submit(() -> {
                    TestClient client = TestClient.of(app);
                    for (int i = 0; i < each; i++) {
                        assertThat(client.request("GET", "/?20000").header("X-Pinned", pinned).send().status())
                                .isEqualTo(200);
                        answered.incrementAndGet();
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try {
                for (Future<?> f : running) {
                    f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException e) {
                throw new AssertionError("stalled: " + answered.get() + " of " + threads * each + " requests answered in 60 s", e);
            } finally {
                virtual.shutdownNow();
            }
            assertThat(answered.get()).isEqualTo(threads * each);
        }
    }
}
