#!/usr/bin/env bash
# `siren bench` against plain PyTorch (bench/pytorch_prefill.py) on the same random-weight bf16 model folder, in
# alternating rounds so both see the same machine load (docs/BENCHMARKS.md, "Decoder engine").
# Usage: bench/decoder-vs-pytorch.sh [SHAPE=qwen3-0.6b] [ROUNDS=2] [CASES=1x128,1x512,8x128]
# Needs a python with torch (PYTHON=..., default python3). Run from the repository root.
set -euo pipefail
shape=${1:-qwen3-0.6b} rounds=${2:-2} cases=${3:-1x128,1x512,8x128}
python=${PYTHON:-python3}
model="${SIREN_CACHE:-$HOME/.cache/siren}/bench/$shape-bf16"
./siren bench --shape "$shape" --cases 1x8 --repeats 1 >/dev/null  # builds, and generates the model once
for round in $(seq "$rounds"); do
  echo "== round $round: siren"
  ./siren bench --model "$model" --cases "$cases" --repeats 3
  for dtype in bf16 fp32; do
    echo "== round $round: pytorch $dtype"
    "$python" bench/pytorch_prefill.py --model "$model" --dtype "$dtype" --cases "$cases" --repeats 3
  done
done
