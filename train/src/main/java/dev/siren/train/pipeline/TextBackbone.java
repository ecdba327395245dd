package dev.siren.train.pipeline;

import dev.siren.engine.Backbone;
import dev.siren.guard.TokenEncoder;

/**
 * The backbone a head is trained on, with its tokenizer.
 *
 * @param id       what the head records as its backbone (an embedded encoder's name, or the model folder)
 * @param cacheKey identifies the exact weights in the feature cache (it must change when the weights change)
 */
public record TextBackbone(String id, String cacheKey, Backbone backbone, TokenEncoder tokenizer) {
}
