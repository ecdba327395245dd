package dev.siren.train.mlp;

/**
 * Adam with L2 weight decay added to the gradient (PyTorch's {@code torch.optim.Adam(weight_decay=...)}),
 * applied to every parameter including biases, as the reference does.
 */
final class AdamOptimizer {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final double learningRate;
    private final double weightDecay;
    private final float[][] firstMoment;
    private final float[][] secondMoment;
    private int step;

    /** @param sizes the length of every parameter array, in the order {@link #update} receives them */
    AdamOptimizer(int[] sizes, double learningRate, double weightDecay) {
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        this.firstMoment = new float[sizes.length][];
        this.secondMoment = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            firstMoment[i] = new float[sizes[i]];
            secondMoment[i] = new float[sizes[i]];
        }
    }

    /** Advances the step counter; call once per mini-batch before the {@link #update} calls. */
    void nextStep() {
        step++;
    }

    /** Updates params[from, to) of parameter array {@code index} from its gradient. */
    void update(int index, float[] params, float[] grad, int from, int to) {
        float[] m = firstMoment[index];
        float[] v = secondMoment[index];
        double c1 = 1 - Math.pow(BETA1, step);
        double c2 = 1 - Math.pow(BETA2, step);
        float stepSize = (float) (learningRate / c1);
        float sqrtC2 = (float) Math.sqrt(c2);
        float wd = (float) weightDecay, b1 = (float) BETA1, b2 = (float) BETA2, eps = (float) EPSILON;
        for (int k = from; k < to; k++) {
            float g = grad[k] + wd * params[k];
            float mk = b1 * m[k] + (1 - b1) * g;
            float vk = b2 * v[k] + (1 - b2) * g * g;
            m[k] = mk;
            v[k] = vk;
            params[k] -= stepSize * mk / ((float) Math.sqrt(vk) / sqrtC2 + eps);
        }
    }
}
