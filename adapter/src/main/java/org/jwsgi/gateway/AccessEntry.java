package org.jwsgi.gateway;

import java.util.Objects;

/**
 * One request as an access log records it: taken on the request's thread (a few fields, no
 * formatting), formatted later by the {@link AccessLog}'s writer thread.
 *
 * <pre>{@code
 * log.log(new AccessEntry("127.0.0.1", System.currentTimeMillis(), "GET", "/", "HTTP/1.1", 200, 13));
 * }</pre>
 *
 * @param remoteAddress the client's address, as text
 * @param epochMillis when the response ended ({@link System#currentTimeMillis()})
 * @param method the request method; null for a request refused before its head was understood
 * @param target the request target as sent; null with {@code method}
 * @param protocol {@code HTTP/1.1} or {@code HTTP/1.0}; null with {@code method}
 * @param status the status sent
 * @param bytes the body bytes sent
 */
public record AccessEntry(String remoteAddress, long epochMillis, String method, String target, String protocol,
        int status, long bytes) {

    public AccessEntry {
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        if ((method == null) != (target == null) || (method == null) != (protocol == null)) {
            throw new IllegalArgumentException("method, target and protocol must all be given or all be null: "
                    + method + ", " + target + ", " + protocol);
        }
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must have three digits: " + status);
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
    }
}
