package org.jwsgi.sample;

import java.util.Arrays;

/**
 * Runs the sample on the bundled server: {@code java -jar sample-webapp/target/sample-app.jar}
 * serves it at http://127.0.0.1:8000/. Every option of {@code jwsgi-cli.jar} applies
 * ({@code --port 0}, {@code --threads pool}, ...; see {@code --help}).
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
