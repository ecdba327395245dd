package dev.siren.train.data;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Training rows for streamed answers ({@code siren train --benign-prefixes}): the first N characters of every benign
 * answer, labelled benign. A stream is scored after each chunk, and a head that saw only whole answers reads a
 * prompt plus a few words of answer like the prompt alone, so the question decides the first chunks. Prefixes of
 * harmful answers are not added: whether the harmful part has arrived in them is unknown. Add them beside separate
 * validation rows only: a validation split taken afterwards would hold rows whose prefixes were trained on.
 */
public final class BenignAnswerPrefixes {

    private BenignAnswerPrefixes() {
    }

    /**
     * The prefixes of the benign answers in {@code train}, one row per answer and length in {@code lengths} that is
     * shorter than the answer, keeping the row's prompt and source; a prefix is what a stream in chunks of that length
     * has delivered after its first ({@link LabeledText#responseChunks}); named {@code benign-answer-prefixes-N-M} in
     * reports and provenance.
     *
     * @throws IllegalArgumentException if {@code lengths} is empty or holds a length below 1
     */
    public static Dataset of(List<Dataset> train, List<Integer> lengths) {
        if (lengths.isEmpty() || lengths.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--benign-prefixes expects lengths in characters of at least 1, got "
                    + lengths);
        }
        List<LabeledText> rows = new ArrayList<>();
        for (Dataset set : train) {
            for (LabeledText row : set.rows()) {
                if (!row.hasResponse() || row.label() != 0) {
                    continue;
                }
                for (int n : lengths) {
                    List<String> chunks = row.responseChunks(n);
                    if (chunks.size() > 1) {
                        rows.add(new LabeledText(row.prompt(), chunks.getFirst(), 0, row.source(),
                                row.location() + " (first " + n + " characters of the answer)"));
                    }
                }
            }
        }
        return Dataset.of("benign-answer-prefixes-" + lengths.stream().map(String::valueOf)
                .collect(Collectors.joining("-")), rows);
    }
}
