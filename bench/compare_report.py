"""Summary of a bench/compare.sh run: OUT_DIR/summary.json and OUT_DIR/summary.md.

Per decoder shape and case: tokens/s (median over rounds, with the range), GFLOP/s of useful work and its share of
the roof (the fp32 FMA peak of one core measured by FmaPeakBenchmark at the width the implementation runs at, times
the threads), SIREN's ratio to its 512-bit figure, and to the best PyTorch / transformers figure of the same
instruction-set class. Per encoder: 64-token p50 latency and batch-32 tokens/s against ONNX Runtime's better file.

  python bench/compare_report.py OUT_DIR
"""
import json
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path

# the widths of instruction sets a peer runs with: PyTorch's own choice here is AVX-512, its "avx2" runs 256-bit
ROOF_WIDTH = {"native": "512", "avx2": "256"}
BERT = {"bge-small-en-v1.5": 12, "all-minilm-l6-v2": 6}  # layers; hidden 384, 12 heads, MLP 1536


def decoder_gflop(config, batch, tokens):
    """Useful GFLOP of one prefill: the Linear layers, and attention over the causal half (no embedding, norms)."""
    h, heads = config["hidden_size"], config["num_attention_heads"]
    kv = config.get("num_key_value_heads", heads)
    hd = config.get("head_dim") or h // heads
    per_token = 2 * (h * heads * hd + 2 * h * kv * hd + heads * hd * h + 3 * h * config["intermediate_size"])
    attention = heads * 2 * 2 * hd * tokens * (tokens + 1) / 2
    return config["num_hidden_layers"] * batch * (per_token * tokens + attention) / 1e9


def bert_gflop(layers, batch, tokens, h=384, inter=1536):
    return layers * batch * (2 * (4 * h * h + 2 * h * inter) * tokens + 2 * 2 * h * tokens * tokens) / 1e9


def spread(values):
    """'median' or 'median (min-max)' of a list of numbers."""
    m = statistics.median(values)
    fmt = (lambda v: f"{v:.1f}") if m < 100 else (lambda v: f"{v:.0f}")
    return fmt(m) if len(values) == 1 else f"{fmt(m)} ({fmt(min(values))}-{fmt(max(values))})"


def load(out):
    runs = defaultdict(lambda: defaultdict(list))  # (kind, model, impl) -> case -> [values over rounds]
    for f in sorted(out.glob("*__r*.json")):
        kind, model, impl, _ = f.stem.split("__")
        try:
            data = json.loads(f.read_text())
        except json.JSONDecodeError:
            continue
        cell = runs[(kind, model, impl)]
        for r in data.get("results", []):
            if impl.endswith("-latency"):
                cell["p50_ms_64"].append(r["median_s"] * 1e3)
            else:
                cell[f"{r['batch']}x{r['tokens']}"].append(r["tokens_per_s"])
        if "latency_64_p50_ms" in data:
            cell["p50_ms_64"].append(data["latency_64_p50_ms"])
    roofs, gemms = {}, {}
    for f in out.glob("kernel__*__*.txt"):  # kernel__native_gemm.txt (PyTorch's GEMM) is quoted as it is
        _, kernel, width = f.stem.split("__")
        m = re.search(r"median ([0-9.]+) GFLOP/s", f.read_text())
        if m:
            (roofs if kernel == "FmaPeakBenchmark" else gemms)[width] = float(m.group(1))
    return runs, roofs, gemms


