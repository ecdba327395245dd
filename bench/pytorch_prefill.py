"""Same-machine PyTorch baselines for `siren bench`: prefill of a Qwen3 / Llama / Qwen2 / Mistral model folder with
every layer's output mean-pooled over the tokens, batches of random token ids.

--impl plain (default): plain PyTorch, one function per block, the same operations as Hugging Face's eager/SDPA code
path (RMSNorm in fp32, rotate-half RoPE with "llama3" scaling, GQA, SwiGLU, scaled_dot_product_attention), no final
norm, no LM head: exactly SIREN's work. `--ids` prints the SIREN means of one sequence as `siren features` does, so
the forward is checked against the engine (and through it against the Hugging Face fixtures) before it is timed.
--impl transformers: Hugging Face transformers' base model (AutoModel, SDPA attention) with output_hidden_states=True,
each layer's hidden state pooled the same way (its last one has the final norm applied: one norm more than SIREN).

The instruction set PyTorch uses is its own choice; limit it with ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2
(what an AVX2-only x86 gets). The JSON reports both.

  python bench/pytorch_prefill.py --model DIR [--impl plain|transformers] [--dtype bf16|fp32] [--threads 2]
         [--cases 1x128,1x512,8x128] [--repeats 3]
  python bench/pytorch_prefill.py --model DIR --ids 1,2,3
"""
import os
import argparse
import json
import math
import mmap
import resource
import statistics
import struct
import time
import warnings

import torch
import torch.nn.functional as F

warnings.filterwarnings("ignore", message="The given buffer is not writable")  # weights are only read
DTYPES = {"BF16": torch.bfloat16, "F16": torch.float16, "F32": torch.float32}


def load_safetensors(path):
    """Tensors of one .safetensors file, as views of the memory-mapped file (no copy)."""
    with open(path, "rb") as f:
        data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    header_len = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + header_len])
    base = 8 + header_len
    buffer = memoryview(data)
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = DTYPES[info["dtype"]]
        count = (end - start) // torch.tensor([], dtype=dtype).element_size()
        t = torch.frombuffer(buffer, dtype=dtype, count=count, offset=base + start) if count else torch.empty(0, dtype=dtype)
        tensors[name] = t.reshape(info["shape"])
    return tensors


def rope_inv_freq(config, head_dim):
    params = config.get("rope_parameters") or dict(config.get("rope_scaling") or {}, rope_theta=config.get("rope_theta", 10000.0))
    theta = params.get("rope_theta", 10000.0)
    inv = 1.0 / theta ** (torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim)
    kind = params.get("rope_type", params.get("type", "default"))
    if kind == "linear":
        inv = inv / params["factor"]
    elif kind == "llama3":
        factor, low, high = params["factor"], params["low_freq_factor"], params["high_freq_factor"]
        old = params["original_max_position_embeddings"]
        wavelen = 2 * math.pi / inv
        smooth = ((old / wavelen) - low) / (high - low)
        mid = (1 - smooth) * inv / factor + smooth * inv
        inv = torch.where(wavelen > old / low, inv / factor, torch.where(wavelen < old / high, inv, mid))
    elif kind != "default":
        raise SystemExit(f"rope type {kind!r} not supported by this baseline")
    return inv.float()


