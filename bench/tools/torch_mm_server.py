"""PyTorch half of dev.jnn.bench.GemmInterleaved: times torch.mm on one shape whenever asked on stdin.

Prints "ready" once warmed up (2 s), then, for every line read from stdin, runs CALLS back-to-back products and
prints the seconds they took. Between requests it blocks on stdin, so it leaves the cores to the jnn side.

Run by GemmInterleaved: /usr/bin/python3 bench/tools/torch_mm_server.py M K N CALLS THREADS
"""
import sys
import time

import torch

m, k, n, calls, threads = map(int, sys.argv[1:6])
torch.set_num_threads(threads)
gen = torch.Generator().manual_seed(42)
a = torch.rand(m, k, generator=gen) * 2 - 1
b = torch.rand(k, n, generator=gen) * 2 - 1
c = torch.empty(m, n)
start = time.time()
while time.time() - start < 2:
    torch.mm(a, b, out=c)
print("ready", flush=True)
for _ in sys.stdin:
    t0 = time.perf_counter()
    for _ in range(calls):
        torch.mm(a, b, out=c)
    print(time.perf_counter() - t0, flush=True)
