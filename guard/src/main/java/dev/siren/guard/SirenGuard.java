package dev.siren.guard;

import dev.siren.engine.Backbone;
import dev.siren.guard.head.InvalidHeadException;
import dev.siren.guard.head.SirenHead;
import dev.siren.guard.stream.IncrementalStreamSession;
import dev.siren.guard.stream.RecomputingStreamSession;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The SIREN guard: a frozen backbone, its tokenizer and a trained head. Thread-safe: concurrent calls share the
 * backbone's weights; {@link #close()} waits for calls in flight, and later calls fail.
 *
 * <p>Scoring follows the reference (siren-method.md §1): the text is stripped (Python whitespace), an empty text
 * becomes " ", special tokens are added as the tokenizer does, and at most {@code max_length} tokens (512) are
 * read: the text's first tokens, with the special tokens kept, as Hugging Face truncates. {@code harmful} is
 * {@code score >= threshold}; the reference's training decision is argmax, i.e. {@code score > 0.5}, which
 * differs only when the score equals the threshold exactly.
 *
 * <p>Streaming ({@link #newStream()}, {@link #scoreStreaming}) scores the whole text so far, not cut at
 * max_length (as the reference's streaming evaluation pools the whole prefix), up to a token cap
 * ({@link GuardOptions#streamTokenCap()}).
 */
public final class SirenGuard implements Guard {

    static final String VECTOR_MODULE = "jdk.incubator.vector";

    private final SirenHead head;
    private final Backbone backbone;
    private final TokenEncoder tokenizer;
    private final TextContract contract;
    private final GuardOptions options;
    private final double defaultThreshold;
    private final GuardLifecycle lifecycle = new GuardLifecycle("SirenGuard");
    private final Object streamingLock = new Object();
    private StreamSession lastStream;

    /**
     * Builds a guard from parts already loaded. Fails if the backbone is not the one the head was trained on.
     * The guard owns the backbone and closes it.
     */
    public SirenGuard(SirenHead head, Backbone backbone, TokenEncoder tokenizer, GuardOptions options) {
        head.backbone().checkMatches(backbone.info());
        if (head.maxLength() > backbone.info().maxPositions()) {
            throw new InvalidHeadException("the head reads up to " + head.maxLength() + " tokens (max_length) but the"
                    + " backbone from " + backbone.info().source() + " supports only " + backbone.info().maxPositions()
                    + " positions");
        }
        this.head = head;
        this.backbone = backbone;
        this.tokenizer = tokenizer;
        this.contract = TextContract.of(tokenizer, head.maxLength());
        this.options = options;
        this.defaultThreshold = options.threshold() != null ? options.threshold() : head.threshold();
    }

    /** Loads the guard at {@code repoIdOrPath} (a head folder or a Hugging Face repo id) with default options. */
    public static SirenGuard fromPretrained(String repoIdOrPath) {
        return fromPretrained(repoIdOrPath, GuardOptions.defaults());
    }

    /**
     * Loads a head from a local folder or a Hugging Face repo (downloaded into the HF cache), then the backbone
     * the head names (a local folder, an encoder embedded in a jar on the class path, or a Hub repo downloaded the
     * same way at the head's pinned revision), and the backbone's tokenizer.
     *
     * @throws dev.siren.guard.head.InvalidHeadException for a head that cannot be read or does not fit its backbone
     * @throws dev.siren.guard.hub.HubException          for downloads that fail (gated repo, offline, ...)
     * @throws dev.siren.engine.ModelFormatException     for a backbone folder that cannot be read
     * @throws dev.siren.tokenizer.TokenizerException    for a tokenizer.json that cannot be read
     * @throws IllegalArgumentException                  for a name that is neither a folder nor a repo id
     * @throws IllegalStateException                     if the JVM was started without the Vector API module
     */
    public static SirenGuard fromPretrained(String repoIdOrPath, GuardOptions options) {
        requireVectorModule();
        return GuardResolver.load(repoIdOrPath, options, new EngineModelOpener());
    }

    /**
     * The engine computes with the Vector API, an incubator module that the JVM loads only when asked to. Without it
     * a guard would load and then fail at its first score with a NoClassDefFoundError: say so before loading.
     */
    static void requireVectorModule() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            throw new IllegalStateException("SIREN needs the JVM option --add-modules " + VECTOR_MODULE
                    + " (JDK 25): add it to the java command line, Maven Surefire's argLine or Gradle's jvmArgs"
                    + " (README.md, \"Use it from Java\")");
        }
    }

    public SirenHead head() {
        return head;
    }

    public Backbone backbone() {
        return backbone;
    }

    @Override
    public double defaultThreshold() {
        return defaultThreshold;
    }

    @Override
    public ScoreResult score(String text, double threshold) {
        return scoreBatch(List.of(text), threshold).getFirst();
    }

    @Override
    public List<ScoreResult> scoreBatch(List<String> texts, double threshold) {
        return scoreEach(texts, this::tokenize, threshold);
    }

    /** Counts a text's tokens exactly (after truncation to max_length) and keeps its ids for {@link #scorePrepared}. */
    @Override
    public PreparedText prepare(String text) {
        return PreparedText.encoded(text, tokenize(text), this);
    }

    @Override
    public List<ScoreResult> scorePrepared(List<PreparedText> texts, double threshold) {
        return scoreEach(texts, prepared -> {
            int[] ids = prepared.idsFor(this);
            return ids != null ? ids : tokenize(prepared.text());
        }, threshold);
    }

    /** Scores texts in backbone batches of {@code options.batchSize()}, encoding each batch just before it runs. */
    private <T> List<ScoreResult> scoreEach(List<T> texts, Function<T, int[]> encode, double threshold) {
        checkThreshold(threshold);
        return whileOpen(() -> {
            List<ScoreResult> results = new ArrayList<>(texts.size());
            for (int from = 0; from < texts.size(); from += options.batchSize()) {
                List<int[]> batch = new ArrayList<>();
                for (T text : texts.subList(from, Math.min(texts.size(), from + options.batchSize()))) {
                    batch.add(encode.apply(text));
                }
                for (float[][] means : backbone.layerMeans(batch)) {
                    results.add(ScoreResult.of(head.score(means), threshold));
                }
            }
            return results;
        });
    }

    /** The ids the head reads for a text ({@link TextContract#ids}). */
    public int[] tokenize(String text) {
        return contract.ids(text);
    }

    @Override
    public int maxStreamTokens() {
        return Math.min(options.streamTokenCap(), backbone.info().maxPositions());
    }

    @Override
    public StreamSession newStream() {
        return whileOpen(() -> {
            int cap = maxStreamTokens();
            StreamSession session = backbone.isCausal()
                    ? new IncrementalStreamSession(backbone, head, tokenizer, defaultThreshold, cap)
                    : new RecomputingStreamSession(backbone, head, tokenizer, defaultThreshold, cap);
            return new GuardedStream(session);
        });
    }

    /** A session that refuses to run once its guard is closed (the backbone it needs is gone then). */
    private final class GuardedStream implements StreamSession {
        private final StreamSession session;

        GuardedStream(StreamSession session) {
            this.session = session;
        }

        @Override
        public ScoreResult append(String chunk) {
            return whileOpen(() -> session.append(chunk));
        }

        @Override
        public ScoreResult append(String chunk, double threshold) {
            checkThreshold(threshold);
            return whileOpen(() -> session.append(chunk, threshold));
        }

        @Override
        public String text() {
            return session.text();
        }

        @Override
        public int tokenCount() {
            return session.tokenCount();
        }

        @Override
        public void close() {
            session.close();
        }
    }

    /**
     * Scores a growing text given whole each time (the Python runtime's {@code score_streaming}): when
     * {@code prefix} extends the text of the previous call, only the new part is processed; otherwise a new
     * stream starts. One stream at a time: concurrent streams should each use {@link #newStream()}.
     */
    public ScoreResult scoreStreaming(String prefix, double threshold) {
        checkThreshold(threshold);
        return whileOpen(() -> {
            synchronized (streamingLock) {
                if (lastStream == null || !prefix.startsWith(lastStream.text())) {
                    if (lastStream != null) {
                        lastStream.close();
                    }
                    lastStream = newStream();
                }
                return lastStream.append(prefix.substring(lastStream.text().length()), threshold);
            }
        });
    }

    public ScoreResult scoreStreaming(String prefix) {
        return scoreStreaming(prefix, defaultThreshold);
    }

    @Override
    public String describe() {
        return "SIREN guard: head over " + head.backbone().describe() + ", " + head.featureCount()
                + " features, MLP " + Arrays.toString(head.classifier().hiddenSizes()) + " ("
                + head.classifier().parameterCount() + " parameters), backbone from " + backbone.info().source()
                + ", threshold " + defaultThreshold;
    }

    @Override
    public void close() {
        lifecycle.close(() -> {
            synchronized (streamingLock) {
                if (lastStream != null) {
                    lastStream.close();
                }
            }
            backbone.close();
        });
    }

    private <T> T whileOpen(Supplier<T> action) {
        return lifecycle.whileOpen(action);
    }

    private static void checkThreshold(double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
        }
    }
}