def rms_norm(x, weight, eps):
    x32 = x.float()
    x32 = x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + eps)
    return weight * x32.to(x.dtype)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class Model:
    def __init__(self, folder, dtype):
        with open(f"{folder}/config.json") as f:
            self.config = c = json.load(f)
        self.w = {k: (v if dtype is None else v.to(dtype)) for k, v in load_safetensors(f"{folder}/model.safetensors").items()}
        self.layers = c["num_hidden_layers"]
        self.heads = c["num_attention_heads"]
        self.kv_heads = c.get("num_key_value_heads", self.heads)
        self.head_dim = c.get("head_dim") or c["hidden_size"] // self.heads
        self.eps = c["rms_norm_eps"]
        self.inv_freq = rope_inv_freq(c, self.head_dim)
        self.window = c.get("sliding_window") if c.get("model_type") == "mistral" else None

    def linear(self, x, name):
        return F.linear(x, self.w[name + ".weight"], self.w.get(name + ".bias"))

    def attention(self, x, p, cos, sin, mask):
        b, t, _ = x.shape
        q = self.linear(x, p + "q_proj").view(b, t, self.heads, self.head_dim)
        k = self.linear(x, p + "k_proj").view(b, t, self.kv_heads, self.head_dim)
        v = self.linear(x, p + "v_proj").view(b, t, self.kv_heads, self.head_dim)
        if p + "q_norm.weight" in self.w:  # Qwen3: RMSNorm per head before RoPE
            q = rms_norm(q, self.w[p + "q_norm.weight"], self.eps)
            k = rms_norm(k, self.w[p + "k_norm.weight"], self.eps)
        q, k, v = (z.transpose(1, 2) for z in (q, k, v))
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, enable_gqa=True)
        return self.linear(out.transpose(1, 2).reshape(b, t, -1), p + "o_proj")

    def layer_means(self, ids, lengths):
        """[layers, batch, hidden] fp32: each layer's output averaged over the valid (left-aligned) tokens."""
        b, t = ids.shape
        valid = torch.arange(t)[None, :] < lengths[:, None]
        pos = torch.arange(t, dtype=torch.float32)
        angles = torch.outer(pos, self.inv_freq)
        emb = torch.cat((angles, angles), dim=-1)
        x = F.embedding(ids, self.w["model.embed_tokens.weight"])
        cos, sin = emb.cos().to(x.dtype), emb.sin().to(x.dtype)
        causal = torch.ones(t, t, dtype=torch.bool).tril()
        if self.window:
            causal &= ~torch.ones(t, t, dtype=torch.bool).tril(-self.window)
        mask = causal[None, None] & valid[:, None, None, :]
        weights = (valid.float() / lengths[:, None].float())[..., None]
        means = []
        for l in range(self.layers):
            p = f"model.layers.{l}."
            x = x + self.attention(rms_norm(x, self.w[p + "input_layernorm.weight"], self.eps), p + "self_attn.", cos, sin, mask)
            h = rms_norm(x, self.w[p + "post_attention_layernorm.weight"], self.eps)
            x = x + self.linear(F.silu(self.linear(h, p + "mlp.gate_proj")) * self.linear(h, p + "mlp.up_proj"), p + "mlp.down_proj")
            means.append((x.float() * weights).sum(1))
        return torch.stack(means)


class TransformersModel:
    """Hugging Face transformers' base model of the folder, every hidden state returned."""

    def __init__(self, folder, dtype):
        from transformers import AutoModel
        self.model = AutoModel.from_pretrained(folder, dtype=dtype or "auto", attn_implementation="sdpa").eval()
        self.config = self.model.config.to_dict()
        self.layers = self.config["num_hidden_layers"]

    def layer_means(self, ids, lengths):
        valid = torch.arange(ids.shape[1])[None, :] < lengths[:, None]
        out = self.model(input_ids=ids, attention_mask=valid.long(), output_hidden_states=True)
        weights = (valid.float() / lengths[:, None].float())[..., None]
        return torch.stack([(h.float() * weights).sum(1) for h in out.hidden_states[1:]])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--impl", choices=["plain", "transformers"], default="plain")
    ap.add_argument("--dtype", choices=["bf16", "fp32", "stored"], default="stored")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--cases", default="1x128,1x512,8x128")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--ids", help="print the SIREN means of these token ids as JSON instead of timing")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    dtype = {"bf16": torch.bfloat16, "fp32": torch.float32, "stored": None}[args.dtype]
    model = Model(args.model, dtype) if args.impl == "plain" else TransformersModel(args.model, dtype)
    with torch.inference_mode():
        if args.ids:
            ids = torch.tensor([[int(i) for i in args.ids.split(",")]])
            means = model.layer_means(ids, torch.tensor([ids.shape[1]]))[:, 0]
            print(json.dumps({"layers": model.layers, "hidden": means.shape[1], "features": means.tolist()}))
            return
        vocab = model.config["vocab_size"]
        gen = torch.Generator().manual_seed(42)
        results = []
        for case in args.cases.split(","):
            b, t = (int(n) for n in case.split("x"))
            ids = torch.randint(vocab, (b, t), generator=gen)
            lengths = torch.full((b,), t)
            walls, cpus = [], []
            for run in range(args.repeats + 1):
                w0, c0 = time.perf_counter(), time.process_time()
                model.layer_means(ids, lengths)
                if run:  # the first run warms up
                    walls.append(time.perf_counter() - w0)
                    cpus.append(time.process_time() - c0)
            wall = statistics.median(walls)
            results.append({"batch": b, "tokens": t, "median_s": round(wall, 4), "tokens_per_s": round(b * t / wall, 1),
                            "median_cpu_s": round(statistics.median(cpus), 2), "runs_s": [round(s, 4) for s in walls]})
    print(json.dumps({"model": args.model, "impl": args.impl, "dtype": args.dtype, "threads": args.threads,
                      "torch": torch.__version__, "cpu_capability": torch.backends.cpu.get_cpu_capability(),
                      "onednn_max_cpu_isa": os.environ.get("ONEDNN_MAX_CPU_ISA", "default"),
                      "results": results, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}, indent=2))


if __name__ == "__main__":
    main()
