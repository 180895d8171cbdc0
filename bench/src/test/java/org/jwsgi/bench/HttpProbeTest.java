package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The start-up probe against one-shot servers on 127.0.0.1, port 0. */
class HttpProbeTest {

    /** Accepts one connection, reads the request head, answers {@code response}; returns the request. */
    private static CompletableFuture<String> answerOnce(ServerSocket server, String response) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept()) {
                s.setSoTimeout(5000);
                String head = readHead(s.getInputStream());
                s.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
                return head;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    }

    @Test
    void returnsTheStatusOfAGetThatClosesTheConnection() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<String> request = answerOnce(server, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");

            int status = HttpProbe.status(server.getLocalPort(), "/hello", Duration.ofSeconds(5));

            assertThat(status).isEqualTo(404);
            assertThat(request.get(5, TimeUnit.SECONDS)).startsWith("GET /hello HTTP/1.1\r\n")
                    .contains("\r\nConnection: close\r\n");
        }
    }

    @Test
    void somethingElseThanHttpIsAnError() throws Exception {
        try (ServerSocket server = listen()) {
            answerOnce(server, "SSH-2.0-OpenSSH\r\n");

            assertThatThrownBy(() -> HttpProbe.status(server.getLocalPort(), "/hello", Duration.ofSeconds(5)))
                    .isInstanceOf(IOException.class)
                    .hasMessage("not an HTTP status line: \"SSH-2.0-OpenSSH\"");
        }
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        try (ServerSocket server = listen()) {
            // accepted by the backlog, never answered
            assertThatThrownBy(() -> HttpProbe.status(server.getLocalPort(), "/hello", Duration.ofMillis(200)))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void nothingListeningIsAnError() throws Exception {
        int port;
        try (ServerSocket server = listen()) {
            port = server.getLocalPort();
        }

        assertThatThrownBy(() -> HttpProbe.status(port, "/hello", Duration.ofSeconds(1))).isInstanceOf(IOException.class);
    }
}
