package dev.siren.engine.decoder;

import dev.siren.engine.config.DecoderConfig;

/** Activation buffers of one forward step, sized for a number of rows and reused across steps and layers. */
final class Workspace {

    final int capacity;
    final float[] x;
    final float[] normed;
    final float[] q;
    final float[] k;
    final float[] v;
    final float[] attention;
    final float[] gate;
    final float[] up;
    final int[] ids;
    final int[] positions;

    Workspace(DecoderConfig c, int rows) {
        capacity = rows;
        x = new float[rows * c.hiddenSize()];
        normed = new float[rows * c.hiddenSize()];
        q = new float[rows * c.queryDim()];
        k = new float[rows * c.kvDim()];
        v = new float[rows * c.kvDim()];
        attention = new float[rows * c.queryDim()];
        gate = new float[rows * c.intermediateSize()];
        up = new float[rows * c.intermediateSize()];
        ids = new int[rows];
        positions = new int[rows];
    }
}
