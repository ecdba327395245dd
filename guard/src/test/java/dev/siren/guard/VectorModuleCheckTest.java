package dev.siren.guard;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JVM started without {@code --add-modules jdk.incubator.vector} is told so when it loads a guard. */
class VectorModuleCheckTest {

    /** Loads a guard (a folder that does not exist) in a JVM of its own; exit 3 when the module check stops it. */
    public static final class Child {
        public static void main(String[] args) {
            try {
                SirenGuard.fromPretrained(args[0]).close();
            } catch (IllegalStateException e) {
                System.err.print(e.getMessage());
                System.exit(3);
            } catch (RuntimeException e) {
                System.err.print(e);
                System.exit(4);
            }
        }
    }

    @Test
    void fromPretrainedNamesTheMissingFlagBeforeLoadingAnything() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Child.class.getName(),
                "no-such-head-folder").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, child.exitValue(), err);
        assertTrue(err.contains("--add-modules jdk.incubator.vector"), err);
    }

    @Test
    void thisJvmHasTheModule() {
        SirenGuard.requireVectorModule(); // the build's own flags pass the check
    }
}
