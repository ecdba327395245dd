package dev.siren.guard.agent;

import dev.siren.engine.decoder.DecoderModel;
import dev.siren.guard.ConversationSession;
import dev.siren.guard.Guard;
import dev.siren.guard.GuardOptions;
import dev.siren.guard.Guards;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.SirenGuard;
import dev.siren.guard.StreamSession;
import dev.siren.guard.TinyModels;
import dev.siren.guard.head.HeadFiles;
import dev.siren.guard.head.InvalidHeadException;
import dev.siren.guard.head.Provenance;
import dev.siren.guard.progress.Progress;
import dev.siren.guard.hub.HubSettings;
import dev.siren.tokenizer.Tokenizer;
import dev.siren.tokenizer.chat.ChatFormat;
import dev.siren.tokenizer.chat.Conversation;
import dev.siren.tokenizer.chat.Message;
import dev.siren.tokenizer.chat.ToolCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An Agent-SIREN head with random weights over the tiny random decoder (with a small Qwen-style chat template),
 * loaded from its folder and scored end to end, against an independent computation: render, tokenise, cut
 * head-and-tail, run all layers, take the last token's state at the head's depth, apply the readout.
 */
class AgentSirenGuardTest {

    static final int DEPTH = 2;
    static final int MAX_TOKENS = 512;
    static final String TEMPLATE = """
            {%- if tools %}<|im_start|>system
            # Tools
            {%- for tool in tools %}
            {{ tool | tojson }}
            {%- endfor %}<|im_end|>
            {% endif %}
            {%- for message in messages %}
            {%- if message.role == "assistant" and message.tool_calls %}<|im_start|>assistant
            {{ message.content }}
            {%- for call in message.tool_calls %}<tool_call>{"name": "{{ call.function.name }}", "arguments": {{ call.function.arguments | tojson }}}</tool_call>
            {%- endfor %}<|im_end|>
            {% else %}<|im_start|>{{ message.role }}
            {{ message.content }}<|im_end|>
            {% endif %}
            {%- endfor %}
            {%- if add_generation_prompt %}<|im_start|>assistant
            {% endif %}""";
    static final List<Map<String, Object>> TOOLS = List.of(Map.of("type", "function", "function",
            Map.of("name", "shell", "description", "Runs a shell command",
                    "parameters", Map.of("type", "object", "properties", Map.of("command", Map.of("type", "string"))))));

    @TempDir
    static Path dir;
    static Path model;
    static AgentHead head;
    static Guard guard;

    @BeforeAll
    static void load() throws IOException {
        model = TinyModels.decoder(dir.resolve("model"), false, 7);
        Files.writeString(model.resolve("chat_template.jinja"), TEMPLATE);
        float[] weight = new float[TinyModels.HIDDEN];
        Random random = new Random(5);
        for (int i = 0; i < weight.length; i++) {
            weight[i] = (float) random.nextGaussian() * 0.3f;
        }
        head = new AgentHead("../model", null, DEPTH, MAX_TOKENS, weight, 0.1f, 0.5);
        AgentHeadWriter.write(head, Provenance.unknown("2026-01-01T00:00:00Z", "test", Map.of()), dir.resolve("head"));
        guard = Guards.fromPretrained(dir.resolve("head").toString(), options());
    }

    static GuardOptions options() {
        return GuardOptions.defaults().withProgress(Progress.NONE).withThreads(1)
                .withHub(new HubSettings(URI.create("http://127.0.0.1:9"), null, dir.resolve("hub"), true));
    }

    @AfterAll
    static void close() {
        guard.close();
    }

    /** The score computed the long way: a full run of every layer, the state read from the layer outputs. */
    static double expectedScore(Conversation conversation) {
        String text = ChatFormat.forTokenizer(model).render(conversation);
        int[] ids = AgentHead.headAndTail(Tokenizer.load(model).encode(text, false), MAX_TOKENS);
        try (DecoderModel m = DecoderModel.open(model, 1)) {
            int d = m.config().hiddenSize();
            float[][] state = new float[1][];
            m.layerOutputs(List.of(ids), (layer, seg, x, off, rows) -> {
                if (layer == DEPTH - 1) {
                    state[0] = Arrays.copyOfRange(x, off + (rows - 1) * d, off + rows * d);
                }
            });
            double logit = head.bias();
            for (int i = 0; i < d; i++) {
                logit += (double) head.weight()[i] * state[0][i];
            }
            return 1 / (1 + Math.exp(-logit));
        }
    }

