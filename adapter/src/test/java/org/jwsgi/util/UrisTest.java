package org.jwsgi.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Uris}: the expected values are what CPython 3.11's wsgiref.util answers for the same environ. */
class UrisTest {

    private static Map<String, Object> env(String script, String path) {
        Map<String, Object> env = new HashMap<>();
        env.put("wsgi.url_scheme", "http");
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("SERVER_NAME", "127.0.0.1");
        env.put("SERVER_PORT", "80");
        env.put("SCRIPT_NAME", script);
        env.put("PATH_INFO", path);
        env.put("QUERY_STRING", "");
        return env;
    }

    @ParameterizedTest(name = "[{0}] [{1}] shifts [{2}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", emptyValue = "", value = {
            // SCRIPT_NAME | PATH_INFO | returns | SCRIPT_NAME after | PATH_INFO after
            "''       | ''           | NULL | ''          | ''",
            "''       | /            | ''   | /           | ''",
            "''       | /a           | a    | /a          | ''",
            "''       | /a/          | a    | /a          | /",
            "/a       | /x/y         | x    | /a/x        | /y",
            "/a       | /x/          | x    | /a/x        | /",
            "/a/b     | /../y        | ..   | /a          | /y",
            "/a/b     | /x//y        | x    | /a/b/x      | /y",
            "/a/b     | /.//x/y      | x    | /a/b/x      | /y",
            "/a/b     | /.           | NULL | /a/b        | ''",
            "/a/b     | //x          | x    | /a/b/x      | ''",
            "/a/b     | /x/./y/      | x    | /a/b/x      | /y/",
            "/a/b/    | /x           | x    | /a/b/x      | ''",
            "''       | /caf\u00c3\u00a9/z | caf\u00c3\u00a9 | /caf\u00c3\u00a9 | /z",
    })
    void shiftsPathInfoAsWsgirefDoes(String script, String path, String name, String scriptAfter, String pathAfter) {
        Map<String, Object> env = env(script, path);

        assertThat(Uris.shiftPathInfo(env)).isEqualTo(name);
        assertThat(env).containsEntry("SCRIPT_NAME", scriptAfter).containsEntry("PATH_INFO", pathAfter);
    }

    @Test
    void leavesAPathInfoWithoutASlashAlone() {
        Map<String, Object> env = env("/s", "odd");

        assertThat(Uris.shiftPathInfo(env)).isNull();
        assertThat(env).containsEntry("SCRIPT_NAME", "/s").containsEntry("PATH_INFO", "odd");
    }

    @Test
    void buildsTheApplicationAndRequestUris() {
        Map<String, Object> env = env("/sp ace", "/caf\u00c3\u00a9;v=1/x");
        env.put("QUERY_STRING", "a=%20b");

        assertThat(Uris.applicationUri(env)).isEqualTo("http://127.0.0.1/sp%20ace");
        assertThat(Uris.requestUri(env, true)).isEqualTo("http://127.0.0.1/sp%20ace/caf%C3%A9;v=1/x?a=%20b");
        assertThat(Uris.requestUri(env, false)).isEqualTo("http://127.0.0.1/sp%20ace/caf%C3%A9;v=1/x");
    }

    @Test
    void fallsBackToServerNameAndANonDefaultPortWithoutAHost() {
        Map<String, Object> env = env("", "");
        env.remove("HTTP_HOST");
        env.put("SERVER_NAME", "example.org");
        env.put("SERVER_PORT", "8443");
        env.put("wsgi.url_scheme", "https");

        assertThat(Uris.applicationUri(env)).isEqualTo("https://example.org:8443/");
        assertThat(Uris.requestUri(env, true)).isEqualTo("https://example.org:8443/");
        env.put("SERVER_PORT", "443");
        assertThat(Uris.applicationUri(env)).isEqualTo("https://example.org/");
    }

    @Test
    void normalisesLikePosixpath() {
        assertThat(Uris.normpath("/a/../..")).isEqualTo("/");
        assertThat(Uris.normpath("//a//b/")).isEqualTo("//a/b");
        assertThat(Uris.normpath("///a")).isEqualTo("/a");
        assertThat(Uris.normpath("a/../..")).isEqualTo("..");
        assertThat(Uris.normpath("")).isEqualTo(".");
    }
}
