package org.jwsgi.form;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How {@link Form} and {@link Query} parse a query string or an urlencoded body, and their
 * limits. {@link #defaults()} decodes as {@code urllib.parse.parse_qsl} does by default; change
 * what you need with {@code withX}.
 *
 * <pre>{@code
 * FormOptions strict = FormOptions.defaults().withStrict(true).withKeepBlankValues(true).withMaxBytes(64 * 1024);
 * Form form = Form.fromBody(environ, strict);
 * }</pre>
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code charset}</td><td>UTF-8</td><td>what percent-decoded bytes are read as (a
 *       {@code charset} Content-Type parameter or a {@code _charset_} field wins)</td></tr>
 *   <tr><td>{@code keepBlankValues}</td><td>false</td><td>keep {@code a=} and {@code a} as
 *       {@code ""} (parse_qsl drops them by default)</td></tr>
 *   <tr><td>{@code strict}</td><td>false</td><td>a {@code %} without two hex digits, or bytes
 *       invalid in the charset, are a {@code 400}; leniently they stay as they are and become
 *       U+FFFD, as parse_qsl does</td></tr>
 *   <tr><td>{@code maxFields}</td><td>1000</td><td>fields, counted as parse_qsl's
 *       {@code max_num_fields} (separators + 1): {@code 413} for a body, {@code 400} for a query</td></tr>
 *   <tr><td>{@code maxBytes}</td><td>1 MiB</td><td>an urlencoded body: {@code 413}, before reading
 *       when CONTENT_LENGTH says so</td></tr>
 * </table>
 */
public record FormOptions(Charset charset, boolean keepBlankValues, boolean strict, int maxFields, long maxBytes) {

    public FormOptions {
        Objects.requireNonNull(charset, "charset");
        if (!ContentTypes.asciiCompatible(charset)) {
            throw new IllegalArgumentException("a form charset must write ASCII as ASCII: " + charset);
        }
        if (maxFields < 1) {
            throw new IllegalArgumentException("maxFields must be at least 1: " + maxFields);
        }
        if (maxBytes < 0 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBytes must be 0 to " + (Integer.MAX_VALUE - 8) + ": " + maxBytes);
        }
    }

    /** UTF-8, blank values dropped, lenient, 1000 fields, 1 MiB. */
    public static FormOptions defaults() {
        return new FormOptions(StandardCharsets.UTF_8, false, false, 1000, 1024 * 1024);
    }

    public FormOptions withCharset(Charset charset) {
        return new FormOptions(charset, keepBlankValues, strict, maxFields, maxBytes);
    }

    public FormOptions withKeepBlankValues(boolean keepBlankValues) {
        return new FormOptions(charset, keepBlankValues, strict, maxFields, maxBytes);
    }

    public FormOptions withStrict(boolean strict) {
        return new FormOptions(charset, keepBlankValues, strict, maxFields, maxBytes);
    }

    public FormOptions withMaxFields(int maxFields) {
        return new FormOptions(charset, keepBlankValues, strict, maxFields, maxBytes);
    }

    public FormOptions withMaxBytes(long maxBytes) {
        return new FormOptions(charset, keepBlankValues, strict, maxFields, maxBytes);
    }
}
