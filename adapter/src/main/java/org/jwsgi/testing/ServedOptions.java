package org.jwsgi.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the static field or static no-argument method of a test class that gives the
 * {@link org.jwsgi.options.ServerOptions} {@link EachBackend} starts every backend with. Without
 * it, the options are {@code ServerOptions.defaults().withPort(0)}.
 *
 * <pre>{@code
 * @ServedOptions
 * static final ServerOptions OPTIONS = ServerOptions.defaults().withPort(0).withMaxBodyBytes(1 << 20);
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ServedOptions {
}
