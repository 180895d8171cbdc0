package org.jwsgi.cli;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jwsgi.metrics.HttpMetrics;
import org.jwsgi.options.ServerOptions;

/**
 * The CLI's metrics registry: Prometheus's, with the JVM's usual meters (memory, GC, threads,
 * classes, CPU, uptime) beside the server's, as a Spring Boot or Micronaut service has them.
 * Only this class names Micrometer's types, so {@link Main} runs without Micrometer on the class
 * path (a jar serving one app through {@code Main}, with the adapter and its required
 * dependencies alone) until {@code --metrics} asks for it.
 *
 * <pre>{@code
 * ServerOptions options = Metrics.served(ServerOptions.defaults(), "/metrics");
 * }</pre>
 */
final class Metrics {

    private static final String REGISTRY = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

    private Metrics() {
    }

    /** Whether Micrometer's Prometheus registry can be loaded. */
    static boolean available() {
        try {
            Class.forName(REGISTRY, false, Metrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** {@code options} with the server's meters recorded and served in Prometheus's format at {@code path}. */
    static ServerOptions served(ServerOptions options, String path) {
        PrometheusMeterRegistry registry = registry();
        return options.withListener(HttpMetrics.of(registry)).withEndpoint(path, new PrometheusEndpoint(registry));
    }

    @SuppressWarnings("resource") // JvmGcMetrics lives as long as the JVM
    static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }
}
