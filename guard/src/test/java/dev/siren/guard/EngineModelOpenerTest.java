package dev.siren.guard;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EngineModelOpenerTest {

    @Test
    void theCallersThreadCountReachesTheEngineForEveryKindOfBackbone() {
        assertEquals(1, EngineModelOpener.engineOptions(GuardOptions.defaults().withThreads(1)).threads());
        assertEquals(3, EngineModelOpener.engineOptions(GuardOptions.defaults().withThreads(3)).threads());
        assertEquals(Runtime.getRuntime().availableProcessors(),
                EngineModelOpener.engineOptions(GuardOptions.defaults()).threads(), "0 = all cores");
    }
}
