package dev.siren.engine.kernels;

/**
 * A constant fp32 weight matrix W [in, out] (y = x·W) re-laid out once for {@link Gemm}: column panels of
 * {@link Gemm#PANEL_WIDTH} floats, each panel stored k-major ([in][PANEL_WIDTH], contiguous), the last panel
 * padded with zeros. The micro-kernel then streams one panel sequentially for every block of input rows.
 */
public final class PackedMatrix {

    private final int rows;
    private final int cols;
    private final float[] panels;

    private PackedMatrix(int rows, int cols, float[] panels) {
        this.rows = rows;
        this.cols = cols;
        this.panels = panels;
    }

    /** Packs W given row-major as [in, out] (the layout of ONNX MatMul weights). */
    public static PackedMatrix fromInOut(float[] w, int in, int out) {
        checkSize(w, in, out);
        return pack(in, out, (k, n) -> w[k * out + n]);
    }

    /** Packs W given row-major as [out, in] (the layout of torch Linear weights in safetensors). */
    public static PackedMatrix fromOutIn(float[] w, int in, int out) {
        checkSize(w, in, out);
        return pack(in, out, (k, n) -> w[n * in + k]);
    }

    /** Concatenates matrices with the same input size along the output axis (e.g. Q, K and V into one). */
    public static PackedMatrix concatOutputs(PackedMatrix... parts) {
        int in = parts[0].rows;
        int out = 0;
        for (PackedMatrix part : parts) {
            if (part.rows != in) {
                throw new IllegalArgumentException("cannot concatenate matrices with " + in + " and " + part.rows + " inputs");
            }
            out += part.cols;
        }
        int totalOut = out;
        int[] firstColumn = new int[parts.length];
        for (int i = 1; i < parts.length; i++) {
            firstColumn[i] = firstColumn[i - 1] + parts[i - 1].cols;
        }
        return pack(in, totalOut, (k, n) -> {
            int part = parts.length - 1;
            while (firstColumn[part] > n) {
                part--;
            }
            return parts[part].get(k, n - firstColumn[part]);
        });
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public float get(int k, int n) {
        int panel = n / Gemm.PANEL_WIDTH;
        return panels[(panel * rows + k) * Gemm.PANEL_WIDTH + n % Gemm.PANEL_WIDTH];
    }

    float[] panels() {
        return panels;
    }

    public int panelCount() {
        return (cols + Gemm.PANEL_WIDTH - 1) / Gemm.PANEL_WIDTH;
    }

    private interface Element {
        float at(int k, int n);
    }

    private static PackedMatrix pack(int in, int out, Element element) {
        int width = Gemm.PANEL_WIDTH;
        int panelCount = (out + width - 1) / width;
        float[] panels = new float[Math.multiplyExact(Math.multiplyExact(panelCount, in), width)];
        for (int p = 0; p < panelCount; p++) {
            for (int k = 0; k < in; k++) {
                int base = (p * in + k) * width;
                for (int j = 0; j < width && p * width + j < out; j++) {
                    panels[base + j] = element.at(k, p * width + j);
                }
            }
        }
        return new PackedMatrix(in, out, panels);
    }

    private static void checkSize(float[] w, int in, int out) {
        if (w.length != (long) in * out) {
            throw new IllegalArgumentException("matrix has " + w.length + " values, expected " + in + " x " + out);
        }
    }
}
