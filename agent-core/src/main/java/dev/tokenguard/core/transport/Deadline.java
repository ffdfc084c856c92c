package dev.tokenguard.core.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** When a token call must have ended, connection, handshake and answer included. */
final class Deadline {
    private final Duration timeout;
    private final long endNanos;

    Deadline(Duration timeout) {
        this.timeout = timeout;
        this.endNanos = System.nanoTime() + timeout.toNanos();
    }

    /** Milliseconds left, at most {@code cap} if given; at least 1 (0 would mean no limit to a socket). */
    int millisLeft(Duration cap) throws SocketTimeoutException {
        long left = endNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("token call timed out after " + timeout.toMillis() + " ms");
        }
        long millis = Math.max(1, Math.min(Integer.MAX_VALUE, Duration.ofNanos(left).toMillis()));
        return (int) (cap == null ? millis : Math.max(1, Math.min(millis, cap.toMillis())));
    }

    /** The socket's input, each read waiting no longer than the call has left. */
    static final class Input extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final Deadline deadline;

        Input(Socket socket, Deadline deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            socket.setSoTimeout(deadline.millisLeft(null));
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            socket.setSoTimeout(deadline.millisLeft(null));
            return in.read(b, off, len);
        }
    }
}
