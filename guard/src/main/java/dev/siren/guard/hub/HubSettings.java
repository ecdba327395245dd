package dev.siren.guard.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how to reach the Hugging Face Hub, read from the same environment variables as {@code huggingface_hub}:
 * HF_ENDPOINT (default https://huggingface.co), HF_TOKEN (else the token file $HF_HOME/token, or HF_TOKEN_PATH),
 * HF_HUB_OFFLINE (1/true/yes/on), and the cache HF_HUB_CACHE, else $HF_HOME/hub, else
 * $XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub; and the download timeouts ({@link HubTimeouts}:
 * HF_HUB_DOWNLOAD_TIMEOUT, SIREN_HUB_MIN_SPEED).
 *
 * @param endpoint base URL of the Hub
 * @param token    access token for gated or private repos, or null
 * @param cacheDir the hub cache (holds models--org--name folders)
 * @param offline  when true, nothing is requested: files come from the cache or the call fails
 * @param timeouts how long a download may wait for the server
 */
public record HubSettings(URI endpoint, String token, Path cacheDir, boolean offline, HubTimeouts timeouts) {

    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    public HubSettings {
        String text = endpoint.toString();
        if (text.endsWith("/")) {
            endpoint = URI.create(text.substring(0, text.length() - 1));
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (timeouts == null) {
            timeouts = HubTimeouts.DEFAULTS;
        }
    }

    /** Settings with the default timeouts. */
    public HubSettings(URI endpoint, String token, Path cacheDir, boolean offline) {
        this(endpoint, token, cacheDir, offline, HubTimeouts.DEFAULTS);
    }

    public static HubSettings fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** Reads the settings from the given variables (testable without touching the real environment). */
    static HubSettings fromEnvironment(Map<String, String> env, Path home) {
        Path hfHome = env.containsKey("HF_HOME") ? Path.of(env.get("HF_HOME"))
                : (env.containsKey("XDG_CACHE_HOME") ? Path.of(env.get("XDG_CACHE_HOME")) : home.resolve(".cache"))
                        .resolve("huggingface");
        Path cache = env.containsKey("HF_HUB_CACHE") ? Path.of(env.get("HF_HUB_CACHE")) : hfHome.resolve("hub");
        String token = env.get("HF_TOKEN");
        if (token == null) {
            Path tokenFile = env.containsKey("HF_TOKEN_PATH") ? Path.of(env.get("HF_TOKEN_PATH")) : hfHome.resolve("token");
            token = readToken(tokenFile);
        }
        URI endpoint = URI.create(env.getOrDefault("HF_ENDPOINT", DEFAULT_ENDPOINT));
        return new HubSettings(endpoint, token, cache, isTrue(env.get("HF_HUB_OFFLINE")),
                HubTimeouts.fromEnvironment(env));
    }

    public HubSettings withOffline(boolean offline) {
        return new HubSettings(endpoint, token, cacheDir, offline, timeouts);
    }

    public HubSettings withTimeouts(HubTimeouts timeouts) {
        return new HubSettings(endpoint, token, cacheDir, offline, timeouts);
    }

    private static String readToken(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isTrue(String value) {
        return value != null && switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return "HubSettings[endpoint=" + endpoint + ", token=" + (token == null ? "none" : "set") + ", cache="
                + cacheDir + ", offline=" + offline + ", timeouts=" + timeouts + "]";
    }
}
