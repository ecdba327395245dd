package dev.siren.tokenizer;

/**
 * The "padding" block of a tokenizer.json, exposed for callers that want to honour it. Encoding never pads to it;
 * batch encoding pads to the longest text of the batch.
 *
 * @param fixedLength the length of a {@code {"Fixed": n}} strategy, or 0 for "BatchLongest"
 */
public record PaddingSettings(int fixedLength, String direction, int padToMultipleOf, int padId, int padTypeId,
        String padToken) {
}
