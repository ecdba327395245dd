package dev.siren.engine.kernels;

import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JitDirectivesTest {

    @Test
    void theKernelsInstallTheirDirectivesInHotSpot() throws Exception {
        assertTrue(Simd.jitDirectives(), Simd.summary());
        assertTrue(Simd.summary().contains("JIT directives on"), Simd.summary());
        String installed = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        // what C2 will do with the helpers that pass vectors and with the array kernels
        assertTrue(installed.contains("dev/siren/engine/kernels/VectorMath.*"), installed);
        assertTrue(installed.contains("dev/siren/engine/kernels/Simd.fma"), installed);
        assertTrue(installed.contains("dev/siren/engine/kernels/Kernels.softmax"), installed);
    }

    @Test
    void theSwitchTurnsThemOff() {
        String before = System.getProperty("siren.jit.directives");
        System.setProperty("siren.jit.directives", "false");
        try {
            assertEquals("JIT directives off", JitDirectives.install());
        } finally {
            if (before == null) {
                System.clearProperty("siren.jit.directives");
            } else {
                System.setProperty("siren.jit.directives", before);
            }
        }
    }
}
