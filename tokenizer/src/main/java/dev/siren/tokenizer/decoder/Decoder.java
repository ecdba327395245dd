package dev.siren.tokenizer.decoder;

import java.util.List;

/** A tokenizer.json decoder, as Hugging Face's {@code decode_chain}: token strings in, strings to concatenate out. */
public interface Decoder {
    List<String> decodeChain(List<String> tokens);
}
