package dev.siren.engine.kernels;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HugePageArenaTest {

    @Test
    void allocationsAreZeroedAlignedAndDisjointAcrossChunks() {
        List<MemorySegment> segments = new ArrayList<>();
        try (Arena arena = HugePageArena.ofShared()) {
            // small, large, larger than a chunk, and enough to need a second chunk
            long[] sizes = {100, 1 << 20, 3 << 20, 40L << 20, 300_000, 20L << 20, 20L << 20};
            for (long size : sizes) {
                MemorySegment s = arena.allocate(size, 64);
                assertEquals(size, s.byteSize());
                assertEquals(0, s.address() % 64, "64-byte aligned");
                for (long i = 0; i < size; i += 4093) {
                    assertEquals(0, s.get(ValueLayout.JAVA_BYTE, i), "zeroed at " + i);
                }
                s.fill((byte) segments.size());
                segments.add(s);
            }
            for (int i = 0; i < segments.size(); i++) {
                MemorySegment s = segments.get(i);
                assertEquals((byte) i, s.get(ValueLayout.JAVA_BYTE, 0), "segment " + i + " overwritten by a later one");
                assertEquals((byte) i, s.get(ValueLayout.JAVA_BYTE, s.byteSize() - 1));
            }
        }
        assertFalse(segments.getFirst().scope().isAlive());
        assertFalse(segments.getLast().scope().isAlive());
        assertThrows(IllegalStateException.class, () -> segments.getLast().get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void saysWhatPagesTheWeightsGet() {
        String summary = HugePageArena.summary();
        assertTrue(summary.startsWith("weights on 2 MB pages") || summary.startsWith("weights on default pages: "), summary);
        boolean asked = Boolean.getBoolean("siren.huge.pages") || "true".equals(System.getenv("SIREN_HUGE_PAGES"));
        if (!asked) {
            assertFalse(HugePageArena.enabled(), summary);
        } else if (System.getProperty("os.name").startsWith("Linux") && !summary.contains("transparent huge pages are off")) {
            // the tests run with native access enabled: on Linux with THP, asking is enough
            assertTrue(HugePageArena.enabled(), summary);
        }
    }
}
