package org.jwsgi.server;

import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.jwsgi.Environ;
import org.jwsgi.gateway.WsgiEnviron;

/**
 * Builds the PEP 3333 environ of each request on one connection of the bundled server
 * (docs/environ.md is its table). What is the same for every request of the connection (the
 * addresses, and the server name and port of a Host header that does not change) is formatted once.
 */
final class EnvironFactory {

    private final InetSocketAddress local;
    private final boolean multithread;
    private final String serverSoftware;
    private final String scheme;
    private final String defaultPort;
    private final String remoteAddr;
    private final String remotePort;
    /** The last Host header and the SERVER_NAME and SERVER_PORT it gave. */
    private String host;
    private String hostName;
    private String hostPort;

    EnvironFactory(InetSocketAddress remote, InetSocketAddress local, boolean multithread, String serverSoftware) {
        this(remote, local, multithread, serverSoftware, false);
    }

    /** @param secure whether the connection is TLS: scheme {@code https}, default port 443 */
    EnvironFactory(InetSocketAddress remote, InetSocketAddress local, boolean multithread, String serverSoftware,
            boolean secure) {
        this.scheme = secure ? "https" : "http";
        this.defaultPort = secure ? "443" : "80";
        this.local = local;
        this.multithread = multithread;
        this.serverSoftware = serverSoftware;
        this.remoteAddr = remote.getAddress().getHostAddress();
        this.remotePort = Integer.toString(remote.getPort());
    }

    Map<String, Object> environ(RequestHead head, InputStream input, PrintWriter errors) {
        Map<String, Object> env = new HashMap<>(64);
        env.put(Environ.REQUEST_METHOD, head.method);
        env.put(Environ.SCRIPT_NAME, "");
        env.put(Environ.PATH_INFO, head.path); // decoded, no dot segments: WsgiEnviron.decodePath
        env.put(Environ.QUERY_STRING, head.query);
        env.put(Environ.REQUEST_URI, head.target);
        env.put(Environ.SERVER_PROTOCOL, head.protocol());
        env.put(Environ.SERVER_SOFTWARE, serverSoftware);
        env.put(Environ.REMOTE_ADDR, remoteAddr);
        env.put(Environ.REMOTE_PORT, remotePort);
        for (int i = 0; i < head.names.length; i++) {
            String key = WsgiEnviron.headerKey(head.names[i]);
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
        serverNameAndPort(env, head.host);
        WsgiEnviron.putWsgiKeys(env, scheme, input, errors, multithread);
        return env;
    }

    /**
     * SERVER_NAME and SERVER_PORT as a servlet container reports them ({@code getServerName()},
     * {@code getServerPort()}), so every backend agrees: from the Host (port 80, or 443 over TLS,
     * when it names none), or the local address when the request has no Host.
     */
    private void serverNameAndPort(Map<String, Object> env, String host) {
        if (host == null || host.isEmpty()) {
            host = "";
        }
        if (!host.equals(this.host)) {
            this.host = host;
            if (host.isEmpty()) {
                hostName = local.getAddress().getHostAddress();
                hostPort = Integer.toString(local.getPort());
            } else {
                int colon = host.lastIndexOf(':');
                if (colon < 0 || host.lastIndexOf(']') > colon) {
                    hostName = host;
                    hostPort = defaultPort;
                } else {
                    hostName = host.substring(0, colon);
                    hostPort = colon == host.length() - 1 ? defaultPort : host.substring(colon + 1);
                }
            }
        }
        env.put(Environ.SERVER_NAME, hostName);
        env.put(Environ.SERVER_PORT, hostPort);
    }
}
