package dev.siren.tokenizer;

import dev.siren.tokenizer.model.ByteLevelAlphabet;
import dev.siren.tokenizer.model.Model;
import dev.siren.tokenizer.normalizer.Normalizer;
import dev.siren.tokenizer.pretokenizer.PreTokenizer;
import dev.siren.tokenizer.text.IntRanges;
import dev.siren.tokenizer.text.NormalizedText;
import dev.siren.tokenizer.text.TokenBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Hugging Face's encoding steps for one text, without the post-processor: split out added tokens matched in the
 * original text, normalize the rest, split out added tokens matched in the normalized text, pre-tokenize, and run
 * the model on every piece. Immutable and thread-safe.
 */
final class EncodingPipeline {
    private final Normalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final Model model;
    private final boolean byteLevel;
    private final AddedTokenMatcher rawAddedTokens;
    private final AddedTokenMatcher normalizedAddedTokens;

    EncodingPipeline(Normalizer normalizer, PreTokenizer preTokenizer, Model model, boolean byteLevel,
            List<AddedToken> addedTokens) {
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.model = model;
        this.byteLevel = byteLevel;
        this.rawAddedTokens = new AddedTokenMatcher(AddedTokenMatcher.select(addedTokens, false));
        this.normalizedAddedTokens = new AddedTokenMatcher(AddedTokenMatcher.select(addedTokens, true));
    }

    /** Receives, in text order, the added tokens and the pre-tokenized pieces of a text. */
    interface PieceVisitor {
        void addedToken(AddedToken token, int originalStart, int originalEnd);

        /** The code points [start, end) of {@code text}, a piece to tokenize on its own. */
        void piece(NormalizedText text, int start, int end);
    }

    /** Token ids (and, if {@code offsets} is not null, their original [start, end) code point offsets). */
    void encode(String text, TokenBuffer ids, IntRanges offsets) {
        visit(text, new PieceVisitor() {
            @Override
            public void addedToken(AddedToken token, int originalStart, int originalEnd) {
                ids.add(token.id(), 0);
                if (offsets != null) {
                    offsets.add(originalStart, originalEnd);
                }
            }

            @Override
            public void piece(NormalizedText normalized, int start, int end) {
                int first = ids.size();
                int[] cps = normalized.codePoints();
                model.tokenize(new String(cps, start, end - start), ids);
                if (offsets != null) {
                    addOffsets(normalized, start, ids, first, offsets);
                }
            }
        });
    }

    List<PreToken> preTokenize(String text) {
        List<PreToken> out = new ArrayList<>();
        visit(text, new PieceVisitor() {
            @Override
            public void addedToken(AddedToken token, int originalStart, int originalEnd) {
                out.add(new PreToken(token.content(), originalStart, originalEnd, true));
            }

            @Override
            public void piece(NormalizedText normalized, int start, int end) {
                out.add(new PreToken(normalized.substring(start, end), normalized.originalStart(start),
                        normalized.originalEnd(end - 1), false));
            }
        });
        return out;
    }

    private void visit(String text, PieceVisitor visitor) {
        int[] cps = codePoints(text);
        IntRanges matches = new IntRanges();
        List<AddedToken> matched = new ArrayList<>();
        rawAddedTokens.findMatches(cps, 0, cps.length, matches, matched);
        int pos = 0;
        for (int m = 0; m <= matches.size(); m++) {
            int segmentEnd = m < matches.size() ? matches.start(m) : cps.length;
            if (segmentEnd > pos) {
                visitSegment(NormalizedText.of(cps, pos, segmentEnd), visitor);
            }
            if (m < matches.size()) {
                visitor.addedToken(matched.get(m), matches.start(m), matches.end(m));
                pos = matches.end(m);
            }
        }
    }

    private void visitSegment(NormalizedText text, PieceVisitor visitor) {
        if (normalizer != null) {
            normalizer.normalize(text);
        }
        int[] cps = text.codePoints();
        IntRanges matches = new IntRanges();
        List<AddedToken> matched = new ArrayList<>();
        normalizedAddedTokens.findMatches(cps, 0, text.length(), matches, matched);
        IntRanges pieces = new IntRanges();
        int pos = 0;
        for (int m = 0; m <= matches.size(); m++) {
            int partEnd = m < matches.size() ? matches.start(m) : text.length();
            if (partEnd > pos) {
                pieces.clear();
                if (preTokenizer == null) {
                    pieces.add(pos, partEnd);
                } else {
                    preTokenizer.split(cps, pos, partEnd, pieces);
                }
                for (int p = 0; p < pieces.size(); p++) {
                    if (pieces.end(p) > pieces.start(p)) {
                        visitor.piece(text, pieces.start(p), pieces.end(p));
                    }
                }
            }
            if (m < matches.size()) {
                visitor.addedToken(matched.get(m), text.originalStart(matches.start(m)),
                        text.originalEnd(matches.end(m) - 1));
                pos = matches.end(m);
            }
        }
    }

    /**
     * Offsets of the tokens [first, size) of a piece starting at code point {@code start}. Token lengths count the
     * model's input units: UTF-8 bytes for byte-level models, code points otherwise.
     */
    private void addOffsets(NormalizedText text, int start, TokenBuffer ids, int first, IntRanges offsets) {
        int[] cps = text.codePoints();
        int cp = start;
        int unitInCp = 0;
        for (int t = first; t < ids.size(); t++) {
            int length = ids.length(t);
            if (length == 0) {
                int last = Math.max(cp - 1, start);
                offsets.add(text.originalStart(last), text.originalEnd(last));
                continue;
            }
            int firstCp = cp;
            int lastCp = cp;
            for (int u = 0; u < length; u++) {
                lastCp = cp;
                int units = byteLevel ? ByteLevelAlphabet.utf8Length(cps[cp]) : 1;
                if (++unitInCp == units) {
                    cp++;
                    unitInCp = 0;
                }
            }
            offsets.add(text.originalStart(firstCp), text.originalEnd(lastCp));
        }
    }

    /** The text's code points, lone surrogates (which have no UTF-8 form) replaced by U+FFFD. */
    private static int[] codePoints(String text) {
        int[] cps = text.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            if (cps[i] >= Character.MIN_SURROGATE && cps[i] <= Character.MAX_SURROGATE) {
                cps[i] = 0xFFFD;
            }
        }
        return cps;
    }
}
