package org.jwsgi.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code sample-webapp.war} deployed as Jetty 12 ee10 deploys a WAR: a {@link WebAppContext}
 * (its own class loader, web.xml with Jetty's webdefault) under {@code /sample-webapp}, on a
 * loopback port 0. The shared {@link SampleContract}, plus what differs in Jetty.
 */
class JettyWarIT implements SampleContract {

    private static Server server;
    private static int port;

    @BeforeAll
    static void startJetty() throws Exception {
        long t0 = System.nanoTime();
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(TomcatProcess.CONTEXT);
        webapp.setWar(System.getProperty("sample.war"));
        Path work = Files.createDirectories(Path.of(System.getProperty("it.work")));
        webapp.setTempDirectory(Files.createTempDirectory(work, "jetty-webapp-").toFile());
        // a WAR that fails to deploy must fail the test, not leave a 503 behind
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);
        server.setStopTimeout(10_000);
        server.start();
        port = connector.getLocalPort();
        System.out.printf("jetty: up on port %d in %d ms%n", port, (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void stopJetty() throws Exception {
        if (server != null) {
            server.stop();
            assertThat(server.isStopped()).isTrue();
        }
    }

    @Override
    public URI base() {
        return URI.create("http://127.0.0.1:" + port + TomcatProcess.CONTEXT + "/");
    }

    @Override
    public String scriptName() {
        return TomcatProcess.CONTEXT;
    }

    @Override
    public String serverSoftware() {
        return "jetty/12.1.";
    }

    @Test
    void theBareContextPathIsRedirectedToTheSlash() throws Exception {
        // unlike Tomcat 11, Jetty answers "/sample-webapp" itself with a permanent redirect (301) to "/sample-webapp/"
        HttpResponse<String> r = Http.get(URI.create("http://127.0.0.1:" + port + TomcatProcess.CONTEXT));
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("location")).hasValueSatisfying(v -> assertThat(v).endsWith(TomcatProcess.CONTEXT + "/"));
    }
}
