package dev.siren.tokenizer.decoder;

import java.util.List;

/** Runs decoders one after another, each on the previous one's output. */
public record DecoderSequence(List<Decoder> decoders) implements Decoder {
    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> current = tokens;
        for (Decoder d : decoders) {
            current = d.decodeChain(current);
        }
        return current;
    }
}
