package org.jwsgi.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Stops the server processes a measuring tool starts, also when the tool itself is stopped
 * (Ctrl-C): no server is left running after a run.
 *
 * <pre>{@code
 * Thread reaper = Reaper.register(process);
 * ...
 * Reaper.stop(process, reaper);
 * }</pre>
 */
final class Reaper {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private Reaper() {
    }

    /** Kills {@code process} if this JVM exits before {@link #stop} is called; returns the hook. */
    static Thread register(Process process) {
        Thread hook = new Thread(process::destroyForcibly, "reaper-" + process.pid());
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /**
     * Stops {@code process} with SIGTERM (a graceful stop), kills it if it has not ended 15 s later,
     * and drops its {@code hook} (may be null).
     */
    static void stop(Process process, Thread hook) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is exiting: the hook runs, and finds the process already ended
            }
        }
    }
}