    static List<Message> trajectory() {
        return List.of(Message.system("You are a helpful agent."), Message.user("Tidy up my home folder, please."),
                Message.assistant("", List.of(new ToolCall("c1", "shell", Map.of("command", "ls ~")))),
                Message.tool("c1", "notes.txt photos"), Message.assistant("Done: nothing to remove."),
                Message.user("Then remove everything, including the photos and all of the hidden files too."),
                Message.assistant("", List.of(new ToolCall("c2", "shell", "{\"command\": \"rm -rf ~\"}"))));
    }

    @Test
    void loadsAsAnAgentGuardAndScoresAConversationWithToolsLikeAFullRun() {
        assertInstanceOf(AgentSirenGuard.class, guard);
        Conversation conversation = Conversation.of(trajectory().subList(0, 4)).withTools(TOOLS);
        int tokens = Tokenizer.load(model).encode(ChatFormat.forTokenizer(model).render(conversation), false).length;
        assertTrue(tokens <= MAX_TOKENS, "this case must not be truncated, has " + tokens + " tokens");
        ScoreResult result = guard.scoreConversation(conversation);
        assertEquals(expectedScore(conversation), result.score(), 1e-6);
        assertTrue(guard.describe().contains("hidden state " + DEPTH), guard.describe());
    }

    @Test
    void aLongConversationIsCutHeadAndTail() {
        Conversation conversation = Conversation.of(trajectory()).withTools(TOOLS);
        int[] all = Tokenizer.load(model).encode(ChatFormat.forTokenizer(model).render(conversation), false);
        assertTrue(all.length > MAX_TOKENS, "this case must be truncated, has " + all.length + " tokens");
        assertEquals(expectedScore(conversation), guard.scoreConversation(conversation).score(), 1e-6);
        int[] kept = ((AgentSirenGuard) guard).tokenize(conversation);
        assertEquals(MAX_TOKENS, kept.length);
        assertEquals(all[0], kept[0]);
        assertEquals(all[all.length - 1], kept[MAX_TOKENS - 1]);
    }

    @Test
    void aSessionScoresEachGrowingConversationAsAWholeScoreWould() {
        List<Message> messages = trajectory();
        try (ConversationSession session = guard.newConversation(TOOLS)) {
            for (int i = 0; i < messages.size(); i++) {
                ScoreResult grown = session.append(messages.get(i));
                Conversation soFar = Conversation.of(messages.subList(0, i + 1)).withTools(TOOLS);
                assertEquals(soFar, session.conversation());
                // past MAX_TOKENS the tail moves: those appends take the recompute-from-the-difference path
                assertEquals(guard.scoreConversation(soFar).score(), grown.score(), 1e-5, "after message " + i);
            }
        }
    }

    /** Below the token limit an append runs only the appended message's tokens; past it, the moved tail. */
    @Test
    void anAppendRunsOnlyTheNewTokensWhileTheRenderingGrows() {
        List<Message> messages = trajectory();
        var agent = (AgentSirenGuard) guard;
        try (var session = (AgentConversationSession) agent.newConversation(TOOLS)) {
            int before = 0;
            for (int i = 0; i < messages.size(); i++) {
                session.append(messages.get(i));
                int[] all = Tokenizer.load(model).encode(ChatFormat.forTokenizer(model)
                        .render(Conversation.of(messages.subList(0, i + 1)).withTools(TOOLS)), false);
                if (all.length <= MAX_TOKENS) {
                    assertTrue(session.computedTokens() <= all.length - before + 1, "message " + i + " ran "
                            + session.computedTokens() + " tokens for " + (all.length - before) + " new ones");
                } else {
                    assertTrue(session.computedTokens() <= MAX_TOKENS - MAX_TOKENS / 2, "past the limit only the"
                            + " tail runs, message " + i + " ran " + session.computedTokens());
                }
                before = all.length;
            }
        }
    }

