package dev.siren.guard;

/**
 * The one thing SirenGuard needs from a tokenizer: the ids of a text, with or without the special tokens the
 * tokenizer adds (Llama 3's begin_of_text, BERT's [CLS]/[SEP]; Qwen3 adds none). No truncation, no padding.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface TokenEncoder {

    int[] encode(String text, boolean addSpecialTokens);
}
