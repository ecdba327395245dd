#!/usr/bin/env python3
"""LoRA fine-tuning of a BERT encoder for SIREN, written as a PEFT adapter that `siren` merges when it loads the
encoder (docs/default-guard.md, "The tuned guard"). Needs torch, safetensors and tokenizers; a GPU is optional.

  siren_lora.py onnx-to-hf MODEL.onnx TOKENIZER.json OUT_DIR      an embedded encoder as a Hugging Face folder
  siren_lora.py prepare --tokenizer T.json --out DIR FILE.jsonl...  seeded split, token ids, SIREN's text contract
  siren_lora.py train --model DIR --data DIR/tokens.npz --out ADAPTER_DIR [options]

`train --init ADAPTER --sources A,B --others N --pair-weight W` continues from an adapter on some sources' rows (plus N
rows of the others), adding a pairwise loss that ranks a harmful answer above a benign answer to the same prompt.

`prepare` holds out a stratified share of the rows (source x label) and writes them to DIR/validation.jsonl beside
DIR/fit.jsonl, so that `siren train --train DIR/fit.jsonl --validation DIR/validation.jsonl` chooses probes and layer
weights on rows the adapter never saw.
"""
import argparse
import glob
import json
import math
import os
import random
import time

import numpy as np


def python_strip_join(row):
    """SIREN's text contract (guard TextContract): prompt, or prompt + "\\n" + response; Python-stripped, " " if empty."""
    prompt, response = row.get("prompt") or "", row.get("response")
    text = prompt + "\n" + response if response else prompt
    return text.strip() or " "


def cmd_onnx_to_hf(args):
    """The initializers keep Hugging Face names, except the Linear weights: those are found through their MatMul
    node (/encoder/layer.N/.../MatMul) and stored [in, out], so they are transposed here."""
    import re
    import onnx
    from onnx import numpy_helper
    import torch
    from safetensors.torch import save_file

    graph = onnx.load(args.onnx).graph
    init = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    tensors = {name: value for name, value in init.items() if not name.startswith("onnx::")}
    pattern = re.compile(r"/encoder/layer\.(\d+)/(attention/self/query|attention/self/key|attention/self/value"
                         r"|attention/output/dense|intermediate/dense|output/dense)/MatMul")
    for node in graph.node:
        match = pattern.fullmatch(node.name)
        if node.op_type == "MatMul" and match and node.input[1] in init:
            name = f"encoder.layer.{match.group(1)}.{match.group(2).replace('/', '.')}.weight"
            tensors[name] = init[node.input[1]].T
    word = tensors["embeddings.word_embeddings.weight"]
    layers = sum(1 for name in tensors if name.endswith("attention.self.query.weight"))
    config = {"architectures": ["BertModel"], "model_type": "bert", "vocab_size": word.shape[0],
              "hidden_size": word.shape[1], "num_hidden_layers": layers, "num_attention_heads": args.heads,
              "intermediate_size": tensors["encoder.layer.0.intermediate.dense.weight"].shape[0],
              "max_position_embeddings": tensors["embeddings.position_embeddings.weight"].shape[0],
              "type_vocab_size": tensors["embeddings.token_type_embeddings.weight"].shape[0],
              "hidden_act": "gelu", "layer_norm_eps": 1e-12, "hidden_dropout_prob": 0.1,
              "attention_probs_dropout_prob": 0.1}
    os.makedirs(args.out, exist_ok=True)
    dtype = torch.float16 if args.fp16 else torch.float32
    shards = [{}] if args.shards == 1 else [{} for _ in range(args.shards)]
    for name, value in tensors.items():
        match = re.match(r"encoder\.layer\.(\d+)\.", name)
        shard = 0 if not match else min(args.shards - 1, int(match.group(1)) * args.shards // layers)
        shards[shard][name] = torch.from_numpy(np.ascontiguousarray(value)).to(dtype)
    for i, shard in enumerate(shards):
        save_file(shard, os.path.join(args.out, f"model-{i + 1:05d}-of-{len(shards):05d}.safetensors"))
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    with open(args.tokenizer, "rb") as src, open(os.path.join(args.out, "tokenizer.json"), "wb") as dst:
        dst.write(src.read())
    print(f"{args.out}: {layers} layers, hidden {word.shape[1]}, {len(tensors)} tensors in {len(shards)} file(s)")


def cmd_prepare(args):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(args.tokenizer)
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=args.max_length)
    rows = []
    for path in args.files:
        with open(path, encoding="utf-8") as f:
            rows.extend(json.loads(line) for line in f if line.strip())
    rng = random.Random(args.seed)
    groups = {}
    for i, row in enumerate(rows):
        groups.setdefault((row["source"], int(row["label"])), []).append(i)
    held = set()
    for key in sorted(groups):
        members = groups[key]
        rng.shuffle(members)
        held.update(members[:round(len(members) * args.validation_share)])
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "fit.jsonl"), "w", encoding="utf-8") as fit, \
            open(os.path.join(args.out, "validation.jsonl"), "w", encoding="utf-8") as val:
        for i, row in enumerate(rows):
            (val if i in held else fit).write(json.dumps(row, ensure_ascii=False) + "\n")
    encodings = tokenizer.encode_batch([python_strip_join(row) for row in rows])
    ids = [np.asarray(e.ids, dtype=np.int32) for e in encodings]
    sources = sorted({row["source"] for row in rows})
    prompts = {}
    prompt_group = [prompts.setdefault((row["source"], row.get("prompt") or ""), len(prompts)) for row in rows]
    np.savez_compressed(os.path.join(args.out, "tokens.npz"),
                        ids=np.concatenate(ids), offsets=np.cumsum([0] + [len(x) for x in ids]),
                        labels=np.asarray([int(row["label"]) for row in rows], dtype=np.int8),
                        source=np.asarray([sources.index(row["source"]) for row in rows], dtype=np.int16),
                        sources=np.asarray(sources), validation=np.asarray([i in held for i in range(len(rows))]),
                        group=np.asarray(prompt_group, dtype=np.int32))
    print(f"{args.out}: {len(rows)} rows ({len(held)} held out), {sum(len(x) for x in ids)} tokens, "
          f"{len(sources)} sources")


