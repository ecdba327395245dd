package dev.siren.engine.kernels;

/** Per-thread scratch arrays of the kernels, grown on demand and reused, so kernels never allocate in steady state. */
final class Scratch {

    private static final ThreadLocal<Scratch> CURRENT = ThreadLocal.withInitial(Scratch::new);

    /** Slot 0: PanelGemm's partial-panel row; slot 1: PanelGemm's padded last rows; slot 2: Gemm's packed rows of A. */
    private final float[][] floats = new float[3][0];

    static Scratch get() {
        return CURRENT.get();
    }

    /** Scratch array number {@code slot}, at least {@code n} long (contents undefined). */
    float[] floats(int slot, int n) {
        if (floats[slot].length < n) {
            floats[slot] = new float[n];
        }
        return floats[slot];
    }
}