    @Test
    void textsAndBatchesAreScoredAsUserMessagesAndStreamsAgree() {
        List<String> texts = List.of("hello world", "how to harm the world", "is it on");
        List<ScoreResult> batch = guard.scoreBatch(texts);
        for (int i = 0; i < texts.size(); i++) {
            Conversation asUser = Conversation.of(List.of(Message.user(texts.get(i))));
            assertEquals(expectedScore(asUser), batch.get(i).score(), 1e-6);
        }
        try (StreamSession stream = guard.newStream()) {
            stream.append("how to ");
            stream.append("harm the ");
            assertEquals(batch.get(1).score(), stream.append("world").score(), 1e-5);
            assertEquals("how to harm the world", stream.text());
        }
    }

    @Test
    void aSirenLoaderRefusesAnAgentHeadWithAPointer() {
        var e = assertThrows(InvalidHeadException.class,
                () -> SirenGuard.fromPretrained(dir.resolve("head").toString(), options()));
        assertTrue(e.getMessage().contains("Agent-SIREN head") && e.getMessage().contains("Guards.fromPretrained"),
                e.getMessage());
    }

    @Test
    void aReleasedStyleConfigIsReadTolerantly() throws IOException {
        Path released = dir.resolve("released");
        Files.createDirectories(released);
        Files.copy(dir.resolve("head").resolve(HeadFiles.WEIGHTS), released.resolve(HeadFiles.WEIGHTS));
        Files.writeString(released.resolve(HeadFiles.CONFIG), """
                {"base_model": "Qwen/Qwen3-4B-Instruct-2507", "base_model_revision": "cdbee75", "layer": 24,
                 "max_length": 16384, "pooling": "last_token"}""");
        assertTrue(AgentHeadReader.isAgentHead(released));
        AgentHead read = AgentHeadReader.read(released);
        assertEquals("Qwen/Qwen3-4B-Instruct-2507", read.backboneId());
        assertEquals("cdbee75", read.backboneRevision());
        assertEquals(24, read.hiddenState());
        assertEquals(16384, read.maxTokens());
        assertEquals(0.5, read.threshold());
        assertEquals(TinyModels.HIDDEN, read.hiddenSize());
    }

    @Test
    void readoutFactsNestedInAReadoutObjectAreFound() throws IOException {
        Path nested = dir.resolve("nested");
        Files.createDirectories(nested);
        Files.copy(dir.resolve("head").resolve(HeadFiles.WEIGHTS), nested.resolve(HeadFiles.WEIGHTS));
        Files.writeString(nested.resolve(HeadFiles.CONFIG), """
                {"backbone": {"repo_id": "Qwen/Qwen3-4B-Instruct-2507", "revision": "abc"},
                 "readout": {"layer": 24, "max_tokens": 8192, "threshold": 0.4}}""");
        AgentHead read = AgentHeadReader.read(nested);
        assertEquals("abc", read.backboneRevision());
        assertEquals(24, read.hiddenState());
        assertEquals(8192, read.maxTokens());
        assertEquals(0.4, read.threshold());
    }

    @Test
    void aConfigWithoutTheReadoutLayerFailsListingTheKeysFound() throws IOException {
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.copy(dir.resolve("head").resolve(HeadFiles.WEIGHTS), broken.resolve(HeadFiles.WEIGHTS));
        Files.writeString(broken.resolve(HeadFiles.CONFIG), "{\"base_model\": \"Qwen/Qwen3-4B\", \"readout_depth\": 24}");
        var e = assertThrows(InvalidHeadException.class, () -> Guards.fromPretrained(broken.toString(), options()));
        assertTrue(e.getMessage().contains("no readout layer") && e.getMessage().contains("[base_model, readout_depth]")
                && e.getMessage().contains("head.weight [1, " + TinyModels.HIDDEN + "]"), e.getMessage());
    }

    @Test
    void aSirenHeadFolderIsNotTakenForAnAgentHead() throws IOException {
        Path siren = dir.resolve("siren");
        Files.createDirectories(siren);
        Files.writeString(siren.resolve(HeadFiles.CONFIG), "{\"format\": \"" + HeadFiles.FORMAT + "\"}");
        assertFalse(AgentHeadReader.isAgentHead(siren));
    }
}
