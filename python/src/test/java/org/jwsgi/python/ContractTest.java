package org.jwsgi.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jwsgi.testing.TestClient;
import org.jwsgi.testing.TestRequest;
import org.jwsgi.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PEP 3333 both ways, socket-free: the apps of src/test/python/contract.py, chosen by the X-App
 * header, called through one shared-model PythonApp (a context is slow to make, so one serves the
 * class).
 */
class ContractTest {

    private static PythonApp app;
    private static TestClient client;

    @BeforeAll
    static void start() {
        app = PythonApp.start(TestApps.options("contract:app"));
        client = TestClient.of(app);
    }

    @AfterAll
    static void close() {
        app.close();
    }

    private static TestRequest request(String app, String method, String target) {
        return client.request(method, target).header("X-App", app);
    }

    private static TestResponse get(String app, String target) {
        return request(app, "GET", target).send();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entry(Map<String, Object> environ, String key) {
        return (Map<String, Object>) environ.get(key);
    }

    @Test
    void environHoldsNativeStringsAndPythonTypes() {
        Map<String, Object> env = Json.object(request("environ_types", "GET", "/caf%C3%A9?q=1")
                .header("X-Multi", "a").send().text());
        assertThat(entry(env, "PATH_INFO")).containsEntry("type", "str").containsEntry("value", "/caf\u00c3\u00a9");
        assertThat(entry(env, "QUERY_STRING")).containsEntry("value", "q=1");
        assertThat(entry(env, "HTTP_X_MULTI")).containsEntry("type", "str").containsEntry("value", "a");
        assertThat(entry(env, "wsgi.version")).containsEntry("type", "tuple").containsEntry("value", List.of(1L, 0L));
        assertThat(entry(env, "wsgi.url_scheme")).containsEntry("value", "http");
        assertThat(entry(env, "wsgi.multithread")).containsEntry("type", "bool");
        assertThat(entry(env, "wsgi.multiprocess")).containsEntry("type", "bool").containsEntry("value", false);
        assertThat(entry(env, "wsgi.run_once")).containsEntry("type", "bool").containsEntry("value", false);
        assertThat(entry(env, "wsgi.input")).containsEntry("type", "Input");
        assertThat(entry(env, "wsgi.errors")).containsEntry("type", "Errors");
        assertThat(entry(env, "wsgi.file_wrapper")).containsEntry("type", "type");
    }

    @Test
    void pathInfoIsLatin1OfThePercentDecodedBytes() {
        Map<String, Object> r = Json.object(get("path_bytes", "/caf%C3%A9/%E2%82%AC").text());
        assertThat(r).containsEntry("utf8", "/caf\u00e9/\u20ac").containsEntry("max", 0xE2L);
    }

    @SuppressWarnings("unchecked")
    private static List<String> parts(TestResponse r) {
        Map<String, Object> json = Json.object(r.text());
        assertThat(json.get("types")).isEqualTo(List.of("bytes"));
        return (List<String>) json.get("parts");
    }

    @Test
    void wsgiInputReadsEveryWay() {
        String body = "line one\nline two\nlast without newline";
        for (String mode : List.of("all", "sized", "length", "readline", "readline5", "readlines", "iter")) {
            TestResponse r = request("read_modes", "POST", "/?" + mode).body(body).send();
            assertThat(String.join("", parts(r))).as(mode).isEqualTo(body);
        }
        assertThat(parts(request("read_modes", "POST", "/?readline").body(body).send()))
                .containsExactly("line one\n", "line two\n", "last without newline");
        assertThat(parts(request("read_modes", "POST", "/?readlines").body(body).send()))
                .containsExactly("line one\n", "line two\n", "last without newline");
        assertThat(parts(request("read_modes", "POST", "/?iter").body(body).send()))
                .containsExactly("line one\n", "line two\n", "last without newline");
        assertThat(parts(request("read_modes", "POST", "/?readline5").body("abcdefgh\nij").send()))
                .containsExactly("abcde", "fgh\n", "ij");
        assertThat(parts(request("read_modes", "POST", "/?sized").body("0123456789abcdef").send()))
                .containsExactly("0123456", "789abcd", "ef");
        assertThat(parts(request("read_modes", "GET", "/?all").send())).containsExactly("");
    }

    @Test
    void wsgiInputCarriesEveryByteValue() {
        byte[] all = new byte[256 * 4000];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) (i * 31 + i / 256);
        }
        TestResponse r = request("read_modes", "POST", "/?all").body(all).send();
        assertThat(String.join("", parts(r)).getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(all);
    }

