package org.jwsgi.form;

import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jwsgi.gateway.Ascii;
import org.jwsgi.util.ClientError;

/**
 * A parsed {@code multipart/form-data} upload: plain fields as strings (a {@link Form}), files
 * in memory up to {@code fileThreshold} and in temp files past it. Reading goes through
 * {@link MultipartReader}'s fixed buffer, so the heap stays flat whatever the upload's size.
 * {@link #close()} deletes the temp files: use try-with-resources.
 *
 * <pre>{@code
 * try (Multipart upload = Multipart.parse(environ, MultipartOptions.defaults())) {
 *     String title = upload.fields().first("title");
 *     MultipartFile report = upload.file("report");        // null if the form has no such file
 *     report.moveTo(archive.resolve(id + ".pdf"));
 * } catch (ClientError e) {
 *     return e.respond(startResponse);                      // 400, 413 naming the limit, or 415
 * }
 * }</pre>
 *
 * <p>A field is decoded in the charset its part's Content-Type names, else the one a
 * {@code _charset_} field names (RFC 7578 section 4.6), else {@link MultipartOptions#charset()};
 * bytes invalid in it become U+FFFD, as Python's {@code cgi} module does.
 */
public final class Multipart implements Closeable {

    private final Form fields;
    private final List<MultipartFile> files;
    private boolean closed;

    private Multipart(Form fields, List<MultipartFile> files) {
        this.fields = fields;
        this.files = List.copyOf(files);
    }

    /** Parses the request body of {@code environ} with {@link MultipartOptions#defaults()}. */
    public static Multipart parse(Map<String, Object> environ) throws IOException {
        return parse(environ, MultipartOptions.defaults());
    }

    /**
     * Parses the request body of {@code environ} (see {@link MultipartReader#of}).
     *
     * @throws ClientError 400 for a malformed body, 413 naming the limit that tripped, 415 for
     *     another Content-Type or a charset this JVM cannot decode; no temp file is left behind
     * @throws IOException if reading the request or writing a temp file fails
     */
    public static Multipart parse(Map<String, Object> environ, MultipartOptions options) throws IOException {
        return parse(MultipartReader.of(environ, options), options);
    }

    /** Parses every part {@code reader} has left. */
    public static Multipart parse(MultipartReader reader, MultipartOptions options) throws IOException {
        record RawField(String name, String charset, byte[] value) {
        }
        List<RawField> raw = new ArrayList<>();
        List<MultipartFile> files = new ArrayList<>();
        long memory = 0;
        try {
            for (MultipartReader.Part part; (part = reader.next()) != null;) {
                if (part.filename() == null) {
                    byte[] value = part.body().readNBytes(options.maxFieldBytes() + 1);
                    if (value.length > options.maxFieldBytes()) {
                        throw ClientError.tooLarge("the field " + Ascii.quote(part.name())
                                + " is larger than maxFieldBytes=" + options.maxFieldBytes(), "maxFieldBytes");
                    }
                    memory += value.length;
                    if (memory > options.maxMemoryBytes()) {
                        throw ClientError.tooLarge("the fields of the upload are larger than maxMemoryBytes="
                                + options.maxMemoryBytes(), "maxMemoryBytes");
                    }
                    String type = part.headers().get("content-type");
                    raw.add(new RawField(part.name(), type == null ? null : ContentTypes.parameters(type).get("charset"), value));
                } else {
                    MultipartFile file = spool(part, options, Math.max(0, options.maxMemoryBytes() - memory));
                    files.add(file);
                    memory += file.inMemory() ? file.size() : 0;
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            deleteAll(files, e);
            throw e;
        }
        Charset formCharset = options.charset();
        for (RawField f : raw) {
            if (f.name().equals("_charset_")) {
                formCharset = ContentTypes.charset(new String(f.value(), StandardCharsets.ISO_8859_1), "the _charset_ field");
                break;
            }
        }
        List<Map.Entry<String, String>> pairs = new ArrayList<>(raw.size());
        for (RawField f : raw) {
            Charset cs = f.charset() == null ? formCharset : ContentTypes.charset(f.charset(), "the Content-Type of field "
                    + Ascii.quote(f.name()));
            pairs.add(Map.entry(f.name(), new String(f.value(), cs)));
        }
        return new Multipart(Form.of(pairs), files);
    }

    /** Keeps a file part in memory if it fits in {@code fileThreshold} and {@code memoryLeft}, else in a temp file. */
    private static MultipartFile spool(MultipartReader.Part part, MultipartOptions options, long memoryLeft)
            throws IOException {
        long inMemory = Math.min(Math.min(options.fileThreshold(), memoryLeft), options.maxFileBytes());
        InputStream body = part.body();
        // one byte more than fits tells "fits" from "goes to disk" (or "too large" when maxFileBytes is the bound)
        byte[] head = body.readNBytes((int) inMemory + 1);
        if (head.length <= inMemory) {
            return new MultipartFile(part.name(), part.filename(), part.headers(), head.length, head, null);
        }
        if (head.length > options.maxFileBytes()) {
            throw fileTooLarge(part, options);
        }
        Path path = Files.createTempFile(options.tempDir(), "jwsgi-upload-", ".tmp");
        try (OutputStream out = Files.newOutputStream(path)) {
            out.write(head);
            long size = head.length + body.transferTo(new FilterOutputStream(out) {
                private long written = head.length;

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    written += len;
                    if (written > options.maxFileBytes()) {
                        throw fileTooLarge(part, options);
                    }
                    out.write(b, off, len);
                }
            });
            return new MultipartFile(part.name(), part.filename(), part.headers(), size, null, path);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static ClientError fileTooLarge(MultipartReader.Part part, MultipartOptions options) {
        return ClientError.tooLarge("the file " + Ascii.quote(part.filename()) + " of field "
                + Ascii.quote(part.name()) + " is larger than maxFileBytes=" + options.maxFileBytes(), "maxFileBytes");
    }

    private static void deleteAll(List<MultipartFile> files, Throwable failure) {
        for (MultipartFile f : files) {
            try {
                f.delete();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** The plain (non-file) fields, in order. */
    public Form fields() {
        return fields;
    }

    /** The files, in order, including file inputs left empty (file name {@code ""}, size 0). */
    public List<MultipartFile> files() {
        return files;
    }

    /** The first file of field {@code name}, or {@code null}. */
    public MultipartFile file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    /** Every file of field {@code name} ({@code <input type=file multiple>}). */
    public List<MultipartFile> files(String name) {
        return files.stream().filter(f -> f.name().equals(name)).toList();
    }

    /** Deletes the temp files not {@link MultipartFile#moveTo moved}; calling it again does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = new IOException("could not delete every upload temp file");
        deleteAll(files, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "Multipart[fields=" + fields + ", files=" + files + "]";
    }
}
