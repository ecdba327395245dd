package dev.siren.tokenizer.postprocessor;

import dev.siren.tokenizer.json.JsonFields;
import java.util.ArrayList;
import java.util.List;

/** Reads tokenizer.json's "post_processor" field into the special tokens it adds around a single sequence. */
public final class PostProcessors {
    private static final String SUPPORTED =
            "TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel, Sequence";

    private PostProcessors() {
    }

    public static SpecialTokenTemplate fromJson(JsonFields config) {
        if (config.isNull()) {
            return SpecialTokenTemplate.NONE;
        }
        return switch (config.type()) {
            case "ByteLevel" -> SpecialTokenTemplate.NONE; // only adjusts offsets
            case "BertProcessing", "RobertaProcessing" -> new SpecialTokenTemplate(
                    new int[] {tokenId(config.required("cls"))}, new int[] {tokenId(config.required("sep"))});
            case "TemplateProcessing" -> template(config);
            case "Sequence" -> {
                SpecialTokenTemplate result = SpecialTokenTemplate.NONE;
                for (JsonFields step : config.required("processors").elements()) {
                    result = result.wrappedBy(fromJson(step));
                }
                yield result;
            }
            default -> throw config.unsupported("post-processor", SUPPORTED);
        };
    }

    /** A ["token", id] pair of BertProcessing/RobertaProcessing. */
    private static int tokenId(JsonFields pair) {
        if (!pair.node().isArray() || pair.node().size() != 2 || !pair.node().get(1).canConvertToInt()) {
            throw pair.mismatch("[\"token\", id]");
        }
        return pair.node().get(1).asInt();
    }

    private static SpecialTokenTemplate template(JsonFields config) {
        JsonFields specials = config.required("special_tokens");
        List<Integer> prefix = new ArrayList<>();
        List<Integer> suffix = new ArrayList<>();
        boolean seenSequence = false;
        for (JsonFields item : config.required("single").elements()) {
            if (item.has("Sequence")) {
                String which = item.get("Sequence").string("id");
                if (!which.equals("A")) {
                    throw item.error("refers to sequence '" + which + "'; a single-sequence template must use A");
                }
                seenSequence = true;
            } else if (item.has("SpecialToken")) {
                String name = item.get("SpecialToken").string("id");
                JsonFields special = specials.get(name);
                if (special.isNull()) {
                    throw specials.error("has no entry for '" + name + "', used by the template");
                }
                for (JsonFields id : special.required("ids").elements()) {
                    (seenSequence ? suffix : prefix).add(id.node().asInt());
                }
            } else {
                throw item.mismatch("{\"Sequence\": ...} or {\"SpecialToken\": ...}");
            }
        }
        return new SpecialTokenTemplate(prefix.stream().mapToInt(Integer::intValue).toArray(),
                suffix.stream().mapToInt(Integer::intValue).toArray());
    }
}
