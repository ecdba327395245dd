package dev.siren.guard;

import dev.siren.tokenizer.chat.ChatFormat;
import dev.siren.tokenizer.chat.Conversation;

import java.util.List;
import java.util.Map;

/**
 * A harmfulness detector: the contract that the service and the framework adapters program against.
 * {@link SirenGuard} is the real implementation; tests of consumers may use a small fake.
 * Implementations are thread-safe.
 */
public interface Guard extends AutoCloseable {

    /** Threshold used when a call names none (0.5 unless the head says otherwise). */
    double defaultThreshold();

    /** Scores one text (a user prompt, or any text) against the given threshold. */
    ScoreResult score(String text, double threshold);

    default ScoreResult score(String text) {
        return score(text, defaultThreshold());
    }

    /** Scores a prompt + response pair, joined as the head was trained: {@code prompt + "\n" + response}. */
    default ScoreResult score(String prompt, String response, double threshold) {
        return score(TextContract.joinPair(prompt, response), threshold);
    }

    default ScoreResult score(String prompt, String response) {
        return score(prompt, response, defaultThreshold());
    }

    /** Scores many texts at once (batched through the backbone); results are in input order. */
    List<ScoreResult> scoreBatch(List<String> texts, double threshold);

    default List<ScoreResult> scoreBatch(List<String> texts) {
        return scoreBatch(texts, defaultThreshold());
    }

    /**
     * Prepares a text for {@link #scorePrepared}: counts what scoring it costs in backbone tokens, before it is
     * queued. The default estimates the count from the length ({@link PreparedText#estimated}).
     *
     * @throws IllegalArgumentException for a text the guard cannot score
     */
    default PreparedText prepare(String text) {
        return PreparedText.estimated(text);
    }

    /** Scores prepared texts in one batch, as {@link #scoreBatch} scores their texts; results are in input order. */
    default List<ScoreResult> scorePrepared(List<PreparedText> texts, double threshold) {
        return scoreBatch(texts.stream().map(PreparedText::text).toList(), threshold);
    }

    /**
     * How this guard turns a conversation into the text its backbone reads: the backbone's own chat template, or
     * the documented plain rendering for encoders (and for fakes, by default).
     */
    default ChatFormat chatFormat() {
        return ChatFormat.plain();
    }

    /**
     * Scores a conversation (messages, tool calls, tool results and the tools offered) as one text rendered with
     * {@link #chatFormat()}. Guards with a conversation-level head override this.
     */
    default ScoreResult scoreConversation(Conversation conversation, double threshold) {
        return score(chatFormat().render(conversation), threshold);
    }

    default ScoreResult scoreConversation(Conversation conversation) {
        return scoreConversation(conversation, defaultThreshold());
    }

    /**
     * Opens a session that scores a conversation as it grows (a turn, a tool call, a tool's result at a time),
     * offering {@code tools} (OpenAI function schemas, or null) to every rendering. The default re-scores the whole
     * conversation on each append; guards with a conversation-level head score in time proportional to the new part.
     */
    default ConversationSession newConversation(List<Map<String, Object>> tools) {
        return new RescoringConversationSession(this, tools);
    }

    /** Opens a streaming session that scores a growing text in time proportional to each new chunk. */
    StreamSession newStream();

    /** Most tokens a stream session of this guard can hold; appending past it throws {@link TokenLimitException}. */
    default int maxStreamTokens() {
        return Integer.MAX_VALUE;
    }

    /** A short human-readable description of the guard (backbone and head). */
    String describe();

    @Override
    void close();
}
