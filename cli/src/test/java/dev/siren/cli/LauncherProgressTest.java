package dev.siren.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The first build of the {@code siren} launcher shows one line per module, so that it does not look hung. */
class LauncherProgressTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent(); // tests run in cli/

    @Test
    void mavensLogBecomesOneLinePerModuleAndTheErrors() throws IOException, InterruptedException {
        String log = """
                [INFO] Scanning for projects...
                \u001b[1m[INFO] Building SIREN tokenizer (tokenizer.json) 0.1.0-SNAPSHOT                    [2/8]\u001b[m
                [INFO] --------------------------------[ jar ]---------------------------------
                [INFO] Building jar: /work/tokenizer/target/siren-tokenizer-0.1.0-SNAPSHOT.jar
                [WARNING] some plugin warning
                [INFO] Building SIREN command-line tool 0.1.0-SNAPSHOT                            [8/8]
                [ERROR] /work/cli/src/main/java/dev/siren/cli/X.java:[3,4] cannot find symbol
                """;
        Process sed = new ProcessBuilder("sed", "-n", "-f", ROOT.resolve("bin/maven-progress.sed").toString())
                .redirectErrorStream(true).start();
        try (OutputStream in = sed.getOutputStream()) {
            in.write(log.getBytes(StandardCharsets.UTF_8));
        }
        String shown = new String(sed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, sed.waitFor(), shown);
        assertEquals("""
                siren:   2/8 SIREN tokenizer (tokenizer.json)
                siren:   8/8 SIREN command-line tool
                [ERROR] /work/cli/src/main/java/dev/siren/cli/X.java:[3,4] cannot find symbol
                """, shown);
    }

    @Test
    void theLauncherBuildsWithoutQuietAndThroughTheFilter() throws IOException {
        String launcher = Files.readString(ROOT.resolve("siren"));
        assertTrue(launcher.contains("| sed -un -f \"$ROOT/bin/maven-progress.sed\""), launcher);
        assertFalse(launcher.contains("mvn -B -q"), "a quiet build prints nothing for minutes");
    }
}
