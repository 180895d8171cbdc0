package org.jwsgi.gateway;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jwsgi.Environ;

/**
 * The environ keys of a request that came over TLS, the same on every backend and named as
 * mod_ssl (and gunicorn's, uWSGI's) name them: {@code wsgi.url_scheme} {@code https}, {@code HTTPS}
 * {@code on}, {@code SSL_PROTOCOL}, {@code SSL_CIPHER}, {@code SSL_CLIENT_VERIFY} and, when the
 * client sent a verified certificate, {@code SSL_CLIENT_CERT} (PEM), {@code SSL_CLIENT_S_DN},
 * {@code SSL_CLIENT_I_DN} and {@code SSL_CLIENT_M_SERIAL}. Distinguished names are RFC 2253
 * strings, as mod_ssl prints them.
 *
 * <pre>{@code
 * Map<String, Object> tls = TlsEnviron.of(session.getProtocol(), session.getCipherSuite(), peerCertificates);
 * environ.putAll(tls);
 * }</pre>
 */
public final class TlsEnviron {

    private TlsEnviron() {
    }

    /**
     * The keys for one TLS connection; compute them once per connection (a certificate's PEM is
     * not free) and {@code putAll} into each request's environ.
     *
     * @param protocol {@code TLSv1.3}, or null if the server does not say
     * @param cipher the suite's name, or null if the server does not say
     * @param clientChain the client's verified chain, leaf first; null or empty without one
     */
    public static Map<String, Object> of(String protocol, String cipher, X509Certificate[] clientChain) {
        Map<String, Object> env = new HashMap<>();
        env.put(Environ.WSGI_URL_SCHEME, "https");
        env.put(Environ.HTTPS, "on");
        if (protocol != null) {
            env.put(Environ.SSL_PROTOCOL, protocol);
        }
        if (cipher != null) {
            env.put(Environ.SSL_CIPHER, cipher);
        }
        if (clientChain == null || clientChain.length == 0) {
            env.put(Environ.SSL_CLIENT_VERIFY, "NONE");
            return Map.copyOf(env);
        }
        X509Certificate leaf = clientChain[0];
        env.put(Environ.SSL_CLIENT_VERIFY, "SUCCESS");
        env.put(Environ.SSL_CLIENT_CERT, pem(leaf));
        env.put(Environ.SSL_CLIENT_S_DN, leaf.getSubjectX500Principal().getName());
        env.put(Environ.SSL_CLIENT_I_DN, leaf.getIssuerX500Principal().getName());
        env.put(Environ.SSL_CLIENT_M_SERIAL, leaf.getSerialNumber().toString(16).toUpperCase(Locale.ROOT));
        return Map.copyOf(env);
    }

    /** {@code cert} as PEM text, 64 columns, as openssl writes it. */
    public static String pem(X509Certificate cert) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate of " + cert.getSubjectX500Principal() + " cannot be encoded", e);
        }
    }
}
