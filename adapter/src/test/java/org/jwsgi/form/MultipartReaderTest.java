package org.jwsgi.form;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.jwsgi.testing.MultipartBody;
import org.jwsgi.util.ClientError;

class MultipartReaderTest {

    private static final String B = MultipartBody.BOUNDARY;
    private static final MultipartOptions UNLIMITED = MultipartOptions.defaults().withMaxBytes(Long.MAX_VALUE);

    /** Each part as "name|filename|content". */
    private static List<String> parts(InputStream in, String boundary, MultipartOptions options) throws IOException {
        MultipartReader reader = new MultipartReader(in, boundary, options);
        List<String> out = new ArrayList<>();
        for (MultipartReader.Part p; (p = reader.next()) != null;) {
            out.add(p.name() + "|" + p.filename() + "|" + new String(p.body().readAllBytes(), UTF_8));
        }
        return out;
    }

    private static List<String> parts(String body, MultipartOptions options) throws IOException {
        return parts(new ByteArrayInputStream(body.getBytes(UTF_8)), "B", options);
    }

    /** A stream that returns at most {@code step} bytes per read, to cross every buffer edge. */
    private static InputStream trickle(byte[] bytes, int step) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 50, 100_000})
    void readsFieldsAndFilesWhateverTheReadSizes(int step) throws Exception {
        // the file's content holds near-misses of the delimiter: CRLF--, a shorter boundary, a prefix at the end
        String tricky = "a\r\n--" + B.substring(0, 10) + "\r\n-\r\n--" + B.substring(0, B.length() - 1) + "x\r\n--";
        byte[] body = new MultipartBody().field("note", "h\u00e9llo").file("file", "t.txt", "text/plain", tricky.getBytes(UTF_8))
                .file("empty", "", "application/octet-stream", new byte[0]).bytes();

        assertThat(parts(trickle(body, step), B, UNLIMITED)).containsExactly("note|null|h\u00e9llo", "file|t.txt|" + tricky, "empty||");
    }

    @Test
    void readsTheBoundaryAndLengthFromTheEnviron() throws Exception {
        Map<String, Object> env = new MultipartBody().field("a", "1").environ();
        env.put("CONTENT_TYPE", "Multipart/Form-Data; charset=utf-8; boundary=\"" + B + "\"");
        // bytes past CONTENT_LENGTH belong to no one: the reader must not read them
        env.put("wsgi.input", new java.io.SequenceInputStream((InputStream) env.get("wsgi.input"),
                new ByteArrayInputStream("NEXT REQUEST".getBytes(UTF_8))));
        MultipartReader reader = MultipartReader.of(env, MultipartOptions.defaults());

        MultipartReader.Part part = reader.next();
        assertThat(part.name()).isEqualTo("a");
        assertThat(part.contentType()).isEqualTo("text/plain");
        assertThat(reader.next()).isNull();
        assertThat(new String(((InputStream) env.get("wsgi.input")).readAllBytes(), UTF_8)).isEqualTo("NEXT REQUEST");
    }

    @Test
    void skipsWhatTheCallerLeavesUnread() throws Exception {
        byte[] body = new MultipartBody().file("a", "a.bin", 1, 200_000).field("after", "yes").bytes();
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), B, UNLIMITED);
        MultipartReader.Part first = reader.next();
        assertThat(first.body().read()).isGreaterThanOrEqualTo(0);
        MultipartReader.Part after = reader.next();

        assertThat(after.name()).isEqualTo("after");
        assertThat(first.body().read()).as("a skipped part reads as ended").isEqualTo(-1);
        assertThat(new String(after.body().readAllBytes(), UTF_8)).isEqualTo("yes");
        assertThat(reader.next()).isNull();
    }

    @Test
    void handsOutAFileBeforeTheRestOfTheBodyIsRead() throws Exception {
        MultipartBody body = new MultipartBody().file("file", "big.bin", 7, 10_000_000);
        MultipartReader reader = new MultipartReader(body.stream(), B, UNLIMITED);
        InputStream file = reader.next().body();

        assertThat(file.readNBytes(64 * 1024)).hasSize(64 * 1024);
        assertThat(reader.bytesRead()).isLessThanOrEqualTo(3L * MultipartReader.BUFFER_BYTES);
        assertThat(file.transferTo(OutputStream.nullOutputStream())).isEqualTo(10_000_000 - 64 * 1024);
        assertThat(reader.next()).isNull();
        assertThat(reader.bytesRead()).isEqualTo(body.length());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "preamble\\r\\n--B\\r\\nContent-Disposition: form-data; name=a\\r\\n\\r\\nx\\r\\n--B--\\r\\n | the multipart body must begin with \"--\" and the boundary",
            "--B\\r\\nContent-Disposition: form-data; name=a\\r\\n\\r\\nx\\r\\n--B                     | the multipart body ended right after a boundary",
            "--B\\r\\nContent-Disposition: form-data; name=a\\r\\n\\r\\nx                          | the multipart body ended inside part 1, before its closing boundary",
            "--B\\r\\nContent-Disposition: form-data; name=a\\r\\n                                | the multipart body ended inside the headers of part 1",
            "--B  \\r\\nContent-Disposition: form-data; name=a\\r\\n\\r\\nx\\r\\n--B--              | a multipart boundary must be followed by CRLF or \"--\"",
            "--B\\r\\nContent-Type: text/plain\\r\\n\\r\\nx\\r\\n--B--                                   | multipart part 1 has no \"Content-Disposition: form-data\"",
            "--B\\r\\nContent-Disposition: attachment; name=a\\r\\n\\r\\nx\\r\\n--B--                   | multipart part 1 has no \"Content-Disposition: form-data\"",
            "--B\\r\\nContent-Disposition: form-data\\r\\n\\r\\nx\\r\\n--B--                             | multipart part 1 has no name in its Content-Disposition",
            "--B\\r\\nno colon here\\r\\n\\r\\nx\\r\\n--B--                                             | multipart part 1 has a malformed header line (folded, or without a name): \"no colon here\"",
            "--B\\r\\nContent-Disposition: form-data;\\r\\n name=a\\r\\n\\r\\nx\\r\\n--B--                | multipart part 1 has a malformed header line (folded, or without a name): \" name=a\"",
            "--B\\r\\nContent-Disposition: form-data; name=\"a\\r\\n\\r\\nx\\r\\n--B--                   | a quoted parameter has no closing quote in \"form-data; name=\\\"a\"",
            "''                                                                                | the multipart body ended before its first boundary",
    })
    void refusesMalformedBodiesWith400(String body, String message) {
        assertThatThrownBy(() -> parts(body.replace("\\r\\n", "\r\n"), UNLIMITED))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessage(message);
    }

    @Test
    void acceptsAnEmptyFormAndDropsTheEpilogue() throws Exception {
        assertThat(parts("--B--\r\nepilogue", UNLIMITED)).isEmpty();
    }

    @Test
    void stopsAtMaxBytesWith413() throws Exception {
        MultipartBody body = new MultipartBody().file("file", "big.bin", 7, 300_000);
        MultipartReader reader = new MultipartReader(body.stream(), B, MultipartOptions.defaults().withMaxBytes(200_000));
        InputStream file = reader.next().body();

        assertThatThrownBy(() -> file.transferTo(OutputStream.nullOutputStream()))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.limit()).isEqualTo("maxBytes"))
                .hasMessage("the multipart body is larger than maxBytes=200000");
        assertThat(reader.bytesRead()).isLessThanOrEqualTo(200_000 + MultipartReader.BUFFER_BYTES);
    }

    @Test
    void refusesADeclaredLengthOverMaxBytesBeforeReading() {
        Map<String, Object> env = new MultipartBody().field("a", "1").environ();
        env.put("CONTENT_LENGTH", "1000000000");

        assertThatThrownBy(() -> MultipartReader.of(env, MultipartOptions.defaults()))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.code()).isEqualTo(413))
                .hasMessage("the multipart body (1000000000 bytes) is larger than maxBytes=67108864");
    }

    @Test
    void stopsAtMaxPartsWith413() throws Exception {
        String three = "--B\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n".repeat(3) + "--B--";

        assertThat(parts(three, UNLIMITED.withMaxParts(3))).hasSize(3);
        assertThatThrownBy(() -> parts(three, UNLIMITED.withMaxParts(2)))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.limit()).isEqualTo("maxParts"))
                .hasMessage("the multipart body has more than maxParts=2 parts");
    }

    @ParameterizedTest(name = "header section of {0} bytes against a limit of {1}")
    @CsvSource({"100, 100, true", "101, 100, false", "5000, 8192, true", "40000, 32768, false"})
    void boundsTheHeaderSectionOfAPart(int headerBytes, int limit, boolean fits) throws Exception {
        String disposition = "Content-Disposition: form-data; name=a\r\n";
        // the section: disposition line, one padding line "X: ...\r\n", then the empty line's CRLF
        String padding = "X: " + "p".repeat(headerBytes - disposition.length() - 2 - 5) + "\r\n";
        String body = "--B\r\n" + disposition + padding + "\r\nv\r\n--B--";
        MultipartOptions options = UNLIMITED.withMaxPartHeaderBytes(limit);

        if (fits) {
            assertThat(parts(body, options)).containsExactly("a|null|v");
        } else {
            assertThatThrownBy(() -> parts(body, options))
                    .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.limit()).isEqualTo("maxPartHeaderBytes"))
                    .hasMessage("the headers of multipart part 1 are larger than maxPartHeaderBytes=" + limit);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ends with space ", "has\"quote", "way-too-long-0123456789012345678901234567890123456789012345678901234567"})
    void refusesBoundariesRfc2046Forbids(String boundary) {
        assertThatThrownBy(() -> new MultipartReader(InputStream.nullInputStream(), boundary, UNLIMITED))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessageContaining("boundary");
    }

    @Test
    void refusesAnotherMediaTypeWith415AndAMissingBoundaryWith400() {
        Map<String, Object> env = new HashMap<>(Map.of("CONTENT_TYPE", "application/json", "CONTENT_LENGTH", "2"));
        assertThatThrownBy(() -> MultipartReader.of(env, UNLIMITED))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.code()).isEqualTo(415))
                .hasMessage("an upload must be sent as multipart/form-data, not \"application/json\"");
        env.put("CONTENT_TYPE", "multipart/form-data");
        assertThatThrownBy(() -> MultipartReader.of(env, UNLIMITED))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessage("the multipart boundary must be 1 to 70 characters, not ending with a space: none given");
    }

    /** A Content-Disposition and the name and file name cgi.parse_header (CPython 3.11) reads from it. */
    record Disposition(String header, String name, String filename) {
    }

    static List<Disposition> dispositions() {
        return List.of(
                new Disposition("form-data; name=\"a;b\"; filename=\"C:\\x\\y.txt\"", "a;b", "C:\\x\\y.txt"),
                new Disposition("form-data; name=\"a\\\"b\"", "a\"b", null),
                new Disposition("form-data; name=plain ; filename=\"\"", "plain", ""),
                new Disposition("Form-Data; NAME=\"x\"", "x", null),
                new Disposition("form-data; name=\"a\\\\b\"", "a\\b", null),
                new Disposition("form-data; flag; name=\"x\"; filename=\"r\u00e9sum\u00e9.pdf\"", "x", "r\u00e9sum\u00e9.pdf"));
    }

    @ParameterizedTest
    @MethodSource("dispositions")
    void unquotesDispositionParametersAsCgiParseHeaderDoes(Disposition d) throws Exception {
        String body = "--B\r\nContent-Disposition: " + d.header() + "\r\n\r\nv\r\n--B--";

        assertThat(parts(body, UNLIMITED)).containsExactly(d.name() + "|" + d.filename() + "|v");
    }
}
