package org.jwsgi.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jwsgi.Application;
import org.jwsgi.gateway.AccessLogFormat;
import org.jwsgi.gateway.Durations;
import org.jwsgi.gateway.Health;
import org.jwsgi.gateway.ServerEndpoints;
import org.jwsgi.gateway.ServerListener;
import org.jwsgi.gateway.VirtualThreads;

/**
 * Every setting of the bundled server, with its default. Each limit is named in the error
 * message (and the log line) when it trips.
 *
 * <table>
 *   <caption>Options and defaults</caption>
 *   <tr><th>option</th><th>default</th><th>when it trips</th></tr>
 *   <tr><td>host</td><td>127.0.0.1</td><td></td></tr>
 *   <tr><td>port</td><td>8000 (0: the OS chooses; see {@code port()})</td><td></td></tr>
 *   <tr><td>threading</td><td>{@link Threading#PER_CONNECTION}</td><td></td></tr>
 *   <tr><td>poolThreads</td><td>64 (only for {@link Threading#POOL})</td><td>connections wait in line</td></tr>
 *   <tr><td>maxConnections</td><td>10,000</td><td>further clients wait in the listen backlog</td></tr>
 *   <tr><td>backlog</td><td>1,024</td><td>the kernel refuses connections</td></tr>
 *   <tr><td>maxRequestLineBytes</td><td>8,192 (also bounds a chunk-size line)</td><td>414</td></tr>
 *   <tr><td>maxHeaderBytes</td><td>32,768 (the header section, also trailers)</td><td>431</td></tr>
 *   <tr><td>maxHeaderCount</td><td>100</td><td>431</td></tr>
 *   <tr><td>maxBodyBytes</td><td>1 GiB</td><td>413 (before the body is read when Content-Length says so)</td></tr>
 *   <tr><td>maxDrainBytes</td><td>64 KiB: unread request body the server discards to keep the
 *       connection alive, within bodyReadTimeout in all</td><td>the connection closes after the response</td></tr>
 *   <tr><td>headerReadTimeout</td><td>20 s for the whole request head (slowloris)</td><td>408, close</td></tr>
 *   <tr><td>bodyReadTimeout</td><td>30 s: the longest a read of the body waits for the client</td><td>{@code wsgi.input}
 *       throws {@code SocketTimeoutException}</td></tr>
 *   <tr><td>minBodyRate</td><td>240 bytes/s: the body may fall behind this rate by no more than
 *       bodyReadTimeout in all (0: no rate), so a client trickling it cannot hold the connection</td>
 *       <td>{@code wsgi.input} throws {@code SocketTimeoutException}</td></tr>
 *   <tr><td>keepAliveTimeout</td><td>20 s idle between requests</td><td>the connection closes</td></tr>
 *   <tr><td>writeTimeout</td><td>30 s for one write to the client to make progress</td><td>the connection is
 *       aborted (a client that stops reading cannot hold a thread)</td></tr>
 *   <tr><td>lingerTimeout</td><td>2 s: after the last response of a connection the server closes, how long
 *       it reads and drops what the client still sends, so a TCP reset cannot destroy that response</td>
 *       <td>the connection closes</td></tr>
 *   <tr><td>stopGrace</td><td>10 s: what {@code close()} gives in-flight requests</td><td>connections are cut</td></tr>
 *   <tr><td>drainDelay</td><td>0 s: at a stop, how long the server goes on serving as before, with only the
 *       health path answering 503, before it closes its listener (time for a load balancer to notice)</td>
 *       <td></td></tr>
 *   <tr><td>stopIdleTimeout</td><td>2 s: at a stop, how long a keep-alive connection may stay idle, waiting for
 *       a request that may already be on its way (answered with {@code Connection: close}), before the server
 *       closes it</td><td>the idle connection closes</td></tr>
 *   <tr><td>healthPath</td><td>none ({@code ""}): a path such as {@code /healthz} the server answers itself,
 *       200 while serving, 503 once a stop has begun</td><td></td></tr>
 *   <tr><td>logHealthChecks</td><td>false: requests to the health path are not in the access log</td><td></td></tr>
 *   <tr><td>reusePort</td><td>false: {@code SO_REUSEPORT}, so several processes can listen on one port</td>
 *       <td></td></tr>
 *   <tr><td>inheritSocket</td><td>false: serve the listening socket given as standard input (systemd
 *       {@code StandardInput=socket}, inetd {@code wait}) instead of binding host:port</td><td></td></tr>
 *   <tr><td>accessLog</td><td>false (the CLI turns it on)</td><td></td></tr>
 *   <tr><td>accessLogFormat</td><td>{@link AccessLogFormat#COMMON}; also {@code COMBINED}, {@code JSON}</td><td></td></tr>
 *   <tr><td>serverSoftware</td><td>{@code jwsgi/0.1}</td><td></td></tr>
 *   <tr><td>requestId</td><td>false: an acceptable incoming {@code X-Request-Id} is used; true: one is
 *       generated when none (or an unacceptable one) came ({@link org.jwsgi.gateway.RequestIds})</td><td></td></tr>
 *   <tr><td>endpoints</td><td>none: paths the server answers itself, before the application
 *       ({@link ServerEndpoints})</td><td></td></tr>
 *   <tr><td>listeners</td><td>none: told of each request and of start and stop ({@link ServerListener})</td><td></td></tr>
 *   <tr><td>tls</td><td>null: plain HTTP</td><td>a {@link TlsOptions}: HTTPS on every backend (docs/tls.md)</td></tr>
 *   <tr><td>http2</td><td>false</td><td>HTTP/2 too: {@code h2} by ALPN over TLS, {@code h2c} (prior knowledge
 *       and {@code Upgrade}) in clear; jetty and tomcat only, the builtin backend refuses it</td></tr>
 * </table>
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.defaults()
 *         .withPort(0)
 *         .withThreading(Threading.POOL)
 *         .withMaxBodyBytes(10 * 1024 * 1024);
 * }</pre>
 */
