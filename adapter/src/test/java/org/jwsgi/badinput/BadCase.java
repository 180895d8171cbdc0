package org.jwsgi.badinput;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.HashMap;
import java.util.Map;

/**
 * One raw request (or several, pipelined) and what each backend answers to it.
 *
 * <p>The request is written with {@code \n} for CRLF; {@code {LF}} and {@code {CR}} stand for a
 * bare LF and a bare CR.
 *
 * @param rule the RFC section (or option) the case checks
 * @param expected the outcome on the bundled server, and on a container unless pinned apart
 * @param pinned a container's own outcome, where it differs (docs/security.md says why)
 * @param halfClose whether the client shuts its output after sending (a body cut short)
 */
record BadCase(String name, String rule, String request, Outcome expected, Map<String, Outcome> pinned,
        boolean halfClose) {

    static BadCase of(String name, String rule, String request, Outcome expected) {
        return new BadCase(name, rule, request, expected, Map.of(), false);
    }

    /** On {@code backend} the outcome is {@code outcome}. */
    BadCase on(String backend, Outcome outcome) {
        Map<String, Outcome> p = new HashMap<>(pinned);
        p.put(backend, outcome);
        return new BadCase(name, rule, request, expected, Map.copyOf(p), halfClose);
    }

    /** The client shuts its output once the bytes are sent. */
    BadCase halfClosed() {
        return new BadCase(name, rule, request, expected, pinned, true);
    }

    Outcome expectedOn(String backend) {
        return pinned.getOrDefault(backend, expected);
    }

    byte[] bytes() {
        return request.replace("\n", "\r\n").replace("{LF}", "\n").replace("{CR}", "\r").getBytes(ISO_8859_1);
    }

    @Override
    public String toString() {
        return name;
    }
}
