package dev.siren.train;

import dev.siren.guard.head.BackboneRef;
import dev.siren.guard.head.DenseLayer;
import dev.siren.guard.head.FeatureDtype;
import dev.siren.guard.head.LayerSelection;
import dev.siren.guard.head.MlpClassifier;
import dev.siren.guard.head.Provenance;
import dev.siren.guard.head.SirenHead;

import java.util.ArrayList;
import java.util.List;

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
        List<LayerSelection> layers = new ArrayList<>();
        for (int l = 0; l < model.layout().layers(); l++) {
            layers.add(new LayerSelection(l, model.layout().alpha()[l], model.layout().neurons()[l]));
        }
        List<DenseLayer> dense = model.mlp().layers().stream()
                .map(d -> new DenseLayer(d.inputs(), d.outputs(), d.weight(), d.bias())).toList();
        return new SirenHead(backbone, SirenHead.RESIDUAL_MEAN, maxLength, FeatureDtype.FLOAT32, layers,
                new MlpClassifier(dense), threshold, provenance);
    }
}
