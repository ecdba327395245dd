package dev.siren.guard.hub;

import dev.siren.guard.progress.Progress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Hub client against a hostile or broken Hub on loopback: each misbehaviour fails with a message naming it and
 * writes nothing outside the cache. Timeouts are tested with short ones ({@link #FAST}); the rest keep the defaults
 * so a busy machine cannot fail them. A client that hangs fails the test by JUnit's timeout.
 */
@Timeout(10)
class HubHostileTest {

    /** For the tests of timeouts: short enough for fast tests, long enough for a busy machine's loopback. */
    private static final HubTimeouts FAST = new HubTimeouts(Duration.ofMillis(700), 1_000, Duration.ofMillis(200));

    @TempDir
    Path dir;

    private Path cacheDir;
    private FakeHub hub;
    private final byte[] weights = new byte[300_000];

    @BeforeEach
    void startHub() {
        cacheDir = dir.resolve("cache");
        new Random(7).nextBytes(weights);
        try {
            hub = new FakeHub();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        hub.addRegular("config.json", "{\"num_layers\": 3}");
        hub.addLfs("model.safetensors", weights);
    }

    @AfterEach
    void stopHub() throws IOException {
        hub.close();
        assertEquals(List.of(), outsideTheCache(), "nothing may be written outside the cache");
    }

    private HubClient client() {
        return client(HubTimeouts.DEFAULTS);
    }

    private HubClient client(HubTimeouts timeouts) {
        return new HubClient(new HubSettings(hub.endpoint(), null, cacheDir, false, timeouts), Progress.NONE);
    }

    /** A client with {@link #FAST} timeouts that has already talked to the Hub, so only the CDN's delays count. */
    private HubClient warmFastClient() {
        HubClient client = client(FAST);
        client.download(FakeHub.REPO, "main", "config.json");
        return client;
    }

    /** Everything under the test's folder but outside the cache root. */
    private List<Path> outsideTheCache() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir) && !p.startsWith(cacheDir)).toList();
        }
    }

    private Path blobs() {
        return cacheDir.resolve("models--org--model").resolve("blobs");
    }

    private List<Path> filesUnder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static String failure(Executable call, String... expected) {
        String message = assertThrows(HubException.class, call).getMessage();
        for (String part : expected) {
            assertTrue(message.contains(part), "'" + part + "' missing in: " + message);
        }
        return message;
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"../../../pwned\"", "W/\"a/b\"", "..", "\"x\\\\y\"", "\"abc def\"", "\"\""})
    void etagsThatAreNotBlobNamesAreRefused(String etag) throws IOException {
        hub.etagHeader = etag;
        for (String file : new String[]{"config.json", "model.safetensors"}) {
            failure(() -> client().download(FakeHub.REPO, "main", file), "gave ETag", "expected up to 128 letters");
        }
        assertEquals(List.of(), filesUnder(cacheDir));
        assertTrue(hub.requests("cdn", "GET").isEmpty(), "no byte is fetched for a refused blob name");
    }

    @Test
    void overLongEtagIsRefusedAndAQuotedWeakHexEtagIsAccepted() throws IOException {
        hub.etagHeader = "\"" + "a".repeat(129) + "\"";
        failure(() -> client().download(FakeHub.REPO, "main", "config.json"), "gave ETag");
        hub.etagHeader = "W/\"5d41402abc4b2a76b9719d911017c592-3\""; // an object store's multipart ETag
        Path file = client().download(FakeHub.REPO, "main", "config.json");
        assertEquals("{\"num_layers\": 3}", Files.readString(file));
        assertTrue(Files.isRegularFile(blobs().resolve("5d41402abc4b2a76b9719d911017c592-3")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../../pwned", "0123456789abcdef0123456789abcdef0123456", "../../..",
            "0123456789ABCDEF0123456789ABCDEF01234567", "0123456789abcdef0123456789abcdef01234567/.."})
    void repoCommitsThatAreNotHexIdsAreRefused(String commit) throws IOException {
        hub.commitHeader = commit;
        failure(() -> client().download(FakeHub.REPO, "main", "model.safetensors"), "(X-Repo-Commit) gave commit",
                "expected 40 hex digits");
        assertEquals(List.of(), filesUnder(cacheDir));
    }

    @Test
    void listingShaThatIsNotAHexIdIsRefused() throws IOException {
        hub.listingSha = "../../../pwned";
        failure(() -> client().snapshot(FakeHub.REPO, "main", name -> true), "('sha') gave commit '../../../pwned'");
        assertEquals(List.of(), filesUnder(cacheDir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../../pwned", "refs/../../../../pwned", "/ABSOLUTE/pwned", "a\\b", "a\u0001b",
            "v1..2", "refs/pr/", ".hidden", "main.lock", "x@{1}", "a b"})
    void revisionsThatAreNotRefNamesAreRefusedBeforeAnyRequest(String name) throws IOException {
        String revision = name.replace("/ABSOLUTE", dir.toString());
        failure(() -> client().snapshot(FakeHub.REPO, revision, file -> true), "gives revision",
                "not a valid branch, tag or commit name");
        failure(() -> client().download(FakeHub.REPO, revision, "config.json"), "gives revision");
        assertTrue(hub.requests.isEmpty(), hub.requests.toString());
        assertEquals(List.of(), filesUnder(cacheDir));
    }

    @Test
    void refFileInTheCacheThatHoldsAPathIsRefused() throws IOException {
        Path ref = cacheDir.resolve("models--org--model/refs/main");
        Files.createDirectories(ref.getParent());
        Files.writeString(ref, "../../../pwned");
        HubClient offline = new HubClient(new HubSettings(hub.endpoint(), null, cacheDir, true), Progress.NONE);
        failure(() -> offline.download(FakeHub.REPO, "main", "config.json"), "the cache's ref file " + ref
                + " gave commit '../../../pwned'");
    }

    @Test
    void slashedRevisionIsStoredUnderRefsAsHuggingFaceHubDoes() throws IOException {
        client().snapshot(FakeHub.REPO, "refs/pr/1", name -> name.equals("config.json"));
        assertEquals(FakeHub.COMMIT, Files.readString(cacheDir.resolve("models--org--model/refs/refs/pr/1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../../pwned.json", "a/../../../../pwned.json", "/ABSOLUTE/pwned.json", "a//b.json",
            "./config.json", "sub\\..\\..\\x.json"})
    void fileNamesThatLeaveTheRepoAreRefused(String name) throws IOException {
        String filename = name.replace("/ABSOLUTE", dir.toString());
        failure(() -> client().download(FakeHub.REPO, "main", filename), "names file", "not a relative path");
        hub.extraListed.add(filename);
        failure(() -> client().snapshot(FakeHub.REPO, "main", n -> true), "the file list of 'org/model'",
                "not a relative path");
        assertTrue(hub.requests("hub", "HEAD").stream().noneMatch(r -> r.path().contains("pwned")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "http://[bad", "ftp://127.0.0.1/x", "jar:file:/x.jar!/y"})
    void redirectsToWhatIsNotAnHttpUrlAreRefused(String location) {
        hub.lfsLocation = location;
        failure(() -> client().download(FakeHub.REPO, "main", "model.safetensors"), "redirected to '" + location
                + "', which is not an http(s) URL");
    }

    @Test
    void hubThatNeverAnswersTimesOut() {
        hub.hubSilent = true;
        failure(() -> client(FAST).download(FakeHub.REPO, "main", "config.json"), "cannot reach " + hub.endpoint(),
                "'config.json'", "no answer within 0.7 s (HF_HUB_DOWNLOAD_TIMEOUT)");
    }

    @Test
    void cdnThatNeverAnswersGivesUpAfterTwoFruitlessAttempts() throws IOException {
        HubClient client = warmFastClient();
        hub.cdnMode = FakeHub.Cdn.SILENT;
        failure(() -> client.download(FakeHub.REPO, "main", "model.safetensors"), "'model.safetensors'",
                "gave up on http://127.0.0.1:", "after 2 attempts (no answer within 0.7 s");
        assertTrue(filesUnder(blobs()).stream().noneMatch(p -> p.getFileName().toString().equals(
                FakeHub.sha256(weights))), "nothing is promoted to the blob");
    }

    @Test
    void cdnFallingSilentMidBodyIsDroppedAndResumed() throws IOException {
        HubClient client = warmFastClient();
        hub.stallNextBodyAfter.set(100_000);
        Path file = client.download(FakeHub.REPO, "main", "model.safetensors");
        assertEquals(FakeHub.sha256(weights), FakeHub.sha256(Files.readAllBytes(file)));
        var gets = hub.requests("cdn", "GET");
        assertEquals(2, gets.size(), gets.toString());
        assertTrue(gets.get(1).range().matches("bytes=[1-9][0-9]*-"), gets.get(1).range());
    }

    @Test
    void tricklingCdnIsAbandonedAndItsPartialFileKeptForResuming() throws IOException {
        HubClient client = warmFastClient();
        hub.cdnMode = FakeHub.Cdn.TRICKLE;
        failure(() -> client.download(FakeHub.REPO, "main", "model.safetensors"),
                "downloading 'model.safetensors' stopped: http://127.0.0.1:", "under the minimum of 1000 bytes/s"
                        + " (SIREN_HUB_MIN_SPEED)", "is kept and the next run resumes it");
        String sha = FakeHub.sha256(weights);
        assertTrue(Files.notExists(blobs().resolve(sha)));
        Path partial = blobs().resolve(sha + ".incomplete");
        assertTrue(Files.size(partial) > 0 && Files.size(partial) < weights.length);
        hub.cdnMode = FakeHub.Cdn.NORMAL;
        Path file = client().download(FakeHub.REPO, "main", "model.safetensors");
        assertEquals(sha, FakeHub.sha256(Files.readAllBytes(file)));
        assertTrue(hub.requests("cdn", "GET").getLast().range().matches("bytes=[1-9][0-9]*-"));
    }

    @Test
    void bodyLongerThanTheAnnouncedSizeIsCutOffAndRemoved() throws IOException {
        hub.sizeHeader = "1000";
        failure(() -> client().download(FakeHub.REPO, "main", "model.safetensors"),
                "'model.safetensors' is longer than the 1000 bytes the Hub announced");
        assertEquals(List.of(), filesUnder(blobs()));
    }

    @Test
    void bodyShorterThanTheAnnouncedSizeIsNotKept() throws IOException {
        hub.sizeHeader = String.valueOf(weights.length + 10);
        failure(() -> client().download(FakeHub.REPO, "main", "model.safetensors"),
                "has 300000 bytes, the Hub announced 300010");
        assertEquals(List.of(), filesUnder(blobs()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-5", "99999999999999999999"})
    void sizeThatIsNotANumberIsRefused(String size) {
        hub.sizeHeader = size;
        failure(() -> client().download(FakeHub.REPO, "main", "model.safetensors"), "gave the file's size as '"
                + size + "', not a number");
    }

    @Test
    void blobWhoseSha256DiffersFromItsEtagIsNotKept() throws IOException {
        hub.cdnMode = FakeHub.Cdn.WRONG_BYTES;
        failure(() -> client().download(FakeHub.REPO, "main", "model.safetensors"),
                "'model.safetensors' is corrupt: sha256", "the Hub's ETag is " + FakeHub.sha256(weights));
        assertEquals(List.of(), filesUnder(blobs()));
    }

    @Test
    void symbolicLinkInTheCacheCannotLeadAWriteOutside() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createDirectories(blobs().getParent());
        Files.createSymbolicLink(blobs(), elsewhere);
        failure(() -> client().download(FakeHub.REPO, "main", "config.json"), "leads outside the HF cache",
                "through a symbolic link");
        assertEquals(List.of(), filesUnder(elsewhere));
        Files.delete(blobs());
        Files.delete(elsewhere);
    }
}
