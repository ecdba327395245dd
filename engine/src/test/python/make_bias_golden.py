#!/usr/bin/env python3
"""Golden fixtures for decoders with linear-layer biases (see src/test/resources/golden/README.md).

Creates two tiny random-weight Hugging Face decoders in the same format as the existing `qwen3-tiny` /
`llama32-tiny` fixtures (bf16 weights, 3 layers, hidden 64, 4 heads / 2 KV heads, head_dim 16, intermediate 128,
vocab 512, tied embeddings without `lm_head.weight`), but with biases:

* `qwen2-tiny-bias`: Qwen2 (q/k/v biases, as Qwen2 always has).
* `llama32-tiny-bias`: Llama with llama3 RoPE, `attention_bias` (q/k/v/o biases) and `mlp_bias` (gate/up/down biases).

Biases are drawn from N(0, 0.5), large next to the weights (N(0, 0.15)), so a missing or doubled bias fails the
parity test by far. The reference is Hugging Face's fp32 eager forward of the bf16 weights upcast to fp32; it writes
for each case `input_ids`, `attention_mask` ([B,T], right padding with id 0), `layer_output.{i}` (residual stream
after layer i, before the final norm), `siren_mean.{i}` (masked mean over valid tokens), `siren_mean_bf16.{i}` and
`logits_last` (logits at each row's last valid token): the tensors GoldenParityTest reads.

Usage (from the repository root; transformers 5.x, torch, safetensors; CPU only, no network):

    python engine/src/test/python/make_bias_golden.py                 # writes the two bias fixtures
    python engine/src/test/python/make_bias_golden.py --check-existing  # recomputes the qwen3-tiny/llama32-tiny
                                                                        # goldens from their inputs and compares
"""

import argparse
import json
import sys
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from transformers import AutoModelForCausalLM, LlamaConfig, Qwen2Config, logging

GOLDEN = Path(__file__).resolve().parents[1] / "resources" / "golden"
SEED = 20240601
WEIGHT_STD = 0.15
NORM_STD = 0.1
BIAS_STD = 0.5
VOCAB = 512
# name -> (valid lengths of the rows); one-row cases have no padding
CASES = {
    "len1": [1],
    "len7": [7],
    "len33": [33],
    "len130": [130],
    "batch3_rightpad": [5, 12, 9],
}

COMMON = dict(
    vocab_size=VOCAB,
    hidden_size=64,
    intermediate_size=128,
    num_hidden_layers=3,
    num_attention_heads=4,
    num_key_value_heads=2,
    head_dim=16,
    hidden_act="silu",
    tie_word_embeddings=True,
    attention_dropout=0.0,
    eos_token_id=1,
)


def configs():
    qwen2 = Qwen2Config(
        **COMMON,
        max_position_embeddings=32768,
        rms_norm_eps=1e-6,
        rope_parameters={"rope_type": "default", "rope_theta": 1000000.0},
        use_sliding_window=False,
        pad_token_id=0,
        bos_token_id=None,
    )
    llama = LlamaConfig(
        **COMMON,
        max_position_embeddings=131072,
        rms_norm_eps=1e-5,
        rope_parameters={
            "rope_type": "llama3",
            "rope_theta": 500000.0,
            "factor": 32.0,
            "low_freq_factor": 1.0,
            "high_freq_factor": 4.0,
            "original_max_position_embeddings": 8192,
        },
        attention_bias=True,
        mlp_bias=True,
        bos_token_id=2,
        pad_token_id=None,
    )
    for c, arch in ((qwen2, "Qwen2ForCausalLM"), (llama, "LlamaForCausalLM")):
        c.architectures = [arch]
    return {"qwen2-tiny-bias": qwen2, "llama32-tiny-bias": llama}


def make_model(config, seed):
    """A random model in bf16: weights N(0, 0.15), norm scales N(1, 0.1), biases N(0, 0.5)."""
    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_config(config, attn_implementation="eager")
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith(".bias"):
                p.normal_(0.0, BIAS_STD)
            elif "norm" in name:
                p.normal_(1.0, NORM_STD)
            else:
                p.normal_(0.0, WEIGHT_STD)
    biases = [n for n, _ in model.named_parameters() if n.endswith(".bias")]
    if not biases:
        raise SystemExit(f"{config.model_type}: the model has no biases")
    return model.to(torch.bfloat16), biases


def make_inputs(seed):
    """Per case: input_ids and attention_mask [B,T], right padding with id 0, valid ids in [3, vocab)."""
    g = torch.Generator().manual_seed(seed)
    out = {}
    for case, lengths in CASES.items():
        t = max(lengths)
        ids = torch.zeros(len(lengths), t, dtype=torch.int64)
        mask = torch.zeros(len(lengths), t, dtype=torch.int64)
        for b, n in enumerate(lengths):
            ids[b, :n] = torch.randint(3, VOCAB, (n,), generator=g)
            mask[b, :n] = 1
        out[case] = (ids, mask)
    return out


