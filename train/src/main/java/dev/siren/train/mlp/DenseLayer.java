package dev.siren.train.mlp;

/**
 * One fully connected layer, {@code y = W·x + b}, with W stored row-major as [outputs][inputs] (the layout of a
 * PyTorch {@code nn.Linear} weight).
 */
public record DenseLayer(int inputs, int outputs, float[] weight, float[] bias) {

    public DenseLayer {
        if (weight.length != inputs * outputs || bias.length != outputs) {
            throw new IllegalArgumentException("layer " + inputs + "->" + outputs + " got " + weight.length
                    + " weights and " + bias.length + " biases");
        }
    }

    DenseLayer copy() {
        return new DenseLayer(inputs, outputs, weight.clone(), bias.clone());
    }
}
