package org.jwsgi.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the static field or static no-argument method of a test class that gives the
 * {@link org.jwsgi.Application} {@link EachBackend} serves ({@link ServedOptions} sets the server's
 * options). It is looked up in the test class, then in its enclosing classes.
 *
 * <pre>{@code
 * @ServedApp
 * static Application app() {
 *     return Gzip.defaults().wrap(new MyApp());
 * }
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ServedApp {
}
