"""PyTorch side of the quick convolution timing (pairs with dev.jnn.bench.ConvQuick).

Prints one line per workload: name, median milliseconds of forward, backward (input+weight+bias) and both.
Run: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2 /usr/bin/python3 bench/tools/conv_quick.py
"""
import statistics
import sys
import time

import torch
import torch.nn.functional as F

WORKLOADS = {
    # name: (batch, in_channels, size, out_channels, kernel, pad)
    "conv3x3_64_32x32_b128": (128, 64, 32, 64, 3, 1),
    "lenet_c1_5x5_1to6_b64": (64, 1, 32, 6, 5, 0),
}


def median_ms(fn, reps):
    for _ in range(3):
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    for name, (n, c, hw, o, k, p) in WORKLOADS.items():
        x = torch.randn(n, c, hw, hw)
        w = torch.randn(o, c, k, k) * 0.1
        b = torch.randn(o)
        reps = 20 if c > 1 else 200
        with torch.no_grad():
            fwd = median_ms(lambda: F.conv2d(x, w, b, padding=p), reps)
        xg = x.clone().requires_grad_()
        wg = w.clone().requires_grad_()
        bg = b.clone().requires_grad_()
        y = F.conv2d(xg, wg, bg, padding=p)
        dy = torch.randn_like(y)

        def bwd():
            torch.autograd.grad(y, (xg, wg, bg), dy, retain_graph=True)

        bw = median_ms(bwd, reps)
        print(f"{name} torch threads={threads} forward_ms={fwd:.3f} backward_ms={bw:.3f}", flush=True)


if __name__ == "__main__":
    main()
