package dev.siren.train.bench;

import dev.siren.guard.TextContract;
import dev.siren.guard.progress.ConsoleProgress;
import dev.siren.train.LabeledFeatures;
import dev.siren.train.SirenTrainer;
import dev.siren.train.SirenTrainingOptions;
import dev.siren.train.TrainedSiren;
import dev.siren.train.data.BadRowPolicy;
import dev.siren.train.data.ColumnMapping;
import dev.siren.train.data.Dataset;
import dev.siren.train.data.DatasetReader;
import dev.siren.train.data.LabeledText;
import dev.siren.train.features.FeatureCache;
import dev.siren.train.metrics.Evaluation;
import dev.siren.train.report.EvaluationTable;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Method experiments on features already in a feature cache (no backbone run): trains with the given settings and
 * prints the dev table (not a test; see docs/BENCHMARKS.md). Rows whose text is not cached are counted and skipped.
 *
 * <pre>args: cacheDir backboneKey layers hidden variant trainDir devDir</pre>
 * variant: "siren", or "+"-joined changes: adam (the paper's Adam probes), baseline (last layer only),
 * refhead (the fixed reference head D-512-128-2 instead of the search), e.g. "adam+refhead";
 * system properties: trials, folds, seed, cgrid (comma-separated C values), tol (liblinear tolerance).
 */
public final class CachedFeatureExperiment {

    public static void main(String[] args) throws Exception {
        Path cacheDir = Path.of(args[0]);
        String key = args[1];
        int layers = Integer.parseInt(args[2]), hidden = Integer.parseInt(args[3]);
        String variant = args[4];
        List<Path> trainFiles = jsonl(Path.of(args[5]));
        List<Path> devFiles = jsonl(Path.of(args[6]));
        DatasetReader reader = new DatasetReader(ColumnMapping.SIREN_SCHEMA, BadRowPolicy.FAIL, r -> { });
        try (FeatureCache cache = FeatureCache.open(cacheDir, key, layers, hidden)) {
            LabeledFeatures train = features(cache, trainFiles.stream().map(reader::read).toList());
            SirenTrainingOptions.Builder b = SirenTrainingOptions.defaults().toBuilder().threads(2)
                    .seed(Long.getLong("seed", 42)).search(Integer.getInteger("trials", 12), Integer.getInteger("folds", 3));
            if (System.getProperty("cgrid") != null || System.getProperty("tol") != null) {
                double[] grid = System.getProperty("cgrid") == null ? SirenTrainingOptions.LIBLINEAR_C_GRID
                        : java.util.Arrays.stream(System.getProperty("cgrid").split(",")).mapToDouble(Double::parseDouble).toArray();
                b.liblinearProbes(grid, Double.parseDouble(System.getProperty("tol", "1e-3")));
            }
            for (String change : variant.split("\\+")) {
                switch (change) {
                    case "siren" -> { }
                    case "adam" -> b.adamProbes(SirenTrainingOptions.ADAM_C_GRID);
                    case "baseline" -> b.lastLayerOnly(true);
                    case "refhead" -> b.fixedHead(SirenTrainingOptions.REFERENCE_HEAD).epochs(200, 15, 0);
                    default -> throw new IllegalArgumentException("unknown variant " + change);
                }
            }
            long start = System.nanoTime();
            TrainedSiren model = new SirenTrainer(b.build(), ConsoleProgress.on(new PrintWriter(System.err, true)))
                    .train(train, null);
            Map<String, Evaluation> dev = new LinkedHashMap<>();
            for (Path f : devFiles) {
                Dataset d = reader.read(f);
                LabeledFeatures set = features(cache, List.of(d));
                dev.put(d.name(), Evaluation.of(model.scores(set.features()), set.labels(), 0.5));
            }
            System.out.printf(Locale.ROOT, "%s: %.0f s, selection F1 %.4f, width %d, head %s, final epochs %d, seconds %s%n",
                    variant, (System.nanoTime() - start) / 1e9, model.selectionScore(), model.width(),
                    model.hyperParameters(), model.finalEpochs(), model.seconds());
            if (!model.probes().isEmpty()) {
                StringBuilder sb = new StringBuilder("probe val F1 / C / neurons / alpha:");
                model.probes().forEach(p -> sb.append(String.format(Locale.ROOT, " [%d] %.3f/%s/%d/%.2f", p.layer(),
                        p.validationF1(), p.probe().c(), model.layers().get(p.layer()).size(),
                        model.layers().get(p.layer()).alpha())));
                System.out.println(sb);
            }
            System.out.print(EvaluationTable.markdown(dev));
        }
    }

    private static List<Path> jsonl(Path dir) throws Exception {
        try (var s = java.nio.file.Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    private static LabeledFeatures features(FeatureCache cache, List<Dataset> datasets) throws Exception {
        List<float[][]> f = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        List<String> s = new ArrayList<>();
        int missing = 0;
        for (Dataset d : datasets) {
            for (LabeledText row : d.rows()) {
                float[][] v = cache.get(FeatureCache.hash(TextContract.prepare(row.text())));
                if (v == null) {
                    missing++;
                    continue;
                }
                f.add(v);
                y.add(row.label());
                s.add(row.source());
            }
        }
        if (missing > 0) {
            System.err.println(missing + " rows of " + datasets.stream().map(Dataset::name).toList() + " not cached, skipped");
        }
        return new LabeledFeatures(f.toArray(float[][][]::new), y.stream().mapToInt(Integer::intValue).toArray(),
                s.toArray(String[]::new));
    }
}
