package dev.siren.tokenizer.pretokenizer;

import dev.siren.tokenizer.text.IntRanges;
import java.util.List;

/** Applies pre-tokenizers in order, each one to every piece the previous one produced. */
public final class PreTokenizerSequence implements PreTokenizer {
    private final List<PreTokenizer> steps;
    private final ThreadLocal<IntRanges[]> buffers;

    public PreTokenizerSequence(List<PreTokenizer> steps) {
        this.steps = List.copyOf(steps);
        this.buffers = ThreadLocal.withInitial(() -> new IntRanges[] {new IntRanges(), new IntRanges()});
    }

    public List<PreTokenizer> steps() {
        return steps;
    }

    @Override
    public void split(int[] cps, int start, int end, IntRanges out) {
        if (steps.isEmpty()) {
            out.add(start, end);
            return;
        }
        IntRanges[] buf = buffers.get();
        IntRanges current = buf[0];
        IntRanges next = buf[1];
        current.clear();
        current.add(start, end);
        for (int s = 0; s < steps.size(); s++) {
            IntRanges target = s == steps.size() - 1 ? out : next;
            if (target == next) {
                next.clear();
            }
            for (int i = 0; i < current.size(); i++) {
                steps.get(s).split(cps, current.start(i), current.end(i), target);
            }
            IntRanges swap = current;
            current = next;
            next = swap;
        }
    }
}
