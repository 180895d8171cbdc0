package org.jwsgi.form;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Limits and storage of {@link Multipart} and {@link MultipartReader}. Start from
 * {@link #defaults()} and change what you need with {@code withX}; every limit that trips is a
 * {@link org.jwsgi.util.ClientError} {@code 413} whose message and {@link org.jwsgi.util.ClientError#limit()} name it.
 *
 * <pre>{@code
 * MultipartOptions options = MultipartOptions.defaults()
 *         .withMaxBytes(200L << 20).withFileThreshold(256 * 1024).withTempDir(Path.of("/var/tmp/uploads"));
 * }</pre>
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>bounds</th></tr>
 *   <tr><td>{@code maxBytes}</td><td>64 MiB</td><td>the whole body, framing included (before reading when CONTENT_LENGTH says so)</td></tr>
 *   <tr><td>{@code maxParts}</td><td>1000</td><td>parts, fields and files together</td></tr>
 *   <tr><td>{@code maxPartHeaderBytes}</td><td>8 KiB (at most 32 KiB)</td><td>the header lines of one part</td></tr>
 *   <tr><td>{@code maxFieldBytes}</td><td>1 MiB</td><td>the value of one plain (non-file) field</td></tr>
 *   <tr><td>{@code maxFileBytes}</td><td>64 MiB</td><td>one file</td></tr>
 *   <tr><td>{@code maxMemoryBytes}</td><td>2 MiB</td><td>fields and in-memory files together: a field past it is a 413,
 *       a file past it goes to disk</td></tr>
 *   <tr><td>{@code fileThreshold}</td><td>64 KiB</td><td>a file larger than this goes to a temp file</td></tr>
 *   <tr><td>{@code tempDir}</td><td>{@code java.io.tmpdir}</td><td>where temp files go (owner-only on POSIX)</td></tr>
 *   <tr><td>{@code charset}</td><td>UTF-8</td><td>fields and part headers without a charset of their own
 *       (a {@code _charset_} field wins for fields)</td></tr>
 * </table>
 */
public record MultipartOptions(long maxBytes, int maxParts, int maxPartHeaderBytes, int maxFieldBytes, long maxFileBytes,
        long maxMemoryBytes, int fileThreshold, Path tempDir, Charset charset) {

    /** The reader's buffer must hold a whole part header section plus a delimiter. */
    static final int MAX_PART_HEADER_BYTES = 32 * 1024;

    public MultipartOptions {
        Objects.requireNonNull(tempDir, "tempDir");
        Objects.requireNonNull(charset, "charset");
        positive("maxBytes", maxBytes);
        positive("maxParts", maxParts);
        positive("maxFieldBytes", maxFieldBytes);
        positive("maxFileBytes", maxFileBytes);
        if (maxMemoryBytes < 0 || fileThreshold < 0) {
            throw new IllegalArgumentException("maxMemoryBytes and fileThreshold must be 0 or more: "
                    + maxMemoryBytes + ", " + fileThreshold);
        }
        if (maxPartHeaderBytes < 64 || maxPartHeaderBytes > MAX_PART_HEADER_BYTES) {
            throw new IllegalArgumentException("maxPartHeaderBytes must be 64 to " + MAX_PART_HEADER_BYTES + ": "
                    + maxPartHeaderBytes);
        }
        if (!ContentTypes.asciiCompatible(charset)) {
            throw new IllegalArgumentException("a form charset must write ASCII as ASCII: " + charset);
        }
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }

    /** The defaults of the table above. */
    public static MultipartOptions defaults() {
        return new MultipartOptions(64L << 20, 1000, 8 * 1024, 1 << 20, 64L << 20, 2L << 20, 64 * 1024,
                Path.of(System.getProperty("java.io.tmpdir")), StandardCharsets.UTF_8);
    }

    public MultipartOptions withMaxBytes(long maxBytes) {
        return new MultipartOptions(maxBytes, maxParts, maxPartHeaderBytes, maxFieldBytes, maxFileBytes, maxMemoryBytes,
                fileThreshold, tempDir, charset);
    }

    public MultipartOptions withMaxParts(int maxParts) {
        return new MultipartOptions(maxBytes, maxParts, maxPartHeaderBytes, maxFieldBytes, maxFileBytes, maxMemoryBytes,
                fileThreshold, tempDir, charset);
    }

    public MultipartOptions withMaxPartHeaderBytes(int maxPartHeaderBytes) {
        return new MultipartOptions(maxBytes, maxParts, maxPartHeaderBytes, maxFieldBytes, maxFileBytes, maxMemoryBytes,
                fileThreshold, tempDir, charset);
    }

    public MultipartOptions withMaxFieldBytes(int maxFieldBytes) {
        return new MultipartOptions(maxBytes, maxParts, maxPartHeaderBytes, maxFieldBytes, maxFileBytes, maxMemoryBytes,
                fileThreshold, tempDir, charset);
    }

    public MultipartOptions withMaxFileBytes(long maxFileBytes) {
        return new MultipartOptions(maxBytes, maxParts, maxPartHeaderBytes, maxFieldBytes, maxFileBytes, maxMemoryBytes,
                fileThreshold, tempDir, charset);
    }

    public MultipartOptions withMaxMemoryBytes(long maxMemoryBytes) {
        return new MultipartOptions(maxBytes, maxParts, maxPartHeaderBytes, maxFieldBytes, maxFileBytes, maxMemoryBytes,
                fileThreshold, tempDir, charset);
    }

    public MultipartOptions withFileThreshold(int fileThreshold) {
        return new MultipartOptions(maxBytes, maxParts, maxPartHeaderBytes, maxFieldBytes, maxFileBytes, maxMemoryBytes,
                fileThreshold, tempDir, charset);
    }

    public MultipartOptions withTempDir(Path tempDir) {
        return new MultipartOptions(maxBytes, maxParts, maxPartHeaderBytes, maxFieldBytes, maxFileBytes, maxMemoryBytes,
                fileThreshold, tempDir, charset);
    }

    public MultipartOptions withCharset(Charset charset) {
        return new MultipartOptions(maxBytes, maxParts, maxPartHeaderBytes, maxFieldBytes, maxFileBytes, maxMemoryBytes,
                fileThreshold, tempDir, charset);
    }
}
