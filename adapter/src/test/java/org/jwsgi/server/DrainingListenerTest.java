package org.jwsgi.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DrainingListenerTest {

    private static ServerSocketChannel bound() throws IOException {
        return ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), 16);
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return s;
    }

    @Test
    void aStopHandsOverWhatIsQueuedThenClosesAndRunsTheHookOnceOnTheClosingThreadBeforeAwaitClosedReturns()
            throws Exception {
        ServerSocketChannel ch = bound();
        int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        DrainingListener listener = new DrainingListener(ch, true, () -> {
            runs.incrementAndGet();
            ranOn.set(Thread.currentThread());
        });
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(connect(port)); // queued in the backlog: nothing has accepted them yet
            }
            listener.stop();
            assertThat(runs).as("not before the socket closes").hasValue(0);
            List<SocketChannel> accepted = new ArrayList<>();
            for (SocketChannel c; (c = listener.accept()) != null; ) {
                accepted.add(c);
            }
            assertThat(accepted).as("every queued connection, none reset").hasSize(3);
            assertThat(listener.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(ch.isOpen()).isFalse();
            assertThat(runs).hasValue(1);
            assertThat(ranOn.get()).as("the thread that closed it").isSameAs(Thread.currentThread());
            listener.close();
            assertThat(runs).as("once").hasValue(1);
            for (SocketChannel c : accepted) {
                c.close();
            }
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            listener.close();
        }
    }

    @Test
    void aCloseOutsideAStopDoesNotRunTheHook() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        DrainingListener listener = new DrainingListener(bound(), true, runs::incrementAndGet);
        listener.close();
        assertThat(listener.awaitClosed(Duration.ZERO)).isTrue();
        assertThat(runs).hasValue(0);
    }

    @Test
    void anInheritedSocketIsNotDrained() throws Exception {
        ServerSocketChannel ch = bound();
        int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
        AtomicInteger runs = new AtomicInteger();
        DrainingListener listener = new DrainingListener(ch, false, runs::incrementAndGet);
        try (Socket queued = connect(port)) {
            listener.stop();
            assertThat(listener.accept()).as("its owner keeps the queue for the next instance").isNull();
            assertThat(runs).hasValue(1);
        } finally {
            listener.close();
        }
    }
}
