package dev.siren.guard;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SirenCacheTest {

    private static final Path HOME = Path.of("/home/u");

    @Test
    void theVariableNamesTheRoot() {
        assertEquals(Path.of("/data/siren"), SirenCache.root(Map.of("SIREN_CACHE", "/data/siren"), HOME));
    }

    @Test
    void unsetOrBlankFallsBackToTheUsersCacheFolder() {
        assertEquals(Path.of("/home/u/.cache/siren"), SirenCache.root(Map.of(), HOME));
        assertEquals(Path.of("/home/u/.cache/siren"), SirenCache.root(Map.of("SIREN_CACHE", " "), HOME));
    }
}
