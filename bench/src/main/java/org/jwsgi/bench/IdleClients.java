package org.jwsgi.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Many keep-alive connections to one server from one thread: non-blocking channels on one
 * {@link Selector}. Each connection sends {@code GET /hello} and reads the whole response, so it is
 * a real idle HTTP/1.1 connection, not a bare TCP one; a connection the server closes meanwhile is
 * noticed. At most {@code window} requests are in flight at once, so that a burst of connects does
 * not overflow the server's listen backlog (which would cost SYN retries of a second or more).
 *
 * <pre>{@code
 * try (IdleClients idle = new IdleClients(port)) {
 *     IdleClients.Tally opened = idle.open(10_000, 64, deadline);  // opened.idle() of them answered
 *     ...
 *     IdleClients.Tally again = idle.requestAgain(64, deadline);   // still open, and answering?
 * }
 * }</pre>
 */
final class IdleClients implements AutoCloseable {

    private enum State { CONNECTING, SENDING, RECEIVING, IDLE, CLOSED_BY_SERVER, FAILED }

    /**
     * Where the connections stand.
     *
     * @param idle answered, open, waiting for a next request
     * @param closedByServer closed by the server (an idle timeout, a cap, Connection: close)
     * @param failed refused, reset, or a malformed response
     * @param unanswered still connecting or waiting for their response at the deadline
     * @param firstFailure the first failure's cause, or null
     */
    record Tally(int idle, int closedByServer, int failed, int unanswered, String firstFailure) {
    }

    private final InetSocketAddress server;
    private final ByteBuffer request;
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(16 * 1024);
    private final List<Client> clients = new ArrayList<>();
    private int inFlight;
    private String firstFailure;

    IdleClients(int port) throws IOException {
        this.server = new InetSocketAddress("127.0.0.1", port);
        this.request = ByteBuffer.wrap(HelloProbe.request(port)).asReadOnlyBuffer();
        this.selector = Selector.open();
    }

    /** Opens {@code n} connections and has each answer one request, by {@code deadline} ({@link System#nanoTime()}). */
    Tally open(int n, int window, long deadline) throws IOException {
        Iterator<Client> fresh = new Iterator<>() {
            private int opened;

            @Override
            public boolean hasNext() {
                return opened < n;
            }

            @Override
            public Client next() {
                opened++;
                Client c = new Client();
                clients.add(c);
                return c;
            }
        };
        run(fresh, window, deadline);
        return tally();
    }

    /** Sends one more request on every idle connection and waits for the answers, by {@code deadline}. */
    Tally requestAgain(int window, long deadline) throws IOException {
        poll(); // notice the connections the server closed while nobody was looking
        List<Client> idle = clients.stream().filter(c -> c.state == State.IDLE).toList();
        run(idle.iterator(), window, deadline);
        return tally();
    }

    /** Handles what happened on the connections so far without waiting (closes by the server, mostly). */
    Tally poll() throws IOException {
        selector.selectNow(this::handle);
        return tally();
    }

    Tally tally() {
        int[] counts = new int[State.values().length];
        for (Client c : clients) {
            counts[c.state.ordinal()]++;
        }
        int unanswered = counts[State.CONNECTING.ordinal()] + counts[State.SENDING.ordinal()]
                + counts[State.RECEIVING.ordinal()];
        return new Tally(counts[State.IDLE.ordinal()], counts[State.CLOSED_BY_SERVER.ordinal()],
                counts[State.FAILED.ordinal()], unanswered, firstFailure);
    }

    private void run(Iterator<Client> toStart, int window, long deadline) throws IOException {
        while (true) {
            while (inFlight < window && toStart.hasNext()) {
                toStart.next().start();
            }
            if (inFlight == 0 && !toStart.hasNext()) {
                return;
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            selector.select(this::handle, Math.min(left, 100));
        }
    }

    private void handle(SelectionKey key) {
        ((Client) key.attachment()).ready(key);
    }

    /** Closes every connection. */
    @Override
    public void close() throws IOException {
        for (Client c : clients) {
            c.closeChannel();
        }
        selector.close();
    }

    private final class Client {

        private final ByteBuffer out = request.duplicate();
        private final HttpResponseReader reader = new HttpResponseReader();
        private SocketChannel channel;
        private SelectionKey key;
        private State state = State.CONNECTING;

        /** Connects (the first time) or sends the next request (an idle connection). */
        void start() {
            inFlight++;
            try {
                if (channel == null) {
                    channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    key = channel.register(selector, SelectionKey.OP_CONNECT, this);
                    if (channel.connect(server)) {
                        send();
                    }
                } else {
                    send();
                }
            } catch (IOException e) {
                fail(e);
            }
        }

        void ready(SelectionKey k) {
            try {
                if (!k.isValid()) {
                    return;
                }
                if (k.isConnectable()) {
                    channel.finishConnect();
                    send();
                } else if (k.isWritable()) {
                    write();
                } else if (k.isReadable()) {
                    read();
                }
            } catch (IOException e) {
                fail(e);
            }
        }

        private void send() throws IOException {
            state = State.SENDING;
            out.rewind();
            reader.reset();
            write();
        }

        private void write() throws IOException {
            channel.write(out);
            if (out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_WRITE);
            } else {
                state = State.RECEIVING;
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        private void read() throws IOException {
            readBuffer.clear();
            int n = channel.read(readBuffer);
            if (n < 0) {
                if (state == State.RECEIVING && reader.endOfStream()) {
                    end(State.CLOSED_BY_SERVER); // answered, but close-delimited
                } else if (state == State.RECEIVING) {
                    fail(new ProtocolException("closed by the server before a complete response"));
                } else {
                    end(State.CLOSED_BY_SERVER);
                }
                return;
            }
            readBuffer.flip();
            if (state != State.RECEIVING) {
                throw new ProtocolException("bytes from the server on an idle connection");
            }
            if (reader.feed(readBuffer)) {
                if (readBuffer.hasRemaining()) {
                    throw new ProtocolException("bytes after the end of the response");
                }
                if (reader.status() != 200) {
                    throw new ProtocolException("status " + reader.status() + ", not 200");
                }
                if (reader.keepAlive()) {
                    state = State.IDLE; // stays registered for reading: a close by the server shows
                    inFlight--;
                } else {
                    end(State.CLOSED_BY_SERVER);
                }
            }
        }

        private void fail(IOException e) {
            if (firstFailure == null) {
                firstFailure = e.toString();
            }
            end(State.FAILED);
        }

        private void end(State last) {
            if (state != State.IDLE) {
                inFlight--;
            }
            state = last;
            closeChannel();
        }

        void closeChannel() {
            if (channel != null) {
                try {
                    channel.close(); // also cancels the key
                } catch (IOException ignored) {
                    // closing is all that was left to do with it
                }
            }
        }
    }
}
