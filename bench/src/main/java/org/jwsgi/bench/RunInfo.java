package org.jwsgi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;

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

    /** CPU count and model (from {@code /proc/cpuinfo} where there is one) and the OS. */
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
        return cpus + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version");
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
                + wrkCommand() + " after a " + options.warmupSeconds() + " s warm-up, " + options.rounds()
                + (options.rounds() == 1 ? " round" : " interleaved rounds") + "; ratios to "
                + options.reference() + "\n";
    }
}
