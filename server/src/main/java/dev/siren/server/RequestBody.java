package dev.siren.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.tokenizer.json.JsonFields;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads a request body as a JSON object, turning every way it can be wrong into a 4xx {@link ApiException}. */
final class RequestBody {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private RequestBody() {
    }

    /** Reads at most {@code maxBytes}, decodes strict UTF-8 and parses one JSON object. */
    static ObjectNode readObject(HttpCall call, int maxBytes) throws IOException {
        byte[] bytes = readLimited(call, maxBytes);
        if (bytes.length == 0) {
            throw ApiException.invalid("empty_body", null, "The request body is empty; expected a JSON object.");
        }
        return parse(bytes);
    }

    /** Like {@link #readObject}, but an empty body reads as {@code {}} (for requests whose fields are all optional). */
    static ObjectNode readOptionalObject(HttpCall call, int maxBytes) throws IOException {
        byte[] bytes = readLimited(call, maxBytes);
        return bytes.length == 0 ? JSON.createObjectNode() : parse(bytes);
    }

    private static ObjectNode parse(byte[] bytes) {
        JsonNode node;
        try {
            node = JSON.readTree(decodeUtf8(bytes));
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("invalid_json", null,
                    "The request body is not valid JSON: " + withoutClassNames(e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalid("invalid_json", null,
                    "The request body must be a JSON object, found " + JsonFields.describe(node) + ".");
        }
        return (ObjectNode) node;
    }

    private static byte[] readLimited(HttpCall call, int maxBytes) throws IOException {
        String declared = call.header("Content-Length");
        if (declared != null && parseLength(declared) > maxBytes) {
            throw bodyTooLarge(call, maxBytes);
        }
        byte[] bytes = call.readBody(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw bodyTooLarge(call, maxBytes);
        }
        return bytes;
    }

    private static long parseLength(String header) {
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1; // the HTTP layer already rejects a malformed Content-Length; let the read decide
        }
    }

    /** Jackson's messages may name its classes (e.g. "from `StreamReadConstraints.getMaxNestingDepth()`"). */
    static String withoutClassNames(String message) {
        return message.replaceAll(",? ?(from )?`[^`]*`", "")
                .replaceAll("\\b(com\\.fasterxml|java|javax)\\.[\\w.$]+", "a value")
                .replace("()", "");
    }

    private static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiException.invalid("invalid_utf8", null, "The request body is not valid UTF-8.");
        }
    }

    private static ApiException bodyTooLarge(HttpCall call, int maxBytes) {
        // The rest of the body is never read, so the connection cannot carry another request: say so, or the
        // client may send its next request on a connection the server is about to close.
        call.setHeader("Connection", "close");
        return ApiException.tooLarge("body_too_large", null,
                "The request body is larger than the limit of " + maxBytes + " bytes.");
    }
}
