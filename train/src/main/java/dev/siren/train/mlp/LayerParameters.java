package dev.siren.train.mlp;

/**
 * The trainable parameters of one fully connected layer {@code y = W·x + b}, updated in place by the optimizer: W
 * row-major as [outputs][inputs] (the layout of a PyTorch {@code nn.Linear} weight). The trained head computes with
 * the guard's {@link dev.siren.guard.head.DenseLayer}.
 */
public record LayerParameters(int inputs, int outputs, float[] weight, float[] bias) {

    public LayerParameters {
        if (weight.length != inputs * outputs || bias.length != outputs) {
            throw new IllegalArgumentException("layer " + inputs + "->" + outputs + " got " + weight.length
                    + " weights and " + bias.length + " biases");
        }
    }

    LayerParameters copy() {
        return new LayerParameters(inputs, outputs, weight.clone(), bias.clone());
    }
}
