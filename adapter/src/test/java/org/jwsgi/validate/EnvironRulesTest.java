package org.jwsgi.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jwsgi.validate.Fixtures.environ;
import static org.jwsgi.validate.Fixtures.hello;
import static org.jwsgi.validate.Fixtures.serve;
import static org.jwsgi.validate.Fixtures.violates;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.gateway.ResponseStarter;

/** The server's environ, one broken rule per test: a fake server hands the validator a bad environ. */
class EnvironRulesTest {

    private static final Application CHECKED = Validator.defaults().wrap(hello());

    private static WsgiViolation broken(Rule rule, String quoted, Consumer<Map<String, Object>> breakIt) {
        Map<String, Object> env = environ();
        breakIt.accept(env);
        return violates(rule, quoted, () -> serve(CHECKED, env));
    }

    @Test
    void aCorrectEnvironPasses() throws Exception {
        assertThat(serve(CHECKED, environ())).hasSize(1);
    }

    @Test
    void environMap() {
        violates(Rule.ENVIRON_MAP, "the environ is null", () -> CHECKED.call(null, new ResponseStarter(d -> { })));
        violates(Rule.ENVIRON_MAP, "\"java.util.ImmutableCollections$MapN\"",
                () -> serve(CHECKED, Map.copyOf(environ())));
    }

    @Test
    void environRequiredKey() {
        broken(Rule.ENVIRON_REQUIRED_KEY, "\"QUERY_STRING\"", env -> env.remove(Environ.QUERY_STRING));
        broken(Rule.ENVIRON_REQUIRED_KEY, "\"wsgi.errors\"", env -> env.remove(Environ.WSGI_ERRORS));
    }

    @Test
    void environType() {
        broken(Rule.ENVIRON_TYPE, "\"SERVER_PORT\" holds java.lang.Integer", env -> env.put(Environ.SERVER_PORT, 80));
        broken(Rule.ENVIRON_TYPE, "wsgi.version is \"[1, 1]\"", env -> env.put(Environ.WSGI_VERSION, List.of(1, 1)));
        broken(Rule.ENVIRON_TYPE, "\"wsgi.errors\" holds java.io.StringWriter, not PrintWriter",
                env -> env.put(Environ.WSGI_ERRORS, new StringWriter()));
        broken(Rule.ENVIRON_TYPE, "\"wsgi.multithread\" holds java.lang.String, not Boolean",
                env -> env.put(Environ.WSGI_MULTITHREAD, "true"));
    }

    @Test
    void environNativeString() {
        broken(Rule.ENVIRON_NATIVE_STRING, "\"PATH_INFO\" holds U+0161", env -> env.put(Environ.PATH_INFO, "/\u0161"));
        broken(Rule.ENVIRON_NATIVE_STRING, "\"HTTP_X_NAME\" holds U+20AC", env -> env.put("HTTP_X_NAME", "\u20ac"));
    }

    @Test
    void environHttpContentHeader() {
        broken(Rule.ENVIRON_HTTP_CONTENT_HEADER, "\"HTTP_CONTENT_TYPE\"", env -> env.put("HTTP_CONTENT_TYPE", "text/plain"));
        broken(Rule.ENVIRON_HTTP_CONTENT_HEADER, "\"HTTP_CONTENT_LENGTH\"", env -> env.put("HTTP_CONTENT_LENGTH", "1"));
    }

    @Test
    void environContentLength() throws Exception {
        broken(Rule.ENVIRON_CONTENT_LENGTH, "\"-1\"", env -> env.put(Environ.CONTENT_LENGTH, "-1"));
        broken(Rule.ENVIRON_CONTENT_LENGTH, "\" 5\"", env -> env.put(Environ.CONTENT_LENGTH, " 5"));
        Map<String, Object> empty = environ();
        empty.put(Environ.CONTENT_LENGTH, ""); // PEP 3333: may be empty or absent
        assertThat(serve(CHECKED, empty)).hasSize(1);
    }

    @Test
    void environServerPort() {
        broken(Rule.ENVIRON_SERVER_PORT, "\"http\"", env -> env.put(Environ.SERVER_PORT, "http"));
    }

    @Test
    void environPath() throws Exception {
        broken(Rule.ENVIRON_PATH, "PATH_INFO does not start with \"/\": \"index.html\"",
                env -> env.put(Environ.PATH_INFO, "index.html"));
        broken(Rule.ENVIRON_PATH, "SCRIPT_NAME does not start with \"/\": \"app\"", env -> env.put(Environ.SCRIPT_NAME, "app"));
        broken(Rule.ENVIRON_PATH, "\"*\"", env -> env.put(Environ.PATH_INFO, "*")); // only OPTIONS * has it
        Map<String, Object> star = environ();
        star.put(Environ.REQUEST_METHOD, "OPTIONS");
        star.put(Environ.PATH_INFO, "*");
        assertThat(serve(CHECKED, star)).hasSize(1);
    }

    @Test
    void environScriptNameSlash() {
        broken(Rule.ENVIRON_SCRIPT_NAME_SLASH, "SCRIPT_NAME is \"/\"", env -> env.put(Environ.SCRIPT_NAME, "/"));
    }

    @Test
    void environMethod() {
        broken(Rule.ENVIRON_METHOD, "\"GET /\"", env -> env.put(Environ.REQUEST_METHOD, "GET /"));
        broken(Rule.ENVIRON_METHOD, "\"\"", env -> env.put(Environ.REQUEST_METHOD, ""));
    }

    @Test
    void environUrlScheme() {
        broken(Rule.ENVIRON_URL_SCHEME, "\"ftp\"", env -> env.put(Environ.WSGI_URL_SCHEME, "ftp"));
    }

    @Test
    void aListenerHearsEveryEnvironViolationAndTheFirstIsThrown() {
        List<WsgiViolation> seen = new CopyOnWriteArrayList<>();
        Application checked = Validator.create(seen::add).wrap(hello());
        Map<String, Object> env = environ();
        env.put(Environ.SCRIPT_NAME, "/");
        WsgiViolation thrown = violates(Rule.ENVIRON_SCRIPT_NAME_SLASH, "\"/\"", () -> serve(checked, env));

        assertThat(seen).containsExactly(thrown);
        assertThat(thrown.side()).isEqualTo(Rule.Side.SERVER);
        assertThat(thrown.getMessage()).startsWith("server broke ENVIRON_SCRIPT_NAME_SLASH").endsWith("[GET //]");
    }

    @Test
    void reportOnlyHearsEveryViolationAndLetsTheRequestRun() throws Exception {
        List<WsgiViolation> seen = new CopyOnWriteArrayList<>();
        Application checked = Validator.create(seen::add).reportOnly().wrap(hello());
        Map<String, Object> env = environ();
        env.put(Environ.SCRIPT_NAME, "/");
        env.put(Environ.WSGI_URL_SCHEME, "gopher");

        assertThat(serve(checked, env)).hasSize(1);
        assertThat(seen).extracting(WsgiViolation::rule)
                .containsExactly(Rule.ENVIRON_SCRIPT_NAME_SLASH, Rule.ENVIRON_URL_SCHEME);
    }
}
