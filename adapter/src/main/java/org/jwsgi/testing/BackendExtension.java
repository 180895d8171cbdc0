package org.jwsgi.testing;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jwsgi.backend.Backend;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * The JUnit 5 extension behind {@link EachBackend}: one invocation of the annotated class or
 * method per backend, each with a {@link BackendParameters} resolver bound to that backend.
 * Use the annotation; this class is public only because JUnit instantiates it.
 *
 * <pre>{@code
 * @EachBackend({"builtin", "tomcat"})
 * void servesOnTwoBackends(TestClient client) { ... }
 * }</pre>
 */
public final class BackendExtension implements ClassTemplateInvocationContextProvider,
        TestTemplateInvocationContextProvider {

    /** System property narrowing the backends of a whole run: {@code -Djwsgi.test.backends=builtin,jetty}. */
    public static final String BACKENDS_PROPERTY = "jwsgi.test.backends";

    @Override
    public boolean supportsClassTemplate(ExtensionContext context) {
        return context.getTestClass().map(c -> c.isAnnotationPresent(EachBackend.class)).orElse(false);
    }

    @Override
    public Stream<? extends ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(
            ExtensionContext context) {
        return backends(context.getRequiredTestClass()).stream().map(Invocation::new);
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(EachBackend.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return backends(context.getRequiredTestMethod()).stream().map(Invocation::new);
    }

    /** The backends {@code element}'s annotation asks for, narrowed by the system property. */
    static List<Backend> backends(AnnotatedElement element) {
        List<String> asked = Arrays.asList(element.getAnnotation(EachBackend.class).value());
        String property = System.getProperty(BACKENDS_PROPERTY, "").strip();
        List<String> narrowed = property.isEmpty() ? List.of() : Arrays.stream(property.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        return select(asked, narrowed, Backend.installed(), element + "");
    }

    static List<Backend> select(List<String> asked, List<String> narrowed, List<Backend> installed, String where) {
        List<String> names = installed.stream().map(Backend::name).toList();
        for (String name : concat(asked, narrowed)) {
            if (!names.contains(name)) {
                throw new ExtensionConfigurationException("@EachBackend on " + where + ": no backend \"" + name
                        + "\" on the class path (installed: " + String.join(", ", names) + ")");
            }
        }
        List<Backend> chosen = new ArrayList<>();
        for (Backend b : installed) {
            if ((asked.isEmpty() || asked.contains(b.name())) && (narrowed.isEmpty() || narrowed.contains(b.name()))) {
                chosen.add(b);
            }
        }
        if (chosen.isEmpty()) {
            throw new ExtensionConfigurationException("@EachBackend on " + where + ": no backend left to run on (asked "
                    + asked + ", " + BACKENDS_PROPERTY + "=" + narrowed + ")");
        }
        return chosen;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** One run of the class or method, on one backend. */
    private static final class Invocation implements ClassTemplateInvocationContext, TestTemplateInvocationContext {

        private final Backend backend;

        Invocation(Backend backend) {
            this.backend = backend;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + backend.name() + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new BackendParameters(backend), new BackendFailures(backend.name()));
        }

        @Override
        public void prepareInvocation(ExtensionContext context) {
            // nothing: the server starts lazily, at the first parameter that needs it
        }
    }
}
