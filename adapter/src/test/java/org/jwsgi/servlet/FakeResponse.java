package org.jwsgi.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A recording {@link HttpServletResponse} that behaves like a container's where it matters to
 * the bridge: {@code reset()} fails once committed, a flush commits, writes can be made to fail
 * (a client gone). {@link #events} lists what happened in order, e.g. {@code write:abc}, {@code flush}.
 */
final class FakeResponse {

    final List<String> events = new ArrayList<>();
    final List<String[]> headers = new ArrayList<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    int status = 200;
    long contentLength = -1;
    String contentType;
    boolean committed;
    /** Writes fail with this once set. */
    IOException failWrites;

    final ServletOutputStream out = new ServletOutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (failWrites != null) {
                throw failWrites;
            }
            body.write(b, off, len);
            events.add("write:" + new String(b, off, len, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void flush() throws IOException {
            if (failWrites != null) {
                throw failWrites;
            }
            committed = true;
            events.add("flush");
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException();
        }
    };

    /** The servlet response view of this recorder (only what the bridge may call is implemented). */
    final HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
            HttpServletResponse.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
            (proxy, method, args) -> {
                switch (method.getName()) {
                    case "setStatus" -> {
                        requireUncommitted(method.getName());
                        status = (Integer) args[0];
                        events.add("status:" + status);
                    }
                    case "addHeader", "setHeader" -> {
                        requireUncommitted(method.getName());
                        headers.add(new String[] {(String) args[0], (String) args[1]});
                    }
                    case "setContentLengthLong" -> contentLength = (Long) args[0];
                    case "setContentLength" -> contentLength = (Integer) args[0];
                    case "setContentType" -> contentType = (String) args[0];
                    case "getHeader" -> {
                        return header((String) args[0]);
                    }
                    case "getOutputStream" -> {
                        return out;
                    }
                    case "isCommitted" -> {
                        return committed;
                    }
                    case "getStatus" -> {
                        return status;
                    }
                    case "flushBuffer" -> out.flush();
                    case "reset" -> {
                        requireUncommitted("reset");
                        status = 200;
                        headers.clear();
                        contentLength = -1;
                        contentType = null;
                        body.reset();
                        events.add("reset");
                    }
                    case "hashCode" -> {
                        return System.identityHashCode(proxy);
                    }
                    case "equals" -> {
                        return proxy == args[0];
                    }
                    case "toString" -> {
                        return "FakeResponse";
                    }
                    default -> throw new UnsupportedOperationException("the bridge should not call " + method.getName());
                }
                return null;
            });

    private void requireUncommitted(String what) {
        if (committed) {
            throw new IllegalStateException(what + " after commit");
        }
    }

    String header(String name) {
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(null);
    }

    String text() {
        return body.toString(StandardCharsets.ISO_8859_1);
    }
}
