package dev.siren.guard.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for the Hugging Face Hub, answering as the real one does: HEAD/GET on
 * /{repo}/resolve/{rev}/{file} with X-Repo-Commit and ETag; LFS files redirect (302) to a separate CDN server
 * with X-Linked-Etag (their sha256) and X-Linked-Size; /api/models/{repo}/revision/{rev} lists files; gated,
 * unknown repos and missing files answer 403/401/404 with X-Error-Code. The CDN honours Range and can be told to
 * drop the connection part-way through a body. The fields under "misbehaviours" turn it into a hostile or broken
 * Hub: path-like ids in its headers and listing, lies about sizes, wrong bytes, silence and trickled bodies.
 */
public final class FakeHub implements AutoCloseable {

    public static final String REPO = "org/model";
    public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final Set<String> REVISIONS = Set.of("main", "refs/pr/1", COMMIT);

    /** How the CDN answers a GET. */
    enum Cdn {
        NORMAL,
        /** accepts the connection and never answers */
        SILENT,
        /** sends the headers, then one byte every 10 ms */
        TRICKLE,
        /** sends the announced number of bytes, but not the file's */
        WRONG_BYTES
    }

    /** One request as the server saw it. */
    public record Seen(String server, String method, String path, String range, String authorization) {
    }

    public final List<Seen> requests = new CopyOnWriteArrayList<>();
    /** When > 0, the next CDN body stops after this many bytes and the connection is dropped. */
    final AtomicInteger cutNextBodyAfter = new AtomicInteger();
    /** When > 0, the next CDN body stops after this many bytes and the connection stays open, silent. */
    final AtomicInteger stallNextBodyAfter = new AtomicInteger();

    // Misbehaviours: null / false / NORMAL answer as the real Hub does.
    /** X-Repo-Commit on resolve answers. */
    volatile String commitHeader;
    /** ETag of regular files and X-Linked-Etag of LFS files, sent as is. */
    volatile String etagHeader;
    /** X-Linked-Size of LFS files. */
    volatile String sizeHeader;
    /** Where LFS files redirect to. */
    volatile String lfsLocation;
    /** 'sha' of the API's listing. */
    volatile String listingSha;
    /** Names the listing adds to the repo's files. */
    final List<String> extraListed = new CopyOnWriteArrayList<>();
    /** The Hub accepts requests and never answers them. */
    volatile boolean hubSilent;
    volatile Cdn cdnMode = Cdn.NORMAL;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    /** repo -> file -> bytes; LFS files are served through the CDN. */
    private final Map<String, Map<String, byte[]>> regularFiles = new LinkedHashMap<>();
    private final Map<String, Map<String, byte[]>> lfsFiles = new LinkedHashMap<>();
    private final HttpServer hub;
    private final HttpServer cdn;

    public FakeHub() throws IOException {
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/", this::handleHub);
        cdn.createContext("/", this::handleCdn);
        hub.setExecutor(handlers); // a silent handler must not hold up the others
        cdn.setExecutor(handlers);
        hub.start();
        cdn.start();
    }

    void addRegular(String name, String content) {
        addRegular(REPO, name, content.getBytes(StandardCharsets.UTF_8));
    }

    void addLfs(String name, byte[] content) {
        addLfs(REPO, name, content);
    }

    public void addRegular(String repo, String name, byte[] content) {
        regularFiles.computeIfAbsent(repo, r -> new LinkedHashMap<>()).put(name, content);
    }

