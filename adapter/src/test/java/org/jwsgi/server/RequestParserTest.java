package org.jwsgi.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The head parser fed raw bytes, in every split; no socket. */
class RequestParserTest {

    /** Small limits so that the limit cases stay readable. */
    private static final int MAX_LINE = 64;
    private static final int MAX_HEADER_BYTES = 256;
    private static final int MAX_HEADER_COUNT = 8;

    /** A realistic head: a repeated header, obs-text (0xE9), trailing OWS, a tab as OWS, an empty value. */
    private static final String HEAD = "GET /search?q=caf%C3%A9&lang=fr HTTP/1.1\r\n"
            + "Host: example.com:8080\r\n"
            + "User-Agent: curl/8.5.0\r\n"
            + "Accept: text/html\r\n"
            + "Accept: application/json;q=0.9\r\n"
            + "X-Name: Ren\u00e9 Desc\u00e9 \t \r\n"
            + "Cookie:\ta=1; b=2\r\n"
            + "X-Empty: \r\n"
            + "\r\n";

    private static final String[] NAMES = {
        "Host", "User-Agent", "Accept", "Accept", "X-Name", "Cookie", "X-Empty"};
    private static final String[] VALUES = {
        "example.com:8080", "curl/8.5.0", "text/html", "application/json;q=0.9", "Ren\u00e9 Desc\u00e9",
        "a=1; b=2", ""};

    private static final String PIPELINED = "GET /next HTTP/1.1\r\nHost: x\r\n\r\n";

    private static RequestParser parser() {
        return new RequestParser(MAX_LINE, MAX_HEADER_BYTES, MAX_HEADER_COUNT);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(ISO_8859_1);
    }

    private static void assertIsTheRealisticHead(RequestHead head) {
        assertThat(head.method).isEqualTo("GET");
        assertThat(head.target).isEqualTo("/search?q=caf%C3%A9&lang=fr");
        assertThat(head.minorVersion).isEqualTo(1);
        assertThat(head.names).containsExactly(NAMES);
        assertThat(head.values).containsExactly(VALUES);
    }

    @ParameterizedTest(name = "followed by \"{0}\"")
    @ValueSource(strings = {"", "hello", PIPELINED})
    void parsesTheSameHeadWhereverTheBytesAreSplit(String after) throws HttpError {
        byte[] wire = bytes(HEAD + after);
        int headLength = bytes(HEAD).length;
        for (int k = 0; k <= wire.length; k++) {
            RequestParser p = parser();
            int first = p.feed(wire, 0, k);
            int consumed = first;
            if (k < headLength) {
                assertThat(first).as("first feed of a split at %d", k).isEqualTo(k);
                assertThat(p.done()).as("done after %d bytes", k).isFalse();
                consumed += p.feed(wire, k, wire.length - k);
            }
            assertThat(consumed).as("bytes consumed with a split at %d", k).isEqualTo(headLength);
            assertThat(p.done()).as("done with a split at %d", k).isTrue();
            assertIsTheRealisticHead(p.head());
        }
    }

    @ParameterizedTest(name = "followed by \"{0}\"")
    @ValueSource(strings = {"", "hello", PIPELINED})
    void parsesTheSameHeadFedOneByteAtATime(String after) throws HttpError {
        byte[] wire = bytes(HEAD + after);
        int headLength = bytes(HEAD).length;
        RequestParser p = parser();
        int i = 0;
        while (!p.done()) {
            assertThat(i).as("bytes fed before the head was done").isLessThan(headLength);
            assertThat(p.feed(new byte[] {wire[i]}, 0, 1)).isEqualTo(1);
            i++;
        }
        assertThat(i).isEqualTo(headLength);
        assertThat(p.feed(wire, i, wire.length - i)).as("bytes consumed once done").isZero();
        assertIsTheRealisticHead(p.head());
    }

    @Test
    void parsesAPipelinedRequestAfterReset() throws HttpError {
        byte[] wire = bytes(HEAD + PIPELINED);
        RequestParser p = parser();
        int used = p.feed(wire, 0, wire.length);
        p.reset();
        assertThat(p.done()).isFalse();
        assertThat(p.feed(wire, used, wire.length - used)).isEqualTo(wire.length - used);
        RequestHead next = p.head();
        assertThat(next.target).isEqualTo("/next");
        assertThat(next.names).containsExactly("Host");
        assertThat(next.values).containsExactly("x");
    }

