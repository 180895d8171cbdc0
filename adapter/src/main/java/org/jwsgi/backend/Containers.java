package org.jwsgi.backend;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;

/**
 * The option checks and conversions the Jetty and Tomcat backends share. Free of Jetty and Tomcat
 * types, so {@link JettyBackend} and {@link TomcatBackend} can use it when neither is on the
 * class path.
 */
final class Containers {

    private Containers() {
    }

    /** Whether every one of {@code classNames} can be loaded, without initializing any of them. */
    static boolean present(String... classNames) {
        ClassLoader loader = Containers.class.getClassLoader();
        try {
            for (String name : classNames) {
                Class.forName(name, false, loader);
            }
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Refuses what a servlet container cannot do. {@link Threading#SINGLE} is the bundled server's
     * alone: a container runs requests on a pool and keeps connections alive, and faking it with a
     * pool of one would still report {@code wsgi.multithread} true.
     */
    static void check(String backend, ServerOptions options) {
        if (options.threading() == Threading.SINGLE) {
            throw new IllegalArgumentException("threading " + Threading.SINGLE.label()
                    + " (one request at a time) is offered only by the builtin backend, not by " + backend
                    + "; use " + Threading.PER_CONNECTION.label() + " or " + Threading.POOL.label());
        }
    }


    /**
     * Both containers bound the request line and the header section together, so they get the sum
     * of the two limits the bundled server checks apart.
     */
    static int requestHeadBytes(ServerOptions options) {
        return (int) Math.min(Integer.MAX_VALUE, (long) options.maxRequestLineBytes() + options.maxHeaderBytes());
    }


    static IllegalStateException missing(String backend, String artifacts) {
        return new IllegalStateException("the " + backend + " backend needs " + artifacts
                + " on the class path (optional dependencies of jwsgi-adapter; see docs/backends.md)");
    }

    /**
     * The base URL of a server on {@code bound} ({@code https} with TLS): the configured host, or with an inherited socket
     * the address it is bound to (a wildcard address as loopback).
     */
    static URI uri(ServerOptions o, InetSocketAddress bound) {
        String scheme = o.tls() == null ? "http" : "https";
        if (!o.inheritSocket()) {
            return RunningServer.uri(scheme, o.host(), bound.getPort());
        }
        InetAddress a = bound.getAddress();
        String host = a.isAnyLocalAddress() ? (a instanceof Inet6Address ? "::" : "0.0.0.0") : a.getHostAddress();
        return RunningServer.uri(scheme, host, bound.getPort());
    }
}
