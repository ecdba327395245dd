package dev.siren.engine.kernels;

/**
 * Per-thread scratch arrays of the engine, grown on demand and reused, so kernels and attention never allocate in
 * steady state. The one per-thread scratch scheme: each user owns a slot.
 */
public final class Scratch {

    /** Attention scores of one query block (decoder and BERT attention; neither runs inside the other). */
    public static final int ATTENTION_SCORES = 3;
    /** Gemm's last columns of B and C, padded to a whole vector (inside attention's products, beside the scores). */
    static final int GEMM_LAST_COLUMNS = 4;
    /** The row sums of {@link Kernels#softmaxRows} (BERT attention). */
    public static final int SOFTMAX_SUMS = 5;
    /** Rows of A packed for a register tile ({@link Gemm#packRowGroups}: Gemm's and PanelGemm's, never nested). */
    static final int PACKED_A = 2;

    private static final ThreadLocal<Scratch> CURRENT = ThreadLocal.withInitial(Scratch::new);

    /**
     * Slot 0: PanelGemm's partial-panel row; slot 1: PanelGemm's padded last rows; slot 2: {@link #PACKED_A};
     * slot 3: {@link #ATTENTION_SCORES}; slot 4: {@link #GEMM_LAST_COLUMNS}; slot 5: {@link #SOFTMAX_SUMS}.
     */
    private final float[][] floats = new float[6][0];

    public static Scratch get() {
        return CURRENT.get();
    }

    /** Scratch array number {@code slot}, at least {@code n} long (contents undefined). */
    public float[] floats(int slot, int n) {
        if (floats[slot].length < n) {
            floats[slot] = new float[n];
        }
        return floats[slot];
    }
}
