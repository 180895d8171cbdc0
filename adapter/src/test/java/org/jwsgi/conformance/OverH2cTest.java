package org.jwsgi.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.testing.EachBackend;
import org.jwsgi.testing.ServedOptions;

/**
 * {@link OverHttp2Test} in clear text ({@code h2c}): the JDK client reaches HTTP/2 by
 * {@code Upgrade: h2c}; a client with prior knowledge sends the connection preface at once.
 */
@EachBackend({"jetty", "tomcat"})
class OverH2cTest extends OverHttp2Test {

    @ServedOptions
    static ServerOptions clear() {
        return ServerOptions.defaults().withPort(0).withHttp2(true);
    }

    @Test
    void upgradesAnHttp11ConnectionToH2c(URI server) throws Exception {
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> first = fresh.send(get(server, "/env/first").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = fresh.send(get(server, "/env/second").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
        Map<String, String> env = FlatJson.parse(second.body());
        assertThat(env).containsEntry("SERVER_PROTOCOL", "HTTP/2.0").containsEntry("wsgi.url_scheme", "http")
                .doesNotContainKey("HTTPS");
    }

    @Test
    void answersTheConnectionPrefaceOfAClientWithPriorKnowledge(URI server) throws Exception {
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // an empty SETTINGS frame
            out.flush();
            InputStream in = s.getInputStream();
            byte[] frame = in.readNBytes(9);

            assertThat(frame).hasSize(9);
            assertThat(frame[3]).as("the server's first frame is SETTINGS (type 4)").isEqualTo((byte) 4);
            assertThat(frame[4] & 1).as("not an ACK: the server's own settings").isZero();
        }
    }
}
