package org.jwsgi.form;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.jwsgi.gateway.Ascii;

/**
 * One uploaded file of a {@link Multipart}: in memory up to {@code fileThreshold} bytes, else in
 * a temp file that {@link Multipart#close()} deletes unless {@link #moveTo moved} first.
 *
 * <pre>{@code
 * MultipartFile avatar = upload.file("avatar");
 * if (avatar != null && avatar.size() > 0) {
 *     avatar.moveTo(storage.resolve(UUID.randomUUID() + ".img"));   // never trust filename() as a path
 * }
 * }</pre>
 *
 * <p>{@link #filename()} is what the client sent: possibly empty (a file input left empty),
 * possibly with a path in it; use it for display, never to build a path.
 */
public final class MultipartFile {

    private final String name;
    private final String filename;
    private final Map<String, String> headers;
    private final long size;
    private final byte[] bytes;
    private Path path;
    private boolean moved;

    MultipartFile(String name, String filename, Map<String, String> headers, long size, byte[] bytes, Path path) {
        this.name = name;
        this.filename = filename;
        this.headers = headers;
        this.size = size;
        this.bytes = bytes;
        this.path = path;
    }

    /** The form field's name. */
    public String name() {
        return name;
    }

    /** The file name the client sent, as it sent it (decoded in the form's charset). */
    public String filename() {
        return filename;
    }

    /** The part's Content-Type as sent, {@code application/octet-stream} when it has none. */
    public String contentType() {
        return headers.getOrDefault("content-type", "application/octet-stream");
    }

    /** The part's headers, names in lower case. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The file's size in bytes. */
    public long size() {
        return size;
    }

    /** Whether the content is in memory (below {@code fileThreshold}) rather than in a temp file. */
    public boolean inMemory() {
        return bytes != null;
    }

    /** The temp file holding the content, or {@code null} when it is in memory; gone after {@code close()}. */
    public Path path() {
        return path;
    }

    /** The content, from memory or from the temp file. */
    public InputStream openStream() throws IOException {
        return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(path);
    }

    /** The whole content as an array: only for files known to be small. */
    public byte[] bytes() throws IOException {
        if (bytes != null) {
            return bytes.clone();
        }
        try (InputStream in = openStream()) {
            return in.readAllBytes();
        }
    }

    /**
     * Puts the content at {@code target} (replacing a file there): a rename when it is in a temp
     * file on the same file system, else a write. The temp file is then no longer deleted by
     * {@code close()}.
     */
    public void moveTo(Path target) throws IOException {
        if (bytes != null) {
            Files.write(target, bytes);
            return;
        }
        Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
        path = target;
        moved = true;
    }

    /** Deletes the temp file unless it was moved. */
    void delete() throws IOException {
        if (bytes == null && !moved) {
            Files.deleteIfExists(path);
        }
    }

    @Override
    public String toString() {
        return "MultipartFile[" + name + ", " + Ascii.quote(filename) + ", " + size + " bytes, "
                + (bytes != null ? "in memory" : path) + "]";
    }
}
