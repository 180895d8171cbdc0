package org.jwsgi.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jwsgi.validate.Fixtures.TEXT;
import static org.jwsgi.validate.Fixtures.bytes;
import static org.jwsgi.validate.Fixtures.environ;
import static org.jwsgi.validate.Fixtures.serve;
import static org.jwsgi.validate.Fixtures.violates;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.testing.TestClient;
import org.junit.jupiter.api.Test;

/** wsgi.input and wsgi.errors: apps that misuse them, fake servers whose input stream misbehaves. */
class InputErrorsRulesTest {

    interface InputUse {
        void use(InputStream in) throws Exception;
    }

    /** An app that does {@code use} with wsgi.input, then answers 200. */
    private static Application reading(InputUse use) {
        return (env, sr) -> {
            use.use((InputStream) env.get(Environ.WSGI_INPUT));
            sr.start("200 OK", TEXT);
            return List.of(bytes("read"));
        };
    }

    private static Map<String, Object> posting(InputStream in, String contentLength, boolean terminated) {
        Map<String, Object> env = environ();
        env.put(Environ.REQUEST_METHOD, "POST");
        env.put(Environ.WSGI_INPUT, in);
        env.put(Environ.CONTENT_LENGTH, contentLength);
        env.put(Environ.WSGI_INPUT_TERMINATED, terminated);
        return env;
    }

    @Test
    void readingTheWholeBodyIsClean() {
        TestClient client = TestClient.of(Validator.defaults().wrap(reading(in -> assertThat(in.readAllBytes()).hasSize(5))));
        assertThat(client.post("/", "text/plain", "hello").text()).isEqualTo("read");
    }

    @Test
    void inputClosed() {
        violates(Rule.INPUT_CLOSED, "called close() on wsgi.input", () -> TestClient.of(Validator.defaults().wrap(reading(in -> {
            try (in) { // the Java habit, on a stream the server owns
                in.read();
            }
        }))).post("/", "text/plain", "x"));
    }

    @Test
    void inputArguments() {
        TestClient client = TestClient.of(Validator.defaults().wrap(reading(in -> in.read(new byte[4], 0, -1))));
        violates(Rule.INPUT_ARGUMENTS, "read(byte[4], 0, -1)", () -> client.post("/", "text/plain", "x"));
        violates(Rule.INPUT_ARGUMENTS, "read(byte[4], 3, 2)", () -> TestClient.of(Validator.defaults().wrap(
                reading(in -> in.read(new byte[4], 3, 2)))).post("/", "text/plain", "x"));
        violates(Rule.INPUT_ARGUMENTS, "read(null, 0, 1)", () -> TestClient.of(Validator.defaults().wrap(
                reading(in -> in.read(null, 0, 1)))).post("/", "text/plain", "x"));
        violates(Rule.INPUT_ARGUMENTS, "readNBytes(-1)", () -> TestClient.of(Validator.defaults().wrap(
                reading(in -> in.readNBytes(-1)))).post("/", "text/plain", "x"));
    }

    @Test
    void inputPastContentLength() throws Exception {
        Application greedy = reading(in -> in.readAllBytes());
        // without wsgi.input_terminated, reading to EOF is Python's read() without a size: it may block
        violates(Rule.INPUT_PAST_CONTENT_LENGTH, "a read after 3 bytes, with CONTENT_LENGTH 3 and no wsgi.input_terminated",
                () -> serve(Validator.defaults().wrap(greedy), posting(new ByteArrayInputStream(bytes("abc")), "3", false)));
        violates(Rule.INPUT_PAST_CONTENT_LENGTH, "CONTENT_LENGTH absent", () -> {
            Map<String, Object> env = posting(new ByteArrayInputStream(bytes("abc")), "", false);
            serve(Validator.defaults().wrap(greedy), env);
        });
        // reading exactly CONTENT_LENGTH is the WSGI 1.0 way, and fine
        assertThat(serve(Validator.defaults().wrap(reading(in -> in.readNBytes(3))),
                posting(new ByteArrayInputStream(bytes("abc")), "3", false))).hasSize(1);
        // with wsgi.input_terminated, to EOF is fine
        assertThat(serve(Validator.defaults().wrap(greedy), posting(new ByteArrayInputStream(bytes("abc")), "3", true))).hasSize(1);
    }

    @Test
    void inputStream() {
        Application greedy = reading(in -> in.readAllBytes());
        violates(Rule.INPUT_STREAM, "wsgi.input gave 5 bytes, more than CONTENT_LENGTH 3",
                () -> serve(Validator.defaults().wrap(greedy), posting(new ByteArrayInputStream(bytes("abcde")), "3", true)));
        violates(Rule.INPUT_STREAM, "ended after 2 of CONTENT_LENGTH 3 bytes without an IOException",
                () -> serve(Validator.defaults().wrap(greedy), posting(new ByteArrayInputStream(bytes("ab")), "3", true)));
        InputStream zero = new InputStream() {
            @Override
            public int read() {
                return -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return 0; // InputStream must block for at least one byte, or say -1
            }
        };
        violates(Rule.INPUT_STREAM, "read(b, off, 8192) returned 0",
                () -> serve(Validator.defaults().wrap(greedy), posting(zero, "3", true)));
    }

    @Test
    void errorsClosed() {
        violates(Rule.ERRORS_CLOSED, "called close() on wsgi.errors", () -> TestClient.of(Validator.defaults().wrap((env, sr) -> {
            PrintWriter errors = (PrintWriter) env.get(Environ.WSGI_ERRORS);
            errors.println("something odd");
            errors.close();
            sr.start("200 OK", TEXT);
            return List.of();
        })).get("/"));
    }

    @Test
    void writingToErrorsReachesTheServersStream() throws Exception {
        StringWriter log = new StringWriter();
        Map<String, Object> env = environ();
        env.put(Environ.WSGI_ERRORS, new PrintWriter(log));
        serve(Validator.defaults().wrap((e, sr) -> {
            PrintWriter errors = (PrintWriter) e.get(Environ.WSGI_ERRORS);
            errors.println("line one");
            errors.printf("%s%n", "line two");
            errors.flush();
            sr.start("204 No Content", List.of());
            return List.of();
        }), env);
        assertThat(log.toString()).isEqualTo("line one" + System.lineSeparator() + "line two" + System.lineSeparator());
    }
}
