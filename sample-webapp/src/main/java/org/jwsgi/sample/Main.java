package org.jwsgi.sample;

import java.util.Arrays;

/**
 * Runs the sample from the command line by handing the arguments, plus the application's class
 * name, to the jwsgi CLI ({@code org.jwsgi.cli.Main}): every CLI option applies, including
 * {@code --server} to choose the backend.
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

    public static void main(String[] args) {
        String[] withApp = Arrays.copyOf(args, args.length + 1);
        withApp[args.length] = SampleApp.class.getName();
        org.jwsgi.cli.Main.main(withApp);
    }
}
