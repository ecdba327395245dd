package dev.siren.guard.hub;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body that cannot hang its reader: a read fails when the server sends nothing for
 * {@link HubTimeouts#silence()}, or when the body arrives slower than {@link HubTimeouts#minSpeed()} over a
 * {@link HubTimeouts#speedWindow()}. (The JDK client's own body stream blocks for as long as the server likes.)
 * Closing it, or a failed read, cancels the transfer and drops the connection.
 */
final class TimedBody extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {

    /** The server went silent part-way through the body: like a dropped connection, worth resuming. */
    static final class StalledException extends IOException {
        StalledException(String message) {
            super(message);
        }
    }

    /** The body arrived slower than the minimum speed: not worth retrying at once. */
    static final class TooSlowException extends IOException {
        TooSlowException(String message) {
            super(message);
        }
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>(); // List<ByteBuffer>, Throwable or END
    private final HubTimeouts timeouts;
    private final URI url;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private Iterator<ByteBuffer> pending = List.<ByteBuffer>of().iterator();
    private ByteBuffer current = ByteBuffer.allocate(0);
    private boolean ended;
    private long windowStart = System.nanoTime();
    private long windowBytes;

    TimedBody(Flow.Publisher<List<ByteBuffer>> publisher, HubTimeouts timeouts, URI url) {
        this.timeouts = timeouts;
        this.url = url;
        publisher.subscribe(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        arrivals.add(buffers);
    }

    @Override
    public void onError(Throwable error) {
        arrivals.add(error);
    }

    @Override
    public void onComplete() {
        arrivals.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!current.hasRemaining()) {
            if (pending.hasNext()) {
                current = pending.next();
            } else if (ended || !next()) {
                return -1;
            }
        }
        int n = Math.min(length, current.remaining());
        current.get(into, offset, n);
        checkSpeed(n);
        return n;
    }

    /** Waits for the next buffers; false at the end of the body. */
    @SuppressWarnings("unchecked")
    private boolean next() throws IOException {
        if (closed) {
            throw new IOException("the body of " + url + " was closed");
        }
        Object arrival;
        try {
            arrival = arrivals.poll(timeouts.silence().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while reading " + url, e);
        }
        if (arrival == null) {
            close();
            throw new StalledException(url + " sent nothing for " + seconds(timeouts.silence().toMillis())
                    + " (HF_HUB_DOWNLOAD_TIMEOUT)");
        }
        if (arrival == END) {
            ended = true;
            return false;
        }
        if (arrival instanceof Throwable error) {
            ended = true;
            throw error instanceof IOException io ? io : new IOException(error.getMessage(), error);
        }
        pending = ((List<ByteBuffer>) arrival).iterator();
        subscription.request(1);
        return true;
    }

    private void checkSpeed(int bytes) throws IOException {
        windowBytes += bytes;
        long elapsed = System.nanoTime() - windowStart;
        long window = timeouts.speedWindow().toNanos();
        if (elapsed < window) {
            return;
        }
        double speed = windowBytes / (elapsed / 1e9);
        if (speed < timeouts.minSpeed()) {
            close();
            throw new TooSlowException(url + " sent " + windowBytes + " bytes in the last "
                    + seconds(elapsed / 1_000_000) + ", under the minimum of " + timeouts.minSpeed()
                    + " bytes/s (SIREN_HUB_MIN_SPEED)");
        }
        windowStart = System.nanoTime();
        windowBytes = 0;
    }

    private static String seconds(long millis) {
        return String.format("%.1f s", millis / 1000.0);
    }

    @Override
    public void close() {
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
