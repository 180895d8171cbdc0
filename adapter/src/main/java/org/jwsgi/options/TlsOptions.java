package org.jwsgi.options;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a server's TLS key and certificates come from, held by {@link ServerOptions#tls()}: the
 * same record gives HTTPS on every backend. The key material is either a PEM pair (a certificate
 * chain and its PKCS#8 private key, RSA or EC: gunicorn's {@code --certfile}/{@code --keyfile})
 * or a PKCS#12 keystore whose password is read from an environment variable, never from the
 * command line. The files are read when the server starts (a missing, unreadable or mismatched
 * file is refused then, by name) and read again when they change (see {@link #reloadInterval()}).
 *
 * <table>
 *   <caption>TLS options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>certFile, keyFile</td><td></td><td>PEM: the certificate chain (leaf first) and its
 *       unencrypted PKCS#8 key ({@code -----BEGIN PRIVATE KEY-----})</td></tr>
 *   <tr><td>keyStore, keyStorePasswordEnv</td><td></td><td>a PKCS#12 file and the name of the
 *       environment variable holding its password</td></tr>
 *   <tr><td>caCerts</td><td>none</td><td>PEM bundle of the CAs client certificates must chain to</td></tr>
 *   <tr><td>clientAuth</td><td>{@link ClientAuth#NONE}</td><td>ask clients for a certificate</td></tr>
 *   <tr><td>reloadInterval</td><td>5 s</td><td>how often the files are checked for changes
 *       (modification time, size and content hash); {@link Duration#ZERO}: never</td></tr>
 * </table>
 *
 * <p>The protocols (TLS 1.2 and 1.3 only) and cipher suites (the JDK's defaults minus the weak
 * ones) are not options: docs/tls.md lists them.
 *
 * <pre>{@code
 * ServerOptions https = ServerOptions.defaults().withPort(8443)
 *         .withTls(TlsOptions.pem(Path.of("cert.pem"), Path.of("key.pem")));
 * ServerOptions mtls = https.withTls(https.tls().withClientAuth(ClientAuth.NEED, Path.of("ca.pem")));
 * }</pre>
 */
public record TlsOptions(Path certFile, Path keyFile, Path keyStore, String keyStorePasswordEnv, Path caCerts,
        ClientAuth clientAuth, Duration reloadInterval) {

    /** The default {@link #reloadInterval()}. */
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);

    public TlsOptions {
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        boolean pem = certFile != null || keyFile != null;
        if (pem && keyStore != null) {
            throw new IllegalArgumentException("TLS key material from either certFile/keyFile or keyStore, not both: "
                    + certFile + ", " + keyFile + ", " + keyStore);
        }
        if (pem && (certFile == null || keyFile == null)) {
            throw new IllegalArgumentException("certFile and keyFile go together: certFile=" + certFile
                    + ", keyFile=" + keyFile);
        }
        if (!pem && keyStore == null) {
            throw new IllegalArgumentException("TLS needs certFile and keyFile, or keyStore");
        }
        if (keyStore != null && (keyStorePasswordEnv == null || keyStorePasswordEnv.isBlank())) {
            throw new IllegalArgumentException("keyStore " + keyStore
                    + " needs keyStorePasswordEnv, the environment variable holding its password");
        }
        if (keyStore == null && keyStorePasswordEnv != null) {
            throw new IllegalArgumentException("keyStorePasswordEnv " + keyStorePasswordEnv + " without a keyStore");
        }
        if (clientAuth != ClientAuth.NONE && caCerts == null) {
            throw new IllegalArgumentException("clientAuth " + clientAuth.label()
                    + " needs caCerts, the CAs client certificates must chain to");
        }
        if (clientAuth == ClientAuth.NONE && caCerts != null) {
            throw new IllegalArgumentException("caCerts " + caCerts + " given but clientAuth is none; use want or need");
        }
        if (reloadInterval.isNegative()) {
            throw new IllegalArgumentException("reloadInterval must not be negative: " + reloadInterval);
        }
    }

    /** A PEM certificate chain (leaf first) and its PKCS#8 private key. */
    public static TlsOptions pem(Path certFile, Path keyFile) {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        return new TlsOptions(certFile, keyFile, null, null, null, ClientAuth.NONE, DEFAULT_RELOAD_INTERVAL);
    }

    /** A PKCS#12 keystore whose password is the value of the environment variable {@code passwordEnv}. */
    public static TlsOptions keyStore(Path keyStore, String passwordEnv) {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(passwordEnv, "passwordEnv");
        return new TlsOptions(null, null, keyStore, passwordEnv, null, ClientAuth.NONE, DEFAULT_RELOAD_INTERVAL);
    }

    /** Asks clients for a certificate chaining to one of the CAs in the PEM bundle {@code caCerts}. */
    public TlsOptions withClientAuth(ClientAuth mode, Path caCerts) {
        return new TlsOptions(certFile, keyFile, keyStore, keyStorePasswordEnv, caCerts, mode, reloadInterval);
    }

    public TlsOptions withReloadInterval(Duration v) {
        return new TlsOptions(certFile, keyFile, keyStore, keyStorePasswordEnv, caCerts, clientAuth, v);
    }
}