    public void addLfs(String repo, String name, byte[] content) {
        lfsFiles.computeIfAbsent(repo, r -> new LinkedHashMap<>()).put(name, content);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Seen> requests(String server, String method) {
        return requests.stream().filter(r -> r.server.equals(server) && r.method.equals(method)).toList();
    }

    private void record(String server, HttpExchange exchange) {
        requests.add(new Seen(server, exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Range"), exchange.getRequestHeaders().getFirst("Authorization")));
    }

    private void handleHub(HttpExchange exchange) throws IOException {
        record("hub", exchange);
        String path = exchange.getRequestURI().getRawPath();
        if (hubSilent) {
            awaitClose(exchange);
        } else if (path.startsWith("/org/gated/")) {
            error(exchange, 403, "GatedRepo", "Access to model org/gated is restricted.");
        } else if (path.startsWith("/old-org/model/")) { // a renamed repo: relative redirect to the new name
            exchange.getResponseHeaders().add("Location", path.replace("/old-org/model/", "/org/model/"));
            send(exchange, 307, new byte[0]);
        } else if (path.startsWith("/api/models/")) {
            String rest = path.substring("/api/models/".length());
            String repo = rest.substring(0, rest.indexOf("/revision/"));
            if (!regularFiles.containsKey(repo) && !lfsFiles.containsKey(repo)) {
                error(exchange, 401, "RepoNotFound", "Repository not found");
                return;
            }
            String sha = listingSha != null ? listingSha : COMMIT;
            StringBuilder json = new StringBuilder("{\"sha\":" + jsonString(sha) + ",\"siblings\":[");
            List<String> names = new java.util.ArrayList<>(regularFiles.getOrDefault(repo, Map.of()).keySet());
            names.addAll(lfsFiles.getOrDefault(repo, Map.of()).keySet());
            names.addAll(extraListed);
            for (int i = 0; i < names.size(); i++) {
                json.append(i == 0 ? "" : ",").append("{\"rfilename\":").append(jsonString(names.get(i))).append("}");
            }
            send(exchange, 200, json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        } else if (path.contains("/resolve/") && repoOf(path) != null) {
            String repo = repoOf(path);
            String rest = path.substring(("/" + repo + "/resolve/").length());
            String revision = URLDecoder.decode(rest.substring(0, rest.indexOf('/')), StandardCharsets.UTF_8);
            String file = rest.substring(rest.indexOf('/') + 1);
            Map<String, byte[]> regular = regularFiles.getOrDefault(repo, Map.of());
            Map<String, byte[]> lfs = lfsFiles.getOrDefault(repo, Map.of());
            String commit = commitHeader != null ? commitHeader : COMMIT;
            if (!REVISIONS.contains(revision)) {
                error(exchange, 404, "RevisionNotFound", "Invalid rev id: " + revision);
            } else if (regular.containsKey(file)) {
                byte[] content = regular.get(file);
                exchange.getResponseHeaders().add("X-Repo-Commit", commit);
                exchange.getResponseHeaders().add("ETag", etagHeader != null ? etagHeader
                        : "W/\"" + sha256(content).substring(0, 40) + "\"");
                send(exchange, 200, content);
            } else if (lfs.containsKey(file)) {
                byte[] content = lfs.get(file);
                exchange.getResponseHeaders().add("X-Repo-Commit", commit);
                exchange.getResponseHeaders().add("X-Linked-Etag", etagHeader != null ? etagHeader
                        : "\"" + sha256(content) + "\"");
                exchange.getResponseHeaders().add("X-Linked-Size", sizeHeader != null ? sizeHeader
                        : String.valueOf(content.length));
                exchange.getResponseHeaders().add("ETag", "\"not-the-blob-etag\"");
                exchange.getResponseHeaders().add("Location", lfsLocation != null ? lfsLocation
                        : "http://127.0.0.1:" + cdn.getAddress().getPort() + "/blobs/" + sha256(content) + "?sig=x");
                send(exchange, 302, new byte[0]);
            } else {
                error(exchange, 404, "EntryNotFound", file + " does not exist on \"main\"");
            }
        } else {
            error(exchange, 401, "RepoNotFound", "Repository not found");
        }
    }

    private void handleCdn(HttpExchange exchange) throws IOException {
        record("cdn", exchange);
        String sha = exchange.getRequestURI().getRawPath().substring("/blobs/".length());
        byte[] content = lfsFiles.values().stream().flatMap(files -> files.values().stream())
                .filter(c -> sha256(c).equals(sha)).findFirst().orElse(null);
        if (content == null) {
            send(exchange, 404, new byte[0]);
            return;
        }
        String range = exchange.getRequestHeaders().getFirst("Range");
        int start = 0;
        int status = 200;
        if (range != null) {
            start = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
            status = 206;
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
        }
        byte[] body = java.util.Arrays.copyOfRange(content, start, content.length);
        switch (cdnMode) {
            case SILENT -> {
                awaitClose(exchange);
                return;
            }
            case TRICKLE -> {
                trickle(exchange, status, body);
                return;
            }
            case WRONG_BYTES -> body = new byte[body.length];
            case NORMAL -> {
            }
        }
        int stall = stallNextBodyAfter.getAndSet(0);
        if (stall > 0) {
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body, 0, stall);
            exchange.getResponseBody().flush();
            awaitClose(exchange);
            return;
        }
        int cut = cutNextBodyAfter.getAndSet(0);
        if (cut > 0 && !exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, cut);
            out.flush();
            // Fewer bytes than announced: the JDK server closes the socket, as a dropped connection would.
            exchange.close();
            return;
        }
        send(exchange, status, body);
    }

    /** Holds the request unanswered until the fake is closed. */
    private void awaitClose(HttpExchange exchange) {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.close();
    }

    /** Announces the whole body, then sends it a byte at a time, 10 ms apart, until the client hangs up. */
    private void trickle(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            for (byte b : body) {
                out.write(b);
                out.flush();
                if (closing.await(10, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client hung up, or the fake is closing
        }
    }

    private static String jsonString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The served repo a /{org}/{name}/resolve/... path names, or null. */
    private String repoOf(String path) {
        int resolve = path.indexOf("/resolve/");
        String repo = path.substring(1, resolve);
        return regularFiles.containsKey(repo) || lfsFiles.containsKey(repo) ? repo : null;
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        exchange.getResponseHeaders().add("X-Error-Code", code);
        exchange.getResponseHeaders().add("X-Error-Message", message);
        send(exchange, status, message.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (head) {
            exchange.getResponseHeaders().add("Content-Length", String.valueOf(body.length));
        }
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        closing.countDown();
        hub.stop(0);
        cdn.stop(0);
        handlers.shutdownNow();
    }
}
