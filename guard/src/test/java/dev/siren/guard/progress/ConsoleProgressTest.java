package dev.siren.guard.progress;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleProgressTest {

    @Test
    void formatShowsCountPercentRateAndEta() {
        assertEquals("features [######..................] 250/1000 tokens  25% 50.0 tokens/s ETA 0:15",
                ConsoleProgress.format("features", 250, 1000, "tokens", 5));
        assertTrue(ConsoleProgress.format("x", 10, 10, "fits", 3725).endsWith("in 1:02:05"));
        assertEquals("w [........................] 2/1136 MiB   0%", ConsoleProgress.format("w", 2, 1136, "MiB", 0.01));
    }

    /** Downloads count bytes (shown in MB) and may not know their size. */
    @Test
    void bytesAreShownInMegabytesAndAnUnknownTotalHasNoBar() {
        assertEquals("Downloading m [############............] 2.0/4.0 MB  50% 1.0 MB/s ETA 0:02",
                ConsoleProgress.format("Downloading m", 2_000_000, 4_000_000, Progress.BYTES, 2));
        assertEquals("Downloading m 1.5 MB", ConsoleProgress.format("Downloading m", 1_500_000, -1, Progress.BYTES, 0.5));
        assertEquals("n 30 rows 10.0 rows/s", ConsoleProgress.format("n", 30, -1, "rows", 3));
    }

    @Test
    void logModeWritesALineEveryFewSecondsAndAFinalLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true), false, clock::get);
        try (Progress.Task task = progress.start("probes", 100, "fits")) {
            for (int i = 0; i < 100; i++) {
                clock.addAndGet(100_000_000L); // 0.1 s per step, 10 s in all
                task.advance();
            }
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length, String.join("\n", lines)); // at 0.1 s, after 5.1 s, final
        assertTrue(lines[2].contains("100/100 fits 100%") && lines[2].contains("in 0:10"), lines[2]);
    }
}
