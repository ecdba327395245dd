package dev.siren.guard;

import dev.siren.engine.bert.EmbeddedBertModel;

import java.nio.file.Path;

/** Where a guard's backbone comes from: a model folder (local or downloaded), or an encoder shipped in a jar. */
sealed interface BackboneLocation {

    /** A Hugging Face model folder: config.json, safetensors weights and tokenizer.json. */
    record Folder(Path dir) implements BackboneLocation {
    }

    /** One of the encoders embedded in the langchain4j jars, opened from the class path. */
    record Embedded(EmbeddedBertModel model) implements BackboneLocation {
    }
}
