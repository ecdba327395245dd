#!/usr/bin/env python3
"""Writes the engine's LoRA test fixture: a random PEFT-format adapter for the tiny golden BertModel and the SIREN
layer means that PyTorch computes with the adapter applied unmerged (x·Aᵀ·Bᵀ·scale beside each Linear, as in
training). Usage: make_lora_golden.py MODEL_DIR OUT_DIR"""
import json
import os
import sys

import torch
from safetensors.torch import save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import siren_lora  # noqa: E402

model_dir, out = sys.argv[1], sys.argv[2]
torch.manual_seed(7)
model = siren_lora.load_encoder(model_dir).eval()
rank, alpha = 4, 8.0
wrapped = siren_lora.add_lora(model, rank, alpha, 0.0)
skip = {"encoder.layer.1.intermediate.dense"}  # a module the adapter leaves alone
tensors = {}
for name, module in wrapped.items():
    with torch.no_grad():
        module.lora_A.normal_(0, 0.3)
        module.lora_B.normal_(0, 0.3) if name not in skip else module.lora_B.zero_()
    if name not in skip:
        tensors[f"base_model.model.{name}.lora_A.weight"] = module.lora_A.detach().clone()
        tensors[f"base_model.model.{name}.lora_B.weight"] = module.lora_B.detach().clone()
adapter = os.path.join(out, "bert-minilm-tiny-adapter")
os.makedirs(adapter, exist_ok=True)
save_file(tensors, os.path.join(adapter, "adapter_model.safetensors"))
with open(os.path.join(adapter, "adapter_config.json"), "w") as f:
    json.dump({"peft_type": "LORA", "base_model_name_or_path": "../../models/bert-minilm-tiny-f32", "r": rank,
               "lora_alpha": alpha, "target_modules": ["query", "key", "value", "dense"], "bias": "none",
               "fan_in_fan_out": False, "use_rslora": False, "modules_to_save": None}, f, indent=2)
ids = [[2, 45, 310, 7, 99, 128, 3], list(range(1, 34))]
means = []
with torch.no_grad():
    for seq in ids:
        states = model(input_ids=torch.tensor([seq]), output_hidden_states=True).hidden_states[1:]
        means.append([state[0].mean(0).tolist() for state in states])
with open(os.path.join(out, "bert-minilm-tiny-lora-means.json"), "w") as f:
    json.dump({"ids": ids, "means": means, "made_by": "train/lora/make_lora_golden.py, torch " + torch.__version__},
              f)
print(adapter, len(tensors), "tensors")
