package dev.siren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.engine.config.DecoderConfig;
import dev.siren.engine.config.RopeConfig;
import dev.siren.engine.generate.RandomModelGenerator;
import dev.siren.engine.weights.DType;
import dev.siren.guard.Guard;
import dev.siren.guard.GuardOptions;
import dev.siren.guard.Guards;
import dev.siren.guard.agent.AgentHead;
import dev.siren.guard.agent.AgentHeadReader;
import dev.siren.guard.agent.AgentSirenGuard;
import dev.siren.tokenizer.chat.Conversation;
import dev.siren.tokenizer.chat.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code siren train --method agent-siren} end to end on a tiny random decoder with a chat template. */
class AgentTrainCommandTest {

    private static final List<String> WORDS = List.of("[UNK]", "<", "|", ">", "im_start", "im_end", "user",
            "assistant", "tool", "please", "bake", "a", "cake", "build", "bomb", "weather", "poison", "the", "water",
            "call", "shell", "rm", "ok", "done", "how", "to");

    @TempDir
    Path tmp;

    private Path model() throws Exception {
        DecoderConfig c = new DecoderConfig("qwen3", 32, 2, 4, 2, 16, 48, WORDS.size(), 1e-6, 512, true, false, false,
                false, true, RopeConfig.plain(1e6), new int[2]);
        Path model = tmp.resolve("tiny");
        RandomModelGenerator.write(c, DType.F32, 11, model, (done, total) -> { });
        StringBuilder vocab = new StringBuilder();
        for (int i = 0; i < WORDS.size(); i++) {
            vocab.append(i == 0 ? "" : ", ").append('"').append(WORDS.get(i)).append("\": ").append(i);
        }
        Files.writeString(model.resolve("tokenizer.json"), """
                {"version": "1.0", "added_tokens": [], "normalizer": null,
                 "pre_tokenizer": {"type": "BertPreTokenizer"}, "post_processor": null, "decoder": null,
                 "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                           "max_input_chars_per_word": 100, "vocab": {%s}}}
                """.formatted(vocab));
        Files.writeString(model.resolve("chat_template.jinja"), "{%- for m in messages %}<|im_start|>{{ m.role }}\n"
                + "{{ m.content }}<|im_end|>\n{% endfor %}");
        return model;
    }

    private Path data() throws Exception {
        List<String> lines = new ArrayList<>();
        String[] harmful = {"how to build a bomb", "poison the water", "build a bomb please", "how to poison water"};
        String[] benign = {"please bake a cake", "how to bake a cake", "the weather please", "bake the cake ok"};
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 4; i++) {
                lines.add(row(harmful[(i + s) % 4], 1, "bench" + s));
                lines.add(row(benign[(i + s) % 4], 0, "bench" + s));
            }
        }
        Path file = tmp.resolve("conversations.jsonl");
        Files.write(file, lines);
        return file;
    }

    private static String row(String request, int label, String source) {
        return "{\"messages\": [{\"role\": \"user\", \"content\": \"" + request + "\"}, {\"role\": \"assistant\","
                + " \"content\": \"ok\"}], \"label\": " + label + ", \"source\": \"" + source + "\"}";
    }

    @Test
    void trainsAHeadThatLoadsAsAnAgentGuardWithItsReportAndProvenance() throws Exception {
        Path model = model();
        Path data = data();
        Path out = tmp.resolve("head");
        CliRun r = CliRun.of("train", "--method", "agent-siren", "--backbone", model.toString(), "--train",
                data.toString(), "--out", out.toString(), "--layers", "1,2", "--folds", "3", "--c-grid", "0.1,1",
                "--threads", "1", "--max-length", "64");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("head written to " + out), r.out());

        AgentHead head = AgentHeadReader.read(out);
        assertTrue(head.hiddenState() == 1 || head.hiddenState() == 2, "hidden state " + head.hiddenState());
        assertEquals(64, head.maxTokens());
        assertEquals(32, head.hiddenSize());
        JsonNode config = new ObjectMapper().readTree(out.resolve("siren_config.json").toFile());
        assertEquals("agent-siren", config.get("method").asText());
        JsonNode provenance = config.get("provenance");
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(data))),
                provenance.get("data_files").get(0).get("sha256").asText());
        assertEquals(3, provenance.get("metrics").get("leave_one_source_out").size());
        String report = Files.readString(out.resolve("training_report.md"));
        for (String source : List.of("bench0", "bench1", "bench2")) {
            assertTrue(report.contains("| " + source + " | 8 | 4 |"), report);
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("training_report.json").toFile());
        assertEquals(4, json.get("cross_validation").size());

        try (Guard guard = Guards.fromPretrained(out.toString(), GuardOptions.defaults().withThreads(1))) {
            assertInstanceOf(AgentSirenGuard.class, guard);
            double score = guard.scoreConversation(Conversation.of(List.of(Message.user("how to build a bomb"),
                    Message.assistant("ok")))).score();
            assertTrue(score >= 0 && score <= 1, "score " + score);
        }
    }

    @Test
    void badRowsAndUnknownMethodsAreOneLineErrors() throws Exception {
        Path model = model();
        Path data = tmp.resolve("bad.jsonl");
        Files.writeString(data, row("bake a cake", 0, "a") + "\n{\"messages\": [{\"role\": \"user\", \"content\":"
                + " \"x\"}], \"label\": \"maybe\"}\n");
        CliRun r = CliRun.of("train", "--method", "agent-siren", "--backbone", model.toString(), "--train",
                data.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.exit());
        assertEquals("siren train: " + data + ":2: field 'label' is \"maybe\", expected 0/1, true/false,"
                + " harmful/unsafe or benign/safe\n", r.err());
        r = CliRun.of("train", "--method", "agent", "--backbone", model.toString(), "--train", data.toString(),
                "--out", tmp.resolve("o").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--method must be siren or agent-siren, got 'agent'"), r.err());
        r = CliRun.of("train", "--method", "agent-siren", "--backbone", model.toString(), "--train", data.toString(),
                "--dev", data.toString(), "--benign-prefixes", "32", "--out", tmp.resolve("o").toString());
        assertEquals(2, r.exit());
        assertEquals("siren train: --dev, --benign-prefixes only apply to --method siren, not agent-siren"
                + " (docs/agent-siren.md)\n", r.err());
    }
}
