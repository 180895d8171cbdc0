package org.jwsgi.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.jwsgi.Application;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.options.ServerOptions;

/**
 * Resolves the parameters of a test run by {@link EachBackend}: the {@link Backend}, and the
 * {@link RunningServer}, its {@link URI} and a {@link TestClient} for the class's
 * {@link ServedApp}. The server is kept in the store of the nearest class-level context, so
 * every test of a class (on one backend) shares it; JUnit closes it when that context ends, and it
 * stops at once (no grace: no test of the class runs any more, and the idle connections its
 * clients keep would otherwise hold the stop for {@code stopIdleTimeout}).
 */
final class BackendParameters implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BackendParameters.class);

    private final Backend backend;

    BackendParameters(Backend backend) {
        this.backend = backend;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Backend.class || type == RunningServer.class || type == URI.class || type == TestClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == Backend.class) {
            return backend;
        }
        RunningServer server = server(context);
        if (type == RunningServer.class) {
            return server;
        }
        return type == URI.class ? server.uri() : TestClient.of(server.uri());
    }

    private RunningServer server(ExtensionContext context) {
        ExtensionContext classLevel = context;
        while (classLevel.getTestMethod().isPresent() && classLevel.getParent().isPresent()) {
            classLevel = classLevel.getParent().get();
        }
        Class<?> testClass = context.getRequiredTestClass();
        return classLevel.getStore(NAMESPACE).getOrComputeIfAbsent(backend.name() + " " + testClass.getName(),
                key -> new Served(start(testClass)), Served.class).server();
    }

    /** A class's server in the store, stopped without a grace when JUnit closes it. */
    private record Served(RunningServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.stop(Duration.ZERO);
        }
    }

    private RunningServer start(Class<?> testClass) {
        Application app = find(testClass, ServedApp.class, Application.class).orElseThrow(
                () -> new ParameterResolutionException(testClass.getName() + " has no static field or method marked"
                        + " @ServedApp giving the Application to serve"));
        ServerOptions options = find(testClass, ServedOptions.class, ServerOptions.class)
                .orElse(ServerOptions.defaults().withPort(0));
        try {
            return backend.start(app, options);
        } catch (IOException e) {
            throw new UncheckedIOException("starting " + backend.name() + " for " + testClass.getName(), e);
        }
    }

    /**
     * The value of the static member of {@code type} marked {@code marker}, in the class, an
     * enclosing one, or a superclass of either (the nearest wins, so a subclass can run its
     * parent's tests with other {@link ServedOptions}).
     */
    static <T> Optional<T> find(Class<?> testClass, Class<? extends java.lang.annotation.Annotation> marker,
            Class<T> type) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (f.isAnnotationPresent(marker)) {
                        return Optional.of(type.cast(read(f, type)));
                    }
                }
                for (Method m : k.getDeclaredMethods()) {
                    if (m.isAnnotationPresent(marker)) {
                        return Optional.of(type.cast(call(m, type)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Object read(Field f, Class<?> type) {
        if (!Modifier.isStatic(f.getModifiers()) || !type.isAssignableFrom(f.getType())) {
            throw new ParameterResolutionException(f + " must be a static field of type " + type.getName());
        }
        try {
            f.setAccessible(true);
            return require(f.get(null), f);
        } catch (IllegalAccessException e) {
            throw new ParameterResolutionException("cannot read " + f, e);
        }
    }

    private static Object call(Method m, Class<?> type) {
        if (!Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || !type.isAssignableFrom(m.getReturnType())) {
            throw new ParameterResolutionException(m + " must be a static no-argument method returning " + type.getName());
        }
        try {
            m.setAccessible(true);
            return require(m.invoke(null), m);
        } catch (ReflectiveOperationException e) {
            throw new ParameterResolutionException("calling " + m + " failed", e.getCause() != null ? e.getCause() : e);
        }
    }

    private static Object require(Object value, Object member) {
        if (value == null) {
            throw new ParameterResolutionException(member + " gave null");
        }
        return value;
    }
}
