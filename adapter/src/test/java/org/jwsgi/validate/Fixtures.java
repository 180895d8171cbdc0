package org.jwsgi.validate;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.gateway.ResponseStarter;
import org.jwsgi.gateway.WsgiEnviron;

/** What the rule tests share: a correct environ, a careful fake server, and the violation assertion. */
final class Fixtures {

    static final List<Header> TEXT = List.of(new Header("Content-Type", "text/plain"));

    private Fixtures() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(US_ASCII);
    }

    /** An app that does everything right: the baseline each broken app differs from by one thing. */
    static Application hello() {
        return (env, sr) -> {
            sr.start("200 OK", TEXT);
            return List.of(bytes("hello"));
        };
    }

    /** An environ a correct server would build for {@code GET /}. */
    static Map<String, Object> environ() {
        Map<String, Object> env = new HashMap<>();
        env.put(Environ.REQUEST_METHOD, "GET");
        env.put(Environ.SCRIPT_NAME, "");
        env.put(Environ.PATH_INFO, "/");
        env.put(Environ.QUERY_STRING, "");
        env.put(Environ.SERVER_NAME, "localhost");
        env.put(Environ.SERVER_PORT, "80");
        env.put(Environ.SERVER_PROTOCOL, "HTTP/1.1");
        env.put(Environ.WSGI_VERSION, List.of(1, 0));
        env.put(Environ.WSGI_URL_SCHEME, "http");
        env.put(Environ.WSGI_INPUT, new ByteArrayInputStream(new byte[0]));
        env.put(Environ.WSGI_ERRORS, new PrintWriter(new StringWriter(), true));
        env.put(Environ.WSGI_MULTITHREAD, Boolean.FALSE);
        env.put(Environ.WSGI_MULTIPROCESS, Boolean.FALSE);
        env.put(Environ.WSGI_RUN_ONCE, Boolean.FALSE);
        env.put(Environ.WSGI_FILE_WRAPPER, WsgiEnviron.FILE_WRAPPER);
        env.put(Environ.WSGI_INPUT_TERMINATED, Boolean.TRUE);
        return env;
    }

    /** A careful server: start_response by ResponseStarter's rules, the body iterated once, then closed. */
    static List<byte[]> serve(Application app, Map<String, Object> env) throws Exception {
        ResponseStarter[] holder = new ResponseStarter[1];
        ResponseStarter starter = new ResponseStarter(data -> holder[0].markCommitted()); // headers first
        holder[0] = starter;
        Iterable<byte[]> body = app.call(env, starter);
        List<byte[]> chunks = new ArrayList<>();
        try {
            for (byte[] chunk : body) {
                if (chunk.length > 0) {
                    starter.requireStarted();
                    starter.markCommitted();
                }
                chunks.add(chunk);
            }
        } finally {
            if (body instanceof AutoCloseable c) {
                c.close();
            }
        }
        return chunks;
    }

    /**
     * Asserts that {@code call} throws a violation of {@code rule} whose message names the rule,
     * the side at fault and {@code quoted} (the offending value, as the message quotes it).
     */
    static WsgiViolation violates(Rule rule, String quoted, ThrowingCallable call) {
        WsgiViolation v = catchThrowableOfType(WsgiViolation.class, call);
        assertThat(v).as("a violation of %s", rule).isNotNull();
        assertThat(v.rule()).as(v.getMessage()).isEqualTo(rule);
        assertThat(v.getMessage()).startsWith(rule.side() + " broke " + rule.name() + " (" + rule.description() + "): ")
                .contains(quoted);
        return v;
    }
}
