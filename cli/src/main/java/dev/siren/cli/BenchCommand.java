package dev.siren.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.engine.Backbone;
import dev.siren.engine.BackboneOptions;
import dev.siren.engine.Backbones;
import dev.siren.engine.generate.ModelShapes;
import dev.siren.engine.generate.RandomModelGenerator;
import dev.siren.engine.kernels.HugePageArena;
import dev.siren.engine.kernels.NativeBf16Gemm;
import dev.siren.engine.kernels.Simd;
import dev.siren.engine.weights.DType;
import dev.siren.guard.SirenCache;
import dev.siren.guard.progress.ConsoleProgress;
import dev.siren.guard.progress.Progress;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code siren bench}: prefill throughput with every layer's states pooled (what SIREN needs), no LM head.
 * Random-weight models of real shapes are generated once into a cache folder.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {
                "Measures prefill tokens/s with every layer's output pooled and no LM head, for batches of random "
                        + "token ids, and prints JSON with the median of several runs, the time to open the model "
                        + "and the peak RSS.",
                "--shape generates a random-weight model of that shape once (bf16: about 1.2 GB for qwen3-0.6b)."},
        footer = {"", "Examples:",
                "  ./siren bench --shape qwen3-0.6b --threads 2",
                "  ./siren bench --shape llama3.2-1b --cases 1x128",
                "  ./siren bench --shape qwen3-0.6b --dtype f32   # fp32 weights",
                "  bench/decoder-vs-pytorch.sh qwen3-0.6b        # against PyTorch",
                "  ./siren bench --model ~/models/Qwen3-0.6B --repeats 5",
                "  ./siren bench --model bge-small-en-v1.5 --cases 1x64 --warmup 100 --repeats 30"})
