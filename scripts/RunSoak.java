import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** Runs org.jwsgi.soak.SoakTest with the JUnit launcher (scripts/soak.sh); exit 1 if it fails. */
public class RunSoak {
    public static void main(String[] args) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass("org.jwsgi.soak.SoakTest")).build(), listener);
        PrintWriter out = new PrintWriter(System.out, true);
        listener.getSummary().printTo(out);
        listener.getSummary().printFailuresTo(out, 20);
        System.exit(listener.getSummary().getTotalFailureCount() == 0
                && listener.getSummary().getTestsSucceededCount() == 1 ? 0 : 1);
    }
}
