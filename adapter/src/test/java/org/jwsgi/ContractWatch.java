package org.jwsgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jwsgi.validate.Rule;
import org.jwsgi.validate.Validator;
import org.jwsgi.validate.WsgiViolation;

/**
 * The validator as jwsgi's own suites use it: every app they serve runs through it, every
 * violation on either side lands here, and {@link #assertClean()} after each test fails the
 * suite if a backend (or a test app) broke the contract, close() never called included.
 */
public final class ContractWatch {

    private final List<WsgiViolation> seen = new CopyOnWriteArrayList<>();
    private final Validator validator = Validator.create(seen::add);

    /** {@code app}, checked strictly: a violation is also thrown where it is found. */
    public Application check(Application app) {
        return validator.wrap(app);
    }

    /**
     * {@code app}, checked but never interrupted: for routes that break the contract on purpose,
     * so the server's own handling of the breakage is what the test exercises.
     */
    public Application reportOnly(Application app) {
        return validator.reportOnly().wrap(app);
    }

    /** Waits for every body to be closed, then returns the violations seen so far and forgets them. */
    public List<WsgiViolation> take() {
        try {
            validator.awaitClosed(Duration.ofSeconds(10));
        } catch (WsgiViolation v) {
            // already in the list: the listener heard it before it was thrown
        }
        List<WsgiViolation> taken = new ArrayList<>(seen);
        seen.removeAll(taken);
        return taken;
    }

    /** Fails, listing them, if any request since the last call broke the contract. */
    public void assertClean() {
        List<WsgiViolation> found = take();
        assertThat(found).as("WSGI contract violations: %s", found.stream().map(Throwable::getMessage).toList())
                .isEmpty();
    }

    /** The rules of the violations seen since the last call (which it forgets). */
    public List<Rule> takeRules() {
        return take().stream().map(WsgiViolation::rule).toList();
    }
}
