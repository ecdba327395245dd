package dev.siren.guard;

import dev.siren.guard.head.Provenance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guard shipped as {@code tuned}: the head and the LoRA adapter load offline from the class path, the adapter is
 * merged into the embedded bge-small, and the guard separates texts no reasonable guard could get wrong, answers
 * included. (Its dev-set quality is measured by {@code siren eval}, docs/default-guard.md.)
 */
class TunedGuardTest {

    private static SirenGuard guard;

    @BeforeAll
    static void load() {
        guard = SirenGuard.fromPretrained("tuned");
    }

    @AfterAll
    static void close() {
        guard.close();
    }

    @Test
    void isTheDocumentedHeadOnBgeSmallWithTheShippedAdapter() {
        assertEquals("bge-small-en-v1.5-siren-lora", guard.head().backbone().id());
        assertTrue(guard.backbone().info().source().contains("bge-small-en-v1.5")
                && guard.backbone().info().source().contains("LoRA adapter"), guard.backbone().info().source());
        assertEquals(12, guard.backbone().info().numLayers());
        assertEquals(0.5, guard.defaultThreshold());
        Provenance provenance = guard.head().provenance();
        assertTrue(provenance.dataFiles().stream().anyMatch(f -> f.role().equals("validation")),
                "probes and layer weights chosen on the rows the adapter never saw");
    }

    @Test
    void flagsPlainlyHarmfulRequestsAndPassesPlainlyBenignOnes() {
        ShippedGuardTest.assertSeparatesPlainCases(guard);
    }

    @Test
    void flagsTheHarmfulAnswerAndPassesTheRefusalOfTheSameQuestion() {
        ShippedGuardTest.assertFlagsTheHarmfulAnswerAndPassesTheRefusal(guard);
    }
}
