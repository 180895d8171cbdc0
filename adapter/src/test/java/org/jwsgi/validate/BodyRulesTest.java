package org.jwsgi.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jwsgi.validate.Fixtures.TEXT;
import static org.jwsgi.validate.Fixtures.bytes;
import static org.jwsgi.validate.Fixtures.environ;
import static org.jwsgi.validate.Fixtures.hello;
import static org.jwsgi.validate.Fixtures.serve;
import static org.jwsgi.validate.Fixtures.violates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.FileWrapper;
import org.jwsgi.Header;
import org.jwsgi.TrackedBody;
import org.jwsgi.gateway.FileBody;
import org.jwsgi.gateway.ResponseStarter;
import org.jwsgi.testing.TestClient;

/** The body, one broken rule per test: apps built to break the application's rules, fake servers the server's. */
class BodyRulesTest {

    private static void get(Application app) {
        TestClient.of(Validator.defaults().wrap(app)).get("/");
    }

    private static Application streaming(String status, List<Header> headers, String... chunks) {
        return (env, sr) -> {
            sr.start(status, headers);
            return TrackedBody.of(chunks);
        };
    }

    @Test
    void bodyNull() {
        violates(Rule.BODY_NULL, "returned null", () -> get((env, sr) -> {
            sr.start("200 OK", TEXT);
            return null;
        }));
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void bodyChunkType() {
        violates(Rule.BODY_CHUNK_TYPE, "yielded \"hello\" (java.lang.String)", () -> get((env, sr) -> {
            sr.start("200 OK", TEXT);
            return (Iterable) List.of("hello"); // a String where bytes belong, past generics
        }));
        violates(Rule.BODY_CHUNK_TYPE, "yielded null", () -> get((env, sr) -> {
            sr.start("200 OK", TEXT);
            return java.util.Arrays.asList(bytes("a"), null);
        }));
    }

    @Test
    void startResponseNotCalled() {
        violates(Rule.START_RESPONSE_NOT_CALLED, "a chunk of 5 bytes came before start_response",
                () -> get((env, sr) -> List.of(bytes("early"))));
        violates(Rule.START_RESPONSE_NOT_CALLED, "the body ended and start_response was never called",
                () -> get((env, sr) -> List.of()));
    }

    @Test
    void startResponseMayComeFromTheBodyBeforeItsFirstBytes() {
        Application lazy = (env, sr) -> () -> new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return n < 2;
            }

            @Override
            public byte[] next() {
                if (n++ == 0) {
                    sr.start("200 OK", TEXT); // a generator that starts the response itself
                    return new byte[0];
                }
                return bytes("late but fine");
            }
        };
        assertThat(TestClient.of(Validator.defaults().wrap(lazy)).get("/").text()).isEqualTo("late but fine");
    }

    @Test
    void bodyForbidden() {
        violates(Rule.BODY_FORBIDDEN, "4 body bytes with status \"204 No Content\"",
                () -> get(streaming("204 No Content", List.of(), "oops")));
        violates(Rule.BODY_FORBIDDEN, "with status \"304 Not Modified\"", () -> get(streaming("304 Not Modified", List.of(), "x")));
    }

    @Test
    void contentTypeMissing() throws Exception {
        violates(Rule.CONTENT_TYPE_MISSING, "5 body bytes with status \"200 OK\" and no Content-Type",
                () -> get(streaming("200 OK", List.of(), "hello")));
        // no bytes, no Content-Type needed: a redirect (wsgiref asks for one even here)
        assertThat(TestClient.of(Validator.defaults().wrap(streaming("302 Found", List.of(new Header("Location", "/x")))))
                .get("/").status()).isEqualTo(302);
    }

    @Test
    void contentLengthMismatch() {
        List<Header> five = List.of(new Header("Content-Type", "text/plain"), new Header("Content-Length", "5"));
        violates(Rule.CONTENT_LENGTH_MISMATCH, "at least 6 bytes, more than its Content-Length 5",
                () -> get(streaming("200 OK", five, "abc", "def")));
        violates(Rule.CONTENT_LENGTH_MISMATCH, "ended after 3 bytes, short of its Content-Length 5",
                () -> get(streaming("200 OK", five, "abc")));
        violates(Rule.CONTENT_LENGTH_MISMATCH, "ended after 4 bytes", () -> get((env, sr) -> {
            sr.start("200 OK", five).write(bytes("ab")); // write() and the body count together
            return List.of(bytes("cd"));
        }));
    }

    @Test
    void headMayReturnAnyBodyWhateverItsContentLength() {
        List<Header> five = List.of(new Header("Content-Type", "text/plain"), new Header("Content-Length", "5"));
        TestClient client = TestClient.of(Validator.defaults().wrap(streaming("200 OK", five)));
        assertThat(client.request("HEAD", "/").send().status()).isEqualTo(200);
    }

    @Test
    void bodyUsedAfterClose() throws Exception {
        Iterable<byte[]> body = Validator.defaults().wrap(streaming("200 OK", TEXT, "a", "b"))
                .call(environ(), new ResponseStarter(d -> { }));
        Iterator<byte[]> it = body.iterator();
        it.next();
        ((AutoCloseable) body).close(); // a server that closes, then goes on
        violates(Rule.BODY_USED_AFTER_CLOSE, "hasNext() after close()", it::hasNext);
        violates(Rule.BODY_USED_AFTER_CLOSE, "next() after close()", it::next);
        violates(Rule.BODY_USED_AFTER_CLOSE, "iterator() after close()", body::iterator);
    }

    @Test
    void bodyIteratedTwice() throws Exception {
        Iterable<byte[]> body = Validator.defaults().wrap(streaming("200 OK", TEXT, "a"))
                .call(environ(), new ResponseStarter(d -> { }));
        body.iterator();
        violates(Rule.BODY_ITERATED_TWICE, "iterator() called 2 times on a streaming \"org.jwsgi.TrackedBody\"",
                body::iterator);
        // an in-memory body stays a Collection, which a server may size first and send second
        Iterable<byte[]> list = Validator.defaults().wrap(hello()).call(environ(), new ResponseStarter(d -> { }));
        assertThat(list).isInstanceOf(Collection.class).hasSize(1);
        assertThat(list).hasSize(1);
    }

    @Test
    void closeTwice() throws Exception {
        Iterable<byte[]> body = Validator.defaults().wrap(hello()).call(environ(), new ResponseStarter(d -> { }));
        ((AutoCloseable) body).close();
        violates(Rule.CLOSE_TWICE, "close() called 2 times", ((AutoCloseable) body)::close);
    }

    @Test
    void closeNotCalled() {
        List<WsgiViolation> seen = new CopyOnWriteArrayList<>();
        Validator validator = Validator.create(seen::add);
        Application checked = validator.wrap(hello());
        ResponseStarter starter = new ResponseStarter(d -> { });
        violates(Rule.CLOSE_NOT_CALLED, "the body was not closed within PT0.05S after it was returned [GET /]", () -> {
            for (byte[] chunk : checked.call(environ(), starter)) {
                assertThat(chunk).isNotNull(); // a server that sends the body and forgets close()
            }
            validator.awaitClosed(Duration.ofMillis(50));
        });
        assertThat(seen).extracting(WsgiViolation::rule).containsExactly(Rule.CLOSE_NOT_CALLED);
    }

    @Test
    void closeNotCalledIsReportedWhenTheBodyIsGarbageCollected() throws Exception {
        List<WsgiViolation> seen = new CopyOnWriteArrayList<>();
        Application checked = Validator.create(seen::add).wrap(hello());
        checked.call(environ(), new ResponseStarter(d -> { })); // the body is dropped at once, unclosed
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (seen.isEmpty() && System.nanoTime() < deadline) {
            System.gc(); // the Cleaner runs once the collector has found the body unreachable
            Thread.onSpinWait();
        }
        assertThat(seen).extracting(WsgiViolation::rule).containsExactly(Rule.CLOSE_NOT_CALLED);
        assertThat(seen.get(0).getMessage()).contains("garbage-collected without close()");
    }

    @Test
    void aFileWrapperBodyStaysAFileBodyAndItsCloseIsSeen(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("f.bin"), bytes("0123456789"));
        List<WsgiViolation> seen = new CopyOnWriteArrayList<>();
        Validator validator = Validator.create(seen::add);
        Application app = validator.wrap((env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Type", "application/octet-stream")));
            return ((FileWrapper) env.get(Environ.WSGI_FILE_WRAPPER)).wrap(file);
        });
        Map<String, Object> env = environ();
        Iterable<byte[]> body = app.call(env, new ResponseStarter(d -> { }));
        assertThat(body).isInstanceOf(FileBody.class); // the server's sendfile path still sees it
        assertThat(((FileBody) body).length()).isEqualTo(10);

        violates(Rule.CLOSE_NOT_CALLED, "not closed within", () -> validator.awaitClosed(Duration.ofMillis(50)));
        Iterable<byte[]> again = app.call(environ(), new ResponseStarter(d -> { }));
        ((FileBody) again).close();
        validator.awaitClosed(Duration.ofSeconds(1));
        assertThat(seen).hasSize(1);
    }

    @Test
    void aFileBodyIsCheckedAgainstItsContentLength(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("f.bin"), bytes("0123456789"));
        violates(Rule.CONTENT_LENGTH_MISMATCH, "ended after 10 bytes, short of its Content-Length 11", () -> serve(
                Validator.defaults().wrap((env, sr) -> {
                    sr.start("200 OK", List.of(new Header("Content-Type", "application/octet-stream"),
                            new Header("Content-Length", "11")));
                    return ((FileWrapper) env.get(Environ.WSGI_FILE_WRAPPER)).wrap(file);
                }), environ()));
    }
}
