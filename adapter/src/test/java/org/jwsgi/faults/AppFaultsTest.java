package org.jwsgi.faults;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.jwsgi.faults.Wire.closedByServer;
import static org.jwsgi.faults.Wire.connect;
import static org.jwsgi.faults.Wire.readOrCut;
import static org.jwsgi.faults.Wire.send;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.RawResponse;
import org.jwsgi.TrackedBody;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.server.WsgiServer;

/**
 * An application that misbehaves, seen from a real client over a socket: it gets a 500 when
 * nothing went out yet, a visibly cut response otherwise, never a split or falsely complete one;
 * the body is closed once; the server keeps serving. (HttpConnectionTest checks the same paths
 * without a socket; this is what a client actually receives, resets included.)
 */
class AppFaultsTest {

    private static final List<Header> TEXT = List.of(new Header("Content-Type", "text/plain"));
    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    /** What the client must see. */
    private enum Expect { STATUS_500, CUT, EXACT_LENGTH }

    record Fault(String name, String request, Expect expect, TrackedBody body, Application app) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Fault> faults() {
        return Stream.of(
                fault("throws before start_response", GET, Expect.STATUS_500, null, b -> (env, sr) -> {
                    throw new IOException("database down");
                }),
                fault("throws after start_response, before the body", GET, Expect.STATUS_500, null, b -> (env, sr) -> {
                    sr.start("200 OK", TEXT);
                    throw new IllegalStateException("template failed");
                }),
                fault("throws an Error before the headers", GET, Expect.STATUS_500, null, b -> (env, sr) -> {
                    throw new AssertionError("a bug");
                }),
                fault("returns null", GET, Expect.STATUS_500, null, b -> (env, sr) -> {
                    sr.start("200 OK", TEXT);
                    return null;
                }),
                fault("generator fails before its first chunk", GET, Expect.STATUS_500,
                        TrackedBody.failingAt(0), b -> started(b, TEXT)),
                fault("generator fails after the headers, chunked", GET, Expect.CUT,
                        TrackedBody.failingAt(1, "first"), b -> started(b, TEXT)),
                fault("generator fails after the headers, Content-Length", GET, Expect.CUT,
                        TrackedBody.failingAt(1, "first"), b -> started(b, length(20))),
                fault("generator fails after the headers, HTTP/1.0 close-delimited", "GET / HTTP/1.0\r\n\r\n",
                        Expect.CUT, TrackedBody.failingAt(1, "first"), b -> started(b, TEXT)),
                fault("legacy write() then throws", GET, Expect.CUT, null, b -> (env, sr) -> {
                    sr.start("200 OK", TEXT).write("sent".getBytes(US_ASCII));
                    throw new IllegalStateException("after write");
                }),
                fault("streaming body shorter than its Content-Length", GET, Expect.CUT,
                        TrackedBody.of("abc", "def"), b -> started(b, length(10))),
                fault("in-memory body shorter than its Content-Length", GET, Expect.STATUS_500, null,
                        b -> (env, sr) -> {
                            sr.start("200 OK", length(10));
                            return List.of("abc".getBytes(US_ASCII));
                        }),
                fault("streaming body longer than its Content-Length", GET, Expect.EXACT_LENGTH,
                        TrackedBody.of("abc", "def", "SURPLUS"), b -> started(b, length(4))),
                fault("in-memory body longer than its Content-Length", GET, Expect.EXACT_LENGTH, null,
                        b -> (env, sr) -> {
                            sr.start("200 OK", length(4));
                            return List.of("abcdef".getBytes(US_ASCII), "SURPLUS".getBytes(US_ASCII));
                        }),
                fault("start_response never called, streaming body", GET, Expect.STATUS_500,
                        TrackedBody.of("x"), b -> (env, sr) -> b),
                fault("start_response never called, empty body", GET, Expect.STATUS_500, null,
                        b -> (env, sr) -> List.of()),
                fault("CR LF in a header value", GET, Expect.STATUS_500, null, b -> (env, sr) -> {
                    sr.start("200 OK", List.of(new Header("X-A", "1\r\nSet-Cookie: evil=1")));
                    return List.of();
                }),
                fault("LF in a header name", GET, Expect.STATUS_500, null, b -> (env, sr) -> {
                    sr.start("200 OK", List.of(new Header("X-A\nSet-Cookie", "evil=1")));
                    return List.of();
                }),
                fault("char above U+00FF in a header value", GET, Expect.STATUS_500, null, b -> (env, sr) -> {
                    sr.start("200 OK", List.of(new Header("X-A", "evil\u010A")));
                    return List.of();
                }),
                fault("CR LF in the status reason", GET, Expect.STATUS_500, null, b -> (env, sr) -> {
                    sr.start("200 OK\r\nSet-Cookie: evil=1", TEXT);
                    return List.of();
                }),
                fault("char above U+00FF in the status reason", GET, Expect.STATUS_500, null, b -> (env, sr) -> {
                    sr.start("200 evil\u010A", TEXT);
                    return List.of();
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void answersACleanErrorOrAVisibleCutAndKeepsServing(Fault f) throws Exception {
        Application app = (env, sr) -> {
            if ("/ok".equals(env.get("PATH_INFO"))) {
                sr.start("200 OK", TEXT);
                return List.of("ok".getBytes(US_ASCII));
            }
            return f.app().call(env, sr);
        };
        try (WsgiServer server = Wire.start(app, ServerOptions.defaults()); Socket s = connect(server)) {
            send(s, f.request() + "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse r = readOrCut(s, false);
            switch (f.expect()) {
                case STATUS_500 -> {
                    assertThat(r).as("a complete response").isNotNull();
                    assertThat(r.status()).isEqualTo(500);
                    assertThat(r.header("Connection")).isEqualTo("close");
                    assertThat(r.headers()).doesNotContainKey("set-cookie");
                    assertThat(r.text()).doesNotContain("evil");
                    assertThat(closedByServer(s)).as("nothing follows the error").isTrue();
                }
                case CUT -> assertThat(r).as("a cut response never looks complete").isNull();
                case EXACT_LENGTH -> {
                    assertThat(r.text()).isEqualTo("abcd");
                    // the surplus never reaches the wire: the server closes after exactly Content-Length
                    // bytes (the response cannot say Connection: close, its headers are gone already)
                    assertThat(s.getInputStream().read()).as("EOF, not surplus bytes").isEqualTo(-1);
                }
            }
            if (f.body() != null) {
                assertThat(f.body().closed.await(1, TimeUnit.SECONDS)).as("body closed").isTrue();
                assertThat(f.body().closes).hasValue(1);
            }
            try (Socket next = connect(server)) {
                send(next, "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(RawResponse.read(next.getInputStream(), false).text()).isEqualTo("ok");
            }
        }
    }

    @Test
    void sendsLatin1HeaderCharsAsSingleBytes() throws Exception {
        Application app = (env, sr) -> {
            sr.start("200 OK", List.of(new Header("X-Name", "caf\u00e9")));
            return List.of();
        };
        try (WsgiServer server = Wire.start(app, ServerOptions.defaults()); Socket s = connect(server)) {
            send(s, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            byte[] raw = s.getInputStream().readAllBytes();
            assertThat(new String(raw, ISO_8859_1)).contains("X-Name: caf\u00e9\r\n");
            assertThat(new String(raw, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("caf\u00e9");
        }
    }

    private interface AppFor {
        Application of(TrackedBody body);
    }

    private static Fault fault(String name, String request, Expect expect, TrackedBody body, AppFor app) {
        return new Fault(name, request, expect, body, app.of(body));
    }

    private static Application started(TrackedBody body, List<Header> headers) {
        return (env, sr) -> {
            sr.start("200 OK", headers);
            return body;
        };
    }

    private static List<Header> length(int n) {
        return List.of(new Header("Content-Type", "text/plain"), new Header("Content-Length", Integer.toString(n)));
    }
}
