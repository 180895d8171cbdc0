package org.jwsgi.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.servlet.http.MappingMatch;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.jwsgi.Environ;
import org.jwsgi.gateway.WsgiEnviron;

/** {@link ServletBridge#environ}: the environ of a servlet request, as the bundled server builds it. */
class ServletEnvironTest {

    /** One request as a container maps it, and the SCRIPT_NAME / PATH_INFO it must give. */
    record Mapped(String rawUri, String contextPath, String servletPath, MappingMatch match, String pattern,
            String scriptName, String pathInfo) {
    }

    static Stream<Mapped> mappings() {
        return Stream.of(
                // default servlet at the root: everything is PATH_INFO, decoded as bytes, ;params kept
                new Mapped("/caf%C3%A9;v=1/x%2Fy", "", "/café;v=1/x/y", MappingMatch.DEFAULT, "/",
                        "", "/caf\u00c3\u00a9;v=1/x/y"),
                // "/*" at the root (how every jwsgi backend mounts the app)
                new Mapped("/a%20b/", "", "", MappingMatch.PATH, "/*", "", "/a b/"),
                // a context path and a prefix mapping
                new Mapped("/ctx/api/a%20b", "/ctx", "/api", MappingMatch.PATH, "/api/*", "/ctx/api", "/a b"),
                // the prefix segment carries ;params in the raw URI
                new Mapped("/ctx/api;x=1/foo", "/ctx", "/api", MappingMatch.PATH, "/api/*", "/ctx/api;x=1", "/foo"),
                // an encoded prefix segment: the servlet path is decoded, the raw URI is not
                new Mapped("/ctx/%61pi/foo", "/ctx", "/api", MappingMatch.PATH, "/api/*", "/ctx/api", "/foo"),
                // a two-segment prefix
                new Mapped("/v1/api/x", "", "/v1/api", MappingMatch.PATH, "/v1/api/*", "/v1/api", "/x"),
                // exact mapping: all of it is SCRIPT_NAME
                new Mapped("/ctx/status", "/ctx", "/status", MappingMatch.EXACT, "/status", "/ctx/status", ""),
                // extension mapping: the servlet path is the whole path
                new Mapped("/ctx/a/b.do", "/ctx", "/a/b.do", MappingMatch.EXTENSION, "*.do", "/ctx/a/b.do", ""),
                // the context root
                new Mapped("/ctx/", "/ctx", "", MappingMatch.CONTEXT_ROOT, "", "/ctx", "/"),
                // the default servlet under a context path
                new Mapped("/ctx/x/y%3F", "/ctx", "/x/y?", MappingMatch.DEFAULT, "/", "/ctx", "/x/y?"),
                // a context path the container reports differently from the raw URI (encoded)
                new Mapped("/c%74x/p", "/ctx", "", MappingMatch.PATH, "/*", "/ctx", "/p"));
    }

    @ParameterizedTest
    @MethodSource("mappings")
    void splitsTheRawUriIntoScriptNameAndPathInfoByTheServletMapping(Mapped m) {
        FakeRequest fake = FakeRequest.get(m.rawUri()).mapped(m.contextPath(), m.servletPath(), m.match(), m.pattern());

        Map<String, Object> env = ServletBridge.environ(fake.request);

        assertThat(env).containsEntry(Environ.SCRIPT_NAME, m.scriptName()).containsEntry(Environ.PATH_INFO, m.pathInfo());
    }

    @Test
    void splitsThePathWithoutItsDotSegmentsAsTheContainerMappedIt() {
        FakeRequest fake = FakeRequest.get("/ctx/x/../api/caf%C3%A9").mapped("/ctx", "/api", MappingMatch.PATH, "/api/*");

        Map<String, Object> env = ServletBridge.environ(fake.request);

        assertThat(env).containsEntry(Environ.SCRIPT_NAME, "/ctx/api").containsEntry(Environ.PATH_INFO, "/caf\u00c3\u00a9")
                .containsEntry(Environ.REQUEST_URI, "/ctx/x/../api/caf%C3%A9");
    }

