package org.jwsgi.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.options.ServerOptions;

/** What the server says through System.Logger (java.util.logging underneath in tests). */
class LoggingTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final List<Logger> loggers = List.of(Logger.getLogger("org.jwsgi.access"),
            Logger.getLogger("org.jwsgi.errors"), Logger.getLogger(WsgiServer.class.getName()));

    @BeforeEach
    void capture() {
        for (Logger l : loggers) {
            l.addHandler(capture);
            l.setLevel(Level.INFO);
        }
    }

    @AfterEach
    void release() {
        loggers.forEach(l -> l.removeHandler(capture));
    }

    private List<String> messages(String logger) {
        return records.stream().filter(r -> r.getLoggerName().equals(logger)).map(LogRecord::getMessage).toList();
    }

    @Test
    void writesOneCommonLogFormatLinePerRequest() throws Exception {
        Application app = (env, sr) -> {
            sr.start("201 Created", List.of(new Header("Content-Type", "text/plain")));
            return List.of("12345".getBytes(US_ASCII));
        };
        String req = "GET /a?b=\"c\" HTTP/1.1\r\nHost: x\r\n\r\n";
        MemoryTransport.exchange(app, ServerOptions.defaults().withAccessLog(true), (req + req).getBytes(US_ASCII));
        assertThat(messages("org.jwsgi.access")).hasSize(2).allSatisfy(line -> assertThat(line).matches(
                "127\\.0\\.0\\.1 - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}] "
                        + "\"GET /a\\?b=\\\\\"c\\\\\" HTTP/1\\.1\" 201 5")); // a quote escaped as Apache does
    }

    @Test
    void logsNothingPerRequestWhenTheAccessLogIsOff() throws Exception {
        Application app = (env, sr) -> {
            sr.start("200 OK", List.of());
            return List.of();
        };
        MemoryTransport.exchange(app, ServerOptions.defaults(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
        assertThat(messages("org.jwsgi.access")).isEmpty();
    }

    @Test
    void logsRefusedRequestsWithTheirStatus() throws Exception {
        MemoryTransport.exchange((env, sr) -> List.of(), ServerOptions.defaults().withAccessLog(true),
                "GET / HTTP/1.1\r\n\r\n".getBytes(US_ASCII));
        assertThat(messages("org.jwsgi.access")).singleElement().asString().endsWith("\"-\" 400 -");
    }

    @Test
    void sendsWsgiErrorsToTheLogLineByLine() throws Exception {
        Application app = (env, sr) -> {
            PrintWriter errors = (PrintWriter) env.get(Environ.WSGI_ERRORS);
            errors.println("first problem");
            errors.print("second ");
            errors.print("problem");
            errors.flush();
            sr.start("200 OK", List.of());
            return List.of();
        };
        MemoryTransport.exchange(app, ServerOptions.defaults(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
        assertThat(messages("org.jwsgi.errors")).containsExactly("first problem", "second problem");
    }

    @Test
    void logsAnApplicationFailureOnceWithItsStackTrace() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        MemoryTransport.exchange((env, sr) -> {
            throw boom;
        }, ServerOptions.defaults(), "GET /x HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
        List<LogRecord> failures = records.stream()
                .filter(r -> r.getLoggerName().equals(WsgiServer.class.getName())).toList();
        assertThat(failures).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(r.getMessage()).contains("GET /x");
            assertThat(r.getThrown()).isSameAs(boom);
        });
    }

    @Test
    void logsAPartialErrorsLineWithItsOwnRequest() throws Exception {
        Application app = (env, sr) -> {
            PrintWriter errors = (PrintWriter) env.get(Environ.WSGI_ERRORS);
            errors.print("from " + env.get(Environ.PATH_INFO));
            sr.start("200 OK", List.of());
            return List.of();
        };
        String req = "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n";
        MemoryTransport.exchange(app, ServerOptions.defaults(), req.getBytes(US_ASCII));
        assertThat(messages("org.jwsgi.errors")).containsExactly("from /1", "from /2");
    }
}