public record ServerOptions(
        String host,
        int port,
        Threading threading,
        int poolThreads,
        int maxConnections,
        int backlog,
        int maxRequestLineBytes,
        int maxHeaderBytes,
        int maxHeaderCount,
        long maxBodyBytes,
        long maxDrainBytes,
        Duration headerReadTimeout,
        Duration bodyReadTimeout,
        int minBodyRate,
        Duration keepAliveTimeout,
        Duration writeTimeout,
        Duration lingerTimeout,
        Duration stopGrace,
        boolean accessLog,
        AccessLogFormat accessLogFormat,
        String serverSoftware,
        boolean requestId,
        ServerEndpoints endpoints,
        List<ServerListener> listeners,
        TlsOptions tls,
        boolean http2,
        Duration drainDelay,
        Duration stopIdleTimeout,
        String healthPath,
        boolean logHealthChecks,
        boolean reusePort,
        boolean inheritSocket) {

    public ServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(threading, "threading");
        Objects.requireNonNull(serverSoftware, "serverSoftware");
        Objects.requireNonNull(accessLogFormat, "accessLogFormat");
        Objects.requireNonNull(endpoints, "endpoints");
        listeners = List.copyOf(listeners); // no null listener, and immutable
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535: " + port);
        }
        positive("poolThreads", poolThreads);
        positive("maxConnections", maxConnections);
        positive("backlog", backlog);
        positive("maxRequestLineBytes", maxRequestLineBytes);
        positive("maxHeaderBytes", maxHeaderBytes);
        positive("maxHeaderCount", maxHeaderCount);
        if (maxBodyBytes < 0 || maxDrainBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes and maxDrainBytes must be 0 or more: "
                    + maxBodyBytes + ", " + maxDrainBytes);
        }
        positive("headerReadTimeout", headerReadTimeout);
        positive("bodyReadTimeout", bodyReadTimeout);
        if (minBodyRate < 0) {
            throw new IllegalArgumentException("minBodyRate must be 0 (no rate) or more: " + minBodyRate);
        }
        positive("keepAliveTimeout", keepAliveTimeout);
        positive("writeTimeout", writeTimeout);
        Objects.requireNonNull(lingerTimeout, "lingerTimeout");
        if (lingerTimeout.isNegative()) {
            throw new IllegalArgumentException("lingerTimeout must not be negative: " + lingerTimeout);
        }
        Objects.requireNonNull(stopGrace, "stopGrace");
        if (stopGrace.isNegative()) {
            throw new IllegalArgumentException("stopGrace must not be negative: " + stopGrace);
        }
        if (serverSoftware.isEmpty() || !visibleAsciiOrSpace(serverSoftware)) {
            throw new IllegalArgumentException("serverSoftware must be visible ASCII: " + serverSoftware);
        }
        Objects.requireNonNull(drainDelay, "drainDelay");
        if (drainDelay.isNegative()) {
            throw new IllegalArgumentException("drainDelay must not be negative: " + drainDelay);
        }
        positive("stopIdleTimeout", stopIdleTimeout);
        Objects.requireNonNull(healthPath, "healthPath");
        if (!healthPath.isEmpty() && (healthPath.charAt(0) != '/' || !visibleAsciiOrSpace(healthPath)
                || healthPath.indexOf(' ') >= 0 || healthPath.indexOf('?') >= 0 || healthPath.indexOf('#') >= 0)) {
            throw new IllegalArgumentException("healthPath must be empty or a path starting with /, in visible ASCII"
                    + " without ? or #: \"" + healthPath + "\"");
        }
        if (reusePort && inheritSocket) {
            throw new IllegalArgumentException("reusePort and inheritSocket exclude each other: an inherited socket"
                    + " is already bound by whoever passed it");
        }
    }

    /** Whether every character of {@code s} is visible ASCII or a space (a loop: a stream costs start-up time). */
    private static boolean visibleAsciiOrSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /**
     * The threading model and the main limits in words, for start-up lines:
     * {@code a virtual thread per connection, at most 10000 connections, maxBodyBytes=1073741824,
     * headerReadTimeout=20 s, keepAliveTimeout=20 s}, then {@code , TLS} (with the client-certificate
     * mode) and {@code , HTTP/2} when on.
     */
    public String describe() {
        String model = switch (threading) {
            case SINGLE -> "one request at a time";
            case POOL -> "a pool of " + poolThreads + (poolThreads == 1 ? " thread" : " threads");
            case PER_CONNECTION -> "a " + (VirtualThreads.available() ? "virtual" : "platform")
                    + " thread per connection";
        };
        return model + (threading == Threading.SINGLE ? "" : ", at most " + maxConnections + " connections")
                + ", maxBodyBytes=" + maxBodyBytes + ", headerReadTimeout=" + Durations.text(headerReadTimeout)
                + ", keepAliveTimeout=" + Durations.text(keepAliveTimeout)
                + (tls == null ? "" : ", TLS" + (tls.clientAuth() == ClientAuth.NONE ? ""
                        : " with client certificates (" + tls.clientAuth().label() + ")"))
                + (http2 ? ", HTTP/2" : "");
    }

    /** {@code http://HOST:PORT/} ({@code https} with {@link #tls()}) for this host (in brackets if IPv6) and {@code port}. */
    public String url(int port) {
        return (tls == null ? "http" : "https") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/";
    }

    /** The defaults of the table above. */
    public static ServerOptions defaults() {
        return new ServerOptions("127.0.0.1", 8000, Threading.PER_CONNECTION, 64, 10_000, 1024,
                8192, 32 * 1024, 100, 1L << 30, 64 * 1024,
                Duration.ofSeconds(20), Duration.ofSeconds(30), 240, Duration.ofSeconds(20), Duration.ofSeconds(30),
                Duration.ofSeconds(2), Duration.ofSeconds(10), false, AccessLogFormat.COMMON, "jwsgi/0.1", false,
                ServerEndpoints.none(), List.of(), null, false,
                Duration.ZERO, Duration.ofSeconds(2), "", false, false, false);
    }

    public ServerOptions withHost(String v) {
        return with(b -> b.host = v);
    }

    public ServerOptions withPort(int v) {
        return with(b -> b.port = v);
    }

    public ServerOptions withThreading(Threading v) {
        return with(b -> b.threading = v);
    }

    public ServerOptions withPoolThreads(int v) {
        return with(b -> b.poolThreads = v);
    }

    public ServerOptions withMaxConnections(int v) {
        return with(b -> b.maxConnections = v);
    }

    public ServerOptions withBacklog(int v) {
        return with(b -> b.backlog = v);
    }

    public ServerOptions withMaxRequestLineBytes(int v) {
        return with(b -> b.maxRequestLineBytes = v);
    }

    public ServerOptions withMaxHeaderBytes(int v) {
        return with(b -> b.maxHeaderBytes = v);
    }

    public ServerOptions withMaxHeaderCount(int v) {
        return with(b -> b.maxHeaderCount = v);
    }

    public ServerOptions withMaxBodyBytes(long v) {
        return with(b -> b.maxBodyBytes = v);
    }

    public ServerOptions withMaxDrainBytes(long v) {
        return with(b -> b.maxDrainBytes = v);
    }

    public ServerOptions withHeaderReadTimeout(Duration v) {
        return with(b -> b.headerReadTimeout = v);
    }

    public ServerOptions withBodyReadTimeout(Duration v) {
        return with(b -> b.bodyReadTimeout = v);
    }

    public ServerOptions withMinBodyRate(int v) {
        return with(b -> b.minBodyRate = v);
    }

    public ServerOptions withKeepAliveTimeout(Duration v) {
        return with(b -> b.keepAliveTimeout = v);
    }

    public ServerOptions withWriteTimeout(Duration v) {
        return with(b -> b.writeTimeout = v);
    }

    public ServerOptions withLingerTimeout(Duration v) {
        return with(b -> b.lingerTimeout = v);
    }

    public ServerOptions withStopGrace(Duration v) {
        return with(b -> b.stopGrace = v);
    }

    public ServerOptions withAccessLog(boolean v) {
        return with(b -> b.accessLog = v);
    }

    public ServerOptions withAccessLogFormat(AccessLogFormat v) {
        return with(b -> b.accessLogFormat = v);
    }

    public ServerOptions withServerSoftware(String v) {
        return with(b -> b.serverSoftware = v);
    }

    public ServerOptions withRequestId(boolean v) {
        return with(b -> b.requestId = v);
    }

    public ServerOptions withEndpoints(ServerEndpoints v) {
        return with(b -> b.endpoints = v);
    }

    /** These options with {@code app} answering {@code path} before the application (see {@link ServerEndpoints}). */
    public ServerOptions withEndpoint(String path, Application app) {
        return withEndpoints(endpoints.with(path, app));
    }

    public ServerOptions withListeners(List<ServerListener> v) {
        return with(b -> b.listeners = v);
    }

    /** These options with {@code listener} added to {@link #listeners()}. */
    public ServerOptions withListener(ServerListener listener) {
        List<ServerListener> all = new ArrayList<>(listeners);
        all.add(Objects.requireNonNull(listener, "listener"));
        return withListeners(all);
    }

    /** HTTPS with {@code v}'s key material; null: plain HTTP. */
    public ServerOptions withTls(TlsOptions v) {
        return with(b -> b.tls = v);
    }

    /** Whether to speak HTTP/2 too ({@code h2} over TLS, {@code h2c} in clear): jetty and tomcat only. */
    public ServerOptions withHttp2(boolean v) {
        return with(b -> b.http2 = v);
    }

    public ServerOptions withDrainDelay(Duration v) {
        return with(b -> b.drainDelay = v);
    }

    public ServerOptions withStopIdleTimeout(Duration v) {
        return with(b -> b.stopIdleTimeout = v);
    }

    public ServerOptions withHealthPath(String v) {
        return with(b -> b.healthPath = v);
    }

    public ServerOptions withLogHealthChecks(boolean v) {
        return with(b -> b.logHealthChecks = v);
    }

    public ServerOptions withReusePort(boolean v) {
        return with(b -> b.reusePort = v);
    }

    public ServerOptions withInheritSocket(boolean v) {
        return with(b -> b.inheritSocket = v);
    }

    /**
     * These options as one server runs them: with {@link #healthPath()} (when set) answered by a
     * new {@link Health}, added to {@link #endpoints()} and to {@link #listeners()} so that the
     * server's stop turns it to 503. Every backend calls this once as it builds a server, so each
     * server has its own; the options a server reports are the ones it was given.
     *
     * @throws IllegalArgumentException if another endpoint already has the health path
     */
    public ServerOptions withHealthEndpoint() {
        if (healthPath.isEmpty()) {
            return this;
        }
        Health health = new Health();
        return withEndpoints(endpoints.with(new ServerEndpoints.Endpoint(healthPath, health.app(), logHealthChecks)))
                .withListener(health);
    }

    private ServerOptions with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /**
     * A mutable copy, so that each {@code withX} sets one field and calls the canonical
     * constructor (and its checks) once; a new option is a field here, a line in the copy constructor
     * and an argument in build().
     */
    private static final class Builder {
        private String host;
        private int port;
        private Threading threading;
        private int poolThreads;
        private int maxConnections;
        private int backlog;
        private int maxRequestLineBytes;
        private int maxHeaderBytes;
        private int maxHeaderCount;
        private long maxBodyBytes;
        private long maxDrainBytes;
        private Duration headerReadTimeout;
        private Duration bodyReadTimeout;
        private int minBodyRate;
        private Duration keepAliveTimeout;
        private Duration writeTimeout;
        private Duration lingerTimeout;
        private Duration stopGrace;
        private boolean accessLog;
        private AccessLogFormat accessLogFormat;
        private String serverSoftware;
        private boolean requestId;
        private ServerEndpoints endpoints;
        private List<ServerListener> listeners;
        private TlsOptions tls;
        private boolean http2;
        private Duration drainDelay;
        private Duration stopIdleTimeout;
        private String healthPath;
        private boolean logHealthChecks;
        private boolean reusePort;
        private boolean inheritSocket;

        Builder(ServerOptions o) {
            host = o.host;
            port = o.port;
            threading = o.threading;
            poolThreads = o.poolThreads;
            maxConnections = o.maxConnections;
            backlog = o.backlog;
            maxRequestLineBytes = o.maxRequestLineBytes;
            maxHeaderBytes = o.maxHeaderBytes;
            maxHeaderCount = o.maxHeaderCount;
            maxBodyBytes = o.maxBodyBytes;
            maxDrainBytes = o.maxDrainBytes;
            headerReadTimeout = o.headerReadTimeout;
            bodyReadTimeout = o.bodyReadTimeout;
            minBodyRate = o.minBodyRate;
            keepAliveTimeout = o.keepAliveTimeout;
            writeTimeout = o.writeTimeout;
            lingerTimeout = o.lingerTimeout;
            stopGrace = o.stopGrace;
            accessLog = o.accessLog;
            accessLogFormat = o.accessLogFormat;
            serverSoftware = o.serverSoftware;
            requestId = o.requestId;
            endpoints = o.endpoints;
            listeners = o.listeners;
            tls = o.tls;
            http2 = o.http2;
            drainDelay = o.drainDelay;
            stopIdleTimeout = o.stopIdleTimeout;
            healthPath = o.healthPath;
            logHealthChecks = o.logHealthChecks;
            reusePort = o.reusePort;
            inheritSocket = o.inheritSocket;
        }

        ServerOptions build() {
            return new ServerOptions(host, port, threading, poolThreads, maxConnections, backlog,
                    maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, maxDrainBytes,
                    headerReadTimeout, bodyReadTimeout, minBodyRate, keepAliveTimeout, writeTimeout, lingerTimeout,
                    stopGrace, accessLog, accessLogFormat, serverSoftware, requestId, endpoints, listeners, tls, http2,
                    drainDelay, stopIdleTimeout, healthPath, logHealthChecks, reusePort, inheritSocket);
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
