package org.jwsgi.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.StartResponse;
import org.jwsgi.form.MultipartOptions;
import org.jwsgi.form.MultipartReader;
import org.jwsgi.util.ClientError;

/**
 * {@code POST /upload}: reads a {@code multipart/form-data} body with the library's streaming
 * {@link MultipartReader} and reports, for each file, its name, size and SHA-256, computed while
 * the bytes stream through the reader's buffer: the file is never stored, in memory or on disk
 * (so not {@code Multipart.parse}, which keeps files). Text fields up to
 * {@value #MAX_FIELD_BYTES} bytes are shown too. Answers HTML, or JSON when the request's
 * {@code Accept} names {@code application/json}. Each file is also logged to
 * {@code wsgi.errors} (the server's or the container's log).
 *
 * <pre>{@code
 * $ curl -F file=@report.pdf -H 'Accept: application/json' http://127.0.0.1:8000/upload
 * {"files":[{"field":"file","name":"report.pdf","type":"application/pdf","size":48213,"sha256":"9f86..."}],"fields":{}}
 * }</pre>
 */
public final class UploadPage implements Application {

    /** The largest upload body: 16 MiB, so a 10 MB file fits with room for the multipart framing. */
    public static final long MAX_UPLOAD_BYTES = 16L * 1024 * 1024;
    /** The largest text field of an upload form. */
    public static final int MAX_FIELD_BYTES = 8 * 1024;
    /** The most parts an upload may have: a form of a few fields and files needs far fewer. */
    public static final int MAX_PARTS = 100;

    record FileReport(String field, String name, String type, long size, String sha256) {
    }

    private final MultipartOptions options;

    /** With the documented limits, {@link #MAX_UPLOAD_BYTES}, {@link #MAX_FIELD_BYTES}, {@link #MAX_PARTS}. */
    public UploadPage() {
        this(MAX_UPLOAD_BYTES);
    }

    /** With another limit on the whole request body, in bytes. */
    public UploadPage(long maxBytes) {
        // the reader enforces maxBytes, maxParts and the part headers' size; a field's size is checked below
        this.options = MultipartOptions.defaults().withMaxBytes(maxBytes)
                .withMaxFieldBytes(MAX_FIELD_BYTES).withMaxParts(MAX_PARTS);
    }

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) throws IOException {
        // 415 for another type; 413 before reading a byte when CONTENT_LENGTH is over the limit
        MultipartReader reader = MultipartReader.of(environ, options);
        List<FileReport> files = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        for (MultipartReader.Part part; (part = reader.next()) != null;) {
            if (part.filename() == null) {
                fields.put(part.name(), field(part));
            } else if (!part.filename().isEmpty()) { // a file input left empty sends filename=""
                files.add(digest(part));
            }
        }
        if (files.isEmpty()) {
            throw new ClientError("400 Bad Request", "the upload holds no file: choose one (a part with a filename)", null);
        }
        PrintWriter log = (PrintWriter) environ.get(Environ.WSGI_ERRORS);
        for (FileReport f : files) {
            log.println("sample: upload \"" + f.name() + "\" " + f.size() + " bytes sha256=" + f.sha256());
        }
        log.flush();
        String accept = (String) environ.getOrDefault("HTTP_ACCEPT", "");
        if (accept.contains("application/json")) {
            return Responses.json(startResponse, "200 OK", json(files, fields));
        }
        return Responses.html(startResponse, "200 OK", Html.page(environ, "Upload received", html(files, fields)));
    }

    private static FileReport digest(MultipartReader.Part part) throws IOException {
        MessageDigest sha256 = sha256();
        // the reader writes straight from its buffer: no copy, and nothing of the file is kept
        long size = part.body().transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), sha256));
        // browsers send the bare name; old ones sent the client's whole path, which is none of our business
        String name = part.filename().substring(Math.max(part.filename().lastIndexOf('/'), part.filename().lastIndexOf('\\')) + 1);
        return new FileReport(part.name(), name, part.contentType(), size, HexFormat.of().formatHex(sha256.digest()));
    }

    private String field(MultipartReader.Part part) throws IOException {
        int max = options.maxFieldBytes();
        byte[] value = part.body().readNBytes(max + 1);
        if (value.length > max) {
            throw new ClientError("413 Content Too Large", "the upload field \"" + part.name()
                    + "\" is larger than maxFieldBytes=" + max, "maxFieldBytes");
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static Map<String, Object> json(List<FileReport> files, Map<String, String> fields) {
        List<Object> list = new ArrayList<>();
        for (FileReport f : files) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field", f.field());
            m.put("name", f.name());
            m.put("type", f.type());
            m.put("size", f.size());
            m.put("sha256", f.sha256());
            list.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("files", list);
        out.put("fields", fields);
        return out;
    }

    private static String html(List<FileReport> files, Map<String, String> fields) {
        StringBuilder b = new StringBuilder("<table class=\"upload\">\n"
                + "<tr><th>field</th><th>file name</th><th>type</th><th>size (bytes)</th><th>SHA-256</th></tr>\n");
        for (FileReport f : files) {
            b.append("<tr><td>").append(Html.escape(f.field()))
                    .append("</td><td class=\"name\">").append(Html.escape(f.name()))
                    .append("</td><td>").append(Html.escape(f.type()))
                    .append("</td><td class=\"size\">").append(f.size())
                    .append("</td><td class=\"sha256\"><code>").append(f.sha256()).append("</code></td></tr>\n");
        }
        b.append("</table>\n");
        if (!fields.isEmpty()) {
            b.append("<h2>Fields</h2>\n<dl>\n");
            fields.forEach((k, v) -> b.append("<dt>").append(Html.escape(k)).append("</dt><dd>")
                    .append(Html.escape(v)).append("</dd>\n"));
            b.append("</dl>\n");
        }
        return b.toString();
    }
}
