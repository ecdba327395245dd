package dev.siren.tokenizer.normalizer;

import dev.siren.tokenizer.json.JsonFields;
import java.text.Normalizer.Form;

/** Builds the normalizer described by tokenizer.json's "normalizer" field. */
public final class Normalizers {
    private static final String SUPPORTED = "NFC, NFD, NFKC, NFKD, Lowercase, StripAccents, BertNormalizer, Sequence";

    private Normalizers() {
    }

    /** The normalizer, or null when the field is null (no normalization). */
    public static Normalizer fromJson(JsonFields config) {
        if (config.isNull()) {
            return null;
        }
        return switch (config.type()) {
            case "NFC" -> new UnicodeNormalizer(Form.NFC);
            case "NFD" -> new UnicodeNormalizer(Form.NFD);
            case "NFKC" -> new UnicodeNormalizer(Form.NFKC);
            case "NFKD" -> new UnicodeNormalizer(Form.NFKD);
            case "Lowercase" -> new LowercaseNormalizer();
            case "StripAccents" -> new StripAccentsNormalizer();
            case "BertNormalizer" -> {
                boolean lowercase = config.bool("lowercase", true);
                yield new BertNormalizer(config.bool("clean_text", true), config.bool("handle_chinese_chars", true),
                        config.bool("strip_accents", lowercase), lowercase);
            }
            case "Sequence" -> new NormalizerSequence(
                    config.required("normalizers").elements().stream().map(Normalizers::fromJson).toList());
            default -> throw config.unsupported("normalizer", SUPPORTED);
        };
    }
}
