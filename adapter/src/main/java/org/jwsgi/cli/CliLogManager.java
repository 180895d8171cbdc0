package org.jwsgi.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogManager;

/**
 * The CLI's {@link LogManager}: java.util.logging resets itself (dropping every handler) in a
 * shutdown hook of its own, which runs at the same time as the CLI's graceful stop, so the access
 * lines and errors of the requests that finish during the stop were lost. This manager makes that
 * reset wait until the server has stopped (or a bound has passed).
 *
 * <pre>{@code
 * System.setProperty("java.util.logging.manager", CliLogManager.class.getName()); // before any logging
 * }</pre>
 */
public final class CliLogManager extends LogManager {

    private static volatile CountDownLatch stopped;
    private static volatile Duration bound = Duration.ZERO;

    public CliLogManager() {
        // instantiated by java.util.logging from the system property
    }

    /** From now on, the shutdown reset waits for {@link #serverStopped()}, at most {@code max}. */
    static void holdResetUntilStopped(Duration max) {
        bound = max;
        stopped = new CountDownLatch(1);
    }

    /** The server has stopped: the logging may shut down. */
    static void serverStopped() {
        CountDownLatch latch = stopped;
        if (latch != null) {
            latch.countDown();
        }
    }

    @Override
    public void reset() {
        CountDownLatch latch = stopped;
        if (latch != null && Thread.currentThread().getClass().getName().equals("java.util.logging.LogManager$Cleaner")) {
            try {
                latch.await(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.reset();
    }
}
