package dev.siren.train.pipeline;

import dev.siren.train.LabeledFeatures;

/** Labelled features of one data set with what the head's provenance records about it. */
public record FeatureSet(DataSummary summary, LabeledFeatures features) {

    public FeatureSet {
        if (summary.rows() != features.size()) {
            throw new IllegalArgumentException("data set " + summary.name() + " has " + summary.rows() + " rows but "
                    + features.size() + " feature rows");
        }
    }
}
