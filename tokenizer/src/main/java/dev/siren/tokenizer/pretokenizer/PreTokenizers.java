package dev.siren.tokenizer.pretokenizer;

import dev.siren.tokenizer.json.JsonFields;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Builds the pre-tokenizer described by tokenizer.json's "pre_tokenizer" field. */
public final class PreTokenizers {
    private static final String SUPPORTED = "Split, ByteLevel, BertPreTokenizer, Sequence";

    private PreTokenizers() {
    }

    /** The pre-tokenizer, or null when the field is null (the whole text is one piece). */
    public static PreTokenizer fromJson(JsonFields config) {
        if (config.isNull()) {
            return null;
        }
        return switch (config.type()) {
            case "Sequence" -> new PreTokenizerSequence(
                    config.required("pretokenizers").elements().stream().map(PreTokenizers::fromJson).toList());
            case "ByteLevel" -> {
                if (config.bool("add_prefix_space", false)) {
                    throw config.get("add_prefix_space").error(
                            "is true, which siren-tokenizer does not support for the ByteLevel pre-tokenizer");
                }
                yield new ByteLevelPreTokenizer(config.bool("use_regex", true));
            }
            case "BertPreTokenizer" -> new BertPreTokenizer();
            case "Split" -> split(config);
            default -> throw config.unsupported("pre-tokenizer", SUPPORTED);
        };
    }

    /** Whether text reaching the model is mapped to bytes (a ByteLevel pre-tokenizer is present). */
    public static boolean isByteLevel(PreTokenizer preTokenizer) {
        if (preTokenizer instanceof ByteLevelPreTokenizer) {
            return true;
        }
        return preTokenizer instanceof PreTokenizerSequence seq
                && seq.steps().stream().anyMatch(PreTokenizers::isByteLevel);
    }

    private static SplitPreTokenizer split(JsonFields config) {
        SplitBehavior behavior = SplitBehavior.fromJson(config.string("behavior"));
        if (behavior == null) {
            throw config.get("behavior").error("must be one of Removed, Isolated, MergedWithPrevious, "
                    + "MergedWithNext, Contiguous; found '" + config.string("behavior") + "'");
        }
        JsonFields pattern = config.required("pattern");
        MatchFinder finder;
        if (pattern.has("String")) {
            finder = new RegexMatchFinder(Pattern.compile(Pattern.quote(pattern.string("String"))));
        } else if (pattern.has("Regex")) {
            String regex = pattern.string("Regex");
            MatchFinder scanner = Gpt4StyleScanner.forPattern(regex);
            finder = scanner != null ? scanner : compile(pattern.get("Regex"), regex);
        } else {
            throw pattern.error("must hold a \"String\" or a \"Regex\"");
        }
        return new SplitPreTokenizer(finder, behavior, config.bool("invert", false));
    }

    private static RegexMatchFinder compile(JsonFields where, String regex) {
        try {
            return new RegexMatchFinder(Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS));
        } catch (PatternSyntaxException e) {
            throw where.error("is a regex java.util.regex cannot compile: " + e.getDescription());
        }
    }
}