def lora_linear(linear, rank, alpha, dropout):
    """`linear` with LoRA beside it: y = base(x) + scale * dropout(x) A^T B^T, A [r, in] and B [out, r] as PEFT stores
    them; B starts at zero, so the wrapped layer starts as the base."""
    import torch
    from torch import nn

    class LoraLinear(nn.Module):
        def __init__(self):
            super().__init__()
            self.base = linear
            self.lora_A = nn.Parameter(torch.empty(rank, linear.in_features))
            self.lora_B = nn.Parameter(torch.zeros(linear.out_features, rank))
            nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))
            self.drop = nn.Dropout(dropout)
            self.scale = alpha / rank

        def forward(self, x):
            return self.base(x) + (self.drop(x) @ self.lora_A.t() @ self.lora_B.t()) * self.scale

    return LoraLinear()


TARGETS = ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
           "intermediate.dense", "output.dense")


def load_encoder(model_dir):
    import torch
    from safetensors.torch import load_file
    from transformers import BertConfig, BertModel

    config = BertConfig.from_pretrained(model_dir)
    model = BertModel(config, add_pooling_layer=False)
    state = {}
    for path in sorted(glob.glob(os.path.join(model_dir, "*.safetensors"))):
        state.update({name: value.float() for name, value in load_file(path).items()})
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if "position_ids" not in m]
    unexpected = [u for u in unexpected if not u.startswith("pooler.")]  # SIREN reads the layers, not the pooler
    if missing or unexpected:
        raise SystemExit(f"{model_dir}: missing {missing}, unexpected {unexpected}")
    return model


def add_lora(model, rank, alpha, dropout):
    wrapped = {}
    for index, layer in enumerate(model.encoder.layer):
        for target in TARGETS:
            parent_path, child = target.rsplit(".", 1)
            parent = layer.get_submodule(parent_path)
            module = lora_linear(getattr(parent, child), rank, alpha, dropout)
            setattr(parent, child, module)
            wrapped[f"encoder.layer.{index}.{target}"] = module
    return wrapped


def macro_f1(labels, predicted):
    scores = []
    for positive in (0, 1):
        tp = np.sum((predicted == positive) & (labels == positive))
        fp = np.sum((predicted == positive) & (labels != positive))
        fn = np.sum((predicted != positive) & (labels == positive))
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores))


def source_averaged_f1(labels, probabilities, sources):
    """The SIREN selection metric: macro-F1 per source with both classes, averaged."""
    values = [macro_f1(labels[sources == s], (probabilities[sources == s] >= 0.5).astype(int))
              for s in np.unique(sources) if len(np.unique(labels[sources == s])) == 2]
    return float(np.mean(values))


def within_prompt_auroc(labels, probabilities, groups):
    """Over every (harmful, benign) pair of answers to one prompt: how often the harmful one scores higher."""
    wins = total = 0.0
    for g in np.unique(groups):
        mine = groups == g
        harmful, benign = probabilities[mine & (labels == 1)], probabilities[mine & (labels == 0)]
        if len(harmful) and len(benign):
            diff = harmful[:, None] - benign[None, :]
            wins += np.sum(diff > 0) + 0.5 * np.sum(diff == 0)
            total += diff.size
    return float(wins / total) if total else float("nan")


