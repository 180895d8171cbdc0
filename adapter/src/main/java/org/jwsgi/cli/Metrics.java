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
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = Metrics.registry();
 * ServerOptions served = Metrics.served(options, "/metrics");   // what --metrics /metrics does
 * }</pre>
 *
 * <p>Micrometer's types appear only in this class, so {@link Main} links without Micrometer on
 * the class path (a launcher such as the benchmark's) unless {@code --metrics} asks for it.
 */
final class Metrics {

    private Metrics() {
    }

    /** {@code options} with a registry's listener, and its Prometheus text served at {@code path}. */
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
