package dev.siren.engine.kernels;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs a test class's {@code main} in a child JVM and reads back the floats it prints. */
final class ChildJvm {

    static final String BITS = "float bits: ";

    private ChildJvm() {
    }

    /**
     * This JVM's flags that choose the vector width and FMA (e.g. {@code -XX:UseAVX=2} of a Surefire execution), so
     * that a child computes at the same width unless told otherwise.
     */
    static List<String> vectorFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:UseAVX=") || a.startsWith("-XX:UseSSE=") || a.startsWith("-XX:MaxVectorSize=")
                        || a.endsWith("UseFMA") || a.startsWith("-Dsiren.vector.bits=")
                        || a.equals("-XX:+IgnoreUnrecognizedVMOptions"))
                .toList();
    }

    /** Runs {@code mainClass} with {@code flags} (after {@link #vectorFlags()}, so they win) and returns its floats. */
    static float[] run(Class<?> mainClass, List<String> flags) throws IOException, InterruptedException {
        String out = output(mainClass, flags);
        String line = out.lines().filter(l -> l.startsWith(BITS)).findFirst()
                .orElseThrow(() -> new AssertionError("no result line in the child's output: " + out));
        int[] bits = Arrays.stream(line.substring(BITS.length()).trim().split(" ")).mapToInt(Integer::parseInt).toArray();
        float[] f = new float[bits.length];
        for (int i = 0; i < bits.length; i++) {
            f[i] = Float.intBitsToFloat(bits[i]);
        }
        return f;
    }

    /** Runs {@code mainClass} the same way and returns everything it wrote (stdout and stderr). */
    static String output(Class<?> mainClass, List<String> flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"));
        command.addAll(vectorFlags());
        command.addAll(flags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(2, TimeUnit.MINUTES), "child JVM did not finish");
        assertEquals(0, child.exitValue(), "child JVM " + command + " failed; its output: " + out);
        return out;
    }

    /** What a child's {@code main} prints: the floats as raw bits on one line. */
    static void print(float[] values) {
        StringBuilder sb = new StringBuilder(BITS);
        for (float v : values) {
            sb.append(Float.floatToRawIntBits(v)).append(' ');
        }
        System.out.println(sb);
    }
}
