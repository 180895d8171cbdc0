package org.jwsgi.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

class ReadyFirstInputTest {

    @Test
    void readsWaitingBytesAndKeepsTheTimeoutForTheNextWait() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()
                .bind(new InetSocketAddress("127.0.0.1", 0));
                Socket client = new Socket("127.0.0.1", ((InetSocketAddress) listener.getLocalAddress()).getPort());
                SocketChannel accepted = listener.accept()) {
            Socket socket = accepted.socket();
            socket.setSoTimeout(200);
            ReadyFirstInput in = new ReadyFirstInput(socket);
            client.getOutputStream().write("hello".getBytes(US_ASCII));
            byte[] b = new byte[16];
            int n = 0;
            while (n < 5) {
                n += in.read(b, n, b.length - n);
            }
            assertThat(new String(b, 0, n, US_ASCII)).isEqualTo("hello");
            assertThat(socket.getSoTimeout()).as("restored after an untimed read").isEqualTo(200);
            assertThatExceptionOfType(SocketTimeoutException.class).as("nothing waiting: the timeout applies")
                    .isThrownBy(() -> in.read(b, 0, b.length));
            client.getOutputStream().write('!');
            client.shutdownOutput();
            assertThat(in.read()).isEqualTo('!');
            assertThat(in.read()).isEqualTo(-1);
        }
    }
}
