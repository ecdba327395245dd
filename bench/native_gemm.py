"""GFLOP/s of PyTorch's (oneDNN/MKL) GEMM at the shape PanelGemmBenchmark times: 128x1024 activations times a
3072x1024 weight, one thread; bf16 x bf16 (oneDNN's AVX512-BF16 dot products where the CPU has them) and fp32."""
import time, torch
torch.set_num_threads(1)
m, k, n = 128, 1024, 3072
for dtype in (torch.bfloat16, torch.float32):
    a = torch.randn(m, k).to(dtype); w = torch.randn(n, k).to(dtype)
    for _ in range(20): torch.nn.functional.linear(a, w)
    res = []
    for r in range(7):
        t = time.thread_time(); c = 0
        while time.thread_time() - t < 1.0:
            torch.nn.functional.linear(a, w); c += 1
        res.append(2 * m * k * n * c / (time.thread_time() - t) / 1e9)
    res.sort()
    print(f"torch {torch.__version__} linear {m}x{k}x{n} {dtype}: median {res[3]:.1f} GFLOP/s (one thread, 7 1-s rounds, thread CPU time)")
