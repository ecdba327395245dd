package dev.siren.guard;

import dev.siren.guard.head.BackboneRef;
import dev.siren.guard.head.HeadWriter;
import dev.siren.guard.head.InvalidHeadException;
import dev.siren.guard.head.SirenHead;
import dev.siren.guard.head.TestHeads;
import dev.siren.guard.hub.FakeHub;
import dev.siren.guard.hub.HubException;
import dev.siren.guard.hub.HubSettings;
import dev.siren.guard.progress.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fromPretrained with heads and backbones from a (loopback) Hub, and its errors for names it cannot resolve. */
class GuardResolverTest {

    @TempDir
    Path dir;

    private GuardOptions options(FakeHub hub, boolean offline) {
        return GuardOptions.defaults().withProgress(Progress.NONE).withThreads(1)
                .withHub(new HubSettings(hub.endpoint(), null, dir.resolve("cache"), offline));
    }

    /** Publishes a tiny backbone as org/tiny-qwen and a head naming it (pinned to the commit) as org/siren-head. */
    private SirenHead publish(FakeHub hub) throws IOException {
        Path model = TinyModels.decoder(dir.resolve("model"), false, 3);
        for (String file : new String[]{"config.json", "tokenizer.json"}) {
            hub.addRegular("org/tiny-qwen", file, Files.readAllBytes(model.resolve(file)));
        }
        hub.addLfs("org/tiny-qwen", "model.safetensors", Files.readAllBytes(model.resolve("model.safetensors")));
        hub.addLfs("org/tiny-qwen", "pytorch_model.bin", new byte[]{1, 2, 3});
        hub.addRegular("org/tiny-qwen", "README.md", "# tiny".getBytes());
        SirenHead head = TestHeads.random(new BackboneRef("org/tiny-qwen", FakeHub.COMMIT, "qwen3",
                TinyModels.LAYERS, TinyModels.HIDDEN), 8, new int[]{8}, 4);
        Path headDir = dir.resolve("head");
        HeadWriter.write(head, headDir);
        hub.addRegular("org/siren-head", "siren_config.json", Files.readAllBytes(headDir.resolve("siren_config.json")));
        hub.addLfs("org/siren-head", "siren.safetensors", Files.readAllBytes(headDir.resolve("siren.safetensors")));
        return head;
    }

    @Test
    void headAndBackboneComeFromTheHubAtThePinnedRevisionAndThenFromTheCache() throws IOException {
        double online;
        try (FakeHub hub = new FakeHub()) {
            SirenHead head = publish(hub);
            try (SirenGuard guard = SirenGuard.fromPretrained("org/siren-head", options(hub, false))) {
                online = guard.score("hello world").score();
                assertEquals(head.classifier(), guard.head().classifier());
            }
            assertTrue(hub.requests("hub", "HEAD").stream()
                    .anyMatch(r -> r.path().equals("/org/tiny-qwen/resolve/" + FakeHub.COMMIT + "/model.safetensors")));
            assertTrue(hub.requests.stream().noneMatch(r -> r.path().contains("pytorch_model.bin")
                    || r.path().contains("README.md")), "only the files a backbone needs are downloaded");
            Path snapshot = dir.resolve("cache/models--org--tiny-qwen/snapshots/" + FakeHub.COMMIT);
            assertTrue(Files.exists(snapshot.resolve("model.safetensors")));
            assertTrue(Files.exists(snapshot.resolve("tokenizer.json")));
            try (SirenGuard local = SirenGuard.fromPretrained(dir.resolve("head").toString(),
                    options(hub, false).withBackbone(dir.resolve("model").toString()))) {
                assertEquals(online, local.score("hello world").score(), "same files, same score");
            }
        }
        try (FakeHub stopped = new FakeHub()) { // an empty server: only the cache can answer
            try (SirenGuard offline = SirenGuard.fromPretrained("org/siren-head", options(stopped, true))) {
                assertEquals(online, offline.score("hello world").score());
            }
            assertTrue(stopped.requests.isEmpty(), "offline mode sends no request");
        }
    }

    @Test
    void namesThatAreNeitherFoldersNorRepoIdsAreReported() throws IOException {
        try (FakeHub hub = new FakeHub()) {
            for (String path : new String[]{dir.resolve("missing").toString(), "./heads/nope", "heads/nope/",
                    "~/heads", "a/b/c"}) {
                var error = assertThrows(IllegalArgumentException.class,
                        () -> SirenGuard.fromPretrained(path, options(hub, false)));
                assertEquals("no such folder: " + path, error.getMessage());
            }
            var notRepoId = assertThrows(IllegalArgumentException.class,
                    () -> SirenGuard.fromPretrained("nope", options(hub, false)));
            assertEquals("no such folder: nope (nor a shipped guard: default, tuned, tuned-stream; nor a Hugging Face"
                            + " repo id, 'owner/name')",
                    notRepoId.getMessage());
            assertTrue(hub.requests.isEmpty(), "a name written as a path is not looked up on the Hub");
            SirenHead head = TestHeads.random(new BackboneRef("no such backbone!", null, "qwen3", 3, 32), 4,
                    new int[]{4}, 1);
            HeadWriter.write(head, dir.resolve("head"));
            var backbone = assertThrows(IllegalArgumentException.class,
                    () -> SirenGuard.fromPretrained(dir.resolve("head").toString(), options(hub, false)));
            assertTrue(backbone.getMessage().contains("backbone 'no such backbone!'"), backbone.getMessage());
            assertTrue(backbone.getMessage().contains("all-minilm-l6-v2"), backbone.getMessage());
        }
    }

