"""ONNX Runtime baseline for SIREN's BERT encoders (`siren bench --model bge-small-en-v1.5`), the shapes of the
guard's default encoders: the 64-token latency (p50 of single calls) and batch-32 throughput at several lengths.

  python bench/encoder_onnxruntime.py --onnx FILE [--threads 2] [--lengths 14,85,128,512] [--latency-calls 300]
  python bench/encoder_onnxruntime.py --export bge-small-en-v1.5|all-minilm-l6-v2 --out FILE.onnx

--onnx times a file with inputs input_ids, attention_mask, token_type_ids (the langchain4j files SIREN embeds are
extracted to $SIREN_CACHE/encoders/ on first use). --export writes a fresh transformers export (torch.onnx, opset
17) of a BertModel with that model's configuration and random weights (the speed does not depend on the values;
no network needed), output last_hidden_state, as a second ONNX graph to compare: the benchmark takes ORT's better one.
Prints JSON.
"""
import argparse
import json
import os
import statistics
import time

import numpy as np

LAYERS = {"bge-small-en-v1.5": 12, "all-minilm-l6-v2": 6}  # both: hidden 384, 12 heads, MLP 1536, vocab 30522
INPUTS = ["input_ids", "attention_mask", "token_type_ids"]


def export(name, out):
    import torch
    from transformers import BertConfig, BertModel
    cfg = BertConfig(vocab_size=30522, hidden_size=384, num_hidden_layers=LAYERS[name], num_attention_heads=12,
                     intermediate_size=1536, max_position_embeddings=512, hidden_act="gelu", layer_norm_eps=1e-12)
    torch.manual_seed(0)
    model = BertModel(cfg, add_pooling_layer=False).eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.m(input_ids=input_ids, attention_mask=attention_mask,
                          token_type_ids=token_type_ids).last_hidden_state

    ids = torch.randint(1000, 30000, (1, 16))
    torch.onnx.export(LastHiddenState(model), (ids, torch.ones_like(ids), torch.zeros_like(ids)), out,
                      input_names=INPUTS, output_names=["last_hidden_state"],
                      dynamic_axes={n: {0: "batch", 1: "tokens"} for n in INPUTS}, opset_version=17, dynamo=False)


def measure(path, threads, lengths, latency_calls, batch_seconds):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)

    def run(b, t):
        x = rng.integers(1000, 30000, (b, t), dtype=np.int64)
        sess.run(None, {"input_ids": x, "attention_mask": np.ones_like(x), "token_type_ids": np.zeros_like(x)})

    for _ in range(max(10, latency_calls // 5)):
        run(1, 64)
    calls = []
    for _ in range(latency_calls):
        s = time.perf_counter()
        run(1, 64)
        calls.append(time.perf_counter() - s)
    results = []
    for t in lengths:
        run(32, t)
        n, s = 0, time.perf_counter()
        while n < 2 or time.perf_counter() - s < batch_seconds:
            run(32, t)
            n += 1
        results.append({"batch": 32, "tokens": t, "tokens_per_s": round(n * 32 * t / (time.perf_counter() - s), 1)})
    return {"impl": "onnxruntime", "file": path, "onnxruntime": ort.__version__, "threads": threads,
            "latency_64_p50_ms": round(statistics.median(calls) * 1e3, 3), "latency_calls": latency_calls,
            "results": results}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--onnx")
    ap.add_argument("--export", choices=sorted(LAYERS))
    ap.add_argument("--out")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--lengths", default="14,85,128,512")
    ap.add_argument("--latency-calls", type=int, default=300)
    ap.add_argument("--batch-seconds", type=float, default=3.0, help="timed seconds per batch-32 length")
    args = ap.parse_args()
    if args.export:
        if not args.out:
            ap.error("--export needs --out")
        export(args.export, args.out)
        return
    if not args.onnx or not os.path.isfile(args.onnx):
        ap.error(f"--onnx must name an ONNX file, got {args.onnx!r}")
    print(json.dumps(measure(args.onnx, args.threads, [int(t) for t in args.lengths.split(",")],
                             args.latency_calls, args.batch_seconds), indent=2))


if __name__ == "__main__":
    main()
