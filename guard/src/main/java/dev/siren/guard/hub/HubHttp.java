package dev.siren.guard.hub;

import dev.siren.guard.SirenVersion;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Locale;

/**
 * HTTP requests to the Hub and its CDN. Redirects are not followed automatically: callers follow them by hand so
 * the token is only ever sent to the Hub's own host. Connecting, the wait for an answer and every read of a body
 * are bounded by {@link HubTimeouts} ({@link TimedBody}). The client is created on the first request, so offline
 * and cache-only uses start no network threads. Thread-safe.
 */
final class HubHttp implements AutoCloseable {

    static final int MAX_REDIRECTS = 10;

    private final HubSettings settings;
    private HttpClient client;

    HubHttp(HubSettings settings) {
        this.settings = settings;
    }

    /** Sends a body-less request; {@code range} is a Range header value or null. The token goes to the Hub only. */
    HttpResponse<InputStream> send(URI url, String method, String range) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(settings.timeouts().silence())
                .header("User-Agent", "siren-java/" + SirenVersion.current())
                .header("Accept-Encoding", "identity")
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (settings.token() != null && isHub(url)) {
            request.header("Authorization", "Bearer " + settings.token());
        }
        if (range != null) {
            request.header("Range", range);
        }
        try {
            return client().send(request.build(), info -> HttpResponse.BodySubscribers.mapping(
                    HttpResponse.BodySubscribers.ofPublisher(), body -> new TimedBody(body, settings.timeouts(), url)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The absolute target of a redirect response: an http(s) URL with a host, else the redirect is refused. */
    static URI location(URI asked, HttpResponse<?> response) throws IOException {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new IOException(asked + " redirected without a Location"));
        try {
            URI target = asked.resolve(new URI(location));
            String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && target.getHost() != null) {
                return target;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw new HubException(asked + " redirected to " + HubNames.show(location) + ", which is not an http(s) URL");
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    boolean isHub(URI url) {
        URI hub = settings.endpoint();
        return url.getHost() != null && url.getHost().equalsIgnoreCase(hub.getHost()) && url.getPort() == hub.getPort();
    }

    /** A short reason for a network failure, for messages. */
    String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + settings.timeouts().silence().toMillis() / 1000.0
                    + " s (HF_HUB_DOWNLOAD_TIMEOUT)";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + settings.timeouts().silence().toMillis() / 1000.0
                    + " s (HF_HUB_DOWNLOAD_TIMEOUT)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(settings.timeouts().silence())
                    .build();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
