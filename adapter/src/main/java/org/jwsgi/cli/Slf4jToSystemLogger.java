package org.jwsgi.cli;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The CLI's SLF4J provider: Jetty's SLF4J records go to {@code System.Logger} under the same
 * logger names, so they reach the CLI's log (java.util.logging, {@link ConsoleLog}) like
 * everything else. {@link Main} selects it with SLF4J's {@code slf4j.provider} property; it is not
 * registered as a service, so it never competes with a user's Logback or Log4j on a class path
 * that holds the adapter jar.
 *
 * <pre>{@code
 * System.setProperty("slf4j.provider", Slf4jToSystemLogger.class.getName()); // before Jetty starts
 * }</pre>
 *
 * (SLF4J's own {@code slf4j-jdk-platform-logging} goes the other way, {@code System.Logger} to
 * SLF4J: the recipe for Logback in docs/observability.md.)
 */
public final class Slf4jToSystemLogger implements SLF4JServiceProvider {

    private final ILoggerFactory loggers = new Loggers();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();

    /** For SLF4J, which instantiates the provider named by {@code slf4j.provider}. */
    public Slf4jToSystemLogger() {
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: each logger finds its System.Logger when made
    }

    private static final class Loggers implements ILoggerFactory {

        private final Map<String, Logger> byName = new ConcurrentHashMap<>();

        @Override
        public Logger getLogger(String name) {
            return byName.computeIfAbsent(name, ToSystemLogger::new);
        }
    }

    /** One SLF4J logger over the {@code System.Logger} of the same name. */
    private static final class ToSystemLogger extends LegacyAbstractLogger {

        private static final long serialVersionUID = 1L;

        private final transient System.Logger target;

        ToSystemLogger(String name) {
            this.name = name;
            this.target = System.getLogger(name);
        }

        @Override
        public boolean isTraceEnabled() {
            return target.isLoggable(System.Logger.Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return target.isLoggable(System.Logger.Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return target.isLoggable(System.Logger.Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return target.isLoggable(System.Logger.Level.WARNING);
        }

        @Override
        public boolean isErrorEnabled() {
            return target.isLoggable(System.Logger.Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable throwable) {
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            System.Logger.Level to = switch (level) {
                case TRACE -> System.Logger.Level.TRACE;
                case DEBUG -> System.Logger.Level.DEBUG;
                case INFO -> System.Logger.Level.INFO;
                case WARN -> System.Logger.Level.WARNING;
                case ERROR -> System.Logger.Level.ERROR;
            };
            if (throwable == null) {
                target.log(to, message);
            } else {
                target.log(to, message, throwable);
            }
        }
    }
}
