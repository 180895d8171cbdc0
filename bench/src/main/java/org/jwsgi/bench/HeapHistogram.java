package org.jwsgi.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The live objects of a JVM by class, from {@code jcmd PID GC.class_histogram} (which runs a full
 * collection first, so garbage is not counted). Two of them tell what N connections keep alive on
 * the heap, class by class.
 *
 * <pre>{@code
 * HeapHistogram before = HeapHistogram.of(java, pid);
 * ... open 10,000 connections ...
 * HeapHistogram after = HeapHistogram.of(java, pid);
 * long perConnection = (after.totalBytes() - before.totalBytes()) / 10_000;
 * after.growthOver(before).stream().limit(10).forEach(System.out::println);
 * }</pre>
 *
 * @param bytesByClass live bytes per class name
 * @param instancesByClass live instances per class name
 * @param totalBytes live bytes of all classes
 */
record HeapHistogram(Map<String, Long> bytesByClass, Map<String, Long> instancesByClass, long totalBytes) {

    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);

    /** One class's growth between two histograms. */
    record Growth(String className, long bytes, long instances) {
    }

    /**
     * The histogram of process {@code pid}, by the {@code jcmd} beside the {@code java} launcher that
     * started it.
     *
     * @throws IOException if there is no jcmd there, or it fails or takes over 60 s
     */
    static HeapHistogram of(String java, long pid) throws IOException {
        Path jcmd = Path.of(java).resolveSibling("jcmd");
        if (!Files.isExecutable(jcmd)) {
            throw new IOException("no jcmd beside " + java + " (a JRE?)");
        }
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true)
                .start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(JCMD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                throw new IOException("jcmd " + pid + " GC.class_histogram failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running jcmd", e);
        } finally {
            p.destroyForcibly();
        }
        return parse(out);
    }

    /**
     * Parses jcmd's output: lines {@code "  12:   345   6789  java.lang.String (java.base@25)"} and a
     * {@code "Total  instances  bytes"} line.
     */
    static HeapHistogram parse(String text) {
        Map<String, Long> bytes = new HashMap<>();
        Map<String, Long> instances = new HashMap<>();
        long total = -1;
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":") && isNumber(f[1]) && isNumber(f[2])) {
                bytes.merge(f[3], Long.parseLong(f[2]), Long::sum);
                instances.merge(f[3], Long.parseLong(f[1]), Long::sum);
            } else if (f.length == 3 && f[0].equals("Total") && isNumber(f[2])) {
                total = Long.parseLong(f[2]);
            }
        }
        if (total < 0) {
            throw new IllegalArgumentException("not a class histogram (no Total line): "
                    + text.lines().findFirst().orElse(""));
        }
        return new HeapHistogram(Map.copyOf(bytes), Map.copyOf(instances), total);
    }

    /** The classes whose live bytes grew since {@code before}, the most grown first. */
    List<Growth> growthOver(HeapHistogram before) {
        List<Growth> growth = new ArrayList<>();
        for (Map.Entry<String, Long> e : bytesByClass.entrySet()) {
            long delta = e.getValue() - before.bytesByClass.getOrDefault(e.getKey(), 0L);
            if (delta > 0) {
                growth.add(new Growth(e.getKey(), delta,
                        instancesByClass.get(e.getKey()) - before.instancesByClass.getOrDefault(e.getKey(), 0L)));
            }
        }
        growth.sort(Comparator.comparingLong(Growth::bytes).reversed());
        return growth;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
