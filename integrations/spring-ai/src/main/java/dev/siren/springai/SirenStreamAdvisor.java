package dev.siren.springai;

import dev.siren.guard.Guard;
import dev.siren.guard.HarmfulStreamException;
import dev.siren.guard.PairStream;
import dev.siren.guard.ScoreResult;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.core.Ordered;
import reactor.core.publisher.Flux;

/**
 * A ChatClient {@link StreamAdvisor} that scores a streamed answer chunk by chunk, together with the user message
 * it answers, through a SIREN stream session (each chunk costs itself, not the prefix). When the answer so far turns
 * harmful, the chunk is withheld, the model's stream is cancelled and the response {@code Flux} ends with
 * {@link HarmfulStreamException}. Register with {@code ChatClient.builder(model).defaultAdvisors(new
 * SirenStreamAdvisor(guard))}.
 */
public final class SirenStreamAdvisor implements StreamAdvisor {

    private final Guard guard;
    private final double threshold;
    private final int order;

    /**
     * Runs after the usual advisors (e.g. chat memory), just before ChatClient's own model call, which sits at
     * {@link Ordered#LOWEST_PRECEDENCE}; an advisor ordered there too would never be reached.
     */
    public static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE - 1000;

    /** Scores with the guard's default threshold, at {@link #DEFAULT_ORDER}. */
    public SirenStreamAdvisor(Guard guard) {
        this(guard, guard.defaultThreshold(), DEFAULT_ORDER);
    }

    public SirenStreamAdvisor(Guard guard, double threshold, int order) {
        this.guard = guard;
        this.threshold = ScoreResult.checkThreshold(threshold);
        this.order = order;
    }

    @Override
    public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
        UserMessage user = request.prompt().getUserMessage();
        String prompt = user == null ? null : user.getText();
        return Flux.defer(() -> {
            PairStream stream = PairStream.open(guard, prompt);
            StringBuilder forwarded = new StringBuilder();
            // concatMap handles one response at a time, as the stream session needs; an error cancels upstream.
            return chain.nextStream(request)
                    .concatMap(response -> {
                        String chunk = textOf(response);
                        if (chunk == null || chunk.isEmpty()) {
                            return Flux.just(response);
                        }
                        ScoreResult result = stream.append(chunk, threshold);
                        if (result.harmful()) {
                            return Flux.error(new HarmfulStreamException(result.score(), threshold, forwarded.toString()));
                        }
                        forwarded.append(chunk);
                        return Flux.just(response);
                    })
                    .doFinally(signal -> stream.close());
        });
    }

    private static String textOf(ChatClientResponse response) {
        ChatResponse chat = response.chatResponse();
        if (chat == null || chat.getResult() == null || chat.getResult().getOutput() == null) {
            return null;
        }
        return chat.getResult().getOutput().getText();
    }

    @Override
    public String getName() {
        return "SirenStreamAdvisor";
    }

    @Override
    public int getOrder() {
        return order;
    }
}
