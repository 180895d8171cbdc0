package org.jwsgi.tls;

import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import org.jwsgi.gateway.Durations;
import org.jwsgi.options.ClientAuth;
import org.jwsgi.options.TlsOptions;

/**
 * One server's TLS: the {@link SSLContext} built from {@link TlsOptions}, the protocol and
 * cipher-suite policy, client-certificate checking, and the reloading of the files when they
 * change. The bundled server, Jetty and Tomcat all take their engines' settings from here, so
 * they accept the same clients and offer the same suites.
 *
 * <pre>{@code
 * try (TlsContext tls = TlsContext.create(TlsOptions.pem(Path.of("cert.pem"), Path.of("key.pem")))) {
 *     SSLEngine engine = tls.newEngine("http/1.1");
 *     // ... a handshake on a connection
 * }
 * }</pre>
 *
 * <p>Reloading: a daemon thread looks at the files every {@link TlsOptions#reloadInterval()} (time,
 * size and content hash). When they changed, they are read again; a complete, consistent set
 * replaces the old key and certificates for the next handshakes (established connections and
 * resumed sessions keep theirs), anything else (a key and certificate that do not match, a file
 * half written, a wrong password) is logged and the old material stays. Logger
 * {@code org.jwsgi.tls.TlsContext}.
 */
public final class TlsContext implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TlsContext.class.getName());

    private final TlsOptions options;
    private final SSLContext context;
    private final SwappableKeyManager keys;
    private final SwappableTrustManager trust; // null without client certificates
    private final AtomicReference<X509Certificate[]> chain;
    private final List<String> protocols;
    private final List<String> cipherSuites;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failedReloads = new AtomicLong();
    private final ScheduledExecutorService watcher; // null when reloading is off

    private TlsContext(TlsOptions options) {
        this.options = options;
        KeyMaterial.Keys first = KeyMaterial.keys(options);
        this.keys = new SwappableKeyManager(first.manager());
        this.chain = new AtomicReference<>(first.chain());
        this.trust = options.caCerts() == null ? null : new SwappableTrustManager(KeyMaterial.trust(options.caCerts()));
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new javax.net.ssl.KeyManager[] {keys}, trust == null ? null : new TrustManager[] {trust}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a TLS context: " + e, e);
        }
        this.protocols = List.of(CipherPolicy.protocols(context));
        this.cipherSuites = List.of(CipherPolicy.cipherSuites(context));
        if (options.reloadInterval().isZero()) {
            watcher = null;
        } else {
            FileWatch files = new FileWatch(KeyMaterial.files(options));
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "jwsgi-tls-reload");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(1, options.reloadInterval().toMillis());
            watcher.scheduleWithFixedDelay(() -> {
                if (files.changed()) {
                    reload();
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Reads the key material of {@code options} and starts watching its files.
     *
     * @throws IllegalArgumentException naming the option and the file, when a file is missing,
     *     unreadable or malformed, the key does not match the certificate, or the keystore's
     *     password variable is unset or wrong
     */
    public static TlsContext create(TlsOptions options) {
        return new TlsContext(Objects.requireNonNull(options, "options"));
    }

    /** The JSSE context: its key and trust managers follow reloads. */
    public SSLContext sslContext() {
        return context;
    }

    /** The protocols enabled: {@code TLSv1.3} and {@code TLSv1.2}, those this JDK has. */
    public List<String> protocols() {
        return protocols;
    }

    /** The cipher suites enabled, in order of preference (JSSE names). */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /** Whether clients are asked for a certificate. */
    public ClientAuth clientAuth() {
        return options.clientAuth();
    }

    /** The certificate chain served now, leaf first. */
    public X509Certificate[] certificateChain() {
        return chain.get().clone();
    }

    /** How many times changed files were loaded since start; {@link #failedReloads()} counts the refusals. */
    public long reloads() {
        return reloads.get();
    }

    /** How many times changed files could not be loaded (the old material stayed). */
    public long failedReloads() {
        return failedReloads.get();
    }

    /**
     * The parameters of a server engine: the protocols, suites and client authentication of this
     * context, the server's order of suites, and the ALPN protocols offered (none if empty).
     */
    public SSLParameters parameters(String... applicationProtocols) {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(protocols.toArray(String[]::new));
        p.setCipherSuites(cipherSuites.toArray(String[]::new));
        p.setUseCipherSuitesOrder(true);
        switch (options.clientAuth()) {
            case NEED -> p.setNeedClientAuth(true);
            case WANT -> p.setWantClientAuth(true);
            case NONE -> {
                p.setNeedClientAuth(false);
                p.setWantClientAuth(false);
            }
        }
        if (applicationProtocols.length > 0) {
            p.setApplicationProtocols(applicationProtocols);
        }
        return p;
    }

    /** A server-mode engine with {@link #parameters}. */
    public SSLEngine newEngine(String... applicationProtocols) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setSSLParameters(parameters(applicationProtocols));
        return engine;
    }

    /** Reads the files again now; what the watcher does when they change. */
    void reload() {
        try {
            KeyMaterial.Keys next = KeyMaterial.keys(options);
            if (trust != null) {
                trust.swap(KeyMaterial.trust(options.caCerts()));
            }
            keys.swap(next.manager());
            chain.set(next.chain());
            reloads.incrementAndGet();
            X509Certificate leaf = next.chain()[0];
            LOG.log(Level.INFO, () -> "TLS key material reloaded from " + KeyMaterial.files(options) + ": now serving "
                    + leaf.getSubjectX500Principal().getName() + ", valid until " + leaf.getNotAfter().toInstant());
        } catch (IllegalArgumentException e) {
            failedReloads.incrementAndGet();
            LOG.log(Level.WARNING, "TLS key material changed but cannot be loaded; still serving the previous one: "
                    + e.getMessage());
        }
    }

    /** How often the files are checked, for messages. */
    public String reloadDescription() {
        return options.reloadInterval().isZero() ? "never reloaded"
                : "reloaded when changed (checked every " + Durations.text(options.reloadInterval()) + ")";
    }

    /** Stops watching the files; connections are not affected. Idempotent. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }
}
