package dev.siren.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siren.guard.testkit.KeywordGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every user mistake gets a 4xx in OpenAI's error shape naming what was wrong, and the very next request on the
 * same server is served normally.
 */
class BadInputTest {

    private static final int MAX_BODY = 4096;
    private static final int MAX_TEXT = 1000;
    private static SirenServer server;
    private static TestClient client;

    @BeforeAll
    static void start() throws Exception {
        server = SirenServer.start(KeywordGuard.standard(), ServerConfig.builder().port(0)
                .maxBodyBytes(MAX_BODY).maxTextChars(MAX_TEXT).maxInputsPerRequest(4).build());
        client = new TestClient(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Checks the error answer, then that a good request right after it is served. */
    private static JsonNode expectError(TestClient.Answer answer, int status, String code, String param) {
        assertEquals(status, answer.status(), answer.body());
        assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
        JsonNode error = answer.error();
        assertEquals(code, error.get("code").asText(), answer.body());
        if (param == null) {
            assertTrue(error.get("param").isNull(), answer.body());
        } else {
            assertEquals(param, error.get("param").asText(), answer.body());
        }
        assertTrue(error.get("message").asText().length() > 10, answer.body());
        TestClient.Answer next = client.post("/v1/score", "{\"prompt\":\"a bomb\"}");
        assertEquals(200, next.status(), "the request after the bad one: " + next.body());
        assertTrue(next.json().get("harmful").asBoolean());
        return error;
    }

    @Test
    void malformedJson() {
        JsonNode error = expectError(client.post("/v1/moderations", "{\"input\": \"x\""), 400, "invalid_json", null);
        assertEquals("invalid_request_error", error.get("type").asText());
    }

    @Test
    void trailingGarbageAfterJson() {
        expectError(client.post("/v1/score", "{\"prompt\":\"x\"} {}"), 400, "invalid_json", null);
    }

    @Test
    void jsonThatIsNotAnObject() {
        expectError(client.post("/v1/score", "[\"prompt\"]"), 400, "invalid_json", null);
    }

    @Test
    void emptyBody() {
        expectError(client.post("/v1/moderations", ""), 400, "empty_body", null);
    }

    @Test
    void missingInput() {
        expectError(client.post("/v1/moderations", "{\"model\":\"x\"}"), 400, "missing_field", "input");
    }

    @Test
    void inputOfWrongType() {
        expectError(client.post("/v1/moderations", "{\"input\":42}"), 400, "invalid_type", "input");
    }

    @Test
    void arrayItemOfWrongType() {
        expectError(client.post("/v1/moderations", "{\"input\":[\"ok\",{\"text\":\"x\"}]}"), 400, "invalid_type", "input[1]");
    }

    @Test
    void anImageContentPart() {
        expectError(client.post("/v1/moderations",
                        "{\"input\":[{\"type\":\"text\",\"text\":\"hi\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}"),
                400, "unsupported_input_type", "input[1].type");
    }

    @Test
    void aContentPartWithoutText() {
        expectError(client.post("/v1/moderations", "{\"input\":[{\"type\":\"text\"}]}"), 400, "missing_field", "input[0].text");
    }

    @Test
    void stringsAndContentPartsMixed() {
        expectError(client.post("/v1/moderations", "{\"input\":[{\"type\":\"text\",\"text\":\"a\"},\"b\"]}"),
                400, "invalid_type", "input[1]");
    }

    @Test
    void modelOfWrongType() {
        expectError(client.post("/v1/moderations", "{\"model\":7,\"input\":\"x\"}"), 400, "invalid_type", "model");
    }

    @Test
    void emptyInputString() {
        expectError(client.post("/v1/moderations", "{\"input\":\"\"}"), 400, "empty_input", "input");
    }

    @Test
    void emptyInputArray() {
        expectError(client.post("/v1/moderations", "{\"input\":[]}"), 400, "empty_input", "input");
    }

    @Test
    void tooManyInputs() {
        expectError(client.post("/v1/moderations", "{\"input\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}"), 413, "too_many_inputs", "input");
    }

    @Test
    void textLongerThanTheLimit() {
        String longText = "a".repeat(MAX_TEXT + 1);
        expectError(client.post("/v1/score", "{\"prompt\":\"" + longText + "\"}"), 413, "input_too_long", "prompt");
    }

    @Test
    void promptAndResponseTogetherLongerThanTheLimit() {
        String half = "a".repeat(MAX_TEXT / 2 + 1);
        expectError(client.post("/v1/score", "{\"prompt\":\"" + half + "\",\"response\":\"" + half + "\"}"),
                413, "input_too_long", "response");
    }

    @Test
    void bodyLargerThanTheLimit() {
        String huge = "{\"input\":\"" + "a".repeat(MAX_BODY * 3) + "\"}";
        expectError(client.post("/v1/moderations", huge), 413, "body_too_large", null);
    }

    @Test
    void invalidUtf8() {
        byte[] prefix = "{\"input\":\"abc".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 4];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3; // a lead byte followed by a non-continuation byte
        body[prefix.length + 1] = (byte) 0x28;
        body[prefix.length + 2] = '"';
        body[prefix.length + 3] = '}';
        expectError(client.post("/v1/moderations", body), 400, "invalid_utf8", null);
    }

    @Test
    void loneSurrogateEscape() {
        expectError(client.post("/v1/score", "{\"prompt\":\"abc\\ud800def\"}"), 400, "invalid_unicode", "prompt");
    }

    @Test
    void thresholdOfWrongType() {
        expectError(client.post("/v1/score", "{\"prompt\":\"x\",\"threshold\":\"high\"}"), 400, "invalid_type", "threshold");
    }

    @Test
    void thresholdOutOfRange() {
        expectError(client.post("/v1/score", "{\"prompt\":\"x\",\"threshold\":1.5}"), 400, "invalid_value", "threshold");
    }

    @Test
    void responseOfWrongType() {
        expectError(client.post("/v1/score", "{\"prompt\":\"x\",\"response\":[\"y\"]}"), 400, "invalid_type", "response");
    }

    @Test
    void deeplyNestedJson() {
        String nested = "{\"prompt\":" + "[".repeat(1500) + "]".repeat(1500) + "}";
        String message = expectError(client.post("/v1/score", nested), 400, "invalid_json", null).get("message").asText();
        assertTrue(message.contains("nesting depth") && !message.contains("StreamReadConstraints") && !message.contains("`"),
                "names the problem, not the parser's classes: " + message);
    }

    @Test
    void unknownSessionOnAppend() {
        expectError(client.post("/v1/sessions/sess_nope/chunks", "{\"text\":\"hi\"}"), 404, "session_not_found", "session_id");
    }

    @Test
    void unknownSessionOnClose() {
        expectError(client.delete("/v1/sessions/sess_nope"), 404, "session_not_found", "session_id");
    }

    @Test
    void wrongMethod() {
        expectError(client.get("/v1/moderations"), 405, "method_not_allowed", null);
    }

    @Test
    void unknownRoute() {
        expectError(client.post("/v2/anything", "{}"), 404, "unknown_route", null);
    }

    @Test
    void aPathThatOnlyStartsLikeARoute() {
        expectError(client.post("/v1/scores", "{\"prompt\":\"x\"}"), 404, "unknown_route", null);
    }
}