    @Test
    void backboneRevisionFromAHeadCannotLeadOutsideTheCache() throws IOException {
        try (FakeHub hub = new FakeHub()) {
            publish(hub);
            SirenHead head = TestHeads.random(new BackboneRef("org/tiny-qwen", "../../../pwned", "qwen3",
                    TinyModels.LAYERS, TinyModels.HIDDEN), 8, new int[]{8}, 4);
            HeadWriter.write(head, dir.resolve("hostile-head"));
            var error = assertThrows(HubException.class, () -> SirenGuard.fromPretrained(
                    dir.resolve("hostile-head").toString(), options(hub, false)));
            assertTrue(error.getMessage().contains("siren_config.json (backbone) gives revision '../../../pwned'"),
                    error.getMessage());
            assertTrue(hub.requests.isEmpty(), "refused before any request: " + hub.requests);
            assertTrue(Files.notExists(dir.resolve("pwned")));
            try (var files = Files.list(dir)) {
                assertEquals(java.util.List.of("hostile-head", "model"), files.map(p -> p.getFileName().toString())
                        .filter(name -> !name.equals("head") && !name.equals("cache")).sorted().toList());
            }
        }
    }

    @Test
    void anOwnerNameThatIsNoFolderIsLookedUpOnTheHubAndTheErrorSaysBoth() throws IOException {
        try (FakeHub hub = new FakeHub()) {
            var error = assertThrows(HubException.class,
                    () -> SirenGuard.fromPretrained("heads/nope", options(hub, false)));
            assertTrue(error.getMessage().startsWith("no local folder 'heads/nope', and the Hugging Face Hub could not"
                    + " provide it: repository 'heads/nope' was not found"), error.getMessage());
        }
    }

    /** A listening socket whose accept queue is full: connections to it hang, as to a Hub behind a dead network. */
    @Test
    void anUnreachableHubFailsWithinSecondsNotAtTheHttpClientsConnectTimeout() throws IOException {
        try (ServerSocket blackHole = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket first = new Socket(blackHole.getInetAddress(), blackHole.getLocalPort());
             Socket second = new Socket(blackHole.getInetAddress(), blackHole.getLocalPort())) {
            URI endpoint = URI.create("http://127.0.0.1:" + blackHole.getLocalPort());
            GuardOptions options = GuardOptions.defaults().withProgress(Progress.NONE)
                    .withHub(new HubSettings(endpoint, null, dir.resolve("cache"), false));
            long start = System.nanoTime();
            var error = assertThrows(HubException.class, () -> SirenGuard.fromPretrained("heads/nope", options));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(error.getMessage().startsWith("no local folder 'heads/nope', and the Hugging Face Hub could not"
                    + " be reached: "), error.getMessage());
            assertTrue(error.getMessage().contains(endpoint.toString()), error.getMessage());
            assertTrue(seconds < HubProbe.TIMEOUT.toSeconds() + 5, "took " + seconds + " s");
        }
    }

    @Test
    void backboneOfTheWrongShapeIsAMismatch() throws IOException {
        try (FakeHub hub = new FakeHub()) {
            Path model = TinyModels.decoder(dir.resolve("model"), false, 3);
            SirenHead head = TestHeads.random(new BackboneRef("Qwen/Qwen3-0.6B", null, "qwen3", 28, 1024), 4,
                    new int[]{4}, 1);
            HeadWriter.write(head, dir.resolve("head"));
            var error = assertThrows(InvalidHeadException.class, () -> SirenGuard.fromPretrained(
                    dir.resolve("head").toString(), options(hub, false).withBackbone(model.toString())));
            assertTrue(error.getMessage().contains("backbone mismatch: the head was trained on Qwen/Qwen3-0.6B"),
                    error.getMessage());
            assertTrue(error.getMessage().contains("3 layers and hidden size 32"), error.getMessage());
        }
    }

    /** Agent-SIREN heads render conversations with the backbone's template, which newer repos keep in its own file. */
    @Test
    void aBackboneDownloadTakesTheChatTemplateFileAndNoOtherWeightFormats() {
        assertTrue(GuardResolver.isBackboneFile("chat_template.jinja"));
        assertTrue(GuardResolver.isBackboneFile("model-00001-of-00002.safetensors"));
        assertFalse(GuardResolver.isBackboneFile("pytorch_model.bin"));
    }
}
