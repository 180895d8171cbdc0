package org.jwsgi.bench;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The {@link Payloads} as a hand-written servlet: the reference the bridge is measured against. */
final class BenchServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        switch (Payloads.Route.of(req.getRequestURI())) {
            case HELLO:
            case PLAINTEXT:
                send(resp, "text/plain", Payloads.HELLO);
                return;
            case JSON:
                send(resp, "application/json", Payloads.json());
                return;
            case SLEEP:
                Payloads.sleep();
                send(resp, "text/plain", Payloads.SLEPT);
                return;
            case K64:
                resp.setContentType("application/octet-stream");
                resp.setContentLength(Payloads.K64.length);
                resp.getOutputStream().write(Payloads.K64);
                return;
            case UPLOAD:
                byte[] body = Long.toString(BenchApp.drain(req.getInputStream())).getBytes(StandardCharsets.US_ASCII);
                resp.setContentType("text/plain");
                resp.setContentLength(body.length);
                resp.getOutputStream().write(body);
                return;
            case STREAM:
                resp.setContentType("application/octet-stream");
                ServletOutputStream out = resp.getOutputStream();
                for (int i = 0; i < Payloads.CHUNKS; i++) {
                    out.write(Payloads.CHUNK);
                    out.flush();
                }
                return;
            default:
                resp.sendError(404);
        }
    }

    private static void send(HttpServletResponse resp, String type, byte[] body) throws IOException {
        resp.setContentType(type);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
