package dev.siren.spark;

import dev.siren.engine.Backbone;
import dev.siren.engine.BackboneOptions;
import dev.siren.engine.Backbones;
import dev.siren.engine.ModelInfo;
import dev.siren.engine.bert.EmbeddedBertModel;
import dev.siren.guard.TextContract;
import dev.siren.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.List;

/**
 * A backbone that turns texts into SIREN features exactly as {@code siren train} extracts them: the text prepared as
 * the reference does, special tokens added, the first maxLength tokens, then every layer's mean over the tokens.
 *
 * @param id what a head trained on these features records as its backbone (the embedded name or the folder)
 */
record FeatureBackbone(String id, Backbone backbone, Tokenizer tokenizer) {

    private static final JvmShared<FeatureBackbone> OPEN = new JvmShared<>(FeatureBackbone::open);

    /** The backbone named {@code nameOrDir} (an embedded encoder or a model folder), opened once in this JVM. */
    static FeatureBackbone get(String nameOrDir) {
        return OPEN.get(nameOrDir);
    }

    private static FeatureBackbone open(String nameOrDir) {
        // one compute thread per call, as the guard's: the executor's cores run one task each
        Backbone backbone = Backbones.open(nameOrDir, BackboneOptions.defaults().withThreads(1));
        var embedded = EmbeddedBertModel.byName(nameOrDir);
        Tokenizer tokenizer = embedded.isPresent()
                ? Tokenizer.fromJson(embedded.get().tokenizerJson(), embedded.get().id() + " tokenizer.json")
                : Tokenizer.load(Path.of(nameOrDir));
        return new FeatureBackbone(embedded.map(EmbeddedBertModel::id).orElse(nameOrDir), backbone, tokenizer);
    }

    ModelInfo info() {
        return backbone.info();
    }

    /** features[text][layer][hidden]. */
    float[][][] features(List<String> texts, int maxLength) {
        TextContract contract = TextContract.of(tokenizer, maxLength);
        return backbone.layerMeans(texts.stream().map(contract::ids).toList());
    }
}
