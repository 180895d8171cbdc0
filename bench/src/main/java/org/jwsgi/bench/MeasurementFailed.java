package org.jwsgi.bench;

/**
 * A server that could not be started or measured; the message is the reason shown in the table
 * ("exited with code 1 before READY: Address already in use"), so it is one short line.
 *
 * <pre>{@code
 * try (ServerProcess server = ServerProcess.start(launch, log, deadline)) { ... }
 * catch (MeasurementFailed e) { report(server, "failed: " + e.getMessage()); }
 * }</pre>
 */
final class MeasurementFailed extends Exception {

    private static final long serialVersionUID = 1L;

    MeasurementFailed(String reason) {
        super(reason);
    }
}
