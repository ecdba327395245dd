package dev.siren.tokenizer.json;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way siren reads JSON: a key given twice is an error (not "the last one wins"), and every kind of file
 * has size limits, so a hostile or corrupt file gets a clear error instead of an exhausted heap. Every module builds
 * its parsers here; {@link #problem} turns a parser error into one line naming the broken rule.
 */
public final class StrictJson {

    /**
     * The limits of one kind of JSON document.
     *
     * @param kind          what the document is, for error messages ("a configuration file")
     * @param documentBytes the largest document
     * @param tokens        the most JSON tokens (values, keys, brackets): bounds the memory of a parsed tree
     * @param stringChars   the longest string value
     * @param nameChars     the longest key
     * @param depth         the deepest nesting of objects and arrays
     * @param numberDigits  the longest number
     */
    public record Limits(String kind, long documentBytes, long tokens, int stringChars, int nameChars, int depth,
                         int numberDigits) {
    }

    /**
     * config.json, siren_config.json, tokenizer_config.json, index files: kilobytes in practice (a released head's
     * neuron lists and a large tokenizer_config.json stay under 2 MB and 200k tokens; the longest string, a chat
     * template, under 100k characters).
     */
    public static final Limits CONFIG = new Limits("a configuration file", 16L << 20, 1_000_000, 1 << 20, 4096, 64,
            100);
    /**
     * tokenizer.json: Qwen3's is 11 MB, 0.9M tokens, nesting 6, its longest key 128 characters; the largest public
     * ones (262k-token vocabularies) are about 35 MB and a few million tokens. Unigram tokenizers hold a
     * base64 character map of a few hundred kB in one string.
     */
    public static final Limits TOKENIZER = new Limits("a tokenizer.json file", 256L << 20, 32_000_000, 16 << 20,
            1 << 16, 64, 100);
    /** A safetensors header: one small object per tensor; the format caps the header at 100 MB. */
    public static final Limits SAFETENSORS_HEADER = new Limits("a safetensors header", 100L << 20, 10_000_000,
            1 << 20, 4096, 64, 100);
    /** One row of a JSON Lines data file: long texts are fine, deep nesting and giant numbers are not. */
    public static final Limits ROW = new Limits("a JSON Lines row", 256L << 20, 10_000_000, 64 << 20, 4096, 64, 100);

    private static final Pattern CONSTRAINT =
            Pattern.compile("^(.+?) \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)");
    /** Jackson's name for each limit, and how to say it. */
    private static final Map<String, String> LIMIT_WORDS = Map.of(
            "Document length", "more than %s bytes",
            "Token count", "more than %s JSON tokens",
            "String value length", "a string longer than %s characters",
            "Name length", "a key longer than %s characters",
            "Document nesting depth", "objects or arrays nested deeper than %s levels",
            "Number value length", "a number longer than %s digits");

    private StrictJson() {
    }

    /** A factory builder with duplicate-key detection and {@code limits}, for callers that tune more features. */
    public static JsonFactoryBuilder factoryBuilder(Limits limits) {
        return new JsonFactoryBuilder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(limits.documentBytes())
                        .maxTokenCount(limits.tokens())
                        .maxStringLength(limits.stringChars())
                        .maxNameLength(limits.nameChars())
                        .maxNestingDepth(limits.depth())
                        .maxNumberLength(limits.numberDigits())
                        .build());
    }

    /** A mapper that reads with duplicate-key detection and {@code limits} (writing is unaffected). */
    public static ObjectMapper mapper(Limits limits) {
        return new ObjectMapper(factoryBuilder(limits).build());
    }

    /**
     * What is wrong with the document, in one line without parser class names: "a string longer than 1048576
     * characters (the limit for a configuration file)", "the key 'x' appears twice at line 3, column 9 (...)", or
     * "not valid JSON (...)".
     */
    public static String problem(JsonProcessingException e, Limits limits) {
        String message = e.getOriginalMessage() == null ? String.valueOf(e.getMessage()) : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            Matcher m = CONSTRAINT.matcher(message);
            String words = m.find() ? LIMIT_WORDS.get(m.group(1)) : null;
            if (words != null) {
                return String.format(Locale.ROOT, words, m.group(3)) + " (the limit for " + limits.kind() + ")";
            }
            return message.replaceAll(",? from `[^`]*`", "") + " (a limit for " + limits.kind() + ")";
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? ""
                : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String first = message.lines().findFirst().orElse("");
        if (first.startsWith("Duplicate field ")) {
            return "the key " + first.substring("Duplicate field ".length()) + " appears twice" + where
                    + " (a key may appear once per object)";
        }
        return "not valid JSON (" + first + where + ")";
    }

    /** Why a row failing {@link #isWellFormed} is refused, for bad-row reports. */
    public static final String LONE_SURROGATE = "holds a lone UTF-16 surrogate (a \\ud800-\\udfff escape without "
            + "its pair), which no UTF-8 text can hold";

    /**
     * Whether {@code text} is well-formed UTF-16, i.e. has no unpaired surrogate: JSON's escape of a lone
     * surrogate (U+D800 to U+DFFF) parses into a string that no UTF-8 file can hold.
     */
    public static boolean isWellFormed(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
