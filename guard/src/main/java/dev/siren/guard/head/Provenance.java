package dev.siren.guard.head;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a head came from, so a result can be traced back to its data and settings.
 *
 * @param createdAt       ISO-8601 instant of creation
 * @param projectVersion  the siren-java version that wrote the head
 * @param dataFiles       the training/validation files with their SHA-256 and row counts
 * @param sampleCounts    e.g. {"train": 12000, "validation": 3000}
 * @param hyperParameters the method's settings (eta, C grid, MLP search result, seed, ...), JSON values
 * @param metrics         evaluation results (per-file macro-F1, AUROC, ...), JSON values
 */
public record Provenance(String createdAt, String projectVersion, List<DataFile> dataFiles,
                         Map<String, Integer> sampleCounts, Map<String, Object> hyperParameters,
                         Map<String, Object> metrics) {

    public Provenance {
        dataFiles = List.copyOf(dataFiles);
        sampleCounts = ordered(sampleCounts);
        hyperParameters = ordered(hyperParameters);
        metrics = ordered(metrics);
    }

    /** An unmodifiable copy that keeps the caller's order, so the written JSON reads as it was given. */
    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Provenance of a head whose history is unknown (e.g. converted from a released file). */
    public static Provenance unknown(String createdAt, String projectVersion, Map<String, Object> notes) {
        return new Provenance(createdAt, projectVersion, List.of(), Map.of(), notes, Map.of());
    }

    /**
     * One data file used to build the head.
     *
     * @param role    "train", "validation", ...
     * @param path    the path as given to the trainer
     * @param sha256  lower-case hex digest of the file's bytes
     * @param samples rows used from the file
     */
    public record DataFile(String role, String path, String sha256, int samples) {
    }
}
