package org.jwsgi.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;

/**
 * Puts the backend's name in front of a failed assertion's message ({@code [jetty] expected: ...}),
 * so that a build tool's console, which names a test by its method and the invocation's index
 * ({@code greets(TestClient)[2]}), still says which backend failed. The assertion keeps its type,
 * its expected and actual values (IDEs diff them) and its stack trace (the summary's
 * {@code Test.method:line}); an exception that is not an assertion passes unchanged, its type being
 * what a reader needs first.
 */
final class BackendFailures implements TestExecutionExceptionHandler {

    private final String prefix;

    BackendFailures(String backend) {
        this.prefix = "[" + backend + "] ";
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw named(failure);
    }

    Throwable named(Throwable failure) {
        if (!(failure instanceof AssertionError) || String.valueOf(failure.getMessage()).startsWith(prefix)) {
            return failure;
        }
        String message = prefix + (failure.getMessage() == null ? "" : failure.getMessage());
        AssertionError named;
        if (failure instanceof AssertionFailedError a && failure.getClass() == AssertionFailedError.class) {
            named = a.isExpectedDefined() || a.isActualDefined()
                    ? new AssertionFailedError(message, a.isExpectedDefined() ? a.getExpected().getValue() : null,
                            a.isActualDefined() ? a.getActual().getValue() : null, failure.getCause())
                    : new AssertionFailedError(message, failure.getCause());
        } else if (failure.getClass() == AssertionError.class) {
            named = new AssertionError(message, failure.getCause());
        } else {
            return failure; // a subclass we cannot rebuild faithfully: better unnamed than changed
        }
        named.setStackTrace(failure.getStackTrace());
        for (Throwable s : failure.getSuppressed()) {
            named.addSuppressed(s);
        }
        return named;
    }
}
