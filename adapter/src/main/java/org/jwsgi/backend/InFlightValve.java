package org.jwsgi.backend;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Counts the requests inside the context (the server's load: requests in flight), and makes a
 * response the application broke after commit end in a reset on HTTP/2 as on HTTP/1.1.
 */
final class InFlightValve extends ValveBase {

    private final Object lock = new Object();
    private int count;

    InFlightValve() {
        super(true); // async-capable: the bridge itself never goes async, but must not forbid it
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        synchronized (lock) {
            count++;
        }
        try {
            getNext().invoke(request, response);
            Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            if (failure != null && response.isCommitted()) {
                // the application failed after its headers went out: HTTP/1.1 closes the connection by
                // itself, but an HTTP/2 stream would end cleanly (END_STREAM) and the cut response look
                // complete; CLOSE_NOW resets the stream (RST_STREAM) instead
                response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, failure);
            }
        } finally {
            synchronized (lock) {
                count--;
            }
        }
    }

    int count() {
        synchronized (lock) {
            return count;
        }
    }
}
