package org.jwsgi.sample;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MultipartReaderTest {

    private static final String B = MultipartBody.BOUNDARY;

    /** Each part as "name|filename|content". */
    private static List<String> parts(InputStream in, String boundary) throws IOException {
        MultipartReader reader = new MultipartReader(in, boundary, Long.MAX_VALUE);
        List<String> out = new ArrayList<>();
        for (MultipartReader.Part p; (p = reader.next()) != null;) {
            out.add(p.name() + "|" + p.filename() + "|" + new String(p.body().readAllBytes(), UTF_8));
        }
        return out;
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
        assertThat(parts(trickle(body, step), B)).containsExactly("note|null|h\u00e9llo", "file|t.txt|" + tricky, "empty||");
    }

    @Test
    void skipsWhatTheCallerLeavesUnread() throws Exception {
        byte[] body = new MultipartBody().file("a", "a.bin", 1, 200_000).field("after", "yes").bytes();
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), B, Long.MAX_VALUE);
        assertThat(reader.next().name()).isEqualTo("a");
        MultipartReader.Part after = reader.next();
        assertThat(after.name()).isEqualTo("after");
        assertThat(new String(after.body().readAllBytes(), UTF_8)).isEqualTo("yes");
        assertThat(reader.next()).isNull();
    }

    @Test
    void handsOutAFileBeforeTheRestOfTheBodyIsRead() throws Exception {
        // 10 MB: the first 64 KiB of the file must be available while almost all of it is still unread
        MultipartBody body = new MultipartBody().file("file", "big.bin", 7, 10_000_000);
        MultipartReader reader = new MultipartReader(body.stream(), B, Long.MAX_VALUE);
        InputStream file = reader.next().body();
        assertThat(file.readNBytes(64 * 1024)).hasSize(64 * 1024);
        assertThat(reader.bytesRead()).isLessThanOrEqualTo(3L * MultipartReader.BUFFER_BYTES);
        assertThat(file.transferTo(OutputStream.nullOutputStream())).isEqualTo(10_000_000 - 64 * 1024);
        assertThat(reader.next()).isNull();
        assertThat(reader.bytesRead()).isEqualTo(body.length());
    }

    @Test
    void stopsAtTheLimitWith413() throws Exception {
        MultipartBody body = new MultipartBody().file("file", "big.bin", 7, 300_000);
        MultipartReader reader = new MultipartReader(body.stream(), B, 200_000);
        InputStream file = reader.next().body();
        assertThatThrownBy(() -> file.transferTo(OutputStream.nullOutputStream())).isInstanceOf(ClientError.class)
                .hasMessage("the upload is larger than the limit of 200000 bytes")
                .extracting(e -> ((ClientError) e).status()).isEqualTo("413 Content Too Large");
        assertThat(reader.bytesRead()).isLessThanOrEqualTo(200_000 + MultipartReader.BUFFER_BYTES);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "preamble\\r\\n--B\\r\\nContent-Disposition: form-data; name=a\\r\\n\\r\\nx\\r\\n--B--\\r\\n| must begin with \"--\" and the boundary",
        "--B\\r\\nContent-Disposition: form-data; name=a\\r\\n\\r\\nx\\r\\n--B                    | ended right after a boundary",
        "--B\\r\\nContent-Disposition: form-data; name=a\\r\\n\\r\\nx                         | ended inside part 1, before its closing boundary",
        "--B\\r\\nContent-Disposition: form-data; name=a\\r\\n                               | ended inside the headers of part 1",
        "--B  \\r\\nContent-Disposition: form-data; name=a\\r\\n\\r\\nx\\r\\n--B--             | must be followed by CRLF or \"--\"",
        "--B\\r\\nContent-Type: text/plain\\r\\n\\r\\nx\\r\\n--B--                                  | part 1 has no \"Content-Disposition: form-data\"",
        "--B\\r\\nContent-Disposition: attachment; name=a\\r\\n\\r\\nx\\r\\n--B--                  | part 1 has no \"Content-Disposition: form-data\"",
        "--B\\r\\nContent-Disposition: form-data\\r\\n\\r\\nx\\r\\n--B--                            | part 1 has no name in its Content-Disposition",
        "--B\\r\\nno colon here\\r\\n\\r\\nx\\r\\n--B--                                            | a header line without a name",
        "''                                                                               | ended before its first boundary",
    })
    void refusesMalformedBodiesWith400(String body, String message) {
        byte[] bytes = body.replace("\\r\\n", "\r\n").getBytes(UTF_8);
        assertThatThrownBy(() -> parts(new ByteArrayInputStream(bytes), "B")).isInstanceOf(ClientError.class)
                .hasMessageContaining(message)
                .extracting(e -> ((ClientError) e).status()).isEqualTo("400 Bad Request");
    }

    @Test
    void refusesTooManyHeaderLinesAndOverlongLines() {
        String many = "--B\r\nContent-Disposition: form-data; name=a\r\n" + "X-A: 1\r\n".repeat(16) + "\r\nx\r\n--B--";
        assertThatThrownBy(() -> parts(new ByteArrayInputStream(many.getBytes(UTF_8)), "B"))
                .hasMessageContaining("more than 16 header lines");
        String longLine = "--B\r\nX-Long: " + "a".repeat(9000) + "\r\n\r\nx\r\n--B--";
        assertThatThrownBy(() -> parts(new ByteArrayInputStream(longLine.getBytes(UTF_8)), "B"))
                .hasMessageContaining("longer than 8192 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ends with space ", "has\"quote", "way-too-long-" + "0123456789012345678901234567890123456789012345678901234567"})
    void refusesBoundariesRfc2046Forbids(String boundary) {
        assertThatThrownBy(() -> new MultipartReader(InputStream.nullInputStream(), boundary, 1))
                .isInstanceOf(ClientError.class).hasMessageContaining("boundary");
    }
}
