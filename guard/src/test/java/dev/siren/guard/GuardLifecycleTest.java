package dev.siren.guard;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GuardLifecycleTest {

    @Test
    void closeReleasesOnceAndLaterCallsAreRefusedNamingTheGuard() {
        var lifecycle = new GuardLifecycle("TestGuard");
        var releases = new AtomicInteger();
        assertEquals("ran", lifecycle.whileOpen(() -> "ran"));

        lifecycle.close(releases::incrementAndGet);
        lifecycle.close(releases::incrementAndGet);

        assertEquals(1, releases.get());
        var refused = assertThrows(IllegalStateException.class, () -> lifecycle.whileOpen(() -> "ran"));
        assertEquals("this TestGuard is closed", refused.getMessage());
    }
}
