package dev.siren.guard.head;

import java.nio.file.Files;
import java.nio.file.Path;

/** File names of a head folder, and how our own format is told apart from others. */
public final class HeadFiles {

    public static final String CONFIG = "siren_config.json";
    public static final String WEIGHTS = "siren.safetensors";
    /** Value of the config's "format" field in heads written by this project. */
    public static final String FORMAT = "siren-java-head";
    public static final int FORMAT_VERSION = 1;

    private HeadFiles() {
    }

    /** True when the folder holds a head config (ours or a released one). */
    public static boolean isHeadFolder(Path folder) {
        return Files.isRegularFile(folder.resolve(CONFIG));
    }

    /** Name of the weight tensor of the i-th Linear layer of the MLP (0 = first hidden, last = 2-logit output). */
    public static String weightTensor(int linear) {
        return "mlp." + linear + ".weight";
    }

    public static String biasTensor(int linear) {
        return "mlp." + linear + ".bias";
    }
}
