package dev.siren.guard;

import dev.siren.engine.Backbone;
import dev.siren.engine.BackboneLocation;
import dev.siren.engine.BackboneOptions;

/** Opens backbones with the SIREN engine and tokenizers with the SIREN tokenizer. */
final class EngineModelOpener implements GuardResolver.ModelOpener {

    @Override
    public Backbone openBackbone(BackboneLocation location, GuardOptions options) {
        BackboneOptions engine = engineOptions(options);
        return switch (location) {
            case BackboneLocation.Folder folder -> folder.open(engine);
            // inflating the encoder from its jar would cost about a second on every start: keep a copy to map
            case BackboneLocation.Embedded embedded ->
                    embedded.model().open(engine, SirenCache.root().resolve("encoders"));
            case BackboneLocation.Adapted adapted -> adapted.open(engine, SirenCache.root().resolve("encoders"));
        };
    }

    /** The engine's defaults, with the caller's thread count when one is set (0 = all cores). */
    static BackboneOptions engineOptions(GuardOptions options) {
        BackboneOptions engine = BackboneOptions.defaults();
        return options.threads() > 0 ? engine.withThreads(options.threads()) : engine;
    }

    @Override
    public TokenEncoder openTokenizer(BackboneLocation location) {
        return TokenEncoder.of(location.tokenizer());
    }
}
