package dev.siren.engine;

import dev.siren.engine.weights.SafetensorsFile;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Hugging Face reference fixtures copied from the project's golden set into test resources
 * (transformers 5.12.1, torch 2.14.1, fp32 eager forward of bf16 weights; see src/test/resources/golden/README.md).
 */
public final class Golden {

    public static final List<String> DECODER_CASES = List.of("len1", "len7", "len33", "len130", "batch3_rightpad");

    private Golden() {
    }

    public static Path resource(String relative) {
        try {
            var url = Golden.class.getResource("/golden/" + relative);
            if (url == null) {
                throw new IllegalStateException("test resource golden/" + relative + " missing");
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path model(String name) {
        return resource("models/" + name);
    }

    /** The activations file of a case; {@code model} without the "-f32" suffix (both folders share them). */
    public static SafetensorsFile activations(String model, String caseName) {
        return SafetensorsFile.open(resource("activations/" + model.replace("-f32", "") + "/" + caseName + ".safetensors"));
    }

    /** The valid (attention-mask 1) token ids of each row; the fixtures pad on the right. */
    public static List<int[]> validSequences(SafetensorsFile f) {
        long[] shape = f.tensor("input_ids").shape();
        long[] ids = f.tensor("input_ids").toLongArray();
        long[] mask = f.tensor("attention_mask").toLongArray();
        int b = (int) shape[0];
        int t = (int) shape[1];
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            int n = 0;
            while (n < t && mask[i * t + n] == 1) {
                n++;
            }
            int[] seq = new int[n];
            for (int j = 0; j < n; j++) {
                seq[j] = (int) ids[i * t + j];
            }
            out.add(seq);
        }
        return out;
    }

    /** max |a - b| / max |b|: the relative error measure the project states its tolerances in. */
    public static double relativeError(float[] actual, float[] expected) {
        double err = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            err = Math.max(err, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return err / scale;
    }
}
