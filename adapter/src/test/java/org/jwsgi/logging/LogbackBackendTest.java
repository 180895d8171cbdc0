package org.jwsgi.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * docs/observability.md's Logback recipe: slf4j-jdk-platform-logging makes System.Logger a
 * front of SLF4J, logback-classic is SLF4J's backend; jwsgi's records and Jetty's own arrive in
 * Logback under their logger names. Runs in a JVM of its own (the surefire execution
 * {@code logback}): a System.LoggerFinder is chosen once per JVM.
 */
@Tag("logback")
class LogbackBackendTest {

    @Test
    void jwsgiAndJettyLogThroughLogback() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(context);
        seen.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(seen);
        root.setLevel(Level.INFO);

        assertThat(System.LoggerFinder.getLoggerFinder().getClass().getName())
                .isEqualTo("org.slf4j.jdk.platform.logging.SLF4JSystemLoggerFinder");
        Requests.serveOneRequestOnBuiltinAndJetty();

        List<String> lines = seen.list.stream().map(e -> e.getLoggerName() + " " + e.getLevel() + " "
                + e.getFormattedMessage()).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("org.jwsgi.server.WsgiServer INFO serving on http://")
                .contains("(builtin, "));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("org.jwsgi.backend.JettyServer INFO serving on http://")
                .contains("(jetty, "));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("org.jwsgi.access INFO 127.0.0.1 - - [")
                .contains("\"GET /hello-builtin HTTP/1.1\" 200"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("org.jwsgi.access INFO 127.0.0.1 - - [")
                .contains("\"GET /hello-jetty HTTP/1.1\" 200"));
        // wsgi.errors: the bundled server's logger; on the bridge the servlet context's log (Jetty's ROOT context)
        assertThat(lines).contains("org.jwsgi.errors WARN from the app on builtin",
                "org.eclipse.jetty.server.handler.ContextHandler.ROOT INFO from the app on jetty");
        // Jetty's own records, through SLF4J straight to Logback
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("org.eclipse.jetty.server.Server INFO Started"));
    }
}
