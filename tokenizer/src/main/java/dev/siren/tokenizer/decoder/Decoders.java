package dev.siren.tokenizer.decoder;

import dev.siren.tokenizer.json.JsonFields;

/** Builds the decoder described by tokenizer.json's "decoder" field. */
public final class Decoders {
    private static final String SUPPORTED = "ByteLevel, WordPiece, Sequence";

    private Decoders() {
    }

    /** The decoder, or null when the field is null (tokens are joined as they are). */
    public static Decoder fromJson(JsonFields config) {
        if (config.isNull()) {
            return null;
        }
        return switch (config.type()) {
            case "ByteLevel" -> new ByteLevelDecoder();
            case "WordPiece" -> new WordPieceDecoder(config.string("prefix", "##"), config.bool("cleanup", true));
            case "Sequence" -> new DecoderSequence(
                    config.required("decoders").elements().stream().map(Decoders::fromJson).toList());
            default -> throw config.unsupported("decoder", SUPPORTED);
        };
    }
}
