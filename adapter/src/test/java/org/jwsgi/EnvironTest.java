package org.jwsgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.jwsgi.gateway.WsgiEnviron;

class EnvironTest {

    static Stream<Arguments> rawAndDecodedPaths() {
        return Stream.of(
                Arguments.of("/caf%C3%A9", "/caf\u00c3\u00a9"),
                Arguments.of("/a%2Fb", "/a/b"),
                Arguments.of("/a%2fb", "/a/b"),
                Arguments.of("/%e9", "/\u00e9"),
                Arguments.of("/%E9", "/\u00e9"),
                Arguments.of("/%zz", "/%zz"),
                Arguments.of("/%4", "/%4"),
                Arguments.of("/a%", "/a%"),
                Arguments.of("/%4g", "/%4g"),
                Arguments.of("%%41", "%A"),
                Arguments.of("%41%42", "AB"),
                Arguments.of("/a+b", "/a+b"),
                Arguments.of("/%00", "/\0"),
                Arguments.of("/plain", "/plain"),
                Arguments.of("", ""));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("rawAndDecodedPaths")
    void percentDecodesAsBytesReadAsLatin1(String raw, String decoded) {
        assertThat(WsgiEnviron.unquote(raw)).isEqualTo(decoded);
    }

    static Stream<Arguments> rawPathsAndPathInfo() {
        return Stream.of(
                Arguments.of("/a/../b", "/b"),
                Arguments.of("/a/./b", "/a/b"),
                Arguments.of("/a/%2e%2e/b", "/b"),
                Arguments.of("/a/%2E%2E/b", "/b"),
                Arguments.of("/a/.%2e/b", "/b"),
                Arguments.of("/a/%2E./b", "/b"),
                Arguments.of("/a/%2e/b", "/a/b"),
                Arguments.of("/a%2F..%2Fb", "/b"), // %2F is a / in PATH_INFO, so this is a dot segment too
                Arguments.of("/a/..%2Fb", "/b"),
                Arguments.of("/a/..;x=1/b", "/b"), // ;params do not hide a dot segment
                Arguments.of("/a;p/..;q/b", "/b"),
                Arguments.of("/a/..%3Bx/b", "/b"),
                Arguments.of("/a/..", "/"),
                Arguments.of("/a/.", "/a/"),
                Arguments.of("/a/b/..", "/a/"),
                Arguments.of("/a/../", "/"),
                Arguments.of("/.", "/"),
                Arguments.of("/a//../b", "/a/b"),
                Arguments.of("/a/b/../../c", "/c"),
                Arguments.of("/a/%252e%252e/b", "/a/%2e%2e/b"), // decoded once, as PEP 3333 asks: not a dot segment
                Arguments.of("/a/...", "/a/..."),
                Arguments.of("/a/..b/.c/c.", "/a/..b/.c/c."),
                Arguments.of("/.well-known/x", "/.well-known/x"),
                Arguments.of("/caf%C3%A9/./x", "/caf\u00c3\u00a9/x"),
                Arguments.of("*", "*"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("rawPathsAndPathInfo")
    void decodesPathsWithoutDotSegments(String raw, String pathInfo) {
        assertThat(WsgiEnviron.decodePath(raw)).isEqualTo(pathInfo);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/..", "/../x", "/a/../..", "/a/../../x", "/%2e%2e/x", "/%2E%2E", "/a%2F..%2F..%2Fx",
            "/..;x/a", "/./../x"})
    void refusesAPathThatClimbsAboveTheRoot(String raw) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WsgiEnviron.decodePath(raw))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("climbs above the root");
    }

    @org.junit.jupiter.api.Test
    void returnsAPathWithNothingToDecodeAsItIs() {
        String raw = "/static/app.css";
        assertThat(WsgiEnviron.decodePath(raw)).isSameAs(raw);
        String wellKnown = "/.well-known/acme";
        assertThat(WsgiEnviron.decodePath(wellKnown)).isSameAs(wellKnown);
    }

    static Stream<Arguments> headerNamesAndKeys() {
        return Stream.of(
                Arguments.of("User-Agent", "HTTP_USER_AGENT"),
                Arguments.of("user-agent", "HTTP_USER_AGENT"),
                Arguments.of("Host", "HTTP_HOST"),
                Arguments.of("content-type", "CONTENT_TYPE"),
                Arguments.of("Content-Type", "CONTENT_TYPE"),
                Arguments.of("CONTENT-LENGTH", "CONTENT_LENGTH"),
                Arguments.of("Content-Typo", "HTTP_CONTENT_TYPO"),
                Arguments.of("x-forwarded-for", "HTTP_X_FORWARDED_FOR"),
                Arguments.of("X-9~!", "HTTP_X_9~!"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("headerNamesAndKeys")
    void mapsHeaderNameToEnvironKey(String name, String key) {
        assertThat(WsgiEnviron.headerKey(name)).isEqualTo(key);
    }

    @org.junit.jupiter.api.Test
    void everyCommonHeaderNameHasTheKeyItWouldBeGiven() {
        for (String name : WsgiEnviron.COMMON_HEADER_NAMES) {
            String computed = name.equalsIgnoreCase("Content-Type") ? "CONTENT_TYPE"
                    : name.equalsIgnoreCase("Content-Length") ? "CONTENT_LENGTH"
                    : "HTTP_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            assertThat(WsgiEnviron.headerKey(name)).as(name).isEqualTo(computed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"X_Forwarded_For", "Content_Type", "Content_Length", "_"})
    void dropsHeaderNameWithUnderscoreSoItCannotPoseAsAnother(String name) {
        assertThat(WsgiEnviron.headerKey(name)).isNull();
    }
}
