package org.jwsgi.middleware;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.TrackedBody;
import org.jwsgi.form.Form;
import org.jwsgi.form.FormOptions;
import org.jwsgi.testing.TestClient;
import org.jwsgi.testing.TestResponse;

class ErrorCatcherTest {

    /** A System.Logger that keeps what it is given. */
    static final class Recorded implements System.Logger {
        final List<String> messages = new ArrayList<>();
        final List<Throwable> thrown = new ArrayList<>();

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable t) {
            messages.add(level + " " + msg);
            thrown.add(t);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            messages.add(level + " " + format);
        }
    }

    private final Recorded log = new Recorded();

    private TestClient client(Application app, boolean debug) {
        return TestClient.of(ErrorCatcher.defaults().withDebug(debug).withLogger(log).wrap(app));
    }

    private static final Application THROWS_IN_CALL = (env, sr) -> {
        sr.start("200 OK", List.of(new Header("Content-Type", "application/json"), new Header("X-Leak", "yes")));
        throw new IllegalStateException("bad <input> & more");
    };

    @Test
    void answersAFailureInTheCallWithA500PageReplacingTheHeadersAndLogsItOnce() {
        TestResponse r = client(THROWS_IN_CALL, false).request("GET", "/x").header("Accept", "text/html,*/*").send();
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(r.header("X-Leak")).isNull();
        assertThat(r.text()).contains("Internal Server Error").doesNotContain("bad").doesNotContain("IllegalState");
        assertThat(log.messages).containsExactly("ERROR GET /x: the application failed; answered 500");
        assertThat(log.thrown.get(0)).hasMessage("bad <input> & more");
    }

    @Test
    void answersAClientErrorWithItsOwnStatusAndMessageWithoutLoggingAnError() {
        Application app = ErrorCatcher.defaults().withLogger(log).wrap((env, sr) -> {
            sr.start("200 OK", List.of(new Header("X-Partial", "yes")));
            Form.fromBody(env, FormOptions.defaults().withMaxBytes(4));
            return List.of("never".getBytes(UTF_8));
        });

        TestResponse r = TestClient.of(app).post("/f", "application/x-www-form-urlencoded", "a=12345");

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.header("X-Partial")).isNull();
        assertThat(r.text()).contains("maxBytes=4");
        assertThat(log.messages).noneMatch(m -> m.startsWith("ERROR"));
    }

    @Test
    void showsTheEscapedStackTraceOnlyInDebugMode() {
        TestResponse html = client(THROWS_IN_CALL, true).request("GET", "/").header("Accept", "text/html").send();
        assertThat(html.text()).contains("java.lang.IllegalStateException: bad &lt;input&gt; &amp; more")
                .contains("at org.jwsgi.middleware.ErrorCatcherTest").doesNotContain("<input>");
        TestResponse text = client(THROWS_IN_CALL, true).get("/");
        assertThat(text.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(text.text()).startsWith("500 Internal Server Error\n").contains("bad <input> & more");
    }

    @Test
    void answersAFailureWhileIteratingBeforeTheFirstChunkAndClosesTheBodyOnce() {
        TrackedBody body = TrackedBody.failingAt(1, "");   // an empty chunk, then the failure
        TestResponse r = client((env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
            return body;
        }, false).get("/");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.text()).isEqualTo("500 Internal Server Error\n");
        assertThat(body.closes.get()).isEqualTo(1);
        assertThat(log.messages).hasSize(1);
    }

    @Test
    void catchesABodyThatFailsBeforeStartResponse() {
        Iterable<byte[]> lazy = () -> {
            throw new IllegalArgumentException("generator could not start");
        };
        TestResponse r = client((env, sr) -> lazy, false).get("/");
        assertThat(r.status()).isEqualTo(500);
    }

    @Test
    void rethrowsWithoutLoggingOnceTheFirstChunkWentOut() {
        TrackedBody body = TrackedBody.failingAt(1, "first");
        Application app = ErrorCatcher.defaults().withLogger(log).wrap((env, sr) -> {
            sr.start("200 OK", List.of());
            return body;
        });
        assertThatThrownBy(() -> TestClient.of(app).get("/")).hasMessage("generator failed at chunk 1");
        assertThat(body.closes.get()).isEqualTo(1);
        assertThat(log.messages).isEmpty();
    }

    @Test
    void rethrowsAFailureAfterTheWriteCallableSentBytes() {
        Application app = ErrorCatcher.defaults().withLogger(log).wrap((env, sr) -> {
            sr.start("200 OK", List.of()).write("partial".getBytes(UTF_8));
            throw new IllegalStateException("after write");
        });
        assertThatThrownBy(() -> TestClient.of(app).get("/")).hasMessage("after write");
        assertThat(log.messages).isEmpty();
    }

    @Test
    void passesInMemoryBodiesThroughUnwrapped() throws Exception {
        List<byte[]> body = List.of("ok".getBytes(UTF_8));
        Iterable<byte[]> out = ErrorCatcher.defaults().wrap((env, sr) -> {
            sr.start("200 OK", List.of());
            return body;
        }).call(new java.util.HashMap<>(), (s, h, e) -> d -> { });
        assertThat(out).isSameAs(body);
    }
}