    @Test
    void handsOutTheSharedStringForACommonHeaderNameAndANewOneOtherwise() throws HttpError {
        byte[] wire = bytes("GET / HTTP/1.1\r\nHost: x\r\naccept: y\r\nX-Custom: z\r\n\r\n");
        RequestParser p = parser();
        p.feed(wire, 0, wire.length);
        RequestHead head = p.head();
        assertThat(head.names).containsExactly("Host", "accept", "X-Custom");
        assertThat(head.names[0]).isSameAs(org.jwsgi.gateway.WsgiEnviron.COMMON_HEADER_NAMES.get(0));
        assertThat(org.jwsgi.gateway.WsgiEnviron.COMMON_HEADER_NAMES).doesNotContain(head.names[1], head.names[2]);
    }

    @ParameterizedTest(name = "{0} leading CRLFs")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void skipsUpToFourLeadingEmptyLines(int emptyLines) throws HttpError {
        byte[] wire = bytes("\r\n".repeat(emptyLines) + "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        RequestParser p = parser();
        assertThat(p.feed(wire, 0, wire.length)).isEqualTo(wire.length);
        assertThat(p.done()).isTrue();
        assertThat(p.head().method).isEqualTo("GET");
    }

    @Test
    void acceptsARequestLineOfExactlyMaxRequestLineBytes() throws HttpError {
        String line = "GET /" + "a".repeat(MAX_LINE - "GET / HTTP/1.1".length()) + " HTTP/1.1";
        assertThat(line).hasSize(MAX_LINE);
        RequestParser p = parser();
        byte[] wire = bytes(line + "\r\nHost: x\r\n\r\n");
        p.feed(wire, 0, wire.length);
        assertThat(p.head().target).hasSize(MAX_LINE - "GET  HTTP/1.1".length());
    }

    @Test
    void acceptsExactlyMaxHeaderCountFields() throws HttpError {
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
        for (int i = 1; i < MAX_HEADER_COUNT; i++) {
            head.append("X-").append(i).append(": v\r\n");
        }
        RequestParser p = parser();
        byte[] wire = bytes(head.append("\r\n").toString());
        p.feed(wire, 0, wire.length);
        assertThat(p.head().names).hasSize(MAX_HEADER_COUNT);
    }

    @Test
    void reportsWhetherARequestHasStarted() throws HttpError {
        RequestParser p = parser();
        assertThat(p.hasBytes()).isFalse();
        p.feed(bytes("G"), 0, 1);
        assertThat(p.hasBytes()).isTrue();
    }

    record Refused(String why, String head, int status, String named) {
        @Override
        public String toString() {
            return why;
        }
    }

    static Stream<Refused> malformedHeads() {
        String ok = "GET / HTTP/1.1\r\n";
        String host = "Host: x\r\n";
        return Stream.of(
                new Refused("bare LF ending the request line", "GET / HTTP/1.1\nHost: x\r\n\r\n", 400, "bare LF"),
                new Refused("bare LF ending a header", ok + "Host: x\n\r\n", 400, "bare LF"),
                new Refused("bare LF ending the head", ok + host + "\n", 400, "bare LF"),
                new Refused("bare CR inside a value", ok + "Host: x\ry\r\n\r\n", 400, "bare CR"),
                new Refused("bare CR inside the request line", "GET /\r HTTP/1.1\r\n" + host + "\r\n", 400, "bare CR"),
                new Refused("obs-fold", ok + host + "X-A: a\r\n  b\r\n\r\n", 400, "obs-fold"),
                new Refused("obs-fold with a tab", ok + host + "X-A: a\r\n\tb\r\n\r\n", 400, "obs-fold"),
                new Refused("space before the colon", ok + "Host : x\r\n\r\n", 400, "whitespace"),
                new Refused("tab before the colon", ok + "Host\t: x\r\n\r\n", 400, "whitespace"),
                new Refused("name that is not a token", ok + host + "X@A: 1\r\n\r\n", 400, "token"),
                new Refused("name with a non-ASCII byte", ok + host + "X-\u00e9: 1\r\n\r\n", 400, "token"),
                new Refused("field without a colon", ok + host + "NoColon\r\n\r\n", 400, "colon"),
                new Refused("empty field name", ok + host + ": x\r\n\r\n", 400, "empty header name"),
                new Refused("NUL in a value", ok + host + "X-A: a\0b\r\n\r\n", 400, "X-A"),
                new Refused("control character in a value", ok + host + "X-A: a\u0001b\r\n\r\n", 400, "X-A"),
                new Refused("DEL in a value", ok + host + "X-A: a\u007fb\r\n\r\n", 400, "X-A"),
                new Refused("HTTP/0.9 request line", "GET /\r\n\r\n", 400, "HTTP/0.9"),
                new Refused("HTTP/2.0", "GET / HTTP/2.0\r\n" + host + "\r\n", 505, "HTTP/2.0"),
                new Refused("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505, "HTTP/2.0"),
                new Refused("HTTP/1.2", "GET / HTTP/1.2\r\n" + host + "\r\n", 505, "HTTP/1.2"),
                new Refused("HTTP/1.1x", "GET / HTTP/1.1x\r\n" + host + "\r\n", 400, "version"),
                new Refused("lower-case http/1.1", "GET / http/1.1\r\n" + host + "\r\n", 400, "version"),
                new Refused("HTTP/11", "GET / HTTP/11\r\n" + host + "\r\n", 400, "version"),
                new Refused("empty method", " / HTTP/1.1\r\n" + host + "\r\n", 400, "method"),
                new Refused("method that is not a token", "G(T / HTTP/1.1\r\n" + host + "\r\n", 400, "method"),
                new Refused("doubled space after the method", "GET  / HTTP/1.1\r\n" + host + "\r\n", 400, "space"),
                new Refused("doubled space after the target", "GET /  HTTP/1.1\r\n" + host + "\r\n", 400, "version"),
                new Refused("trailing space after the version", "GET / HTTP/1.1 \r\n" + host + "\r\n", 400, "version"),
                new Refused("target with a fragment", "GET /a#b HTTP/1.1\r\n" + host + "\r\n", 400, "fragment"),
                new Refused("target with byte 0xE9", "GET /caf\u00e9 HTTP/1.1\r\n" + host + "\r\n", 400, "non-ASCII"),
                new Refused("target with byte 0x80", "GET /\u0080 HTTP/1.1\r\n" + host + "\r\n", 400, "non-ASCII"),
                new Refused("target with a control character", "GET /\u0001 HTTP/1.1\r\n" + host + "\r\n", 400,
                        "control"),
                new Refused("request line over maxRequestLineBytes",
                        "GET /" + "a".repeat(MAX_LINE) + " HTTP/1.1\r\n" + host + "\r\n", 414,
                        "maxRequestLineBytes=" + MAX_LINE),
                new Refused("one header over maxHeaderBytes",
                        ok + host + "X-Big: " + "v".repeat(MAX_HEADER_BYTES) + "\r\n\r\n", 431,
                        "maxHeaderBytes=" + MAX_HEADER_BYTES),
                new Refused("small headers adding up to over maxHeaderBytes",
                        ok + host + ("X-A: " + "v".repeat(55) + "\r\n").repeat(5) + "\r\n", 431,
                        "maxHeaderBytes=" + MAX_HEADER_BYTES),
                new Refused("more than maxHeaderCount fields",
                        ok + "X-A: 1\r\n".repeat(MAX_HEADER_COUNT) + host + "\r\n", 431,
                        "maxHeaderCount=" + MAX_HEADER_COUNT),
                new Refused("five leading empty lines", "\r\n".repeat(5) + ok + host + "\r\n", 400, "empty lines"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHeads")
    void refusesMalformedHeadWithTheRfcStatus(Refused c) {
        byte[] wire = bytes(c.head());
        HttpError all = refusal(wire, wire.length);
        assertThat(all.status()).isEqualTo(c.status());
        assertThat(all.getMessage()).contains(c.named());
        assertThat(refusal(wire, 1).status()).as("status when fed one byte at a time").isEqualTo(c.status());
    }

    /** Feeds {@code wire} in pieces of {@code piece} bytes and returns the parser's refusal. */
    private static HttpError refusal(byte[] wire, int piece) {
        RequestParser p = parser();
        return assertThrows(HttpError.class, () -> {
            for (int off = 0; off < wire.length && !p.done(); off += piece) {
                p.feed(wire, off, Math.min(piece, wire.length - off));
            }
            if (!p.done()) {
                fail("head neither refused nor complete");
            }
            p.head();
        });
    }
}
