"""GFLOP/s of PyTorch's GEMM (oneDNN for bf16, MKL for fp32) at the shape PanelGemmBenchmark times: 128x1024
activations times a 3072x1024 weight, on one thread, in thread CPU time. On a CPU with AVX512-BF16 the bf16 figure
is what a native bf16 GEMM reaches, which the Vector API cannot express (docs/BENCHMARKS.md).

  python bench/native_gemm.py
"""
import time

import torch

M, K, N = 128, 1024, 3072


def gflops(dtype, rounds=7):
    a = torch.randn(M, K).to(dtype)
    w = torch.randn(N, K).to(dtype)
    for _ in range(20):
        torch.nn.functional.linear(a, w)
    results = []
    for _ in range(rounds):
        start, calls = time.thread_time(), 0
        while time.thread_time() - start < 1.0:
            torch.nn.functional.linear(a, w)
            calls += 1
        results.append(2 * M * K * N * calls / (time.thread_time() - start) / 1e9)
    return sorted(results)[rounds // 2]


torch.set_num_threads(1)
for dtype in (torch.bfloat16, torch.float32):
    print(f"torch {torch.__version__} linear {M}x{K}x{N} {dtype}: median {gflops(dtype):.1f} GFLOP/s "
          f"(one thread, 7 1-s rounds, thread CPU time)")
