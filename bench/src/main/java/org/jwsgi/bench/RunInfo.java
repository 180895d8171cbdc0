package org.jwsgi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * What a run was: when, on which machine and JVM, with which wrk settings. Printed above the
 * tables and kept in the result files, since a figure means nothing without it.
 *
 * <pre>{@code
 * RunInfo info = new RunInfo(ZonedDateTime.now(), RunInfo.thisMachine(), jvm, options);
 * info.describe(); // "2025-06-01T10:00+02:00, 2 CPUs (AMD EPYC ...), Linux 6.1; openjdk version ...; ..."
 * }</pre>
 */
record RunInfo(ZonedDateTime started, String machine, Jvm jvm, BenchOptions options) {

    /**
     * The 1-minute load average from {@code /proc/loadavg}, NaN where there is none: other work
     * on the machine while it is measured shows here, and makes every figure noisy.
     */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Whether the machine is busy enough (load above half its CPUs) that the figures will be noisy. */
    static boolean busy(double loadAverage) {
        return loadAverage > Runtime.getRuntime().availableProcessors() / 2.0;
    }

    /** CPU count and model (from {@code /proc/cpuinfo} where there is one), the OS and the load average. */
    static String thisMachine() {
        String cpus = Runtime.getRuntime().availableProcessors() + " CPUs";
        try {
            cpus += Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> " (" + l.substring(l.indexOf(':') + 1).strip() + ")")
                    .findFirst().orElse("");
        } catch (IOException e) {
            // not Linux: the count alone
        }
        double load = loadAverage();
        return cpus + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + (Double.isNaN(load) ? "" : String.format(Locale.ROOT, ", load average %.2f at the start", load));
    }

    /** The wrk command the measured runs use, with the port and path left out. */
    String wrkCommand() {
        return "wrk -t" + options.threads() + " -c" + options.connections() + " -d" + options.durationSeconds()
                + "s --latency";
    }

    /** A few lines saying what the run was, for the top of the report. */
    String describe() {
        return "Run " + started.withNano(0).toOffsetDateTime() + " on " + machine + "\n"
                + "Servers on " + jvm.description() + " (" + jvm.path() + ")\n"
                + wrkCommand() + (options.warmupSeconds() == 0 ? " without warm-up, "
                        : " after a " + options.warmupSeconds() + " s warm-up, ") + options.rounds()
                + (options.rounds() == 1 ? " round" : " interleaved rounds") + "; ratios to "
                + options.reference() + "\n";
    }
}
