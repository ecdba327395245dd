package dev.siren.engine.decoder;

/**
 * New tokens of one sequence in a forward step: they take positions {@code start .. start + ids.length - 1}
 * and attend to the {@code start} tokens already in {@code cache}.
 */
record Segment(int[] ids, int start, KvCache cache) {

    int end() {
        return start + ids.length;
    }
}
