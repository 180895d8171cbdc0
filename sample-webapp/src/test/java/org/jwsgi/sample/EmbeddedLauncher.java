package org.jwsgi.sample;

import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jwsgi.servlet.WsgiServlet;

/**
 * Serves the sample through {@link WsgiServlet} in embedded Jetty or embedded Tomcat on a loopback
 * port 0, printing the URL as the jwsgi CLI does, until SIGTERM. {@link RuntimeLibIT} runs it with
 * only {@code sample-webapp-app.jar}'s class path ({@code target/lib/}) to prove both servers work
 * from there. When the CLI's {@code --server jetty|tomcat} lands, {@code java -jar
 * sample-webapp-app.jar --server jetty --port 0} replaces this class.
 *
 * <pre>{@code
 * java -cp target/sample-webapp-app.jar:target/test-classes org.jwsgi.sample.EmbeddedLauncher jetty
 * jwsgi: serving org.jwsgi.sample.SampleApp on http://127.0.0.1:40125/ (jetty, embedded by EmbeddedLauncher)
 * }</pre>
 */
public final class EmbeddedLauncher {

    private EmbeddedLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !(args[0].equals("jetty") || args[0].equals("tomcat"))) {
            System.err.println("usage: EmbeddedLauncher jetty|tomcat");
            System.exit(2);
        }
        int port;
        Runnable stop;
        if (args[0].equals("jetty")) {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            context.addServlet(new ServletHolder(new WsgiServlet(new SampleApp())), "/*");
            server.setHandler(context);
            server.start();
            port = connector.getLocalPort();
            stop = () -> {
                try {
                    server.stop();
                } catch (Exception e) {
                    e.printStackTrace();
                }
            };
        } else {
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(Files.createTempDirectory("embedded-tomcat-").toString());
            Connector connector = new Connector("HTTP/1.1");
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.setConnector(connector);
            Context context = tomcat.addContext("", null);
            Tomcat.addServlet(context, "sample", new WsgiServlet(new SampleApp()));
            context.addServletMappingDecoded("/*", "sample");
            tomcat.start();
            port = connector.getLocalPort();
            stop = () -> {
                try {
                    tomcat.stop();
                    tomcat.destroy();
                } catch (Exception e) {
                    e.printStackTrace();
                }
            };
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            System.err.println("jwsgi: stopped");
            stopped.countDown();
        }));
        System.out.println("jwsgi: serving " + SampleApp.class.getName() + " on http://127.0.0.1:" + port + "/ (" + args[0]
                + ", embedded by EmbeddedLauncher)");
        System.out.flush();
        stopped.await();
    }
}
