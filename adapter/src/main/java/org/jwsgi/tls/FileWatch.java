package org.jwsgi.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tells whether a set of files changed since the last look, by modification time, size and a
 * SHA-256 of the content: the time alone misses a file replaced within the file system's time
 * granularity (or by a tool that keeps it, {@code cp -p}, a Kubernetes secret's symlink swap),
 * the hash alone would read every file at every tick. The content is hashed only when the time or
 * size moved, or at the first look.
 */
final class FileWatch {

    private record Seen(long modified, long size, byte[] hash) {
    }

    private final List<Path> files;
    private final List<Seen> seen = new ArrayList<>();

    FileWatch(List<Path> files) {
        this.files = List.copyOf(files);
        for (Path f : this.files) {
            seen.add(look(f, null));
        }
    }

    List<Path> files() {
        return files;
    }

    /** Whether any file changed (or appeared, or vanished) since the last call; remembers what it saw. */
    boolean changed() {
        boolean changed = false;
        for (int i = 0; i < files.size(); i++) {
            Seen before = seen.get(i);
            Seen now = look(files.get(i), before);
            if (!same(before, now)) {
                changed = true;
            }
            seen.set(i, now);
        }
        return changed;
    }

    private static boolean same(Seen a, Seen b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.modified() == b.modified() && a.size() == b.size() && Arrays.equals(a.hash(), b.hash());
    }

    /** What {@code file} looks like now; its hash is reused from {@code before} when time and size did not move. */
    private static Seen look(Path file, Seen before) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class); // follows a symlink
            long modified = a.lastModifiedTime().toMillis();
            if (before != null && before.modified() == modified && before.size() == a.size()
                    && System.currentTimeMillis() - modified > 2000) {
                // unchanged, and old enough that a rewrite within the clock's granularity would show
                return before;
            }
            return new Seen(modified, a.size(), sha256(Files.readAllBytes(file)));
        } catch (IOException e) {
            return null; // gone or unreadable for now: a change, reported when the file is back
        }
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
