package org.jwsgi.gateway;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR event {@code org.jwsgi.Request}: one per request, from the moment its head was read to
 * the end of its response, on every backend. Like every JFR event it costs nothing but a check
 * while no recording asks for it: {@link #start()} allocates only when it is recorded.
 *
 * <pre>{@code
 * RequestEvent event = RequestEvent.start();   // null unless recorded
 * ... serve the request ...
 * if (event != null) event.commit(record);
 * }</pre>
 *
 * {@code java -XX:StartFlightRecording=filename=rec.jfr -jar jwsgi-cli.jar hello}, then
 * {@code jfr print --events org.jwsgi.Request rec.jfr} (docs/observability.md).
 */
@Name("org.jwsgi.Request")
@Label("HTTP Request")
@Category({"jwsgi", "HTTP"})
@Description("A request served by jwsgi, from its head read to the end of its response")
@StackTrace(false)
public final class RequestEvent extends Event {

    /** Asked whether the event type is recorded: an instance's isEnabled() reads the type's state. */
    private static final RequestEvent PROBE = new RequestEvent();

    @Label("Method")
    String method;
    @Label("Path")
    @Description("The request-target's path, raw (not decoded)")
    String path;
    @Label("Query")
    String query;
    @Label("Protocol")
    String protocol;
    @Label("Status")
    @Description("The status sent; 0 if none was")
    int status;
    @Label("Bytes In")
    @Description("Request body bytes read")
    @DataAmount(DataAmount.BYTES)
    long bytesIn;
    @Label("Bytes Out")
    @Description("Response body bytes sent")
    @DataAmount(DataAmount.BYTES)
    long bytesOut;
    @Label("Remote Address")
    String remoteAddress;
    @Label("Backend")
    String backend;
    @Label("Threading")
    String threading;
    @Label("Connection Id")
    String connectionId;
    @Label("Request Id")
    String requestId;
    @Label("Route")
    @Description("The route the application set in jwsgi.route")
    String route;
    @Label("Server Endpoint")
    @Description("Answered by a server endpoint (metrics, health), not the application")
    boolean endpoint;

    /** A begun event when {@code org.jwsgi.Request} is recorded now, else null (and nothing allocated). */
    public static RequestEvent start() {
        if (!PROBE.isEnabled()) {
            return null;
        }
        RequestEvent event = new RequestEvent();
        event.begin();
        return event;
    }

    /** Ends the event and commits it with {@code r}'s fields (if it passes the recording's threshold). */
    public void commit(RequestRecord r) {
        end();
        if (shouldCommit()) {
            method = r.method();
            path = r.path();
            query = r.query();
            protocol = r.protocol();
            status = r.status();
            bytesIn = r.bytesIn();
            bytesOut = r.bytesOut();
            remoteAddress = r.remoteAddr();
            backend = r.backend();
            threading = r.threading();
            connectionId = r.connectionId();
            requestId = r.requestId();
            route = r.route();
            endpoint = r.endpoint();
            commit();
        }
    }
}
