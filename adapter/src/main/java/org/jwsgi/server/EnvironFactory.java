package org.jwsgi.server;

import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jwsgi.Environ;
import org.jwsgi.FileWrapper;

/** Builds the PEP 3333 environ of one request on the bundled server (docs/environ.md is its table). */
final class EnvironFactory {

    private static final List<Integer> VERSION = List.of(1, 0);

    private EnvironFactory() {
    }

    static Map<String, Object> environ(RequestHead head, InetSocketAddress remote, InetSocketAddress local,
            InputStream input, PrintWriter errors, boolean multithread, String serverSoftware) {
        Map<String, Object> env = new HashMap<>(64);
        env.put(Environ.REQUEST_METHOD, head.method);
        env.put(Environ.SCRIPT_NAME, "");
        env.put(Environ.PATH_INFO, Environ.unquote(head.rawPath));
        env.put(Environ.QUERY_STRING, head.query);
        env.put(Environ.REQUEST_URI, head.target);
        env.put(Environ.SERVER_PROTOCOL, head.protocol());
        env.put(Environ.SERVER_SOFTWARE, serverSoftware);
        env.put(Environ.REMOTE_ADDR, remote.getAddress().getHostAddress());
        env.put(Environ.REMOTE_PORT, Integer.toString(remote.getPort()));
        for (int i = 0; i < head.names.length; i++) {
            String key = Environ.headerKey(head.names[i]);
            if (key != null) {
                env.merge(key, head.values[i], (a, b) -> a + "," + b);
            }
        }
        if (head.contentLength >= 0) {
            env.put(Environ.CONTENT_LENGTH, Long.toString(head.contentLength)); // "5, 5" arrives as "5"
        }
        if (head.host != null) {
            env.put(Environ.HTTP_HOST, head.host); // an absolute-form target's authority wins over Host
        }
        serverNameAndPort(env, head.host, local);
        env.put(Environ.WSGI_VERSION, VERSION);
        env.put(Environ.WSGI_URL_SCHEME, "http");
        env.put(Environ.WSGI_INPUT, input);
        env.put(Environ.WSGI_ERRORS, errors);
        env.put(Environ.WSGI_MULTITHREAD, multithread);
        env.put(Environ.WSGI_MULTIPROCESS, Boolean.FALSE);
        env.put(Environ.WSGI_RUN_ONCE, Boolean.FALSE);
        env.put(Environ.WSGI_FILE_WRAPPER, FileWrapper.DEFAULT);
        env.put(Environ.WSGI_INPUT_TERMINATED, Boolean.TRUE);
        return env;
    }

    /**
     * SERVER_NAME and SERVER_PORT as a servlet container reports them ({@code getServerName()},
     * {@code getServerPort()}), so every backend agrees: from the Host (port 80 when it names
     * none), or the local address when the request has no Host.
     */
    private static void serverNameAndPort(Map<String, Object> env, String host, InetSocketAddress local) {
        if (host == null || host.isEmpty()) {
            env.put(Environ.SERVER_NAME, local.getAddress().getHostAddress());
            env.put(Environ.SERVER_PORT, Integer.toString(local.getPort()));
            return;
        }
        int colon = host.lastIndexOf(':');
        if (colon < 0 || host.lastIndexOf(']') > colon) {
            env.put(Environ.SERVER_NAME, host);
            env.put(Environ.SERVER_PORT, "80");
        } else {
            env.put(Environ.SERVER_NAME, host.substring(0, colon));
            env.put(Environ.SERVER_PORT, colon == host.length() - 1 ? "80" : host.substring(colon + 1));
        }
    }
}