    static Stream<Arguments> dotSegments() {
        return Stream.of(
                Arguments.of("/ctx/api/a/../b", "/b"),
                Arguments.of("/ctx/api/a/%2e%2e/b", "/b"),
                Arguments.of("/ctx/api/a/%2E./b", "/b"),
                Arguments.of("/ctx/api/a/..;x=1/b", "/b"),
                Arguments.of("/ctx/api/./a/.", "/a/"),
                Arguments.of("/ctx/api/a%2F..%2Fb", "/b"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("dotSegments")
    void removesDotSegmentsAsTheBundledServerDoes(String raw, String pathInfo) {
        FakeRequest fake = FakeRequest.get(raw).mapped("/ctx", "/api", MappingMatch.PATH, "/api/*");

        assertThat(ServletBridge.environ(fake.request)).containsEntry(Environ.SCRIPT_NAME, "/ctx/api")
                .containsEntry(Environ.PATH_INFO, pathInfo).containsEntry(Environ.REQUEST_URI, raw);
    }

    @Test
    void refusesAPathThatClimbsAboveTheRoot() {
        FakeRequest fake = FakeRequest.get("/ctx/%2e%2e/%2e%2e/etc/passwd").mapped("/ctx", "", MappingMatch.PATH, "/*");

        assertThatThrownBy(() -> ServletBridge.environ(fake.request)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("climbs above the root");
    }

    @Test
    void takesTheContainersDecodedPathsWithoutDotSegmentsWhereTheRawPathDoesNotLineUp() {
        // a container that maps an encoded slash as data (Tomcat's encodedSolidusHandling="passthrough")
        FakeRequest fake = FakeRequest.get("/ctx/a%2Fb/q/../y").mapped("/ctx", "/a%2Fb", MappingMatch.PATH, "/a%2Fb/*");
        when(fake.request.getPathInfo()).thenReturn("/q/../y");

        assertThat(ServletBridge.environ(fake.request)).containsEntry(Environ.SCRIPT_NAME, "/ctx/a%2Fb")
                .containsEntry(Environ.PATH_INFO, "/y");
    }

    @Test
    void keepsTheQueryStringRawAndRebuildsTheRequestUri() {
        Map<String, Object> env = ServletBridge.environ(new FakeRequest("GET", "/p%20q", "a=%20b&c").request);

        assertThat(env).containsEntry(Environ.QUERY_STRING, "a=%20b&c").containsEntry(Environ.REQUEST_URI, "/p%20q?a=%20b&c");
    }

    @Test
    void givesAnEmptyQueryStringWhenThereIsNone() {
        Map<String, Object> env = ServletBridge.environ(FakeRequest.get("/").request);

        assertThat(env).containsEntry(Environ.QUERY_STRING, "").containsEntry(Environ.REQUEST_URI, "/");
    }

    @Test
    void joinsRepeatedHeadersWithCommasWhateverTheCaseOfTheirNames() {
        FakeRequest fake = FakeRequest.get("/").header("X-Tag", "a").header("x-tag", "b").header("Accept", "text/html");

        Map<String, Object> env = ServletBridge.environ(fake.request);

        assertThat(env).containsEntry("HTTP_X_TAG", "a,b").containsEntry("HTTP_ACCEPT", "text/html");
    }

    @Test
    void joinsAnEmptyRepeatedValueAsTheBundledServerDoes() {
        // builtin's environ merges every value with a comma, an empty one included: ",b"
        FakeRequest fake = FakeRequest.get("/").header("X-Tag", "").header("X-Tag", "b");

        assertThat(ServletBridge.environ(fake.request)).containsEntry("HTTP_X_TAG", ",b");
    }

    @Test
    void dropsHeadersWithUnderscoresSoTheyCannotPoseAsDashedOnes() {
        FakeRequest fake = FakeRequest.get("/").header("X_Forwarded_For", "6.6.6.6").header("X-Forwarded-For", "1.2.3.4");

        Map<String, Object> env = ServletBridge.environ(fake.request);

        assertThat(env).containsEntry("HTTP_X_FORWARDED_FOR", "1.2.3.4");
    }

    @Test
    void takesContentTypeWithoutPrefixAndContentLengthFromTheLongGetter() {
        FakeRequest fake = new FakeRequest("PUT", "/", null).header("Content-Type", "application/json")
                .header("Content-Length", "3000000000");
        when(fake.request.getContentLengthLong()).thenReturn(3_000_000_000L);

        Map<String, Object> env = ServletBridge.environ(fake.request);

        assertThat(env).containsEntry(Environ.CONTENT_TYPE, "application/json")
                .containsEntry(Environ.CONTENT_LENGTH, "3000000000")
                .doesNotContainKeys("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH");
    }

    @Test
    void hasNoContentLengthWhenTheRequestHasNone() {
        FakeRequest fake = new FakeRequest("POST", "/", null).header("Transfer-Encoding", "chunked");

        Map<String, Object> env = ServletBridge.environ(fake.request);

        assertThat(env).doesNotContainKey(Environ.CONTENT_LENGTH).containsEntry("HTTP_TRANSFER_ENCODING", "chunked");
    }

    @Test
    void fillsTheCgiAndWsgiKeysFromTheRequest() throws Exception {
        FakeRequest fake = new FakeRequest("POST", "/", null).body("hello".getBytes(StandardCharsets.US_ASCII));
        when(fake.request.getScheme()).thenReturn("https");

        Map<String, Object> env = ServletBridge.environ(fake.request);

        assertThat(env).containsEntry(Environ.REQUEST_METHOD, "POST")
                .containsEntry(Environ.SERVER_PROTOCOL, "HTTP/1.1")
                .containsEntry(Environ.SERVER_SOFTWARE, "FakeContainer/1.0")
                .containsEntry(Environ.SERVER_NAME, "example.org")
                .containsEntry(Environ.SERVER_PORT, "8080")
                .containsEntry(Environ.REMOTE_ADDR, "127.0.0.1")
                .containsEntry(Environ.REMOTE_PORT, "40000")
                .containsEntry(Environ.WSGI_VERSION, List.of(1, 0))
                .containsEntry(Environ.WSGI_URL_SCHEME, "https")
                .containsEntry(Environ.WSGI_MULTITHREAD, true)
                .containsEntry(Environ.WSGI_MULTIPROCESS, false)
                .containsEntry(Environ.WSGI_RUN_ONCE, false)
                .containsEntry(Environ.WSGI_INPUT_TERMINATED, true)
                .containsEntry(Environ.WSGI_FILE_WRAPPER, WsgiEnviron.FILE_WRAPPER);
        assertThat(((InputStream) env.get(Environ.WSGI_INPUT)).readAllBytes()).asString().isEqualTo("hello");
    }

    @Test
    void takesServerNameAndPortFromTheLocalAddressWhenTheRequestHasNoHost() {
        FakeRequest fake = new FakeRequest("GET", "/", null).withoutHost();
        when(fake.request.getProtocol()).thenReturn("HTTP/1.0");

        Map<String, Object> env = ServletBridge.environ(fake.request);

        assertThat(env).containsEntry(Environ.SERVER_NAME, "127.0.0.2").containsEntry(Environ.SERVER_PORT, "8000")
                .doesNotContainKey(Environ.HTTP_HOST);
    }

    @Test
    void writesWsgiErrorsToTheServletContextLogALineAtATime() {
        FakeRequest fake = FakeRequest.get("/");
        PrintWriter errors = (PrintWriter) ServletBridge.environ(fake.request).get(Environ.WSGI_ERRORS);

        errors.print("first\nsec");
        errors.print("ond\n");
        errors.print("partial");
        errors.flush();

        assertThat(fake.logged).containsExactly("first", "second", "partial");
    }

    @Test
    void neverTouchesTheParametersOrPartsThatWouldConsumeTheBody() throws Exception {
        FakeRequest fake = new FakeRequest("POST", "/", "a=1").header("Content-Type", "application/x-www-form-urlencoded");

        ServletBridge.environ(fake.request);

        verify(fake.request, never()).getParameter(any());
        verify(fake.request, never()).getParameterMap();
        verify(fake.request, never()).getParameterNames();
        verify(fake.request, never()).getParts();
        verify(fake.request, never()).getReader();
        verify(fake.request, never()).getContentLength();
    }
}
