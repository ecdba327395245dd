package dev.siren.guard;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A quick check that the Hub (or the proxy the HTTP client would use) accepts a connection, made before asking it
 * for a name that is not a local folder: offline, the Hub client's own connect timeout would keep the user waiting
 * twenty seconds for an error.
 */
final class HubProbe {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private HubProbe() {
    }

    /** Why {@code endpoint} cannot be reached within {@code timeout} (name lookup included), or empty if it can. */
    static Optional<String> unreachable(URI endpoint, Duration timeout) {
        AtomicReference<String> failure = new AtomicReference<>();
        Thread attempt = Thread.ofVirtual().start(() -> failure.set(connect(endpoint, timeout)));
        try {
            if (!attempt.join(timeout.plusMillis(200))) {
                return Optional.of("no answer from " + endpoint.getHost() + " within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
        return Optional.ofNullable(failure.get());
    }

    /** Opens and closes one connection; returns why it failed, or null. */
    private static String connect(URI endpoint, Duration timeout) {
        boolean http = "http".equalsIgnoreCase(endpoint.getScheme());
        int port = endpoint.getPort() != -1 ? endpoint.getPort() : http ? 80 : 443;
        InetSocketAddress via = proxyFor(endpoint).orElse(InetSocketAddress.createUnresolved(endpoint.getHost(), port));
        InetSocketAddress target = new InetSocketAddress(via.getHostString(), via.getPort()); // looks the name up
        String where = via.getHostString() + ":" + via.getPort();
        try (Socket socket = new Socket()) {
            if (target.isUnresolved()) {
                throw new UnknownHostException(target.getHostString());
            }
            socket.connect(target, (int) timeout.toMillis());
            return null;
        } catch (UnknownHostException e) {
            return "cannot resolve the host name " + e.getMessage();
        } catch (ConnectException e) {
            return "connection refused by " + where;
        } catch (IOException e) {
            return (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + " (" + where + ")";
        }
    }

    /** The HTTP proxy the default proxy selector (which the Hub client uses) picks for {@code endpoint}, if any. */
    private static Optional<InetSocketAddress> proxyFor(URI endpoint) {
        ProxySelector selector = ProxySelector.getDefault();
        List<Proxy> proxies = selector == null ? List.of() : selector.select(endpoint);
        return proxies.stream().findFirst().filter(p -> p.type() != Proxy.Type.DIRECT)
                .map(p -> (InetSocketAddress) p.address());
    }
}
