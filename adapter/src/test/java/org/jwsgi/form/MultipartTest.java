package org.jwsgi.form;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jwsgi.testing.GeneratedBytes;
import org.jwsgi.testing.MultipartBody;
import org.jwsgi.util.ClientError;

class MultipartTest {

    @TempDir
    Path tmp;

    private MultipartOptions options() {
        return MultipartOptions.defaults().withTempDir(tmp);
    }

    private long tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.count();
        }
    }

    /** An environ whose body is {@code body} with "\n" as CRLF, boundary "B". */
    private static Map<String, Object> raw(String body, java.nio.charset.Charset charset) {
        byte[] bytes = body.replace("\n", "\r\n").getBytes(charset);
        return new java.util.HashMap<>(Map.of("CONTENT_TYPE", "multipart/form-data; boundary=B",
                "CONTENT_LENGTH", Integer.toString(bytes.length), "wsgi.input", new ByteArrayInputStream(bytes)));
    }

    @Test
    void keepsFieldsAsStringsAndSmallFilesInMemory() throws IOException {
        MultipartBody body = new MultipartBody().field("title", "R\u00e9sum\u00e9").field("tag", "a").field("tag", "b")
                .file("doc", "cv.txt", "text/plain", "hello".getBytes(UTF_8)).file("none", "", "application/octet-stream", new byte[0]);
        try (Multipart upload = Multipart.parse(body.environ(), options())) {
            assertThat(upload.fields().first("title")).isEqualTo("R\u00e9sum\u00e9");
            assertThat(upload.fields().all("tag")).containsExactly("a", "b");
            MultipartFile doc = upload.file("doc");
            assertThat(doc.filename()).isEqualTo("cv.txt");
            assertThat(doc.contentType()).isEqualTo("text/plain");
            assertThat(doc.size()).isEqualTo(5);
            assertThat(doc.inMemory()).isTrue();
            assertThat(doc.path()).isNull();
            assertThat(doc.bytes()).asString(UTF_8).isEqualTo("hello");
            assertThat(upload.file("none").filename()).isEmpty();
            assertThat(upload.file("none").size()).isZero();
            assertThat(upload.file("title")).isNull();
            assertThat(tempFiles()).isZero();
        }
    }

    @Test
    void putsAFilePastTheThresholdInATempFileDeletedOnClose() throws IOException {
        MultipartBody body = new MultipartBody().file("big", "big.bin", 3, 100_001).file("small", "s.bin", 4, 100_000);
        Path path;
        try (Multipart upload = Multipart.parse(body.environ(), options().withFileThreshold(100_000))) {
            MultipartFile big = upload.file("big");
            assertThat(big.inMemory()).isFalse();
            assertThat(big.size()).isEqualTo(100_001);
            path = big.path();
            assertThat(path.getParent()).isEqualTo(tmp);
            assertThat(crc(big.openStream())).isEqualTo(GeneratedBytes.crc32c(3, 100_001));
            if (!System.getProperty("os.name").startsWith("Windows")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
            }
            assertThat(upload.file("small").inMemory()).as("exactly at the threshold stays in memory").isTrue();
            assertThat(crc(upload.file("small").openStream())).isEqualTo(GeneratedBytes.crc32c(4, 100_000));
        }
        assertThat(path).doesNotExist();
        assertThat(tempFiles()).isZero();
    }

    @Test
    void movedFilesSurviveClose() throws IOException {
        Path target = tmp.resolve("kept.bin");
        try (Multipart upload = Multipart.parse(new MultipartBody().file("f", "f.bin", 5, 200_000).environ(), options())) {
            upload.file("f").moveTo(target);
            assertThat(upload.file("f").path()).isEqualTo(target);
        }
        assertThat(crc(Files.newInputStream(target))).isEqualTo(GeneratedBytes.crc32c(5, 200_000));
        assertThat(tempFiles()).isEqualTo(1);
    }

    @Test
    void sendsFilesToDiskOnceTheMemoryBudgetIsSpent() throws IOException {
        MultipartBody body = new MultipartBody().file("a", "a", 1, 40_000).file("b", "b", 2, 40_000);
        try (Multipart upload = Multipart.parse(body.environ(), options().withMaxMemoryBytes(50_000))) {
            assertThat(upload.file("a").inMemory()).isTrue();
            assertThat(upload.file("b").inMemory()).isFalse();
        }
    }

    @Test
    void deletesItsTempFilesWhenALaterPartIsRefused() {
        MultipartBody body = new MultipartBody().file("a", "a.bin", 1, 200_000).field("note", "x".repeat(101));

        assertThatThrownBy(() -> Multipart.parse(body.environ(), options().withMaxFieldBytes(100)))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.limit()).isEqualTo("maxFieldBytes"))
                .hasMessage("the field \"note\" is larger than maxFieldBytes=100");
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void refusesAFileOverMaxFileBytesLeavingNoTempFile() {
        MultipartBody body = new MultipartBody().file("a", "a.bin", 1, 200_001);

        assertThatThrownBy(() -> Multipart.parse(body.environ(), options().withMaxFileBytes(200_000)))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.code()).isEqualTo(413))
                .hasMessage("the file \"a.bin\" of field \"a\" is larger than maxFileBytes=200000");
        assertThat(tmp).isEmptyDirectory();
        assertThatThrownBy(() -> Multipart.parse(new MultipartBody().file("a", "a.bin", 1, 11).environ(),
                options().withMaxFileBytes(10))).hasMessage("the file \"a.bin\" of field \"a\" is larger than maxFileBytes=10");
    }

    @Test
    void refusesFieldsPastTheMemoryBudget() {
        MultipartBody body = new MultipartBody().field("a", "x".repeat(60)).field("b", "x".repeat(60));

        assertThatThrownBy(() -> Multipart.parse(body.environ(), options().withMaxMemoryBytes(100)))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.limit()).isEqualTo("maxMemoryBytes"))
                .hasMessage("the fields of the upload are larger than maxMemoryBytes=100");
    }

    @Test
    void decodesFieldsInTheCharsetOfThePartThenOfCharsetFieldThenOfTheOptions() throws IOException {
        String body = """
                --B
                Content-Disposition: form-data; name="a"

                caf\u00e9
                --B
                Content-Disposition: form-data; name="b"
                Content-Type: text/plain; charset=UTF-8

                caf\u00c3\u00a9
                --B
                Content-Disposition: form-data; name="_charset_"

                ISO-8859-1
                --B--
                """;
        try (Multipart upload = Multipart.parse(raw(body, ISO_8859_1), options())) {
            assertThat(upload.fields().first("a")).isEqualTo("caf\u00e9");
            assertThat(upload.fields().first("b")).isEqualTo("caf\u00e9");
        }
        try (Multipart upload = Multipart.parse(raw(body.replace("ISO-8859-1", "x-unknown"), ISO_8859_1), options())) {
            throw new AssertionError("parsed with an unknown _charset_: " + upload);
        } catch (ClientError e) {
            assertThat(e.code()).isEqualTo(415);
            assertThat(e).hasMessage("the charset the _charset_ field names is not one this server decodes: \"x-unknown\"");
        }
    }

    @Test
    void replacesBytesInvalidInTheCharsetAsCgiDoes() throws IOException {
        try (Multipart upload = Multipart.parse(raw("--B\nContent-Disposition: form-data; name=\"a\"\n\ncaf\u00e9\n--B--\n",
                ISO_8859_1), options())) {
            assertThat(upload.fields().first("a")).isEqualTo("caf\uFFFD");
        }
    }

    @Test
    void closeIsIdempotent() throws IOException {
        Multipart upload = Multipart.parse(new MultipartBody().file("f", "f", 1, 100_000).environ(), options());
        upload.close();
        upload.close();
        assertThat(tmp).isEmptyDirectory();
    }

    private static long crc(InputStream in) throws IOException {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        try (in) {
            byte[] chunk = new byte[8192];
            for (int n; (n = in.read(chunk)) > 0;) {
                crc.update(chunk, 0, n);
            }
        }
        return crc.getValue();
    }
}
