package org.jwsgi.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * A socket's input stream that skips the JDK's timed-read path when bytes are already waiting.
 *
 * <p>On a platform thread, a {@code SocketChannel}'s stream with a read timeout switches the socket
 * to non-blocking mode and back around every read: four {@code fcntl} calls per read, more system
 * calls than the read and the write of a whole hello-world exchange. When the kernel already holds
 * bytes ({@code FIONREAD} &gt; 0), an untimed read returns them at once, so this reads without the
 * timeout then; otherwise it reads as before, timeout and all. Virtual threads do not need it: their
 * sockets stay non-blocking.
 */
final class ReadyFirstInput extends InputStream {

    private final Socket socket;
    private final InputStream in;

    ReadyFirstInput(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int timeout = socket.getSoTimeout();
        if (timeout > 0 && len > 0 && in.available() > 0) {
            socket.setSoTimeout(0); // a field of the socket adaptor, not a system call
            try {
                return in.read(b, off, len);
            } finally {
                socket.setSoTimeout(timeout);
            }
        }
        return in.read(b, off, len);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