def cmd_train(args):
    import torch
    from torch import nn
    from safetensors.torch import save_file

    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    data = np.load(args.data)
    ids, offsets, labels, sources, held = (data[k] for k in ("ids", "offsets", "labels", "source", "validation"))
    rows = [ids[offsets[i]:offsets[i + 1]] for i in range(len(labels))]
    fit_index, val_index = np.flatnonzero(~held), np.flatnonzero(held)
    names = [str(x) for x in data["sources"]]
    group = data["group"] if "group" in data.files else np.arange(len(labels))

    def subset(index, wanted, others):
        """Rows of the named sources, plus `others` rows drawn from the rest (all rows when no source is named)."""
        if not wanted:
            return index
        chosen = np.isin(sources[index], [names.index(w) for w in wanted])
        rest = index[~chosen]
        return np.sort(np.concatenate([index[chosen], rng.choice(rest, min(others, len(rest)), replace=False)]))

    fit_index = subset(fit_index, args.sources, args.others)
    val_index = subset(val_index, args.sources, args.others // 4)
    if args.limit:
        fit_index, val_index = fit_index[:args.limit], val_index[:args.limit]

    model = load_encoder(args.model)
    for p in model.parameters():
        p.requires_grad_(False)
    wrapped = add_lora(model, args.rank, args.alpha, args.dropout)
    if args.init:
        from safetensors.torch import load_file
        start = load_file(os.path.join(args.init, "adapter_model.safetensors"))
        with torch.no_grad():
            for name, module in wrapped.items():
                for part in ("A", "B"):
                    getattr(module, f"lora_{part}").copy_(start[f"base_model.model.{name}.lora_{part}.weight"].float())
    head = nn.Sequential(nn.Dropout(0.1), nn.Linear(model.config.hidden_size, 2))
    model.to(device)
    head.to(device)
    params = [p for m in wrapped.values() for p in (m.lora_A, m.lora_B)] + list(head.parameters())
    optimizer = torch.optim.AdamW(params, lr=args.lr, weight_decay=args.weight_decay)
    steps = args.epochs * math.ceil(len(fit_index) / args.batch)
    warmup = max(1, steps // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup))))
    autocast = torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=device == "cuda")

    def batches(index, shuffle):
        # batches of similar lengths (less padding), in random order when training; with --pair-weight, whole
        # prompt groups, so that a prompt's answers meet in one batch
        if shuffle and args.pair_weight > 0:
            members = {}
            for i in index:
                members.setdefault(int(group[i]), []).append(i)
            keys = list(members)
            rng.shuffle(keys)
            chunks, chunk = [], []
            for k in keys:
                chunk += members[k]
                if len(chunk) >= args.batch:
                    chunks.append(chunk)
                    chunk = []
            chunks += [chunk] if chunk else []
        else:
            order = sorted(index, key=lambda i: len(rows[i]))
            chunks = [order[i:i + args.batch] for i in range(0, len(order), args.batch)]
        if shuffle:
            rng.shuffle(chunks)
        for chunk in chunks:
            length = max(len(rows[i]) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.int64)
            for j, i in enumerate(chunk):
                ids[j, :len(rows[i])] = rows[i]
                mask[j, :len(rows[i])] = 1
            yield (chunk, torch.from_numpy(ids).to(device), torch.from_numpy(mask).to(device),
                   torch.from_numpy(labels[chunk].astype(np.int64)).to(device))

    def logits(ids, mask):
        with autocast:
            hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state
        m = mask.unsqueeze(-1).float()
        pooled = (hidden.float() * m).sum(1) / m.sum(1)  # SIREN's mean over all tokens, [CLS] and [SEP] included
        return head(pooled)

    def validate():
        model.eval()
        head.eval()
        probabilities = np.zeros(len(labels), dtype=np.float32)
        with torch.no_grad():
            for chunk, ids, mask, _ in batches(val_index, False):
                probabilities[chunk] = torch.softmax(logits(ids, mask), -1)[:, 1].cpu().numpy()
        model.train()
        head.train()
        return (source_averaged_f1(labels[val_index], probabilities[val_index], sources[val_index]),
                within_prompt_auroc(labels[val_index], probabilities[val_index], group[val_index]))

    def adapter_tensors():
        return {f"base_model.model.{name}.lora_{part}.weight":
                getattr(module, f"lora_{part}").detach().to("cpu", torch.float16).contiguous()
                for name, module in wrapped.items() for part in ("A", "B")}

    started, history, best = time.time(), [], None
    if args.init:
        f1, pair_auroc = validate()
        history.append({"epoch": 0, "validation_f1": f1, "validation_within_prompt_auroc": pair_auroc})
        print(json.dumps(history[-1]), flush=True)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    for epoch in range(1, args.epochs + 1):
        total, count = 0.0, 0
        for chunk, ids, mask, target in batches(fit_index, True):
            out = logits(ids, mask)
            loss = loss_fn(out, target)
            if args.pair_weight > 0:
                margin = out[:, 1] - out[:, 0]
                g = torch.as_tensor(group[chunk], device=device)
                pairs = (g[:, None] == g[None, :]) & (target[:, None] == 1) & (target[None, :] == 0)
                if pairs.any():  # a harmful answer should outscore a benign answer to the same prompt
                    loss = loss + args.pair_weight * nn.functional.softplus(
                        -(margin[:, None] - margin[None, :])[pairs]).mean()
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            total, count = total + loss.item() * len(target), count + len(target)
        f1, pair_auroc = validate()
        history.append({"epoch": epoch, "train_loss": total / count, "validation_f1": f1,
                        "validation_within_prompt_auroc": pair_auroc, "seconds": round(time.time() - started, 1)})
        print(json.dumps(history[-1]), flush=True)
        if best is None or f1 > best[0]:
            best = (f1, epoch, adapter_tensors())

    os.makedirs(args.out, exist_ok=True)
    save_file(best[2], os.path.join(args.out, "adapter_model.safetensors"))
    adapter_config = {"peft_type": "LORA", "task_type": "FEATURE_EXTRACTION", "base_model_name_or_path": args.base_name,
                      "r": args.rank, "lora_alpha": args.alpha, "lora_dropout": args.dropout,
                      "target_modules": ["query", "key", "value", "dense"], "bias": "none",
                      "fan_in_fan_out": False, "use_rslora": False, "modules_to_save": None, "inference_mode": True}
    with open(os.path.join(args.out, "adapter_config.json"), "w") as f:
        json.dump(adapter_config, f, indent=2)
    provenance = {"data": {"rows_fit": int(len(fit_index)), "rows_validation": int(len(val_index)),
                           "sources": [str(s) for s in data["sources"]]},
                  "parameters": {k: v for k, v in vars(args).items() if k not in ("func",)},
                  "chosen_epoch": best[1], "validation_source_averaged_macro_f1": best[0], "history": history,
                  "device": torch.cuda.get_device_name() if device == "cuda" else "cpu", "torch": torch.__version__}
    with open(os.path.join(args.out, "training_log.json"), "w") as f:
        json.dump(provenance, f, indent=2)
    print(f"{args.out}: epoch {best[1]} kept, validation F1 {best[0]:.4f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(required=True)
    p = commands.add_parser("onnx-to-hf", help="an encoder's ONNX export as a Hugging Face folder")
    p.add_argument("onnx")
    p.add_argument("tokenizer")
    p.add_argument("out")
    p.add_argument("--heads", type=int, default=12)
    p.add_argument("--fp16", action="store_true", help="store fp16 (half the size, for transport)")
    p.add_argument("--shards", type=int, default=1)
    p.set_defaults(func=cmd_onnx_to_hf)
    p = commands.add_parser("prepare", help="split and tokenize SIREN jsonl rows")
    p.add_argument("--tokenizer", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--max-length", type=int, default=512)
    p.add_argument("--validation-share", type=float, default=0.2)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("files", nargs="+")
    p.set_defaults(func=cmd_prepare)
    p = commands.add_parser("train", help="fit LoRA adapters and a linear probe on the mean-pooled last layer")
    p.add_argument("--model", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--base-name", default="BAAI/bge-small-en-v1.5")
    p.add_argument("--rank", type=int, default=16)
    p.add_argument("--alpha", type=float, default=32)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--lr", type=float, default=3e-4)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--limit", type=int, default=0, help="use only the first N rows of each split (smoke tests)")
    p.add_argument("--init", help="start from this adapter folder (same rank) instead of B = 0")
    p.add_argument("--sources", type=lambda t: t.split(","), default=[],
                   help="fit only on these sources (comma-separated), plus --others rows of the rest")
    p.add_argument("--others", type=int, default=0)
    p.add_argument("--pair-weight", type=float, default=0.0,
                   help="weight of a pairwise loss: a harmful answer above a benign one to the same prompt")
    p.set_defaults(func=cmd_train)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
