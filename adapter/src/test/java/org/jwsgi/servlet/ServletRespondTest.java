package org.jwsgi.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.TrackedBody;
import org.jwsgi.Write;
import org.junit.jupiter.api.Test;

/** {@link ServletBridge#respond}: what an application answers, written to a servlet response. */
class ServletRespondTest {

    private final FakeRequest request = FakeRequest.get("/r");
    private final FakeResponse response = new FakeResponse();

    private void respond(Application app) throws Exception {
        ServletBridge.respond(app, ServletBridge.environ(request.request), response.response, request.context);
    }

    private void respondHead(Application app) throws Exception {
        FakeRequest head = new FakeRequest("HEAD", "/r", null);
        ServletBridge.respond(app, ServletBridge.environ(head.request), response.response, head.context);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void sendsTheStatusCodeAndHeadersAndTheLengthThroughTheLongSetter() throws Exception {
        respond((env, sr) -> {
            sr.start("201 Made It", List.of(new Header("Content-Type", "text/plain"), new Header("X-A", "1"),
                    new Header("X-A", "2"), new Header("Content-Length", "5")));
            return List.of(b("hello"));
        });

        assertThat(response.status).isEqualTo(201);
        assertThat(response.headers).extracting(h -> h[0] + ": " + h[1])
                .containsExactly("Content-Type: text/plain", "X-A: 1", "X-A: 2");
        assertThat(response.contentLength).isEqualTo(5);
        assertThat(response.text()).isEqualTo("hello");
    }

    @Test
    void computesTheLengthOfAnInMemoryBody() throws Exception {
        respond((env, sr) -> {
            sr.start("200 OK", List.of());
            return List.of(b("ab"), b(""), b("cde"));
        });

        assertThat(response.contentLength).isEqualTo(5);
        assertThat(response.text()).isEqualTo("abcde");
        // in memory: left to the container's buffer, one write for a small body as on the bundled server
        assertThat(response.events).containsExactly("status:200", "write:ab", "write:cde");
    }

    @Test
    void givesAFileBodyItsLengthUpFront(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("f.txt");
        java.nio.file.Files.writeString(file, "file body");
        respond((env, sr) -> {
            sr.start("200 OK", List.of());
            return ((org.jwsgi.FileWrapper) env.get("wsgi.file_wrapper")).wrap(file);
        });

        assertThat(response.contentLength).isEqualTo(9);
        assertThat(response.text()).isEqualTo("file body");
    }

    @Test
    void flushesEachChunkBeforeAskingForTheNext() throws Exception {
        TrackedBody body = TrackedBody.of("one", "two", "three");
        respond((env, sr) -> {
            sr.start("200 OK", List.of());
            return body;
        });

        assertThat(response.contentLength).isEqualTo(-1); // a stream: the container chunks it
        assertThat(response.events).containsExactly("status:200", "write:one", "flush", "write:two", "flush",
                "write:three", "flush");
        assertThat(body.closes).hasValue(1);
    }

    @Test
    void writesWhatTheLegacyWriteCallableSendsBeforeTheBody() throws Exception {
        respond((env, sr) -> {
            Write write = sr.start("200 OK", List.of());
            write.write(b("early "));
            return List.of(b("late"));
        });

        assertThat(response.text()).isEqualTo("early late");
        assertThat(response.events).startsWith("status:200", "write:early ", "flush");
    }

    @Test
    void answers500WithAGenericBodyAndLogsOnceWhenTheAppFailsBeforeCommit() throws Exception {
        TrackedBody body = TrackedBody.failingAt(0);
        respond((env, sr) -> {
            sr.start("200 OK", List.of(new Header("X-Secret", "no")));
            return body;
        });

        assertThat(response.status).isEqualTo(500);
        assertThat(response.headers).isEmpty();
        assertThat(response.text()).isEqualTo("500 Internal Server Error\n");
        assertThat(response.contentLength).isEqualTo(response.body.size());
        assertThat(request.logged).hasSize(1);
        assertThat(request.logged.get(0)).contains("GET /r: the application failed").contains("generator failed at chunk 0");
        assertThat(body.closes).hasValue(1);
    }

    @Test
    void answers500WhenTheAppThrowsOrReturnsNullOrSkipsStartResponse() throws Exception {
        List<Application> broken = List.of(
                (env, sr) -> {
                    throw new IOException("disk on fire");
                },
                (env, sr) -> {
                    sr.start("200 OK", List.of());
                    return null;
                },
                (env, sr) -> List.of(b("no start_response")),
                (env, sr) -> {
                    sr.start("200 OK", List.of());
                    sr.start("404 Not Found", List.of()); // twice without exc_info
                    return List.of();
                },
                (env, sr) -> {
                    sr.start("200 OK", List.of(new Header("X-Evil", "a\r\nSet-Cookie: x=1")));
                    return List.of();
                });
        for (Application app : broken) {
            FakeResponse r = new FakeResponse();
            ServletBridge.respond(app, ServletBridge.environ(request.request), r.response, request.context);
            assertThat(r.status).as("%s", r.events).isEqualTo(500);
            assertThat(r.text()).isEqualTo("500 Internal Server Error\n").doesNotContain("Set-Cookie");
        }
    }

    @Test
    void abortsWhenTheAppFailsAfterTheHeadersWentOutAndClosesTheBodyOnce() {
        TrackedBody body = TrackedBody.failingAt(1, "first");

        assertThatThrownBy(() -> respond((env, sr) -> {
            sr.start("200 OK", List.of());
            return body;
        })).isInstanceOf(ServletException.class)
                .hasMessageContaining("after the headers went out; connection aborted")
                .hasRootCauseMessage("generator failed at chunk 1");
        assertThat(response.text()).isEqualTo("first");
        assertThat(body.closes).hasValue(1);
        assertThat(request.logged).isEmpty(); // thrown, so the container logs it: never both
    }

    @Test
    void abortsWhenTheBodyEndsShortOfItsContentLength() {
        TrackedBody body = TrackedBody.of("only4");

        assertThatThrownBy(() -> respond((env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Length", "10")));
            return body;
        })).isInstanceOf(ServletException.class).hasMessageContaining("5 bytes short of the application's Content-Length");
        assertThat(body.closes).hasValue(1);
    }

    @Test
    void refusesBeforeCommitAnInMemoryBodyShorterThanItsContentLength() throws Exception {
        respond((env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Length", "10")));
            return List.of(b("short"));
        });

        assertThat(response.status).isEqualTo(500);
        assertThat(request.logged.get(0)).contains("fewer than its Content-Length 10");
    }

    @Test
    void dropsAndLogsWhatGoesPastTheContentLength() throws Exception {
        respond((env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Length", "3")));
            return TrackedBody.of("ab", "cdef");
        });

        assertThat(response.text()).isEqualTo("abc");
        assertThat(request.logged).singleElement().asString().contains("longer than the application's Content-Length");
    }

    @Test
    void closesTheBodyOnceWhenTheClientIsGoneAndLetsTheContainerSeeTheIoError() {
        TrackedBody body = TrackedBody.of("a", "b");
        response.failWrites = new IOException("Broken pipe");

        assertThatThrownBy(() -> respond((env, sr) -> {
            sr.start("200 OK", List.of());
            return body;
        })).isInstanceOf(IOException.class).hasMessage("Broken pipe");
        assertThat(body.closes).hasValue(1);
    }

    /** An application that reads its whole body and lets a failed read escape. */
    private static final Application READS_BODY = (env, sr) -> {
        ((java.io.InputStream) env.get(org.jwsgi.Environ.WSGI_INPUT)).readAllBytes();
        sr.start("200 OK", List.of());
        return List.of();
    };

    private void bodyReadFails() throws IOException {
        jakarta.servlet.ServletInputStream failing = org.mockito.Mockito.mock(jakarta.servlet.ServletInputStream.class);
        org.mockito.Mockito.when(failing.read(org.mockito.ArgumentMatchers.any(byte[].class),
                org.mockito.ArgumentMatchers.anyInt(), org.mockito.ArgumentMatchers.anyInt()))
                .thenThrow(new IOException("Invalid chunk header"));
        org.mockito.Mockito.when(request.request.getInputStream()).thenReturn(failing);
    }

    @Test
    void letsTheContainerSendTheErrorItAlreadyMadeOfAFailedBodyRead() throws Exception {
        // Tomcat: a failed read calls sendError(400) (408 for a timeout), so the response reads as
        // committed; its error report valve then answers that status, unless the servlet throws (500)
        bodyReadFails();
        response.committed = true;
        response.status = 400;

        respond(READS_BODY);

        assertThat(response.status).isEqualTo(400);
        assertThat(response.events).isEmpty();
    }

    @Test
    void abortsWhenABodyReadFailedAndTheResponseIsCommittedWithoutAnErrorStatus() throws Exception {
        bodyReadFails();
        response.committed = true;

        assertThatThrownBy(() -> respond(READS_BODY)).isInstanceOf(IOException.class);
    }

    @Test
    void answersTheBundledServersStatusForAFailedBodyReadWhileItCanStill() throws Exception {
        bodyReadFails(); // Jetty: the response is not committed, the bridge answers 400 itself

        respond(READS_BODY);

        assertThat(response.status).isEqualTo(400);
        assertThat(response.header("Connection")).isEqualTo("close");
        assertThat(response.text()).startsWith("400 Bad Request\n");
    }

    @Test
    void excInfoBeforeCommitReplacesTheStatusAndHeaders() throws Exception {
        respond((env, sr) -> {
            sr.start("200 OK", List.of(new Header("X-Old", "1")));
            try {
                throw new IllegalStateException("late failure");
            } catch (IllegalStateException e) {
                sr.start("503 Service Unavailable", List.of(new Header("Retry-After", "5")), e);
            }
            return List.of(b("try later"));
        });

        assertThat(response.status).isEqualTo(503);
        assertThat(response.headers).extracting(h -> h[0]).containsExactly("Retry-After");
        assertThat(response.text()).isEqualTo("try later");
    }

    @Test
    void excInfoAfterCommitRethrowsAndAborts() {
        IllegalStateException failure = new IllegalStateException("late");

        assertThatThrownBy(() -> respond((env, sr) -> {
            Write w = sr.start("200 OK", List.of());
            w.write(b("sent"));
            sr.start("500 Oops", List.of(), failure);
            return List.of();
        })).isInstanceOf(ServletException.class).hasCause(failure);
    }

    @Test
    void headKeepsTheLengthGetWouldHaveButWritesNoBody() throws Exception {
        TrackedBody body = TrackedBody.of("never", "sent");
        respondHead((env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Length", "9")));
            return body;
        });

        assertThat(response.contentLength).isEqualTo(9);
        assertThat(response.body.size()).isZero();
        assertThat(body.closes).hasValue(1);
    }

    @Test
    void sendsNoLengthAndNoBodyFor204And304() throws Exception {
        for (String status : List.of("204 No Content", "304 Not Modified")) {
            FakeResponse r = new FakeResponse();
            ServletBridge.respond((env, sr) -> {
                sr.start(status, List.of());
                return List.of(b("ignored"));
            }, ServletBridge.environ(request.request), r.response, request.context);
            assertThat(r.contentLength).as(status).isEqualTo(-1);
            assertThat(r.body.size()).as(status).isZero();
        }
    }

    @Test
    void commitsAnEmptyBodyWithLengthZero() throws Exception {
        respond((env, sr) -> {
            sr.start("200 OK", List.of());
            return TrackedBody.of();
        });

        assertThat(response.contentLength).isZero();
        assertThat(response.committed).isTrue();
    }

    @Test
    void refusesAnInformationalStatus() throws Exception {
        respond((env, sr) -> {
            sr.start("103 Early Hints", List.of());
            return List.of(b("x"));
        });

        assertThat(response.status).isEqualTo(500);
        assertThat(request.logged.get(0)).contains("informational");
    }

    @Test
    void passesTheEnvironItIsGiven() throws Exception {
        Map<String, Object> env = ServletBridge.environ(request.request);
        env.put("custom", "value");

        ServletBridge.respond((e, sr) -> {
            sr.start("200 OK", List.of());
            return List.of(b(String.valueOf(e.get("custom"))));
        }, env, response.response, request.context);

        assertThat(response.text()).isEqualTo("value");
    }
}
