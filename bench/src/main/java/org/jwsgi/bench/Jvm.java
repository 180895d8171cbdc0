package org.jwsgi.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM the Java servers run on, as {@code java -version} describes it: the targets depend
 * on its feature version (virtual threads from 21).
 *
 * <pre>{@code
 * Jvm jvm = Jvm.probe(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));
 * jvm.feature();      // 25
 * jvm.description();  // openjdk version "25.0.1" 2025-10-21 LTS
 * }</pre>
 */
record Jvm(Path path, String version, int feature, String description) {

    private static final Pattern VERSION = Pattern.compile("version \"([^\"]+)\"");
    private static final int PROBE_SECONDS = 30;

    /** The JVM this harness runs on: {@code java.home}'s {@code bin/java}. */
    static Path current() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * Runs {@code java -version}.
     *
     * @throws IllegalArgumentException if it does not run, or does not say its version
     */
    static Jvm probe(Path java) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes(); // ends when it exits: -version does not linger
            if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalArgumentException(java + " -version did not finish within " + PROBE_SECONDS + " s");
            }
            return parse(java, new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot run " + java + ": " + e.getMessage(), e);
        }
    }

    /** Reads the output of {@code java -version}. */
    static Jvm parse(Path java, String versionOutput) {
        Matcher m = VERSION.matcher(versionOutput);
        if (!m.find()) {
            throw new IllegalArgumentException(java + " -version gave no version: \""
                    + WrkResult.firstLine(versionOutput) + "\"");
        }
        String version = m.group(1);
        String line = versionOutput.lines().filter(l -> l.contains(m.group())).findFirst().orElse(version).strip();
        try {
            return new Jvm(java, version, Runtime.Version.parse(version).feature(), line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(java + " is Java \"" + version + "\": the servers need Java 17 or later", e);
        }
    }
}
