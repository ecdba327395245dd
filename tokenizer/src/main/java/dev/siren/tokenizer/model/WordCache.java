package dev.siren.tokenizer.model;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe cache of tokenized pieces, as Hugging Face's models keep one: at most {@code capacity} pieces shorter
 * than {@link #MAX_PIECE_LENGTH}; once full it stops admitting new pieces rather than evicting (cheap and lock-free).
 * Each entry holds (id, length) pairs interleaved.
 */
final class WordCache {
    static final int MAX_PIECE_LENGTH = 256;
    private final ConcurrentHashMap<String, int[]> map;
    private final int capacity;

    WordCache(int capacity) {
        this.capacity = capacity;
        this.map = new ConcurrentHashMap<>(Math.min(capacity, 1 << 12));
    }

    int[] get(String piece) {
        return map.get(piece);
    }

    void put(String piece, int[] idsAndLengths) {
        if (piece.length() < MAX_PIECE_LENGTH && map.size() < capacity) {
            map.putIfAbsent(piece, idsAndLengths);
        }
    }
}
