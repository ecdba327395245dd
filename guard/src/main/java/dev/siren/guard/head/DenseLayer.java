package dev.siren.guard.head;

import java.util.Arrays;

/**
 * One fully connected layer y = W x + b, stored as PyTorch stores nn.Linear: W is [outputs][inputs], row-major.
 */
public final class DenseLayer {

    private final int inputs;
    private final int outputs;
    private final float[] weight;
    private final float[] bias;

    public DenseLayer(int inputs, int outputs, float[] weight, float[] bias) {
        if (inputs <= 0 || outputs <= 0) {
            throw new IllegalArgumentException("dense layer needs positive sizes, got " + outputs + "x" + inputs);
        }
        if (weight.length != (long) inputs * outputs || bias.length != outputs) {
            throw new IllegalArgumentException("dense layer " + outputs + "x" + inputs + " got " + weight.length
                    + " weights and " + bias.length + " biases");
        }
        this.inputs = inputs;
        this.outputs = outputs;
        this.weight = weight.clone();
        this.bias = bias.clone();
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    /** A copy of the [outputs][inputs] row-major weight matrix. */
    public float[] weight() {
        return weight.clone();
    }

    public float[] bias() {
        return bias.clone();
    }

    /** The parameters without copying, for writers in this package. */
    float[] weightView() {
        return weight;
    }

    float[] biasView() {
        return bias;
    }

    float[] apply(float[] x) {
        float[] y = new float[outputs];
        for (int o = 0; o < outputs; o++) {
            double sum = bias[o];
            int row = o * inputs;
            for (int i = 0; i < inputs; i++) {
                sum += (double) weight[row + i] * x[i];
            }
            y[o] = (float) sum;
        }
        return y;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DenseLayer other && inputs == other.inputs && outputs == other.outputs
                && Arrays.equals(weight, other.weight) && Arrays.equals(bias, other.bias);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weight) + Arrays.hashCode(bias);
    }

    @Override
    public String toString() {
        return "DenseLayer[" + outputs + "x" + inputs + "]";
    }
}
