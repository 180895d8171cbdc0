package org.jwsgi.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test once per jwsgi backend ({@code builtin}, {@code jetty}, {@code tomcat}: those on
 * the class path). On a method (used instead of {@code @Test}), that method runs once per
 * backend, each run named {@code [builtin]}, {@code [jetty]} or {@code [tomcat]}; on a test class
 * (a JUnit class template), every test in it does, but Maven Surefire 3.5 reports a class
 * template's runs as reruns of one test, so under Maven prefer the methods (docs/testing.md).
 * A failed assertion's message starts with the backend's name. The application is the test class's
 * {@link ServedApp}; the test receives, as parameters, any of:
 *
 * <ul>
 *   <li>{@link org.jwsgi.backend.Backend}: the backend of this run (start your own servers with it);</li>
 *   <li>{@link org.jwsgi.backend.RunningServer}: the application running on it;</li>
 *   <li>{@link java.net.URI}: the server's base URL, ending with {@code /};</li>
 *   <li>{@link TestClient}: an HTTP client bound to that URL.</li>
 * </ul>
 *
 * <pre>{@code
 * class GreetingTest {
 *     @ServedApp
 *     static final Application APP = new GreetingApp();
 *
 *     @EachBackend
 *     void greets(TestClient client) {
 *         assertThat(client.get("/hello?name=Ada").text()).isEqualTo("Hello, Ada!");
 *     }
 * }
 * }</pre>
 *
 * <p>Each backend's server is started on 127.0.0.1, port 0, at the first test that needs it and
 * stopped once the class is done with that backend. The system property
 * {@value BackendExtension#BACKENDS_PROPERTY} (a comma-separated list of names) narrows the
 * backends for a whole run. Needs JUnit Jupiter 5.13 or later.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ClassTemplate
@TestTemplate
@ExtendWith(BackendExtension.class)
public @interface EachBackend {

    /** The backends to run on, by name; empty (the default) means every backend on the class path. */
    String[] value() default {};
}
