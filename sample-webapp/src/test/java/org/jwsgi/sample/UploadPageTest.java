package org.jwsgi.sample;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.jwsgi.testing.GeneratedBytes;
import org.jwsgi.testing.MultipartBody;
import org.jwsgi.testing.TestClient;
import org.jwsgi.testing.TestRequest;
import org.jwsgi.testing.TestResponse;
import org.jwsgi.validate.Validator;

/** {@code POST /upload} on the socket-free client: bodies are streamed in, never built whole. */
class UploadPageTest {

    private final TestClient client = TestClient.of(Validator.defaults().wrap(new SampleApp()));

    private TestRequest upload(MultipartBody body) {
        return client.request("POST", "/upload").header("Content-Type", body.contentType()).body(body.stream(), body.length());
    }

    @Test
    void reportsNameSizeAndSha256OfATenMegabyteFile() throws Exception {
        MultipartBody body = new MultipartBody().field("note", "<my note>").file("file", "big<1>.bin", 42, 10_000_000);
        TestResponse r = upload(body).send();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text())
                .contains("<td class=\"name\">big&lt;1&gt;.bin</td>")
                .contains("<td class=\"size\">10000000</td>")
                .contains("<td class=\"sha256\"><code>" + GeneratedBytes.sha256(42, 10_000_000) + "</code></td>")
                .contains("<dt>note</dt><dd>&lt;my note&gt;</dd>");
        assertThat(r.errors()).isEqualTo("sample: upload \"big<1>.bin\" 10000000 bytes sha256="
                + GeneratedBytes.sha256(42, 10_000_000) + System.lineSeparator());
    }

    @Test
    void answersJsonWhenAsked() {
        MultipartBody body = new MultipartBody().file("file", "C:\\Users\\ada\\a.txt", "text/plain", "abc".getBytes(UTF_8));
        TestResponse r = upload(body).header("Accept", "application/json").send();
        assertThat(r.text()).isEqualTo("{\"files\":[{\"field\":\"file\",\"name\":\"a.txt\",\"type\":\"text/plain\",\"size\":3,"
                + "\"sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}],\"fields\":{}}\n");
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413WithoutReading() {
        TestResponse r = client.request("POST", "/upload").header("Content-Type", new MultipartBody().contentType())
                .body(new InputStream() {
                    @Override
                    public int read() {
                        throw new AssertionError("read although the declared length is over the limit");
                    }
                }, UploadPage.MAX_UPLOAD_BYTES + 1).send();
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.text()).contains("the multipart body (16777217 bytes) is larger than maxBytes=16777216");
    }

    @Test
    void aChunkedUploadOverTheLimitIs413() {
        MultipartBody body = new MultipartBody().file("file", "huge.bin", 3, UploadPage.MAX_UPLOAD_BYTES);
        TestResponse r = client.request("POST", "/upload").header("Content-Type", body.contentType())
                .body(body.stream(), -1).send();
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.text()).contains("maxBytes=16777216");
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void anUploadWithoutAFileIs400() {
        MultipartBody body = new MultipartBody().field("note", "x").file("file", "", "application/octet-stream", new byte[0]);
        TestResponse r = upload(body).send();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("the upload holds no file: choose one");
    }

    @Test
    void aFieldOverItsLimitIs413() {
        MultipartBody body = new MultipartBody().field("note", "n".repeat(UploadPage.MAX_FIELD_BYTES + 1));
        TestResponse r = upload(body).send();
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.text()).contains("the upload field &quot;note&quot; is larger than maxFieldBytes=8192");
    }

    @Test
    void tooManyPartsIs413() {
        MultipartBody body = new MultipartBody();
        for (int i = 0; i <= UploadPage.MAX_PARTS; i++) {
            body.field("f" + i, "x");
        }
        TestResponse r = upload(body).send();
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.text()).contains("maxParts=100");
    }

    @Test
    void aFormThatIsNotMultipartIs415AndAMissingBoundary400() {
        TestResponse form = client.post("/upload", "application/x-www-form-urlencoded", "file=x");
        assertThat(form.status()).isEqualTo(415);
        TestResponse noBoundary = client.request("POST", "/upload").header("Content-Type", "multipart/form-data")
                .body(new byte[0]).send();
        assertThat(noBoundary.status()).isEqualTo(400);
        assertThat(noBoundary.text()).contains("boundary");
    }
}
