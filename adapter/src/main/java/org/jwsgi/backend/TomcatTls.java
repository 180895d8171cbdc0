package org.jwsgi.backend;

import java.security.KeyManagementException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http2.Http2Protocol;
import org.apache.tomcat.util.net.SSLContext;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.jwsgi.gateway.Durations;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.tls.TlsContext;

/**
 * The tomcat backend's TLS and HTTP/2: an {@link SSLHostConfig} whose certificate's SSL context
 * is the {@link TlsContext} every backend shares (so a reloaded certificate serves the next
 * handshake here too, without {@code reloadSslHostConfigs()}), with its protocols, suites and
 * client authentication; and Tomcat's {@link Http2Protocol} as upgrade protocol, which gives
 * {@code h2} by ALPN over TLS and {@code h2c} (prior knowledge and {@code Upgrade}) in clear.
 */
final class TomcatTls {

    private TomcatTls() {
    }

    static void configure(Connector c, ServerOptions o, TlsContext tls) {
        if (tls != null) {
            c.setSecure(true);
            c.setScheme("https");
            if (!c.setProperty("SSLEnabled", "true")) {
                throw new IllegalStateException("tomcat connector refused SSLEnabled=true");
            }
            SSLHostConfig host = new SSLHostConfig();
            // the default host name (_default_): every SNI name gets this configuration
            host.setProtocols(String.join("+", tls.protocols()));
            // Tomcat keeps TLS 1.3 suites (which name no key exchange) in a list of their own
            host.setCiphers(String.join(",", tls.cipherSuites().stream().filter(s -> !tls13(s)).toList()));
            host.setCipherSuites(String.join(":", tls.cipherSuites().stream().filter(TomcatTls::tls13).toList()));
            host.setHonorCipherOrder(true);
            host.setCertificateVerification(switch (tls.clientAuth()) {
                case NEED -> "required";
                case WANT -> "optional";
                case NONE -> "none";
            });
            SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
            certificate.setSslContext(new Shared(tls));
            host.addCertificate(certificate);
            c.addSslHostConfig(host);
        }
        if (o.http2()) {
            Http2Protocol h2 = new Http2Protocol();
            // the connector's limits for HTTP/1.1 apply to HTTP/2 streams too
            h2.setReadTimeout(Durations.millis(o.bodyReadTimeout()));
            h2.setKeepAliveTimeout(Durations.millis(o.keepAliveTimeout()));
            h2.setWriteTimeout(Durations.millis(o.writeTimeout()));
            h2.setMaxHeaderCount(o.maxHeaderCount());
            c.addUpgradeProtocol(h2);
        }
    }

    /** TLS 1.3's suites are the only ones whose names do not say {@code _WITH_}. */
    private static boolean tls13(String suite) {
        return !suite.contains("_WITH_");
    }

    /**
     * Tomcat's view of the shared JSSE context. Tomcat calls {@code init} on a context it made
     * itself only; this one is ready, and its engines get their parameters from Tomcat's
     * SSLHostConfig (the same protocols and suites, set above).
     */
    private static final class Shared implements SSLContext {

        private final TlsContext tls;

        Shared(TlsContext tls) {
            this.tls = tls;
        }

        @Override
        public void init(KeyManager[] kms, TrustManager[] tms, java.security.SecureRandom sr) throws KeyManagementException {
            // already initialised with jwsgi's key and trust managers
        }

        @Override
        public void destroy() {
            // the TlsContext is closed by the server
        }

        @Override
        public SSLSessionContext getServerSessionContext() {
            return tls.sslContext().getServerSessionContext();
        }

        @Override
        public SSLEngine createSSLEngine() {
            return tls.sslContext().createSSLEngine();
        }

        @Override
        public SSLServerSocketFactory getServerSocketFactory() {
            return tls.sslContext().getServerSocketFactory();
        }

        @Override
        public SSLParameters getSupportedSSLParameters() {
            return tls.sslContext().getSupportedSSLParameters();
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return tls.certificateChain();
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0]; // Tomcat asks only to log them
        }
    }
}
