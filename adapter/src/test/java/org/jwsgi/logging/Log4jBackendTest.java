package org.jwsgi.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docs/observability.md's Log4j 2 recipe: log4j-jpl makes Log4j the backend of System.Logger,
 * log4j-slf4j2-impl takes Jetty's SLF4J records; both arrive in Log4j under their logger names.
 * Runs in a JVM of its own (the surefire execution {@code log4j}).
 */
@Tag("log4j")
class Log4jBackendTest {

    /** Collects what reaches the root logger. */
    static final class Collect extends AbstractAppender {
        final List<String> lines = new CopyOnWriteArrayList<>();

        Collect() {
            super("collect", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent e) {
            lines.add(e.getLoggerName() + " " + e.getLevel() + " " + e.getMessage().getFormattedMessage());
        }
    }

    @Test
    void jwsgiAndJettyLogThroughLog4j() throws Exception {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        Collect seen = new Collect();
        seen.start();
        LoggerConfig root = config.getRootLogger();
        root.addAppender(seen, Level.INFO, null);
        root.setLevel(Level.INFO);
        context.updateLoggers();

        assertThat(System.LoggerFinder.getLoggerFinder().getClass().getName()).startsWith("org.apache.logging.log4j");
        Requests.serveOneRequestOnBuiltinAndJetty();

        List<String> lines = seen.lines;
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("org.jwsgi.server.WsgiServer INFO serving on http://")
                .contains("(builtin, "));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("org.jwsgi.backend.JettyServer INFO serving on http://"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("org.jwsgi.access INFO 127.0.0.1 - - [")
                .contains("\"GET /hello-builtin HTTP/1.1\" 200"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("org.jwsgi.access INFO 127.0.0.1 - - [")
                .contains("\"GET /hello-jetty HTTP/1.1\" 200"));
        // wsgi.errors: the bundled server's logger; on the bridge the servlet context's log (Jetty's ROOT context)
        assertThat(lines).contains("org.jwsgi.errors WARN from the app on builtin",
                "org.eclipse.jetty.server.handler.ContextHandler.ROOT INFO from the app on jetty");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("org.eclipse.jetty.server.Server INFO Started"));
    }
}
