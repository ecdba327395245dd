package dev.siren.guard.agent;

import dev.siren.engine.Backbone;
import dev.siren.engine.decoder.DecoderBackbone;
import dev.siren.engine.decoder.LastTokenReadout;
import dev.siren.guard.ConversationSession;
import dev.siren.guard.Guard;
import dev.siren.guard.GuardLifecycle;
import dev.siren.guard.GuardOptions;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.StreamSession;
import dev.siren.guard.TokenEncoder;
import dev.siren.guard.head.InvalidHeadException;
import dev.siren.tokenizer.chat.ChatFormat;
import dev.siren.tokenizer.chat.Conversation;
import dev.siren.tokenizer.chat.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Agent-SIREN guard: a decoder backbone run up to the head's layer only, its chat template, and a linear readout
 * of the last token. A conversation (messages, tool calls, tool results, the tools offered) is rendered with the
 * backbone's template as Hugging Face's {@code apply_chat_template(..., tokenize=False)} renders it, tokenised without
 * added special tokens (the template writes them), cut head-and-tail to the head's token limit, and scored.
 * A plain text is scored as one user message; a (prompt, response) pair as a user and an assistant message.
 * Thread-safe: concurrent calls share the backbone; {@link #close()} waits for calls in flight.
 */
public final class AgentSirenGuard implements Guard {

    private final AgentHead head;
    private final DecoderBackbone backbone;
    private final LastTokenReadout readout;
    private final TokenEncoder tokenizer;
    private final ChatFormat chatFormat;
    private final GuardOptions options;
    private final double defaultThreshold;
    private final int maxTokens;
    private final GuardLifecycle lifecycle = new GuardLifecycle("AgentSirenGuard");

    /** Builds a guard from loaded parts; it owns the backbone and closes it. Fails when the head does not fit it. */
    public AgentSirenGuard(AgentHead head, Backbone backbone, TokenEncoder tokenizer, ChatFormat chatFormat,
                           GuardOptions options) {
        var info = backbone.info();
        if (!(backbone instanceof DecoderBackbone decoder)) {
            throw new InvalidHeadException("an Agent-SIREN head reads a decoder's last token, but the backbone from "
                    + info.source() + " is a " + info.architecture() + " encoder");
        }
        if (head.hiddenSize() != info.hiddenSize() || head.hiddenState() > info.numLayers()) {
            throw new InvalidHeadException("backbone mismatch: the head reads hidden state " + head.hiddenState()
                    + " of width " + head.hiddenSize() + " of " + head.backboneId() + ", but the backbone from "
                    + info.source() + " has " + info.numLayers() + " layers of width " + info.hiddenSize());
        }
        this.head = head;
        this.backbone = decoder;
        this.readout = decoder.lastTokenReadout(head.hiddenState());
        this.tokenizer = tokenizer;
        this.chatFormat = chatFormat;
        this.options = options;
        this.defaultThreshold = options.threshold() != null ? options.threshold() : head.threshold();
        this.maxTokens = Math.min(head.maxTokens(), info.maxPositions());
    }

    public AgentHead head() {
        return head;
    }

    @Override
    public double defaultThreshold() {
        return defaultThreshold;
    }

    @Override
    public ChatFormat chatFormat() {
        return chatFormat;
    }

    @Override
    public ScoreResult score(String text, double threshold) {
        return scoreConversation(asConversation(text), threshold);
    }

    @Override
    public ScoreResult score(String prompt, String response, double threshold) {
        if (response == null || response.isEmpty()) {
            return score(prompt, threshold);
        }
        return scoreConversation(Conversation.of(List.of(Message.user(prompt), Message.assistant(response))), threshold);
    }

    @Override
    public List<ScoreResult> scoreBatch(List<String> texts, double threshold) {
        return scoreConversations(texts.stream().map(AgentSirenGuard::asConversation).toList(), threshold);
    }

    @Override
    public ScoreResult scoreConversation(Conversation conversation, double threshold) {
        return scoreConversations(List.of(conversation), threshold).getFirst();
    }

    /** Scores many conversations in backbone batches of {@link GuardOptions#batchSize()}; results in input order. */
    public List<ScoreResult> scoreConversations(List<Conversation> conversations, double threshold) {
        checkThreshold(threshold);
        return whileOpen(() -> {
            List<ScoreResult> results = new ArrayList<>(conversations.size());
            for (int from = 0; from < conversations.size(); from += options.batchSize()) {
                List<int[]> batch = new ArrayList<>();
                for (Conversation c : conversations.subList(from, Math.min(conversations.size(), from + options.batchSize()))) {
                    batch.add(tokenize(c));
                }
                for (float[][] states : readout.states(batch)) {
                    results.add(ScoreResult.of(head.score(states[0]), threshold));
                }
            }
            return results;
        });
    }

    /** The ids the head reads for a conversation: its rendering, tokenised, cut head-and-tail to the token limit. */
    public int[] tokenize(Conversation conversation) {
        return ConversationTokens.of(conversation, chatFormat, tokenizer, maxTokens);
    }

    /** Scores the conversation so far on each append, running only its new tokens through the backbone. */
    @Override
    public ConversationSession newConversation(List<Map<String, Object>> tools) {
        return whileOpen(() -> new AgentConversationSession(this, new LastTokenTracker(readout, maxTokens), tools));
    }

    /** Scores a growing text as one user message (as {@link #score(String, double)} does), in O(new tokens). */
    @Override
    public StreamSession newStream() {
        return whileOpen(() -> new AgentTextStream(this, new LastTokenTracker(readout, maxTokens)));
    }

    /** Scores the state of the last token of {@code ids} in {@code tracker}, refusing once the guard is closed. */
    ScoreResult score(LastTokenTracker tracker, int[] ids, double threshold) {
        checkThreshold(threshold);
        return whileOpen(() -> ScoreResult.of(head.score(tracker.stateOf(ids)), threshold));
    }

    static Conversation asConversation(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        return Conversation.of(List.of(Message.user(text)));
    }

    @Override
    public String describe() {
        return "Agent-SIREN guard: " + head.describe() + ", backbone from " + backbone.info().source()
                + " (run up to layer " + head.hiddenState() + " of " + backbone.info().numLayers() + "), threshold "
                + defaultThreshold;
    }

    @Override
    public void close() {
        lifecycle.close(backbone::close);
    }

    private <T> T whileOpen(Supplier<T> action) {
        return lifecycle.whileOpen(action);
    }

    static void checkThreshold(double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
        }
    }
}
