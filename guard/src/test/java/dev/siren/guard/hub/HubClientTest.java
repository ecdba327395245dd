package dev.siren.guard.hub;

import dev.siren.guard.progress.Progress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubClientTest {

    @TempDir
    Path cacheDir;

    private FakeHub hub;
    private final byte[] weights = new byte[300_000];

    @BeforeEach
    void startHub() throws IOException {
        new Random(5).nextBytes(weights);
        hub = new FakeHub();
        hub.addRegular("config.json", "{\"num_layers\": 3}");
        hub.addLfs("model.safetensors", weights);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private HubClient client(String token, boolean offline) {
        return new HubClient(new HubSettings(hub.endpoint(), token, cacheDir, offline), Progress.NONE);
    }

    private Path repoDir() {
        return cacheDir.resolve("models--org--model");
    }

    @Test
    void lfsFileLandsInTheHfCacheLayoutViaTheCdnRedirect() throws IOException {
        Path file = client(null, false).download(FakeHub.REPO, "main", "model.safetensors");
        String sha = FakeHub.sha256(weights);
        assertEquals(repoDir().resolve("snapshots").resolve(FakeHub.COMMIT).resolve("model.safetensors"), file);
        assertTrue(Files.isSymbolicLink(file));
        assertEquals(Path.of("../../blobs/" + sha), Files.readSymbolicLink(file));
        assertArrayEquals(weights, Files.readAllBytes(repoDir().resolve("blobs").resolve(sha)));
        assertEquals(FakeHub.COMMIT, Files.readString(repoDir().resolve("refs").resolve("main")));
        assertEquals(1, hub.requests("cdn", "GET").size());
    }

    @Test
    void regularFileIsNamedByItsEtagWithoutQuotesOrWeakPrefix() throws IOException {
        Path file = client(null, false).download(FakeHub.REPO, "main", "config.json");
        assertEquals("{\"num_layers\": 3}", Files.readString(file));
        String etag = FakeHub.sha256("{\"num_layers\": 3}".getBytes()).substring(0, 40);
        assertTrue(Files.isRegularFile(repoDir().resolve("blobs").resolve(etag)));
    }

    @Test
    void emptyFileIsDownloaded() throws IOException {
        hub.addRegular("empty.txt", "");
        assertEquals(0, Files.size(client(null, false).download(FakeHub.REPO, "main", "empty.txt")));
    }

    @Test
    void secondDownloadIsServedFromTheCacheWithoutFetchingTheBlob() {
        HubClient client = client(null, false);
        client.download(FakeHub.REPO, "main", "model.safetensors");
        client.download(FakeHub.REPO, "main", "model.safetensors");
        assertEquals(1, hub.requests("cdn", "GET").size());
    }

    @Test
    void interruptedDownloadResumesWithARangeRequest() throws IOException {
        hub.cutNextBodyAfter.set(100_000);
        Path file = client(null, false).download(FakeHub.REPO, "main", "model.safetensors");
        assertArrayEquals(weights, Files.readAllBytes(file));
        var gets = hub.requests("cdn", "GET");
        assertEquals(2, gets.size(), gets.toString());
        assertNull(gets.get(0).range());
        String range = gets.get(1).range();
        assertTrue(range != null && range.matches("bytes=\\d+-"), "second request should resume: " + range);
        assertTrue(Long.parseLong(range.replaceAll("\\D", "")) > 0, range);
    }

    @Test
    void partialFileLeftByAnEarlierRunIsResumed() throws IOException {
        String sha = FakeHub.sha256(weights);
        Path partial = repoDir().resolve("blobs").resolve(sha + ".incomplete");
        Files.createDirectories(partial.getParent());
        Files.write(partial, java.util.Arrays.copyOf(weights, 123_456));
        Path file = client(null, false).download(FakeHub.REPO, "main", "model.safetensors");
        assertArrayEquals(weights, Files.readAllBytes(file));
        assertEquals("bytes=123456-", hub.requests("cdn", "GET").getFirst().range());
        assertTrue(Files.notExists(partial));
    }

    @Test
    void corruptPartialFileIsDetectedBySha256AndRemoved() throws IOException {
        String sha = FakeHub.sha256(weights);
        Path partial = repoDir().resolve("blobs").resolve(sha + ".incomplete");
        Files.createDirectories(partial.getParent());
        Files.write(partial, new byte[1000]); // wrong bytes: resuming after them gives a wrong file
        var error = assertThrows(HubException.class,
                () -> client(null, false).download(FakeHub.REPO, "main", "model.safetensors"));
        assertTrue(error.getMessage().contains("is corrupt: sha256"), error.getMessage());
        assertTrue(Files.notExists(partial));
        Path file = client(null, false).download(FakeHub.REPO, "main", "model.safetensors");
        assertArrayEquals(weights, Files.readAllBytes(file));
    }

    @Test
    void tokenGoesToTheHubButNotToTheCdn() {
        client("hf_secret", false).download(FakeHub.REPO, "main", "model.safetensors");
        assertEquals("Bearer hf_secret", hub.requests("hub", "HEAD").getFirst().authorization());
        assertNull(hub.requests("cdn", "GET").getFirst().authorization());
    }

    @Test
    void offlineModeServesTheCacheAndNamesWhatIsMissing() {
        client(null, false).download(FakeHub.REPO, "main", "config.json");
        int before = hub.requests.size();
        Path cached = client(null, true).download(FakeHub.REPO, "main", "config.json");
        assertTrue(Files.exists(cached));
        assertEquals(before, hub.requests.size(), "offline mode must not contact the server");
        var error = assertThrows(HubException.class,
                () -> client(null, true).download(FakeHub.REPO, "main", "model.safetensors"));
        assertTrue(error.getMessage().contains("HF_HUB_OFFLINE is set and 'model.safetensors'"), error.getMessage());
    }

    @Test
    void unreachableHubFallsBackToTheCache() {
        HubClient client = client(null, false);
        client.download(FakeHub.REPO, "main", "config.json");
        hub.close();
        assertTrue(Files.exists(client.download(FakeHub.REPO, "main", "config.json")));
        var error = assertThrows(HubException.class, () -> client.download(FakeHub.REPO, "main", "other.json"));
        assertTrue(error.getMessage().contains("cannot reach"), error.getMessage());
    }

    @Test
    void gatedMissingAndUnknownGiveActionableErrors() {
        HubClient client = client(null, false);
        var gated = assertThrows(HubException.class, () -> client.download("org/gated", "main", "config.json"));
        assertTrue(gated.getMessage().contains("'org/gated' is gated: request access at " + hub.endpoint()
                + "/org/gated and set HF_TOKEN"), gated.getMessage());
        var unknown = assertThrows(HubException.class, () -> client.download("org/absent", "main", "config.json"));
        assertTrue(unknown.getMessage().contains("'org/absent' was not found, or it is private or gated"),
                unknown.getMessage());
        var noFile = assertThrows(HubException.class, () -> client.download(FakeHub.REPO, "main", "nope.bin"));
        assertTrue(noFile.getMessage().contains("file 'nope.bin' does not exist in repository 'org/model'"),
                noFile.getMessage());
        var noRevision = assertThrows(HubException.class, () -> client.download(FakeHub.REPO, "v9", "config.json"));
        assertTrue(noRevision.getMessage().contains("revision 'v9' does not exist"), noRevision.getMessage());
        var badId = assertThrows(HubException.class, () -> client.download("../etc", "main", "passwd"));
        assertTrue(badId.getMessage().contains("is not a Hugging Face repo id"), badId.getMessage());
    }

    @Test
    void renamedRepoRedirectIsFollowed() throws IOException {
        Path file = client(null, false).download("old-org/model", "main", "config.json");
        assertEquals("{\"num_layers\": 3}", Files.readString(file));
    }

    @Test
    void snapshotDownloadsTheWantedFilesOfOneCommit() {
        Path snapshot = client(null, false).snapshot(FakeHub.REPO, "main", name -> name.endsWith(".json"));
        assertEquals(repoDir().resolve("snapshots").resolve(FakeHub.COMMIT), snapshot);
        assertTrue(Files.exists(snapshot.resolve("config.json")));
        assertTrue(Files.notExists(snapshot.resolve("model.safetensors")));
        Path offline = client(null, true).snapshot(FakeHub.REPO, "main", name -> name.endsWith(".json"));
        assertEquals(snapshot, offline);
    }

    @Test
    void settingsFollowHuggingFaceHubEnvironmentVariables(@TempDir Path home) throws IOException {
        HubSettings defaults = HubSettings.fromEnvironment(Map.of(), home);
        assertEquals(home.resolve(".cache/huggingface/hub"), defaults.cacheDir());
        assertEquals("https://huggingface.co", defaults.endpoint().toString());
        assertNull(defaults.token());
        Path hfHome = home.resolve("hf");
        Files.createDirectories(hfHome);
        Files.writeString(hfHome.resolve("token"), "hf_fromfile\n");
        HubSettings custom = HubSettings.fromEnvironment(Map.of("HF_HOME", hfHome.toString(),
                "HF_ENDPOINT", "http://mirror.local/", "HF_HUB_OFFLINE", "1"), home);
        assertEquals(hfHome.resolve("hub"), custom.cacheDir());
        assertEquals("hf_fromfile", custom.token());
        assertEquals("http://mirror.local", custom.endpoint().toString());
        assertTrue(custom.offline());
        HubSettings explicit = HubSettings.fromEnvironment(Map.of("HF_HOME", hfHome.toString(),
                "HF_HUB_CACHE", "/data/hub", "HF_TOKEN", "hf_env"), home);
        assertEquals(Path.of("/data/hub"), explicit.cacheDir());
        assertEquals("hf_env", explicit.token());
    }
}
