package dev.siren.guard.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The names real repos use pass; the checks themselves are driven against a hostile Hub in HubHostileTest. */
class HubNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"main", "v1.0", "refs/pr/1", "refs/convert/parquet", "release-2024_05",
            "0123456789abcdef0123456789abcdef01234567", "feature/ünïcode"})
    void realRevisionsPass(String revision) {
        assertEquals(revision, HubNames.revision(revision, "test"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"config.json", "onnx/model.onnx", "1_Pooling/config.json", "model-00001-of-00002.safetensors",
            "weird name (1).txt", "..hidden/..x", "a.b/c..d"})
    void realFileNamesPass(String name) {
        assertEquals(name, HubNames.filename(name, "test"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Qwen/Qwen3-0.6B", "meta-llama/Llama-3.2-1B", "gpt2", "org/name_with.dots"})
    void realRepoIdsPass(String repoId) {
        assertEquals(repoId, HubNames.repoId(repoId));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc", "org/../x", "org/name/extra", "a--b/c", "org/name.", "/org/name", "org/", ""})
    void repoIdsThatAreNotOrgSlashNameAreRefused(String repoId) {
        var error = assertThrows(HubException.class, () -> HubNames.repoId(repoId));
        assertTrue(error.getMessage().contains("is not a Hugging Face repo id"), error.getMessage());
    }

    @Test
    void etagLosesItsWeakPrefixAndQuotesAsInHuggingFaceHub() {
        String sha = "5f10f6b76a2300cdd4c7a258bdf50a191e2bbf42c3541e8c0e097814626c3c4c";
        assertEquals(sha, HubNames.etag("\"" + sha + "\"", "test"));
        assertEquals("abc-12", HubNames.etag("W/\"abc-12\"", "test"));
        assertTrue(HubNames.isSha256(sha));
    }

    @Test
    void messagesShowControlCharactersEscapedAndLongValuesCut() {
        assertEquals("'a\\u001b[31mb'", HubNames.show("a\u001b[31mb"));
        assertEquals("'" + "x".repeat(100) + "...'", HubNames.show("x".repeat(500)));
    }

    @Test
    void timeoutsComeFromTheEnvironmentAndBadValuesAreNamed() {
        assertEquals(HubTimeouts.DEFAULTS, HubSettings.fromEnvironment(Map.of(), Path.of("/home/x")).timeouts());
        HubTimeouts set = HubTimeouts.fromEnvironment(Map.of("HF_HUB_DOWNLOAD_TIMEOUT", "2.5",
                "SIREN_HUB_MIN_SPEED", "0"));
        assertEquals(new HubTimeouts(Duration.ofMillis(2500), 0, Duration.ofMinutes(1)), set);
        for (var bad : new String[][]{{"HF_HUB_DOWNLOAD_TIMEOUT", "soon"}, {"HF_HUB_DOWNLOAD_TIMEOUT", "0"},
                {"HF_HUB_DOWNLOAD_TIMEOUT", "NaN"}, {"SIREN_HUB_MIN_SPEED", "-1"}, {"SIREN_HUB_MIN_SPEED", "1e99"}}) {
            var error = assertThrows(HubException.class, () -> HubTimeouts.fromEnvironment(Map.of(bad[0], bad[1])));
            assertTrue(error.getMessage().startsWith(bad[0] + " is '" + bad[1] + "': expected"), error.getMessage());
        }
    }
}
