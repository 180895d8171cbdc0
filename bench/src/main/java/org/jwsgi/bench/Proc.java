package org.jwsgi.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What Linux's {@code /proc} tells of a process: its resident memory ({@code VmRSS}, {@code VmHWM}
 * in {@code status}) and its file descriptors (the limit in {@code limits}, those open in
 * {@code fd/}).
 *
 * <pre>{@code
 * long rss = Proc.statusKib(ProcessHandle.current().pid(), "VmRSS");
 * }</pre>
 */
final class Proc {

    private Proc() {
    }

    /** A {@code kB} field of {@code /proc/PID/status}, such as {@code VmRSS}, in KiB. */
    static long statusKib(long pid, String field) {
        return statusKib(read(Path.of("/proc", Long.toString(pid), "status")), field);
    }

    /**
     * A {@code kB} field of the text of a {@code status} file ({@code "VmRSS:\t  51234 kB"}).
     *
     * @throws IllegalArgumentException if the field is missing or not in kB
     */
    static long statusKib(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) {
                String value = line.substring(field.length() + 1).strip();
                if (!value.endsWith(" kB")) {
                    throw new IllegalArgumentException(field + " is not in kB: " + line);
                }
                return Long.parseLong(value.substring(0, value.length() - 3).strip());
            }
        }
        throw new IllegalArgumentException("no " + field + " in /proc status");
    }

    /** The soft limit on open files of process {@code pid}; {@link Long#MAX_VALUE} when unlimited. */
    static long openFilesLimit(long pid) {
        return openFilesLimit(read(Path.of("/proc", Long.toString(pid), "limits")));
    }

    /**
     * The soft limit in the text of a {@code limits} file
     * ({@code "Max open files   20000   20000   files"}).
     */
    static long openFilesLimit(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).strip().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        throw new IllegalArgumentException("no 'Max open files' in /proc limits");
    }

    /** How many files process {@code pid} has open now. */
    static long openFiles(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many local ports connections to one address may use: the size of net.ipv4.ip_local_port_range. */
    static int localPortCount() {
        return localPortCount(read(Path.of("/proc/sys/net/ipv4/ip_local_port_range")));
    }

    /** The size of a port range as the kernel prints it ({@code "32768\t60999"}). */
    static int localPortCount(String range) {
        String[] bounds = range.strip().split("\\s+");
        return Integer.parseInt(bounds[1]) - Integer.parseInt(bounds[0]) + 1;
    }

    private static String read(Path file) {
        // one large read: Files.readString sizes its first read by the file's size, 0 in /proc,
        // and a sysctl file read from an offset past 0 is empty
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (Linux only)", e);
        }
    }
}