public final class BenchCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--model", paramLabel = "DIR|NAME",
                description = "Hugging Face model folder, or an embedded encoder: all-minilm-l6-v2, bge-small-en-v1.5, e5-small-v2")
        String model;

        @Option(names = "--shape", paramLabel = "NAME", description = "random model of a known shape: qwen3-0.6b, qwen3-4b, llama3.2-1b, llama3.1-8b")
        String shape;
    }

    @Option(names = "--dtype", defaultValue = "bf16", paramLabel = "TYPE",
            description = "weight type of a generated --shape model: bf16, f16 or f32 (default: ${DEFAULT-VALUE})")
    String dtype;

    @Option(names = "--cases", split = ",", defaultValue = "1x128,1x512,8x128", paramLabel = "BxT",
            description = "batch x tokens per sequence (default: ${DEFAULT-VALUE})")
    List<String> cases;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "compute threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "N", description = "timed runs per case; the median is reported (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--warmup", defaultValue = "1", paramLabel = "N", description = "untimed runs per case first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--warmup-seconds", defaultValue = "0", paramLabel = "S",
            description = "keep warming up until S seconds have passed as well, so that short cases are timed after the JIT has compiled them (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "where generated models are kept (default: bench/ under $SIREN_CACHE, else ~/.cache/siren/bench)")
    Path cacheDir;

    @Override
    public Integer call() throws IOException {
        DType weights = switch (dtype.toLowerCase()) {
            case "bf16" -> DType.BF16;
            case "f16", "fp16" -> DType.F16;
            case "f32", "fp32" -> DType.F32;
            default -> throw new IllegalArgumentException("--dtype must be bf16, f16 or f32, got '" + dtype + "'");
        };
        String model = source.model != null ? source.model : generatedModel(source.shape, weights).toString();
        ObjectMapper json = new ObjectMapper();
        ObjectNode out = json.createObjectNode();
        out.put("model", source.shape != null ? source.shape + " (random " + dtype.toLowerCase() + " weights)" : model);
        out.put("threads", threads);
        out.put("cpu", cpuName());
        out.put("java", Runtime.version().toString());
        out.put("vector_bits", Simd.vectorBits());
        out.put("fma_intrinsic", Simd.FMA);
        out.put("simd_usable", Simd.usable());
        out.put("native_bf16_gemm", NativeBf16Gemm.enabled());
        out.put("huge_pages", HugePageArena.enabled());
        out.put("jit_directives", Simd.jitDirectives());
        ArrayNode results = out.putArray("results");
        long t0 = System.nanoTime();
        try (Backbone backbone = Backbones.open(model, new BackboneOptions(threads, 1024))) {
            out.put("load_s", Math.round((System.nanoTime() - t0) / 1e7) / 100.0); // map, check and pack the weights
            out.put("layers", backbone.info().numLayers());
            out.put("hidden", backbone.info().hiddenSize());
            for (String c : cases) {
                results.add(runCase(json, backbone, c));
            }
        }
        out.put("peak_rss_mb", peakRssMb());
        System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        return ExitCodes.CLEAN;
    }

    private ObjectNode runCase(ObjectMapper json, Backbone backbone, String spec) {
        String[] bt = spec.toLowerCase().split("x");
        if (bt.length != 2) {
            throw new IllegalArgumentException("case '" + spec + "' is not of the form BATCHxTOKENS, e.g. 8x128");
        }
        int batch = Integer.parseInt(bt[0].trim());
        int tokens = Integer.parseInt(bt[1].trim());
        SplittableRandom random = new SplittableRandom(batch * 1000L + tokens);
        List<int[]> input = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            input.add(random.ints(tokens, 0, 1000).toArray()); // ids below 1000 exist in every vocabulary we bench
        }
        int warmupRuns = 0;
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (warmupRuns < warmup || System.nanoTime() < warmupEnd) {
            warmupRuns++;
            System.err.printf("bench %s: warm-up %d%n", spec, warmupRuns);
            backbone.layerMeans(input);
        }
        double[] seconds = new double[repeats];
        double[] cpuSeconds = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            backbone.layerMeans(input);
            seconds[i] = (System.nanoTime() - t0) / 1e9;
            cpuSeconds[i] = (processCpuNanos() - cpu0) / 1e9;
            System.err.printf("bench %s: run %d/%d %.3f s (%.1f tokens/s), %.3f CPU s%n", spec, i + 1, repeats, seconds[i],
                    batch * tokens / seconds[i], cpuSeconds[i]);
        }
        Arrays.sort(cpuSeconds);
        double medianCpu = cpuSeconds[cpuSeconds.length / 2];
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        ObjectNode r = json.createObjectNode();
        r.put("batch", batch);
        r.put("tokens", tokens);
        r.put("warmup_runs", warmupRuns);
        r.put("median_s", Math.round(median * 1e4) / 1e4);
        r.put("tokens_per_s", Math.round(batch * tokens / median * 10) / 10.0);
        r.put("median_cpu_s", Math.round(medianCpu * 1e4) / 1e4);
        // on a shared machine, wall time includes waiting for other processes; CPU time per thread does not
        r.put("tokens_per_s_if_threads_unshared", Math.round(batch * tokens / (medianCpu / threads) * 10) / 10.0);
        ArrayNode runs = r.putArray("runs_s");
        for (double s : seconds) {
            runs.add(Math.round(s * 1e4) / 1e4);
        }
        return r;
    }

    /** The cached random model of a shape, generated on first use (into a temp folder, then renamed). */
    private Path generatedModel(String shape, DType weights) throws IOException {
        var config = ModelShapes.named(shape);
        Path root = cacheDir != null ? cacheDir : SirenCache.root().resolve("bench");
        String name = shape + "-" + weights.name().toLowerCase();
        Path dir = root.resolve(name);
        if (Files.isRegularFile(dir.resolve("model.safetensors")) && Files.isRegularFile(dir.resolve("config.json"))) {
            return dir;
        }
        Path tmp = root.resolve(name + ".partial");
        Files.createDirectories(tmp);
        System.err.println("bench: generating random " + shape + " weights (" + weights + ") into " + dir + " (once)");
        try (var task = new GenerationProgress()) {
            RandomModelGenerator.write(config, weights, 1234, tmp, task);
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        return dir;
    }

    private static String cpuName() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown")
                    + " (" + Runtime.getRuntime().availableProcessors() + " cores visible)";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Peak resident set size of this process (Linux VmHWM), or -1 where it cannot be read. */
    private static long peakRssMb() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmHWM:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Shows the generator's byte count as a progress bar (the total is known only once writing starts). */
    private static final class GenerationProgress implements RandomModelGenerator.Progress, AutoCloseable {
        private Progress.Task task;
        private long reported;

        @Override
        public void update(long doneBytes, long totalBytes) {
            long done = doneBytes >> 20;
            if (task == null) {
                task = ConsoleProgress.on(new java.io.PrintWriter(System.err, true)).start("generating weights",
                        totalBytes >> 20, "MiB");
            }
            task.advance(done - reported);
            reported = done;
        }

        @Override
        public void close() {
            if (task != null) {
                task.close();
            }
        }
    }
}
