package org.jwsgi.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jwsgi.validate.Fixtures.TEXT;
import static org.jwsgi.validate.Fixtures.bytes;
import static org.jwsgi.validate.Fixtures.environ;
import static org.jwsgi.validate.Fixtures.serve;
import static org.jwsgi.validate.Fixtures.violates;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;
import org.jwsgi.gateway.ResponseStarter;
import org.jwsgi.testing.TestClient;

/** start_response and the write callable, one broken rule per test, each with an app built to break it. */
class StartResponseRulesTest {

    /** Sends GET / to {@code app} through the validator on the socket-free client. */
    private static void get(Application app) {
        TestClient.of(Validator.defaults().wrap(app)).get("/");
    }

    private static Application starting(String status, List<Header> headers, String body) {
        return (env, sr) -> {
            sr.start(status, headers);
            return List.of(bytes(body));
        };
    }

    private static List<Header> text(Header... more) {
        List<Header> all = new ArrayList<>(TEXT);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void statusFormat() {
        violates(Rule.STATUS_FORMAT, "status \"200\"", () -> get(starting("200", TEXT, "x")));
        violates(Rule.STATUS_FORMAT, "status \"2OO OK\"", () -> get(starting("2OO OK", TEXT, "x")));
        violates(Rule.STATUS_FORMAT, "status \"099 Low\"", () -> get(starting("099 Low", TEXT, "x")));
        violates(Rule.STATUS_FORMAT, "status \"600 High\"", () -> get(starting("600 High", TEXT, "x")));
        violates(Rule.STATUS_FORMAT, "status null", () -> get(starting(null, TEXT, "x")));
        get(starting("200 ", TEXT, "x")); // an empty reason phrase is allowed (RFC 9112, and wsgiref)
    }

    @Test
    void statusInformational() {
        violates(Rule.STATUS_INFORMATIONAL, "status \"103 Early Hints\"", () -> get(starting("103 Early Hints", List.of(), "")));
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void headersType() {
        violates(Rule.HEADERS_TYPE, "headers is null", () -> get(starting("200 OK", null, "x")));
        List raw = new ArrayList<>(TEXT);
        raw.add("X-Raw: 1"); // a String in a raw List, past generics
        violates(Rule.HEADERS_TYPE, "a header is \"X-Raw: 1\" (java.lang.String)", () -> get(starting("200 OK", raw, "x")));
        List<Header> withNull = text();
        withNull.add(null);
        violates(Rule.HEADERS_TYPE, "a header is null", () -> get(starting("200 OK", withNull, "x")));
    }

    @Test
    void headerName() {
        // RFC 9110 tokens that Header accepts but wsgiref's header_re refuses
        violates(Rule.HEADER_NAME, "\"X-Trailing-\"", () -> get(starting("200 OK", text(new Header("X-Trailing-", "1")), "x")));
        violates(Rule.HEADER_NAME, "\"X_\"", () -> get(starting("200 OK", text(new Header("X_", "1")), "x")));
        violates(Rule.HEADER_NAME, "\"X!Bang\"", () -> get(starting("200 OK", text(new Header("X!Bang", "1")), "x")));
        violates(Rule.HEADER_NAME, "\"1X\"", () -> get(starting("200 OK", text(new Header("1X", "1")), "x")));
    }

    @Test
    void headerValue() {
        // no application can reach this check: Header refuses the value first ...
        assertThatThrownBy(() -> new Header("X-Evil", "a\r\nSet-Cookie: x=1")).isInstanceOf(IllegalArgumentException.class);
        // ... so the guard is tested on its own, with what a looser Header would let through
        CheckedRequest ex = new CheckedRequest(validatorThatThrows(), "GET /", false);
        violates(Rule.HEADER_VALUE, "has U+000D in \"a\\u000d\\u000aSet-Cookie: x=1\"",
                () -> CheckedStart.checkValue("X-Evil", "a\r\nSet-Cookie: x=1", ex));
        violates(Rule.HEADER_VALUE, "has U+20AC", () -> CheckedStart.checkValue("X-Price", "5 \u20ac", ex));
        violates(Rule.HEADER_VALUE, "null value", () -> CheckedStart.checkValue("X-Null", null, ex));
        CheckedStart.checkValue("X-Tab", "a\tb \u00e9", ex); // HTAB and Latin-1 are fine (wsgiref refuses the tab)
    }

    @Test
    void headerStatus() {
        violates(Rule.HEADER_STATUS, "header \"Status\": \"404 Not Found\"",
                () -> get(starting("200 OK", text(new Header("Status", "404 Not Found")), "x")));
    }

    @Test
    void headerHopByHop() {
        violates(Rule.HEADER_HOP_BY_HOP, "header \"Connection\"",
                () -> get(starting("200 OK", text(new Header("Connection", "close")), "x")));
        violates(Rule.HEADER_HOP_BY_HOP, "header \"Transfer-Encoding\"",
                () -> get(starting("200 OK", text(new Header("Transfer-Encoding", "chunked")), "x")));
    }

    @Test
    void headerContentLength() {
        violates(Rule.HEADER_CONTENT_LENGTH, "Content-Length \"0x10\"",
                () -> get(starting("200 OK", text(new Header("Content-Length", "0x10")), "x")));
        violates(Rule.HEADER_CONTENT_LENGTH, "Content-Length set twice, the second \"1\"",
                () -> get(starting("200 OK", text(new Header("Content-Length", "1"), new Header("Content-Length", "1")), "x")));
    }

    @Test
    void contentTypeWithoutBody() {
        violates(Rule.CONTENT_TYPE_WITHOUT_BODY, "Content-Type \"text/plain\" on \"204 No Content\"",
                () -> get(starting("204 No Content", TEXT, "")));
        violates(Rule.CONTENT_TYPE_WITHOUT_BODY, "on \"304 Not Modified\"", () -> get(starting("304 Not Modified", TEXT, "")));
    }

    @Test
    void startResponseTwice() {
        violates(Rule.START_RESPONSE_TWICE, "start_response(\"500 Oops\") again without exc_info", () -> get((env, sr) -> {
            sr.start("200 OK", TEXT);
            sr.start("500 Oops", TEXT);
            return List.of();
        }));
    }

    @Test
    void excInfoBeforeTheHeadersWentOutReplacesThemCleanly() {
        assertThat(TestClient.of(Validator.defaults().wrap((env, sr) -> {
            sr.start("200 OK", TEXT);
            sr.start("500 Oops", TEXT, new IllegalStateException("render failed"));
            return List.of(bytes("oops"));
        })).get("/").status()).isEqualTo(500);
    }

    @Test
    void excInfoNotReraised() {
        IllegalStateException failure = new IllegalStateException("render failed");
        Application app = (env, sr) -> {
            sr.start("200 OK", TEXT).write(bytes("half a page"));
            sr.start("500 Oops", TEXT, failure); // the headers went out: start_response must rethrow
            return List.of();
        };
        // the shared starter rethrows it: no violation, the app sees its own exception back
        assertThatThrownBy(() -> serve(Validator.defaults().wrap(app), environ())).isSameAs(failure);
        // a server whose start_response ignores exc_info once committed
        StartResponse lax = (status, headers, excInfo) -> data -> { };
        violates(Rule.EXC_INFO_NOT_RERAISED, "returned after the headers went out, instead of rethrowing "
                + "\"java.lang.IllegalStateException: render failed\"", () -> Validator.defaults().wrap(app).call(environ(), lax));
        // one that throws something else
        ResponseStarter other = new ResponseStarter(data -> { });
        StartResponse wrong = (status, headers, excInfo) -> {
            if (excInfo != null) {
                throw new IllegalStateException("already committed");
            }
            return other.start(status, headers);
        };
        violates(Rule.EXC_INFO_NOT_RERAISED, "threw \"java.lang.IllegalStateException: already committed\" instead of",
                () -> Validator.defaults().wrap(app).call(environ(), wrong));
    }

    @Test
    void theSocketFreeClientRethrowsExcInfoOnceTheHeadersWentOut() {
        IllegalStateException failure = new IllegalStateException("render failed");
        Application app = (env, sr) -> {
            sr.start("200 OK", TEXT).write(bytes("half a page"));
            sr.start("500 Oops", TEXT, failure);
            return List.of();
        };
        assertThatThrownBy(() -> TestClient.of(Validator.defaults().wrap(app)).get("/")).isSameAs(failure);
    }

    @Test
    void writeNull() {
        violates(Rule.WRITE_NULL, "write(null)", () -> get((env, sr) -> {
            sr.start("200 OK", TEXT).write(null);
            return List.of();
        }));
    }

    @Test
    void writeOutsideResponse() {
        violates(Rule.WRITE_OUTSIDE_RESPONSE, "write() of 4 bytes after the body was closed", () -> get((env, sr) -> {
            var write = sr.start("200 OK", TEXT);
            return new ClosingBody(() -> write.write(bytes("late")));
        }));
    }

    /** An empty body whose close() runs {@code onClose}: the app's cleanup, badly placed. */
    record ClosingBody(IoAction onClose) implements Iterable<byte[]>, AutoCloseable {
        @Override
        public java.util.Iterator<byte[]> iterator() {
            return java.util.Collections.emptyIterator();
        }

        @Override
        public void close() throws IOException {
            onClose.run();
        }
    }

    interface IoAction {
        void run() throws IOException;
    }

    static Validator validatorThatThrows() {
        return Validator.create(v -> { });
    }
}