@torch.no_grad()
def reference(folder, input_ids, attention_mask):
    """Hugging Face fp32 eager forward of the folder's (bf16) weights upcast to fp32."""
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32, attn_implementation="eager").eval()
    captured = {}
    # the last layer's output is the input of the final norm (hidden_states[-1] is after it)
    hook = model.model.norm.register_forward_pre_hook(lambda _m, args: captured.__setitem__("pre_norm", args[0]))
    try:
        out = model(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True, use_cache=False)
    finally:
        hook.remove()
    layers = model.config.num_hidden_layers
    mask = attention_mask.to(torch.float32)[..., None]
    last = attention_mask.sum(1) - 1
    tensors = {"input_ids": input_ids.clone(), "attention_mask": attention_mask.clone()}
    for i in range(layers):
        x = out.hidden_states[i + 1] if i < layers - 1 else captured["pre_norm"]
        x = x.contiguous()
        mean = (x * mask).sum(1) / mask.sum(1)
        tensors[f"layer_output.{i}"] = x
        tensors[f"siren_mean.{i}"] = mean
        tensors[f"siren_mean_bf16.{i}"] = mean.to(torch.bfloat16)
    tensors["logits_last"] = out.logits[torch.arange(input_ids.shape[0]), last].contiguous()
    return tensors


def rel_err(actual, expected, valid=None):
    a = actual.to(torch.float64)
    e = expected.to(torch.float64)
    if valid is not None:  # compare valid positions only (padded ones hold whatever was computed there)
        a = a[valid.bool()]
        e = e[valid.bool()]
    return float((a - e).abs().max() / e.abs().max())


def generate(out_dir):
    inputs = make_inputs(SEED + 1)
    for k, (name, config) in enumerate(configs().items()):
        model, biases = make_model(config, SEED + 100 * (k + 1))
        folder = out_dir / "models" / name
        model.save_pretrained(folder)
        saved = load_file(folder / "model.safetensors")
        assert "lm_head.weight" not in saved, "tied embeddings must not be saved twice"
        assert all(v.dtype == torch.bfloat16 for v in saved.values())
        assert all(b in saved for b in ("model." + n.removeprefix("model.") for n in biases))
        for f in folder.iterdir():  # only config.json + model.safetensors, like the other fixtures
            if f.name not in ("config.json", "model.safetensors"):
                f.unlink()
        act = out_dir / "activations" / name
        act.mkdir(parents=True, exist_ok=True)
        for case, (ids, mask) in inputs.items():
            save_file(reference(folder, ids, mask), act / f"{case}.safetensors", metadata={"format": "pt"})
        for f in list(folder.iterdir()) + list(act.iterdir()):
            f.chmod(0o644)  # safetensors writes 0600
        print(f"{name}: {len(biases)} bias tensors, {len(saved)} tensors -> {folder}, {act}")


def check_existing(models):
    """Recomputes existing golden activations from their own inputs with reference() and prints the differences."""
    worst = 0.0
    for name in models:
        for case in CASES:
            golden = load_file(GOLDEN / "activations" / name / f"{case}.safetensors")
            ours = reference(GOLDEN / "models" / name, golden["input_ids"], golden["attention_mask"])
            mask = golden["attention_mask"]
            errs = {}
            bf16_diff = 0
            for key, value in ours.items():
                if key in ("input_ids", "attention_mask"):
                    continue
                if key.startswith("siren_mean_bf16"):  # fp32 values near a rounding tie may round either way
                    steps = (value.view(torch.int16).int() - golden[key].view(torch.int16).int()).abs()
                    assert int(steps.max()) <= 1, f"{name} {case} {key}: more than one bf16 step apart"
                    bf16_diff += int((steps > 0).sum())
                    continue
                valid = mask if key.startswith("layer_output") else None
                errs[key] = rel_err(value, golden[key], valid)
            m = max(errs.values())
            worst = max(worst, m)
            print(f"{name} {case}: max relative difference {m:.3e} ({max(errs, key=errs.get)}), "
                  f"bf16 mean elements one step apart: {bf16_diff}")
    print(f"worst: {worst:.3e}")
    return worst


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=GOLDEN, help="golden folder to write models/ and activations/ into")
    p.add_argument("--check-existing", action="store_true",
                   help="instead of generating, recompute the existing qwen3-tiny and llama32-tiny activations")
    args = p.parse_args()
    torch.set_num_threads(1)  # deterministic reductions
    logging.set_verbosity_error()
    logging.disable_progress_bar()
    if args.check_existing:
        sys.exit(0 if check_existing(["qwen3-tiny", "llama32-tiny"]) < 1e-5 else 1)
    generate(args.out)


if __name__ == "__main__":
    main()
