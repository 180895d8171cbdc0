package org.jwsgi.backend;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.tls.TlsContext;

/**
 * The connection factories of the jetty backend's connector: HTTP/1.1; with TLS, Jetty's
 * {@link SslConnectionFactory} fed with the {@link TlsContext} every backend shares (so a
 * reloaded certificate and the cipher policy apply here too); with HTTP/2, {@code h2} chosen by
 * ALPN over TLS, or {@code h2c} in clear (prior knowledge and {@code Upgrade: h2c}).
 */
final class JettyConnectors {

    /** Servlet 6.1's name for the TLS protocol of a request; Tomcat 11 sets it, Jetty's ee10 does not. */
    static final String SECURE_PROTOCOL = "jakarta.servlet.request.secure_protocol";

    private JettyConnectors() {
    }

    static ConnectionFactory[] factories(ServerOptions o, HttpConfiguration http, TlsContext tls) {
        // HTTP/1.1 with the bundled server's whole-head deadline (over TLS too)
        HttpConnectionFactory h1 = new HeadDeadlineConnectionFactory(http, o.headerReadTimeout(), o.serverSoftware());
        if (tls == null) {
            return o.http2() ? new ConnectionFactory[] {h1, Http2.clear(http)} : new ConnectionFactory[] {h1};
        }
        // Jetty's SNI host check compares the Host with the certificate its own key manager chose;
        // the key manager here is jwsgi's, which serves one certificate to every name, as builtin does
        http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        http.addCustomizer((request, headers) -> {
            EndPoint.SslSessionData data = request.getConnectionMetaData().getConnection().getEndPoint().getSslSessionData();
            if (data != null && data.sslSession() != null) {
                request.setAttribute(SECURE_PROTOCOL, data.sslSession().getProtocol());
            }
            return request;
        });
        SslContextFactory.Server ssl = sslContextFactory(tls);
        if (o.http2()) {
            return Http2.secure(http, h1, ssl);
        }
        return new ConnectionFactory[] {new SslConnectionFactory(ssl, h1.getProtocol()), h1};
    }

    /** Jetty's TLS settings from {@code tls}: its SSLContext, protocols, suites in order, client authentication. */
    private static SslContextFactory.Server sslContextFactory(TlsContext tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(tls.sslContext());
        ssl.setIncludeProtocols(tls.protocols().toArray(String[]::new));
        ssl.setExcludeProtocols(); // Jetty's defaults exclude SSL/TLS 1.0-1.1 too; the include list says it all
        ssl.setIncludeCipherSuites(tls.cipherSuites().stream().map(JettyConnectors::literal).toArray(String[]::new));
        ssl.setExcludeCipherSuites();
        ssl.setUseCipherSuitesOrder(true);
        ssl.setRenegotiationAllowed(false); // as the builtin backend: TLS 1.2 renegotiation is refused
        switch (tls.clientAuth()) {
            case NEED -> ssl.setNeedClientAuth(true);
            case WANT -> ssl.setWantClientAuth(true);
            case NONE -> {
                // asked for nothing
            }
        }
        return ssl;
    }

    /** Jetty reads include lists as regular expressions; a suite name is meant literally. */
    private static String literal(String suite) {
        return java.util.regex.Pattern.quote(suite);
    }

    /** Loaded only when HTTP/2 is asked for, so the backend runs without jetty-http2-server otherwise. */
    private static final class Http2 {

        static ConnectionFactory clear(HttpConfiguration http) {
            return new HTTP2CServerConnectionFactory(http);
        }

        static ConnectionFactory[] secure(HttpConfiguration http, HttpConnectionFactory h1, SslContextFactory.Server ssl) {
            HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
            // no list given: ALPN offers the connector's own protocols by their ALPN names (h2, http/1.1);
            // h1.getProtocol() is "HTTP/1.1", which no client asks for, so a client offering only
            // http/1.1 would find no match and fail the handshake
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
            alpn.setDefaultProtocol(h1.getProtocol()); // a client without ALPN speaks HTTP/1.1
            return new ConnectionFactory[] {new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2, h1};
        }
    }
}
