package org.jwsgi.sample;

/**
 * Runs the sample from the command line with the jwsgi CLI's options ({@code org.jwsgi.cli.Main#serve}),
 * including {@code --server} to choose the backend; its {@code --help} and {@code --version} speak
 * of this jar, and it takes no APP argument: it serves {@link SampleApp}.
 *
 * <pre>{@code
 * $ java -jar sample-webapp/target/sample-webapp-app.jar                  # bundled server, http://127.0.0.1:8000/
 * $ java -jar sample-webapp/target/sample-webapp-app.jar --port 0 --threading pool
 * $ java -jar sample-webapp/target/sample-webapp-app.jar --help
 * }</pre>
 *
 * The jar's class path ({@code target/lib/}) carries Jetty and Tomcat too, so the backends the
 * CLI offers can be chosen with {@code --server}.
 */
public final class Main {

    private Main() {
    }

    /**
     * Serves the sample until SIGINT or SIGTERM.
     *
     * @param args the jwsgi CLI's options ({@code --help} lists them)
     */
    public static void main(String[] args) {
        org.jwsgi.cli.Main.serve("java -jar sample-webapp-app.jar", SampleApp.class, args);
    }
}
