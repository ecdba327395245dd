package dev.siren.guard.hub;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleProgressTest {

    @Test
    void drawsTheFileNameResumePointAndAFullBarAtTheEnd() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DownloadProgress progress = new DownloadProgress.ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        progress.started("model.safetensors", 4_000_000, 1_000_000);
        progress.advanced("model.safetensors", 2_000_000);
        progress.advanced("model.safetensors", 4_000_000);
        progress.finished("model.safetensors");
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("Downloading model.safetensors (resuming at 1.0 MB)"), out);
        assertTrue(out.contains("100.0% 4.0 MB / 4.0 MB"), out);
        assertTrue(out.contains("[" + "#".repeat(30) + "]"), out);
    }
}
