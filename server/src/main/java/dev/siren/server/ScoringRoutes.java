package dev.siren.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.guard.Guard;
import dev.siren.guard.PreparedText;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.ScoringException;
import dev.siren.guard.TextContract;
import dev.siren.tokenizer.TokenizerException;
import dev.siren.tokenizer.chat.Conversation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POST /v1/moderations (OpenAI's contract) and POST /v1/score (SIREN's own: a text, a pair, or a conversation), all
 * through the micro-batcher.
 */
final class ScoringRoutes {

    /** OpenAI's moderation categories (omni-moderation-latest), filled only in mirror mode. */
    static final List<String> OPENAI_CATEGORIES = List.of(
            "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit", "illicit/violent",
            "self-harm", "self-harm/instructions", "self-harm/intent", "sexual", "sexual/minors", "violence",
            "violence/graphic");

    /** The one category SIREN scores. */
    static final String HARMFUL = "harmful";
    /** The {@code model} named in answers when none is configured: a short id, never the guard's description. */
    static final String DEFAULT_MODEL_ID = "siren";

    private final ServerConfig config;
    private final MicroBatcher batcher;
    private final double defaultThreshold;
    private final String model;
    private final Guard guard;

    ScoringRoutes(ServerConfig config, MicroBatcher batcher, Guard guard) {
        this.config = config;
        this.batcher = batcher;
        this.defaultThreshold = Double.isNaN(config.threshold()) ? guard.defaultThreshold() : config.threshold();
        this.model = config.modelId() != null ? config.modelId() : DEFAULT_MODEL_ID;
        this.guard = guard;
    }

    double defaultThreshold() {
        return defaultThreshold;
    }

    Reply moderations(HttpCall call) throws IOException {
        Endpoint.requireMethod(call, "POST");
        batcher.checkRoom(call.client());
        ObjectNode body = RequestBody.readObject(call, config.maxBodyBytes());
        if (body.has("model") && !body.get("model").isNull() && !body.get("model").isTextual()) {
            throw ApiException.invalid("invalid_type", "model", "'model' must be a string when given.");
        }
        List<String> inputs = ModerationInput.texts(body, config.maxInputsPerRequest(), config.maxTextChars());
        call.noteScored(inputs.size(), inputs.stream().mapToLong(String::length).sum(), String.join("\n", inputs));
        List<ScoreResult> scores = scoreAll(call.client(), inputs, defaultThreshold);
        List<Map<String, Object>> results = new ArrayList<>(scores.size());
        for (ScoreResult score : scores) {
            results.add(moderationResult(score));
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", "modr-" + UUID.randomUUID());
        response.put("model", model);
        response.put("results", results);
        return Reply.ok(response);
    }

    Reply score(HttpCall call) throws IOException {
        Endpoint.requireMethod(call, "POST");
        batcher.checkRoom(call.client());
        ObjectNode body = RequestBody.readObject(call, config.maxBodyBytes());
        if (ConversationInput.isPresent(body)) {
            return scoreConversation(call, body);
        }
        String prompt = RequestFields.requiredText(body, "prompt", config.maxTextChars());
        String response = RequestFields.optionalText(body, "response", config.maxTextChars());
        double threshold = RequestFields.optionalThreshold(body, defaultThreshold);
        String text = TextContract.joinPair(prompt, response);
        RequestFields.checkCombinedLength(text, "response", config.maxTextChars());
        call.noteScored(1, text.length(), text);
        return Reply.ok(scoreJson(scoreAll(call.client(), List.of(text), threshold).getFirst()));
    }

    /**
     * Scores {@code messages} (+ {@code tools}) through {@link Guard#scoreConversation}. A conversation-level guard
     * scores the whole conversation in one pass of its own, so it runs as a step of its client's flow (fair turn,
     * caps, timeout), not in a text batch; its cost is estimated from the text it renders to.
     */
    private Reply scoreConversation(HttpCall call, ObjectNode body) {
        Conversation conversation = ConversationInput.read(body);
        double threshold = RequestFields.optionalThreshold(body, defaultThreshold);
        String text;
        try {
            text = guard.chatFormat().render(conversation);
        } catch (TokenizerException e) { // the chat template refused this conversation (e.g. no user turn)
            throw ApiException.invalid("invalid_conversation", ConversationInput.MESSAGES,
                    "The guard's chat template cannot render this conversation: " + withoutPaths(e.getMessage()));
        }
        ConversationInput.checkRendered(text, config.maxTextChars());
        call.noteScored(1, text.length(), text);
        ScoreResult result;
        try {
            result = batcher.runStep(call.client(), PreparedText.estimated(text).tokens(),
                    () -> guard.scoreConversation(conversation, threshold));
        } catch (IllegalArgumentException | TokenizerException rejected) {
            throw ApiException.invalid("invalid_input", ConversationInput.MESSAGES,
                    "The guard cannot score this conversation: " + withoutPaths(rejected.getMessage()));
        }
        return Reply.ok(scoreJson(result));
    }

    /** {@code text} with every filesystem path cut to its last element. */
    static String withoutPaths(String text) {
        return text.replaceAll("(?<=^|[\\s(=])(?:[A-Za-z]:)?[/\\\\](?:[^\\s,;()]*[/\\\\])?([^\\s,;()/\\\\]*)", "$1");
    }

    static Map<String, Object> scoreJson(ScoreResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("score", result.score());
        json.put("harmful", result.harmful());
        json.put("threshold", result.threshold());
        return json;
    }

    private Map<String, Object> moderationResult(ScoreResult score) {
        Map<String, Object> categories = new LinkedHashMap<>();
        Map<String, Object> categoryScores = new LinkedHashMap<>();
        Map<String, Object> appliedTypes = new LinkedHashMap<>();
        List<String> names = config.mirrorOpenAiCategories()
                ? concat(OPENAI_CATEGORIES, HARMFUL) : List.of(HARMFUL);
        for (String name : names) {
            categories.put(name, score.harmful());
            categoryScores.put(name, score.score());
            appliedTypes.put(name, List.of("text"));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("flagged", score.harmful());
        result.put("categories", categories);
        result.put("category_scores", categoryScores);
        result.put("category_applied_input_types", appliedTypes);
        return result;
    }

    /** Queues the texts, waits for all of them within the request timeout, and maps failures to API errors. */
    private List<ScoreResult> scoreAll(String client, List<String> texts, double threshold) {
        List<CompletableFuture<ScoreResult>> futures;
        try {
            futures = batcher.submit(client, texts, threshold);
        } catch (IllegalArgumentException rejected) { // the guard cannot tokenize a text
            throw ApiException.invalid("invalid_input", null, "The guard cannot score this input: " + rejected.getMessage());
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
        try {
            all.get(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            futures.forEach(f -> f.cancel(false)); // the batcher skips cancelled texts
            throw MicroBatcher.timeout(config.requestTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(f -> f.cancel(false));
            throw ApiException.unavailable("shutting_down", "The request was interrupted.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException rejected) {
                // The guard refused this text (e.g. more tokens than its backbone takes): the caller's input.
                throw ApiException.invalid("invalid_input", null, "The guard cannot score this input: " + rejected.getMessage());
            }
            if (e.getCause() instanceof ScoringException invalid) {
                throw invalid; // answered as 500 internal_error and counted by the service
            }
            throw new IllegalStateException("the guard failed", e.getCause());
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private static List<String> concat(List<String> names, String last) {
        List<String> all = new ArrayList<>(names);
        all.add(last);
        return all;
    }
}
