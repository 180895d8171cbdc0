package org.jwsgi.sample;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

class UploadPageTest {

    private final SampleApp app = new SampleApp();

    private static TestRequest upload(MultipartBody body) {
        return TestRequest.method("POST", "/upload").header("Content-Type", body.contentType())
                .header("Content-Length", Long.toString(body.length())).body(body.stream());
    }

    @Test
    void reportsNameSizeAndSha256OfATenMegabyteFile() throws Exception {
        MultipartBody body = new MultipartBody().field("note", "<my note>").file("file", "big<1>.bin", 42, 10_000_000);
        TestResponse r = upload(body).call(app);
        assertThat(r.status()).isEqualTo("200 OK");
        assertThat(r.text())
                .contains("<td class=\"name\">big&lt;1&gt;.bin</td>")
                .contains("<td class=\"size\">10000000</td>")
                .contains("<td class=\"sha256\"><code>" + GeneratedBytes.sha256(42, 10_000_000) + "</code></td>")
                .contains("<dt>note</dt><dd>&lt;my note&gt;</dd>");
        assertThat(r.errors()).isEqualTo("sample: upload \"big<1>.bin\" 10000000 bytes sha256="
                + GeneratedBytes.sha256(42, 10_000_000) + System.lineSeparator());
    }

    @Test
    void answersJsonWhenAsked() throws Exception {
        MultipartBody body = new MultipartBody().file("file", "C:\\Users\\ada\\a.txt", "text/plain", "abc".getBytes(UTF_8));
        TestResponse r = upload(body).header("Accept", "application/json").call(app);
        assertThat(r.text()).isEqualTo("{\"files\":[{\"field\":\"file\",\"name\":\"a.txt\",\"type\":\"text/plain\",\"size\":3,"
                + "\"sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}],\"fields\":{}}\n");
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413WithoutReading() throws Exception {
        TestResponse r = TestRequest.method("POST", "/upload").header("Content-Type", new MultipartBody().contentType())
                .header("Content-Length", Long.toString(UploadPage.MAX_UPLOAD_BYTES + 1)).body(new InputStream() {
                    @Override
                    public int read() {
                        throw new AssertionError("read although the declared length is over the limit");
                    }
                }).call(app);
        assertThat(r.status()).isEqualTo("413 Content Too Large");
        assertThat(r.text()).contains("the upload (16777217 bytes) is larger than the limit of 16777216 bytes");
    }

    @Test
    void aChunkedUploadOverTheLimitIs413() throws Exception {
        MultipartBody body = new MultipartBody().file("file", "huge.bin", 3, UploadPage.MAX_UPLOAD_BYTES);
        TestResponse r = TestRequest.method("POST", "/upload").header("Content-Type", body.contentType())
                .body(body.stream()).call(app);
        assertThat(r.code()).isEqualTo(413);
        assertThat(r.text()).contains("the upload is larger than the limit of 16777216 bytes");
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void anUploadWithoutAFileIs400() throws Exception {
        MultipartBody body = new MultipartBody().field("note", "x").file("file", "", "application/octet-stream", new byte[0]);
        TestResponse r = upload(body).call(app);
        assertThat(r.code()).isEqualTo(400);
        assertThat(r.text()).contains("the upload holds no file: choose one");
    }

    @Test
    void aFieldOverItsLimitIs413() throws Exception {
        MultipartBody body = new MultipartBody().field("note", "n".repeat(UploadPage.MAX_FIELD_BYTES + 1));
        TestResponse r = upload(body).call(app);
        assertThat(r.code()).isEqualTo(413);
        assertThat(r.text()).contains("the upload field &quot;note&quot; is larger than the limit of 8192 bytes");
    }

    @Test
    void aFormThatIsNotMultipartIs415AndAMissingBoundary400() throws Exception {
        TestResponse form = TestRequest.form("/upload", "file=x").call(app);
        assertThat(form.code()).isEqualTo(415);
        TestResponse noBoundary = TestRequest.post("/upload", "multipart/form-data", new byte[0]).call(app);
        assertThat(noBoundary.code()).isEqualTo(400);
        assertThat(noBoundary.text()).contains("boundary must be 1 to 70 characters");
    }
}