def main():
    out = Path(sys.argv[1])
    runs, roofs, gemms = load(out)
    env = (out / "environment.txt").read_text() if (out / "environment.txt").exists() else ""
    threads = int(json.loads(next(out.glob("dec__*__siren-*.json")).read_text()).get("threads", 2)) \
        if any(out.glob("dec__*__siren-*.json")) else 2
    summary = {"environment": env, "threads": threads, "fp32_peak_gflops_per_core": roofs,
               "bf16_gemm_gflops_one_thread": gemms, "decoder": {}, "encoder": {}}
    md = ["# bench/compare.sh summary", "", "```", env.strip(), "```", ""]
    md += ["## Roofline inputs (one thread)", "", "| width | fp32 peak GFLOP/s (FmaPeakBenchmark) | bf16 GEMM GFLOP/s "
           "(PanelGemmBenchmark) | GEMM / peak |", "|---|---|---|---|"]
    for w in sorted(roofs, key=lambda w: (-int(w[:3]), w)):
        g = gemms.get(w)
        md.append(f"| {w} | {roofs[w]:.1f} | {g or '-'} | {f'{g / roofs[w]:.0%}' if g else '-'} |")
    md.append("")
    if (out / "kernel__native_gemm.txt").exists():
        md += ["PyTorch's GEMM at the same shape (bench/native_gemm.py):", "", "```",
               (out / "kernel__native_gemm.txt").read_text().strip(), "```", ""]

    for shape in sorted({m for k, m, _ in runs if k == "dec"}):
        config = json.loads((out / f"config__{shape}.json").read_text())
        impls = {i: runs[("dec", shape, i)] for k, m, i in runs if k == "dec" and m == shape}
        cases = sorted({c for cells in impls.values() for c in cells}, key=lambda c: [int(x) for x in c.split("x")])
        med = {i: {c: statistics.median(v) for c, v in cells.items()} for i, cells in impls.items()}
        best_peer = {isa: {c: max((med[i][c] for i in med if i.endswith("-" + isa) and c in med[i]), default=None)
                           for c in cases} for isa in ROOF_WIDTH}
        table = {}
        md += [f"## Decoder, {shape} shape (random bf16 weights), {threads} threads: tokens/s", "",
               "| implementation | " + " | ".join(cases) + " | GFLOP/s (% of roof) | vs SIREN 512-bit | vs best peer |",
               "|---|" + "---|" * (len(cases) + 3)]
        for impl in sorted(impls, key=lambda i: (not i.startswith("siren"), i)):
            width = impl.split("-")[1] if impl.startswith("siren") else ROOF_WIDTH[impl.rsplit("-", 1)[1]]
            roof = roofs.get(width, roofs.get("512"))
            row = {}
            for c in cases:
                if c not in med[impl]:
                    continue
                b, t = (int(x) for x in c.split("x"))
                gflops = decoder_gflop(config, b, t) * med[impl][c] / (b * t)
                peer_isa = "avx2" if width in ("256", "128", "128fma") else "native"
                peer = best_peer[peer_isa][c]
                row[c] = {"tokens_per_s": impls[impl][c], "median": med[impl][c], "gflops": round(gflops, 1),
                          "roof_fraction": round(gflops / (roof * threads), 3) if roof else None,
                          "vs_siren_512": round(med[impl][c] / med["siren-512"][c], 3)
                          if "siren-512" in med and c in med["siren-512"] else None,
                          "vs_best_peer": round(med[impl][c] / peer, 3) if impl.startswith("siren") and peer else None}
            table[impl] = row
            cells = [spread(impls[impl][c]) if c in impls[impl] else "-" for c in cases]
            gf = ", ".join(f"{row[c]['gflops']:.0f}" + (f" ({row[c]['roof_fraction']:.0%})" if row[c]["roof_fraction"] else "")
                           for c in cases if c in row)
            ratio = lambda key: ", ".join(f"{row[c][key]:.2f}x" for c in cases if c in row and row[c][key] is not None) or "-"
            md.append(f"| {impl} | " + " | ".join(cells) + f" | {gf} | {ratio('vs_siren_512') if impl.startswith('siren') else '-'}"
                      f" | {ratio('vs_best_peer')} |")
        md += ["", "vs best peer: against the best PyTorch / transformers row of the same instruction-set class (512: "
               "PyTorch's own choice; 256 and 128: the `-avx2` rows). Roof: one core's fp32 peak at the row's width "
               f"x {threads} threads.", ""]
        summary["decoder"][shape] = table

    for enc in sorted({m for k, m, _ in runs if k == "enc"}):
        impls = {i: runs[("enc", enc, i)] for k, m, i in runs if k == "enc" and m == enc}
        merged = defaultdict(dict)
        for impl, cells in impls.items():
            merged[impl.replace("-latency", "").replace("-batch", "")].update(cells)
        cols = ["p50_ms_64"] + sorted({c for v in merged.values() for c in v if c != "p50_ms_64"},
                                      key=lambda c: int(c.split("x")[1]))
        med = {i: {c: statistics.median(v) for c, v in cells.items()} for i, cells in merged.items()}
        ort = [i for i in med if i.startswith("ort")]
        best = {c: (min if c == "p50_ms_64" else max)((med[i][c] for i in ort if c in med[i]), default=None) for c in cols}
        md += [f"## Encoder {enc}, {threads} threads: 64-token p50 latency (ms) and batch-32 tokens/s", "",
               "| implementation | " + " | ".join("p50 ms, 1x64" if c == "p50_ms_64" else c for c in cols)
               + " | vs best ONNX Runtime (latency: ORT ms / ours) |", "|---|" + "---|" * (len(cols) + 1)]
        table = {}
        for impl in sorted(merged, key=lambda i: (not i.startswith("siren"), i)):
            vs = {c: round((best[c] / med[impl][c]) if c == "p50_ms_64" else (med[impl][c] / best[c]), 3)
                  for c in cols if c in med[impl] and best[c]}
            table[impl] = {c: {"values": merged[impl][c], "median": med[impl][c], "vs_best_ort": vs.get(c)}
                           for c in cols if c in merged[impl]}
            for c in cols:
                if c != "p50_ms_64" and c in med[impl]:
                    t = int(c.split("x")[1])
                    table[impl][c]["gflops"] = round(bert_gflop(BERT[enc], 32, t) * med[impl][c] / (32 * t), 1)
            md.append(f"| {impl} | " + " | ".join(spread(merged[impl][c]) if c in merged[impl] else "-" for c in cols)
                      + " | " + (", ".join(f"{vs[c]:.2f}x" for c in cols if c in vs) if impl.startswith("siren") else "-") + " |")
        md.append("")
        summary["encoder"][enc] = table
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    (out / "summary.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
