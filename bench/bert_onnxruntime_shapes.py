# Random-weight BERT models of the all-MiniLM-L6-v2 and bge/e5-small shapes: saved as Hugging Face folders (read by
# SIREN's BertFolderBenchmark) and exported to ONNX; times ONNX Runtime on 2 pinned cores with the same shapes.
# Usage: python3 bench/bert_onnxruntime_shapes.py  (needs torch, transformers, onnxruntime; writes /tmp/<shape>)
import os, time
os.sched_setaffinity(0, {0, 1})
import numpy as np, torch
torch.set_num_threads(2)
import onnxruntime as ort
from transformers import BertConfig, BertModel
for name, layers in (("minilm-l6-shape", 6), ("bge-small-shape", 12)):
    cfg = BertConfig(vocab_size=30522, hidden_size=384, num_hidden_layers=layers, num_attention_heads=12,
                     intermediate_size=1536, max_position_embeddings=512, hidden_act="gelu", layer_norm_eps=1e-12)
    try:
        cfg._attn_implementation = "eager"
    except Exception as e:
        print("eager attention not set:", e)
    torch.manual_seed(0)
    model = BertModel(cfg, add_pooling_layer=False).eval()
    folder = f"/tmp/{name}"
    model.save_pretrained(folder)
    onnx_path = f"/tmp/{name}.onnx"
    ids = torch.randint(1000, 30000, (1, 16))

    class Wrap(torch.nn.Module):
        def __init__(self, m):
            super().__init__(); self.m = m
        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.m(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
    try:
        torch.onnx.export(Wrap(model), (ids, torch.ones_like(ids), torch.zeros_like(ids)), onnx_path,
                          input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["last_hidden_state"],
                          dynamic_axes={n: {0: "b", 1: "t"} for n in ["input_ids", "attention_mask", "token_type_ids"]},
                          opset_version=17, dynamo=False)
    except Exception as e:
        print("export failed:", repr(e)[:300]); continue
    so = ort.SessionOptions(); so.intra_op_num_threads = 2; so.inter_op_num_threads = 1
    sess = ort.InferenceSession(onnx_path, so, providers=["CPUExecutionProvider"])
    def run(b, t):
        x = np.random.randint(1000, 30000, (b, t)).astype(np.int64)
        return sess.run(None, {"input_ids": x, "attention_mask": np.ones_like(x), "token_type_ids": np.zeros_like(x)})
    for _ in range(100): run(1, 64)
    ts = []
    for _ in range(500):
        s = time.perf_counter(); run(1, 64); ts.append(time.perf_counter() - s)
    ts.sort()
    print(f"ORT {name} threads=2: 64-token latency p50 {ts[250]*1e3:.2f} ms p90 {ts[450]*1e3:.2f} ms", flush=True)
    for t in (14, 85, 128, 512):
        rounds = max(3, 40000 // (32 * t)); run(32, t)
        s = time.perf_counter()
        for _ in range(rounds): run(32, t)
        print(f"ORT {name} batch 32 x {t} tokens: {rounds*32*t/(time.perf_counter()-s):.0f} tokens/s", flush=True)
print("ort", ort.__version__, "torch", torch.__version__)
