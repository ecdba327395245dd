package dev.siren.train.probe;

import dev.siren.guard.progress.Progress;
import dev.siren.train.metrics.SourceGroups;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains one L1 probe per layer, choosing each layer's C on the validation set by the source-averaged
 * macro-F1 (ties go to the smaller C, the sparser probe). Layers run in parallel.
 */
public final class LayerProbing {

    private final ProbeSolver solver;
    private final double[] cGrid;
    private final int threads;

    public LayerProbing(ProbeSolver solver, double[] cGrid, int threads) {
        if (cGrid.length == 0) {
            throw new IllegalArgumentException("the C grid is empty");
        }
        this.solver = solver;
        this.cGrid = cGrid.clone();
        Arrays.sort(this.cGrid);
        this.threads = threads;
    }

    /**
     * @param train      train features [sample][layer][hidden]
     * @param trainY     train labels (1 = harmful)
     * @param val        validation features [sample][layer][hidden]
     * @param valY       validation labels
     * @param valSources validation source names (for the per-source metric)
     */
    public List<LayerProbeResult> run(float[][][] train, int[] trainY, float[][][] val, int[] valY, String[] valSources,
                                      Progress progress) {
        int layers = train[0].length;
        SourceGroups groups = SourceGroups.of(valSources, valY);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, layers)));
        try (Progress.Task task = progress.start("probes", (long) layers * cGrid.length, "fits")) {
            List<Future<LayerProbeResult>> futures = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                int layer = l;
                futures.add(pool.submit(() -> probeLayer(layer, train, trainY, val, valY, groups, task)));
            }
            List<LayerProbeResult> results = new ArrayList<>();
            for (Future<LayerProbeResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training probes", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private LayerProbeResult probeLayer(int layer, float[][][] train, int[] trainY, float[][][] val, int[] valY,
                                        SourceGroups groups, Progress.Task task) {
        ProbeSolver.Validation validation = new ProbeSolver.Validation(layerRows(val, layer), valY, groups);
        ProbeSolver.Session session = solver.open(layerRows(train, layer), trainY, validation);
        Map<Double, Double> f1ByC = new LinkedHashMap<>();
        LinearProbe best = null;
        double bestF1 = Double.NEGATIVE_INFINITY;
        for (double c : cGrid) {
            LinearProbe probe = session.fit(c);
            double f1 = validation.score(probe);
            f1ByC.put(c, f1);
            if (f1 > bestF1) {
                bestF1 = f1;
                best = probe;
            }
            task.advance();
        }
        LinearProbe kept = session.refine(best);
        if (kept != best) {
            bestF1 = validation.score(kept);
        }
        best = kept;
        return new LayerProbeResult(layer, best, bestF1, f1ByC);
    }

    private static float[][] layerRows(float[][][] features, int layer) {
        float[][] rows = new float[features.length][];
        for (int i = 0; i < features.length; i++) {
            rows[i] = features[i][layer];
        }
        return rows;
    }
}