    @Test
    void wsgiErrorsGoesToTheServersErrorStream() {
        TestResponse r = get("errors", "/");
        assertThat(r.text()).isEqualTo("logged");
        assertThat(r.errors()).isEqualTo("first line\nsecond line\nto wsgi.errors via print\n");
    }

    @Test
    void writeCallableSendsBeforeTheReturnedBody() {
        assertThat(get("write_callable", "/").text()).isEqualTo("written then returned");
    }

    @Test
    void generatorBodyArrivesChunkByChunk() {
        assertThat(get("generator", "/").chunks()).extracting(c -> new String(c, StandardCharsets.US_ASCII))
                .containsExactly("chunk 0\n", "chunk 1\n", "chunk 2\n");
    }

    private static long closedCount() {
        return (Long) Json.object(get("closed_count", "/").text()).get("count");
    }

    @Test
    void bodyIsClosedOnceOnSuccessAndOnFailure() {
        long before = closedCount();
        assertThat(get("closing", "/").text()).isEqualTo("abc");
        assertThat(closedCount()).isEqualTo(before + 1);
        assertThatThrownBy(() -> get("closing", "/?1")).isInstanceOf(PythonException.class)
                .hasMessageContaining("RuntimeError: body failed at chunk 1");
        assertThat(closedCount()).isEqualTo(before + 2);
    }

    @Test
    void pythonExceptionCarriesItsTraceback() {
        assertThatThrownBy(() -> get("fails", "/")).isInstanceOf(PythonException.class)
                .hasMessageStartingWith("Traceback (most recent call last):")
                .hasMessageContaining("contract.py\", line")
                .hasMessageContaining("in fails")
                .hasMessageEndingWith("ZeroDivisionError: division by zero")
                .satisfies(e -> assertThat(((PythonException) e).pythonType()).isEqualTo("ZeroDivisionError"));
    }

    @Test
    void excInfoBeforeTheHeadersReplacesThem() {
        TestResponse r = get("exc_info_before", "/");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.header("X-Handled")).isEqualTo("yes");
        assertThat(r.text()).isEqualTo("handled");
    }

    @Test
    void excInfoAfterTheHeadersReRaisesTheApplicationsOwnException() {
        TestResponse[] seen = new TestResponse[1];
        assertThatThrownBy(() -> seen[0] = get("exc_info_after", "/")).isInstanceOf(PythonException.class)
                .hasMessageContaining("contract.Reraised: after the headers")
                .satisfies(e -> assertThat(((PythonException) e).pythonType()).isEqualTo("contract.Reraised"));
    }

    @Test
    void strInTheBodyIsATypeError() {
        assertThatThrownBy(() -> get("bad_chunk", "/")).isInstanceOf(PythonException.class)
                .hasMessageContaining("TypeError: the application returned a str in its body");
    }

    @Test
    void headerThatWouldSplitTheResponseIsRefusedAsInJava() {
        assertThatThrownBy(() -> get("bad_header", "/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X-Split");
    }

    @Test
    void fileWrapperOverARealFileGoesOutAsTheServersFileBody() throws IOException {
        Path file = Files.createTempFile("jwsgi-python", ".bin");
        try {
            byte[] data = new byte[100_000];
            new Random(7).nextBytes(data);
            Files.write(file, data);
            long before = closedCount();
            TestResponse r = request("file_wrapper", "GET", "/?" + file).header("X-Skip", "10").send();
            assertThat(r.body()).isEqualTo(Arrays.copyOfRange(data, 10, data.length));
            assertThat(r.header("Content-Length")).isNull(); // the socket-free client frames nothing
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void fileWrapperOverAPipeIsIteratedInBlocksAndClosed() {
        long before = closedCount();
        TestResponse r = get("file_wrapper_pipe", "/");
        assertThat(r.body()).hasSize(10000);
        assertThat(r.chunks()).hasSize(10);
        assertThat(closedCount()).isEqualTo(before + 1);
    }
}
