package dev.siren.cli;

import dev.siren.engine.Backbone;
import dev.siren.engine.BackboneLocation;
import dev.siren.engine.BackboneOptions;
import dev.siren.engine.ModelFormatException;
import dev.siren.tokenizer.Tokenizer;
import dev.siren.tokenizer.TokenizerException;

import java.io.UncheckedIOException;

/**
 * A backbone named on the command line: an embedded encoder ("all-minilm-l6-v2", ...) or a Hugging Face model
 * folder, with its tokenizer and an identity for the feature cache that changes when the weights change.
 *
 * @param id       what the head records as its backbone (the embedded name, or the folder as given)
 * @param cacheKey identifies the exact weights ({@link BackboneLocation#cacheKey})
 */
record BackboneSource(String id, String cacheKey, Backbone backbone, Tokenizer tokenizer) implements AutoCloseable {

    static BackboneSource open(String nameOrDir) {
        BackboneLocation location;
        Backbone backbone;
        try {
            location = BackboneLocation.resolve(nameOrDir);
            backbone = location.open(BackboneOptions.defaults());
        } catch (ModelFormatException | IllegalStateException | UncheckedIOException e) {
            throw new CliException(e.getMessage(), e);
        }
        try {
            Tokenizer tokenizer = location.tokenizer();
            String id = location instanceof BackboneLocation.Embedded embedded ? embedded.model().id() : nameOrDir;
            return new BackboneSource(id, location.cacheKey(), backbone, tokenizer);
        } catch (TokenizerException | ModelFormatException e) {
            backbone.close();
            throw new CliException(e.getMessage(), e);
        } catch (RuntimeException e) {
            backbone.close();
            throw e;
        }
    }

    @Override
    public void close() {
        backbone.close();
    }
}
