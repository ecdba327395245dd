package dev.siren.guard;

import dev.siren.engine.Backbone;
import dev.siren.engine.BackboneOptions;
import dev.siren.engine.Backbones;
import dev.siren.tokenizer.Tokenizer;

/** Opens backbones with the SIREN engine and tokenizers with the SIREN tokenizer. */
final class EngineModelOpener implements GuardLoader.ModelOpener {

    @Override
    public Backbone openBackbone(BackboneLocation location, GuardOptions options) {
        return switch (location) {
            case BackboneLocation.Folder folder -> {
                BackboneOptions engine = BackboneOptions.defaults();
                yield Backbones.open(folder.dir(), options.threads() > 0 ? engine.withThreads(options.threads()) : engine);
            }
            case BackboneLocation.Embedded embedded -> embedded.model().open();
        };
    }

    @Override
    public TokenEncoder openTokenizer(BackboneLocation location) {
        Tokenizer tokenizer = switch (location) {
            case BackboneLocation.Folder folder -> Tokenizer.load(folder.dir());
            case BackboneLocation.Embedded embedded ->
                    Tokenizer.fromJson(embedded.model().tokenizerJson(), embedded.model().id() + " tokenizer.json");
        };
        return TokenEncoder.of(tokenizer);
    }
}
