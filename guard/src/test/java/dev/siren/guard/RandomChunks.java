package dev.siren.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random splits of a text into stream chunks, for streaming tests. */
public final class RandomChunks {

    private RandomChunks() {
    }

    /**
     * Splits text at random places into chunks of 0 to maxChunk characters (never inside a surrogate pair), and
     * ends with an empty chunk.
     */
    public static List<String> of(String text, Random random, int maxChunk) {
        List<String> chunks = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int end = Math.min(text.length(), i + random.nextInt(maxChunk + 1));
            if (end < text.length() && end > 0 && Character.isLowSurrogate(text.charAt(end))) {
                end++;
            }
            chunks.add(text.substring(i, end));
            i = end;
        }
        chunks.add("");
        return chunks;
    }
}
