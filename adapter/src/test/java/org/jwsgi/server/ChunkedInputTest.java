package org.jwsgi.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.jwsgi.gateway.RequestBodyException;

/** Chunked and Content-Length bodies decoded from an in-memory stream. */
class ChunkedInputTest {

    private static final long MAX_BODY = 32;
    private static final int MAX_LINE = 64;
    private static final int MAX_TRAILER_BYTES = 64;
    private static final int MAX_TRAILER_COUNT = 3;

    private static final String NEXT = "GET /next HTTP/1.1\r\nHost: x\r\n\r\n";

    /**
     * A socket stand-in: hands out at most {@code piece} bytes per read, and fails the test instead
     * of blocking when read past its data (a socket whose client sent nothing more would block).
     */
    private static final class Wire extends InputStream {
        private final byte[] data;
        private final int piece;
        private int pos;

        Wire(String data, int piece) {
            this.data = data.getBytes(ISO_8859_1);
            this.piece = piece;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == data.length) {
                throw new AssertionError("read past the data: a socket would block here");
            }
            int n = Math.min(Math.min(len, piece), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    private static Transport wire(String data, int piece) {
        return new MemoryTransport(new Wire(data, piece));
    }

    /** A stream that returns end-of-stream after its data (the client closed). */
    private static InputBuffer closedAfter(String data) {
        return new InputBuffer(new MemoryTransport(data.getBytes(ISO_8859_1)), 16);
    }

    private static ChunkedInput chunked(InputBuffer in) {
        return new ChunkedInput(in, Duration.ofSeconds(5), MAX_BODY, MAX_LINE, MAX_TRAILER_BYTES, MAX_TRAILER_COUNT);
    }

    /** Reads {@code in} with reads of at most {@code size} bytes until end of stream. */
    private static String readAll(InputStream in, int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[size];
        for (int n; (n = in.read(buf, 0, size)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toString(ISO_8859_1);
    }

    /** What is left in the connection's buffer and behind it, up to {@code length} bytes. */
    private static String rest(InputBuffer in, int length) throws IOException {
        byte[] b = new byte[length];
        int n = 0;
        while (n < length) {
            int r = in.read(b, n, length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return new String(b, 0, n, ISO_8859_1);
    }

    static Stream<Arguments> bufferAndReadSizes() {
        return Stream.of(
                Arguments.of(16 * 1024, 8192), Arguments.of(16, 3), Arguments.of(7, 1), Arguments.of(1, 100));
    }

    @ParameterizedTest(name = "buffer {0}, reads of {1}")
    @MethodSource("bufferAndReadSizes")
    void decodesChunksWithExtensionsAndTrailersAndStopsAtTheEnd(int bufferSize, int readSize) throws IOException {
        String body = "5;a=b;c=\"q d\"\r\nhello\r\n"
                + "7\r\n, world\r\n"
                + "a ; flag ; n = \"x\\\"y\"\r\n0123456789\r\n"
                + "0\r\n"
                + "X-Checksum: abc\r\n"
                + "X-Other:1\r\n"
                + "\r\n";
        for (int piece : new int[] {1, 5, Integer.MAX_VALUE}) {
            InputBuffer in = new InputBuffer(wire(body + NEXT, piece), bufferSize);
            ChunkedInput input = chunked(in);
            assertThat(readAll(input, readSize)).isEqualTo("hello, world0123456789");
            assertThat(input.complete()).isTrue();
            assertThat(input.failed()).isFalse();
            assertThat(input.read()).as("read after the end").isEqualTo(-1);
            assertThat(rest(in, NEXT.length())).as("what follows the body").isEqualTo(NEXT);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "0000000000000005", "5;a", "5;a=b", "5 ;a=\"\"", "5;a=\"q d\";b=c", "5\t;\ta\t=\tb"})
    void acceptsChunkSizeLine(String sizeLine) throws IOException {
        String body = sizeLine + "\r\nhello\r\n0\r\n\r\n";
        ChunkedInput input = chunked(new InputBuffer(wire(body, Integer.MAX_VALUE), 64));
        assertThat(readAll(input, 64)).isEqualTo("hello");
        assertThat(input.complete()).isTrue();
    }

    @Test
    void readsAnEmptyChunkedBody() throws IOException {
        ChunkedInput input = chunked(new InputBuffer(wire("0\r\n\r\n", 1), 64));
        assertThat(input.read()).isEqualTo(-1);
        assertThat(input.complete()).isTrue();
    }

    @Test
    void acceptsABodyOfExactlyMaxBodyBytes() throws IOException {
        String data = "x".repeat((int) MAX_BODY);
        String body = "10\r\n" + data.substring(0, 16) + "\r\n10\r\n" + data.substring(16) + "\r\n0\r\n\r\n";
        assertThat(readAll(chunked(closedAfter(body)), 5)).isEqualTo(data);
    }

    record Bad(String why, String wire, Class<? extends IOException> expected, String named) {
        @Override
        public String toString() {
            return why;
        }
    }

    static Stream<Bad> badBodies() {
        Class<RequestBodyException> malformed = RequestBodyException.class;
        return Stream.of(
                new Bad("non-hex size", "zz\r\nhello\r\n0\r\n\r\n", malformed, "not hex"),
                new Bad("0x prefix", "0x5\r\nhello\r\n0\r\n\r\n", malformed, "extension"),
                new Bad("leading space", " 5\r\nhello\r\n0\r\n\r\n", malformed, "not hex"),
                new Bad("plus sign", "+5\r\nhello\r\n0\r\n\r\n", malformed, "not hex"),
                new Bad("empty size line", "\r\nhello\r\n0\r\n\r\n", malformed, "not hex"),
                new Bad("17 hex digits", "00000000000000005\r\nhello\r\n0\r\n\r\n", malformed, "16 hex digits"),
                new Bad("size that overflows a long", "ffffffffffffffff\r\nhello\r\n0\r\n\r\n", malformed,
                        "overflows"),
                new Bad("extension without a name", "5;\r\nhello\r\n0\r\n\r\n", malformed, "extension"),
                new Bad("extension with only a value", "5;=x\r\nhello\r\n0\r\n\r\n", malformed, "extension"),
                new Bad("extension with an empty value", "5;a=\r\nhello\r\n0\r\n\r\n", malformed, "extension"),
                new Bad("extension with an unterminated quote", "5;a=\"x\r\nhello\r\n0\r\n\r\n", malformed,
                        "extension"),
                new Bad("extension not starting with ;", "5 a\r\nhello\r\n0\r\n\r\n", malformed, "extension"),
                new Bad("data longer than its size", "5\r\nhelloX\r\n0\r\n\r\n", malformed, "chunk-size"),
                new Bad("no CRLF after the data", "5\r\nhello0\r\n\r\n", malformed, "chunk-size"),
                new Bad("bare LF after the size", "5\nhello\r\n0\r\n\r\n", malformed, "bare LF"),
                new Bad("bare LF after the data", "5\r\nhello\n0\r\n\r\n", malformed, "bare LF"),
                new Bad("bare LF ending the trailers", "5\r\nhello\r\n0\r\n\n", malformed, "bare LF"),
                new Bad("bare CR after the size", "5\rhello\r\n0\r\n\r\n", malformed, "bare CR"),
                new Bad("EOF before any chunk", "", malformed, "closed"),
                new Bad("EOF inside a chunk", "5\r\nhel", malformed, "closed"),
                new Bad("EOF before the last chunk", "5\r\nhello\r\n", malformed, "closed"),
                new Bad("EOF inside the trailers", "5\r\nhello\r\n0\r\nX-A: 1\r\n", malformed, "closed"),
                new Bad("trailer without a colon", "5\r\nhello\r\n0\r\nnot a field\r\n\r\n", malformed, "trailer"),
                new Bad("trailer whose name is not a token", "5\r\nhello\r\n0\r\nX A: 1\r\n\r\n", malformed,
                        "trailer"),
                new Bad("trailers over maxTrailerCount", "0\r\n" + "X-A: 1\r\n".repeat(MAX_TRAILER_COUNT + 1) + "\r\n",
                        malformed, "maxHeaderCount=" + MAX_TRAILER_COUNT),
                new Bad("trailers over maxTrailerBytes",
                        "0\r\n" + ("X-A: " + "v".repeat(20) + "\r\n").repeat(MAX_TRAILER_COUNT) + "\r\n",
                        malformed, "maxHeaderBytes=" + MAX_TRAILER_BYTES),
                new Bad("trailer line over maxLine", "0\r\nX-A: " + "v".repeat(MAX_LINE) + "\r\n\r\n", malformed,
                        "maxRequestLineBytes=" + MAX_LINE),
                new Bad("size line over maxLine", "5;a=" + "b".repeat(MAX_LINE) + "\r\nhello\r\n0\r\n\r\n", malformed,
                        "maxRequestLineBytes=" + MAX_LINE),
                new Bad("one chunk over maxBody", "21\r\n" + "x".repeat(33) + "\r\n0\r\n\r\n",
                        RequestBodyException.class, "maxBodyBytes=" + MAX_BODY),
                new Bad("chunks adding up to over maxBody", "20\r\n" + "x".repeat(32) + "\r\n1\r\ny\r\n0\r\n\r\n",
                        RequestBodyException.class, "maxBodyBytes=" + MAX_BODY),
                new Bad("size near Long.MAX_VALUE", "7fffffffffffffff\r\nx\r\n0\r\n\r\n",
                        RequestBodyException.class, "maxBodyBytes=" + MAX_BODY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void refusesBadChunkedBody(Bad c) {
        ChunkedInput input = chunked(closedAfter(c.wire()));
        assertThatThrownBy(() -> readAll(input, 8))
                .isExactlyInstanceOf(c.expected())
                .hasMessageContaining(c.named());
        assertThat(input.failed()).isTrue();
        assertThat(input.complete()).isFalse();
        assertThatThrownBy(input::read).as("read after a failure").isInstanceOf(IOException.class);
    }

    @Test
    void fixedBodyEndsExactlyAtItsLength() throws IOException {
        InputBuffer in = new InputBuffer(wire("hello" + NEXT, 3), 16);
        BodyInput.Fixed body = new BodyInput.Fixed(in, 5, Duration.ofSeconds(5));
        assertThat(body.complete()).isFalse();
        assertThat(readAll(body, 2)).isEqualTo("hello");
        assertThat(body.complete()).isTrue();
        assertThat(body.read()).isEqualTo(-1);
        assertThat(rest(in, NEXT.length())).isEqualTo(NEXT);
    }

    @Test
    void fixedBodyNeverReadsPastItsEnd() throws IOException {
        BodyInput.Fixed body = new BodyInput.Fixed(new InputBuffer(wire("hello", 1), 4), 5,
                Duration.ofSeconds(5));
        assertThat(readAll(body, 8192)).isEqualTo("hello");
        assertThat(body.available()).isZero();
    }

    @Test
    void fixedBodyOfLengthZeroIsEmptyAndComplete() throws IOException {
        BodyInput.Fixed body = new BodyInput.Fixed(new InputBuffer(wire("x", 1), 4), 0, Duration.ofSeconds(5));
        assertThat(body.complete()).isTrue();
        assertThat(body.read()).isEqualTo(-1);
    }

    @Test
    void fixedBodyCutShortThrowsMalformedBody() {
        BodyInput.Fixed body = new BodyInput.Fixed(closedAfter("hel"), 5, Duration.ofSeconds(5));
        assertThatThrownBy(() -> readAll(body, 8))
                .isExactlyInstanceOf(RequestBodyException.class)
                .hasMessageContaining("3 of 5");
        assertThat(body.failed()).isTrue();
        assertThat(body.complete()).isFalse();
    }

    @Test
    void drainReadsTheRestOfTheBodySoTheNextRequestCanFollow() throws IOException {
        InputBuffer in = new InputBuffer(wire("5\r\nhello\r\n0\r\n\r\n" + NEXT, 4), 16);
        ChunkedInput input = chunked(in);
        assertThat(input.read()).isEqualTo('h');
        assertThat(input.drain(1024)).isTrue();
        assertThat(rest(in, NEXT.length())).isEqualTo(NEXT);
    }
}
