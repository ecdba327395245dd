package dev.siren.train.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.tokenizer.TokenizerException;
import dev.siren.tokenizer.chat.Conversation;
import dev.siren.tokenizer.json.StrictJson;
import dev.siren.train.data.DataFileException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A JSONL file of labelled conversations, one object a line: {@code {"messages": [...], "tools": [...]?, "label":
 * 0|1|true|false|"harmful"|"unsafe"|"benign"|"safe", "source": "..."?}}, messages in OpenAI's format (tool calls and
 * tool results included). The source defaults to the file's name; it groups rows for cross-validation and the
 * leave-one-source-out report. A bad line is an error naming the file, the line and the field.
 */
public record ConversationFile(Path file, String sha256, List<LabeledConversation> rows) {

    private static final ObjectMapper JSON = StrictJson.mapper(StrictJson.ROW);
    private static final Set<String> HARMFUL = Set.of("1", "true", "harmful", "unsafe");
    private static final Set<String> BENIGN = Set.of("0", "false", "benign", "safe", "unharmful");

    public static ConversationFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file + ": no such file");
        } catch (IOException e) {
            throw new DataFileException(file + ": cannot read: " + e.getMessage(), e);
        }
        String defaultSource = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        List<LabeledConversation> rows = new ArrayList<>();
        String[] lines = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                rows.add(row(lines[i], file + ":" + (i + 1), defaultSource));
            }
        }
        if (rows.isEmpty()) {
            throw new DataFileException(file + ": no rows (expected one JSON object per line)");
        }
        return new ConversationFile(file, sha256(bytes), List.copyOf(rows));
    }

    private static LabeledConversation row(String line, String where, String defaultSource) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new DataFileException(where + ": " + StrictJson.problem(e, StrictJson.ROW));
        }
        if (node == null || !node.isObject()) {
            throw new DataFileException(where + ": expected a JSON object {\"messages\": [...], \"label\": ...}");
        }
        JsonNode label = node.get("label");
        if (label == null || label.isNull()) {
            throw new DataFileException(where + ": field 'label' is missing (0/1, true/false, harmful/benign)");
        }
        String text = label.asText().toLowerCase(Locale.ROOT);
        int value = HARMFUL.contains(text) ? 1 : BENIGN.contains(text) ? 0 : -1;
        if (value < 0 || label.isContainerNode()) {
            throw new DataFileException(where + ": field 'label' is " + label + ", expected 0/1, true/false,"
                    + " harmful/unsafe or benign/safe");
        }
        JsonNode source = node.get("source");
        if (source != null && !source.isNull() && !source.isTextual()) {
            throw new DataFileException(where + ": field 'source' must be a string, found " + source);
        }
        ObjectNode chat = JSON.createObjectNode();
        chat.set("messages", node.get("messages"));
        if (node.has("tools")) {
            chat.set("tools", node.get("tools"));
        }
        Conversation conversation;
        try {
            conversation = Conversation.fromJson(chat.toString(), where);
        } catch (TokenizerException e) {
            throw new DataFileException(e.getMessage());
        }
        return new LabeledConversation(conversation, value, source == null || source.isNull() ? defaultSource
                : source.asText());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
