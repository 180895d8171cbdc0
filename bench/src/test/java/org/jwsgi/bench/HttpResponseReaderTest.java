package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpResponseReaderTest {

    private static final String HELLO = """
            HTTP/1.1 200 OK\r
            Content-Type: text/plain\r
            Content-Length: 13\r
            Date: Wed, 26 Nov 2025 18:00:00 GMT\r
            \r
            Hello, World!""";

    private static final String CHUNKED = """
            HTTP/1.1 200 OK\r
            Transfer-Encoding: chunked\r
            \r
            5;name=value\r
            Hello\r
            8\r
            , World!\r
            0\r
            Trailer: x\r
            \r
            """;

    @Test
    void findsTheEndOfAKeepAliveResponseSplitAtEveryOffsetAndLeavesTheNextOne() throws ProtocolException {
        byte[] two = (HELLO + HELLO).getBytes(StandardCharsets.US_ASCII);
        int first = HELLO.length();
        for (int split = 0; split <= first; split++) {
            HttpResponseReader reader = new HttpResponseReader();
            ByteBuffer a = ByteBuffer.wrap(two, 0, Math.min(split, first));
            ByteBuffer b = ByteBuffer.wrap(two, a.limit(), two.length - a.limit());

            boolean done = reader.feed(a) || reader.feed(b);

            assertThat(done).as("split at %d", split).isTrue();
            assertThat(b.position()).as("split at %d", split).isEqualTo(first);
            assertThat(reader.status()).isEqualTo(200);
            assertThat(reader.keepAlive()).isTrue();
            assertThat(reader.bodyBytes()).isEqualTo(13);
            assertThat(reader.bodyStart()).isEqualTo("Hello, World!");
        }
    }

    @Test
    void decodesAChunkedResponseWithExtensionsAndTrailersSplitAtEveryOffset() throws ProtocolException {
        byte[] bytes = CHUNKED.getBytes(StandardCharsets.US_ASCII);
        for (int split = 0; split < bytes.length; split++) {
            HttpResponseReader reader = new HttpResponseReader();

            assertThat(reader.feed(ByteBuffer.wrap(bytes, 0, split))).isFalse();
            assertThat(reader.feed(ByteBuffer.wrap(bytes, split, bytes.length - split))).as("split at %d", split).isTrue();

            assertThat(reader.bodyBytes()).isEqualTo(13);
            assertThat(reader.bodyStart()).isEqualTo("Hello, World!");
        }
    }

    @Test
    void skipsAnInterimResponse() throws ProtocolException {
        HttpResponseReader reader = new HttpResponseReader();

        reader.feed(ascii("HTTP/1.1 100 Continue\r\n\r\n" + HELLO));

        assertThat(reader.done()).isTrue();
        assertThat(reader.status()).isEqualTo(200);
    }

    @Test
    void tellsWhetherTheConnectionStaysOpen() throws ProtocolException {
        assertThat(keepAlive("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")).isFalse();
        assertThat(keepAlive("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")).isFalse();
        assertThat(keepAlive("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n")).isTrue();
        assertThat(keepAlive("HTTP/1.1 204 No Content\r\n\r\n")).isTrue();
    }

    @Test
    void endsACloseDelimitedBodyAtTheEndOfTheStreamButNotALengthDelimitedOne() throws ProtocolException {
        HttpResponseReader delimited = new HttpResponseReader();
        assertThat(delimited.feed(ascii("HTTP/1.1 200 OK\r\n\r\nsome body"))).isFalse();
        assertThat(delimited.endOfStream()).isTrue();
        assertThat(delimited.bodyBytes()).isEqualTo(9);
        assertThat(delimited.keepAlive()).isFalse();

        HttpResponseReader cut = new HttpResponseReader();
        cut.feed(ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"));
        assertThat(cut.endOfStream()).isFalse();
    }

    @Test
    void refusesWhatIsNotAnHttpResponse() {
        assertThatThrownBy(() -> new HttpResponseReader().feed(ascii("SSH-2.0-OpenSSH_9.2\r\n")))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("SSH-2.0");
        assertThatThrownBy(() -> new HttpResponseReader().feed(ascii("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n")))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void resetReadsTheNextResponseOnTheSameConnection() throws ProtocolException {
        HttpResponseReader reader = new HttpResponseReader();
        reader.feed(ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nno!"));
        reader.reset();

        assertThat(reader.done()).isFalse();
        assertThat(reader.feed(ascii(HELLO))).isTrue();
        assertThat(reader.status()).isEqualTo(200);
        assertThat(reader.bodyStart()).isEqualTo("Hello, World!");
    }

    private static boolean keepAlive(String response) throws ProtocolException {
        HttpResponseReader reader = new HttpResponseReader();
        assertThat(reader.feed(ascii(response))).isTrue();
        return reader.keepAlive();
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }
}
