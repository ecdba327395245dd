package dev.siren.train;

import dev.siren.guard.head.BackboneRef;
import dev.siren.guard.head.Provenance;
import dev.siren.guard.head.SirenHead;

/** Turns a {@link TrainedSiren} into the guard module's {@link SirenHead}, ready for {@code HeadWriter}. */
public final class HeadExport {

    private HeadExport() {
    }

    /**
     * @param backbone  the backbone the features came from
     * @param maxLength tokens per text the features were extracted with
     * @param threshold the head's default decision threshold
     */
    public static SirenHead toHead(TrainedSiren model, BackboneRef backbone, int maxLength, double threshold,
                                   Provenance provenance) {
        return new SirenHead(backbone, SirenHead.RESIDUAL_MEAN, maxLength, TrainedSiren.FEATURE_DTYPE, model.layers(),
                model.classifier(), threshold, provenance);
    }
}
