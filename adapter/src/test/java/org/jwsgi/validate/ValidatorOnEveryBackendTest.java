package org.jwsgi.validate;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.jwsgi.Application;
import org.jwsgi.ContractWatch;
import org.jwsgi.Environ;
import org.jwsgi.FileWrapper;
import org.jwsgi.Header;
import org.jwsgi.TrackedBody;
import org.jwsgi.cli.DemoApp;
import org.jwsgi.testing.EachBackend;
import org.jwsgi.testing.ServedApp;
import org.jwsgi.testing.TestClient;
import org.jwsgi.testing.TestResponse;

/**
 * Well-behaved applications pass clean through the validator on every backend: a plain one, the
 * demo app, a streaming body, a wsgi.file_wrapper body, the legacy write callable, HEAD.
 * Both sides are checked, so this is also each backend checked against the contract.
 */
class ValidatorOnEveryBackendTest {

    static final ContractWatch CONTRACT = new ContractWatch();
    private static final List<Header> TEXT = List.of(new Header("Content-Type", "text/plain"));
    private static final byte[] FILE = IntStream.range(0, 200_000).collect(java.io.ByteArrayOutputStream::new,
            (out, i) -> out.write(i * 7), (a, b) -> { }).toByteArray();
    private static final Application DEMO = new DemoApp();

    @ServedApp
    static final Application APP = CONTRACT.check((env, sr) -> {
        switch ((String) env.get(Environ.PATH_INFO)) {
            case "/demo" -> {
                return DEMO.call(env, sr);
            }
            case "/stream" -> {
                sr.start("200 OK", TEXT);
                return TrackedBody.of("one ", "", "two ", "three");
            }
            case "/file" -> {
                sr.start("200 OK", List.of(new Header("Content-Type", "application/octet-stream")));
                return ((FileWrapper) env.get(Environ.WSGI_FILE_WRAPPER)).wrap(file());
            }
            case "/write" -> {
                sr.start("200 OK", List.of(new Header("Content-Type", "text/plain"), new Header("Content-Length", "11")))
                        .write("hello ".getBytes(US_ASCII));
                ((PrintWriter) env.get(Environ.WSGI_ERRORS)).println("wrote the first half");
                return List.of("world".getBytes(US_ASCII));
            }
            default -> {
                byte[] body = ((InputStream) env.get(Environ.WSGI_INPUT)).readAllBytes();
                sr.start("200 OK", List.of(new Header("Content-Type", "text/plain"),
                        new Header("Content-Length", Integer.toString(body.length + 6))));
                return List.of("hello ".getBytes(US_ASCII), body);
            }
        }
    });

    private static Path file;

    private static synchronized Path file() {
        try {
            if (file == null) {
                file = Files.createTempFile("jwsgi-validate", ".bin");
                file.toFile().deleteOnExit();
                Files.write(file, FILE);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void keptTheContract() {
        CONTRACT.assertClean();
    }

    @EachBackend
    void aPlainAppReadingItsBody(TestClient client) {
        assertThat(client.post("/", "text/plain", "world").text()).isEqualTo("hello world");
        assertThat(client.get("/").text()).isEqualTo("hello ");
    }

    @EachBackend
    void theDemoApp(TestClient client) {
        TestResponse r = client.post("/demo?x=1", "application/x-www-form-urlencoded", "a=1&b=2");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("\"wsgi.input.read\":7");
    }

    @EachBackend
    void aStreamingBody(TestClient client) {
        assertThat(client.get("/stream").text()).isEqualTo("one two three");
    }

    @EachBackend
    void aFileWrapperBody(TestClient client) {
        TestResponse r = client.get("/file");
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(FILE.length)); // still sent as a file
        assertThat(r.body()).isEqualTo(FILE);
    }

    @EachBackend
    void theLegacyWriteCallable(TestClient client) {
        assertThat(client.get("/write").text()).isEqualTo("hello world");
    }

    @EachBackend
    void headOfEachRoute(TestClient client) {
        for (String path : new String[] {"/", "/demo", "/stream", "/file", "/write"}) {
            assertThat(client.request("HEAD", path).send().status()).as(path).isEqualTo(200);
        }
    }
}
