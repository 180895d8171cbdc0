package org.jwsgi.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.TlsOptions;

/**
 * One server of {@link TlsBench} over HTTPS in this JVM: {@code builtin}, {@code jetty-bridge},
 * {@code tomcat-bridge} (jwsgi's backends with {@link TlsOptions#pem}) or the reference
 * {@code jetty-core} (a Jetty 12 core handler behind Jetty's own {@link SslContextFactory} with a
 * PKCS#12 keystore, as its documentation sets it up). Prints {@code READY <port>}.
 *
 * <pre>{@code
 * $ java -cp bench/target/jwsgi-bench.jar org.jwsgi.bench.TlsServe jetty-core CERT.pem KEY.pem STORE.p12 h2
 * READY 40123
 * }</pre>
 */
public final class TlsServe {

    static final List<String> SERVERS = List.of("builtin", "jetty-bridge", "tomcat-bridge", "jetty-core");
    /** The keystore password of the generated bench key (a throwaway key on loopback). */
    static final String PASSWORD = "jwsgi-bench";

    private TlsServe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5 || !SERVERS.contains(args[0])) {
            System.err.println("usage: TlsServe " + String.join("|", SERVERS) + " CERT.pem KEY.pem STORE.p12 h1|h2");
            System.exit(2);
        }
        boolean h2 = args[4].equals("h2");
        AutoCloseable server;
        int port;
        if (args[0].equals("jetty-core")) {
            Server jetty = jettyCore(Path.of(args[3]), h2);
            port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
            server = jetty::stop;
        } else {
            ServerOptions o = ServerOptions.defaults().withPort(0).withTls(TlsOptions.pem(Path.of(args[1]), Path.of(args[2])))
                    .withHttp2(h2);
            RunningServer running = Backend.named(args[0].replace("-bridge", "")).start(new BenchApp(null), o);
            port = running.port();
            server = running;
        }
        System.out.println("READY " + port);
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }));
        stopped.await();
    }

    private static Server jettyCore(Path keyStore, boolean h2) throws Exception {
        Server server = new Server();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keyStore.toString());
        ssl.setKeyStorePassword(PASSWORD);
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(new SecureRequestCustomizer());
        HttpConnectionFactory h1 = new HttpConnectionFactory(http);
        ServerConnector connector;
        if (h2) {
            HTTP2ServerConnectionFactory h2c = new HTTP2ServerConnectionFactory(http);
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
            alpn.setDefaultProtocol(h1.getProtocol());
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2c, h1);
        } else {
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, h1.getProtocol()), h1);
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new JettyCoreHandler());
        server.start();
        return server;
    }
}
