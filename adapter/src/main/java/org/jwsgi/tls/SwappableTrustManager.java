package org.jwsgi.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust manager checking client certificates, replaceable while the server runs (a reloaded
 * CA bundle applies from the next handshake). It only ever checks clients: a server has no
 * server certificates to trust.
 */
final class SwappableTrustManager extends X509ExtendedTrustManager {

    private final AtomicReference<X509ExtendedTrustManager> current;

    SwappableTrustManager(X509ExtendedTrustManager first) {
        current = new AtomicReference<>(first);
    }

    void swap(X509ExtendedTrustManager next) {
        current.set(next);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        current.get().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        current.get().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        current.get().checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return current.get().getAcceptedIssuers(); // the CA names sent in the CertificateRequest
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a server's trust manager checks no server certificate");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a server's trust manager checks no server certificate");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a server's trust manager checks no server certificate");
    }
}
