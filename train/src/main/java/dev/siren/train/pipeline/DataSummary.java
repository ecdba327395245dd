package dev.siren.train.pipeline;

import dev.siren.guard.head.Provenance;
import dev.siren.train.LabeledFeatures;
import dev.siren.train.data.Dataset;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * What a head's provenance and training report record about one data set of a run.
 *
 * @param role           "train", "validation" or "dev"
 * @param name           the name dev metrics are reported under (a file's name without extension)
 * @param path           the file as given, or a description of in-memory data
 * @param sha256         the file's SHA-256, or of the rows' content for in-memory data
 * @param rows           rows used
 * @param harmful        rows labelled harmful
 * @param badRowsSkipped rows of the file that could not be used
 */
public record DataSummary(String role, String name, String path, String sha256, int rows, int harmful,
                          int badRowsSkipped) {

    /** A data set read from a file or given as rows ({@link Dataset#of}). */
    public static DataSummary of(String role, Dataset dataset) {
        return new DataSummary(role, dataset.name(), dataset.file().toString(), dataset.sha256(),
                dataset.rows().size(), dataset.harmfulRows(), dataset.badRows().size());
    }

    /**
     * Features that come without a file (e.g. extracted on a cluster): their SHA-256 is that of their labels,
     * sources and feature values, so that the same rows give the same hash.
     */
    public static DataSummary of(String role, String name, String description, LabeledFeatures features) {
        MessageDigest sha = Dataset.digest();
        ByteBuffer value = ByteBuffer.allocate(4);
        for (int i = 0; i < features.size(); i++) {
            sha.update((byte) features.labels()[i]);
            sha.update(features.sources()[i].getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            for (float[] layer : features.features()[i]) {
                for (float v : layer) {
                    sha.update(value.clear().putFloat(v).array());
                }
            }
        }
        int harmful = 0;
        for (int label : features.labels()) harmful += label;
        return new DataSummary(role, name, description, HexFormat.of().formatHex(sha.digest()), features.size(),
                harmful, 0);
    }

    Provenance.DataFile provenance() {
        return new Provenance.DataFile(role, path, sha256, rows);
    }
}
