#!/usr/bin/env python3
"""The PyTorch peer of bench/run: times the shared workloads with PyTorch on a fixed thread count.

Writes one tab-separated line per workload, `workload<TAB>unit<TAB>value<TAB>note`, the format jnn's
dev.jnn.bench.Result reads. The environment (OpenBLAS / OpenMP variables) is chosen by the caller: bench/run runs
this script once per setting and keeps the best.

Timing protocol, the same on every side: warm-up for at least --warmup seconds (and two calls), then --repeats samples
of enough back-to-back calls to last at least --sample seconds; the median seconds per call is reported.
"""
import argparse
import math
import statistics
import sys
import time

GFLOPS = "GFLOP/s"
WORKLOADS = {}  # name -> (unit, setup); setup() returns (body, work per call in the unit's numerator)


def workload(name, unit):
    def register(setup):
        if name in WORKLOADS:
            raise ValueError("workload registered twice: " + name)
        WORKLOADS[name] = (unit, setup)
        return setup
    return register


def uniform(torch, gen, *shape):
    return torch.rand(*shape, generator=gen) * 2 - 1


def gemm(m, k, n):
    def setup():
        import torch
        gen = torch.Generator().manual_seed(42)
        a, b = uniform(torch, gen, m, k), uniform(torch, gen, k, n)
        c = torch.empty(m, n)
        return (lambda: torch.mm(a, b, out=c)), 2.0 * m * n * k / 1e9
    return setup


for _n in (256, 512, 1024, 2048):
    workload("gemm-%d" % _n, GFLOPS)(gemm(_n, _n, _n))
for _m, _k, _n in ((64, 784, 300), (256, 784, 300), (256, 300, 100)):
    workload("gemm-%dx%dx%d" % (_m, _k, _n), GFLOPS)(gemm(_m, _k, _n))


def conv_gflop(batch, cin, cout, out_h, out_w, kh, kw):
    """2·MACs of one convolution pass (forward, input-gradient and weight-gradient each cost this much)."""
    return 2.0 * batch * cout * out_h * out_w * cin * kh * kw / 1e9


def conv(batch, cin, h, w, cout, k, pad, backward):
    def setup():
        import torch
        gen = torch.Generator().manual_seed(42)
        x = uniform(torch, gen, batch, cin, h, w)
        wt = uniform(torch, gen, cout, cin, k, k)
        out_h, out_w = h + 2 * pad - k + 1, w + 2 * pad - k + 1
        gflop = conv_gflop(batch, cin, cout, out_h, out_w, k, k)
        if not backward:
            return (lambda: torch.nn.functional.conv2d(x, wt, None, 1, pad)), gflop
        gy = uniform(torch, gen, batch, cout, out_h, out_w)
        # The backward kernel alone (input grad + weight grad, no bias), as autograd would call it.
        return (lambda: torch.ops.aten.convolution_backward(
            gy, x, wt, None, [1, 1], [pad, pad], [1, 1], False, [0, 0], 1, [True, True, False])), 2 * gflop
    return setup


workload("conv3x3-64-fwd", GFLOPS)(conv(128, 64, 32, 32, 64, 3, 1, False))
workload("conv3x3-64-bwd", GFLOPS)(conv(128, 64, 32, 32, 64, 3, 1, True))
workload("conv5x5-lenet-fwd", GFLOPS)(conv(64, 1, 32, 32, 6, 5, 0, False))


IMAGES = "images/s"


def _models(nn, F):
    """The zoo's MLP, modern LeNet-5 and CIFAR ResNet-20 (option-A shortcuts), as jnn.models builds them."""

    def mlp():
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 100), nn.ReLU(),
                             nn.Linear(100, 10))

    def lenet5():
        return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.Tanh(), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5),
                             nn.Tanh(), nn.AvgPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.Tanh(),
                             nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10))

    class Block(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
            self.b1 = nn.BatchNorm2d(cout)
            self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
            self.b2 = nn.BatchNorm2d(cout)
            self.pad, self.stride = cout - cin, stride

        def forward(self, x):
            y = self.b2(self.c2(F.relu(self.b1(self.c1(x)))))
            # Option A: subsample the identity by the stride and zero-pad the new channels.
            sc = x[:, :, ::self.stride, ::self.stride]
            if self.pad:
                sc = F.pad(sc, (0, 0, 0, 0, self.pad // 2, self.pad - self.pad // 2))
            return F.relu(y + sc)

    def resnet20():
        layers = [nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
        cin = 16
        for i, c in enumerate([16, 32, 64]):
            for j in range(3):
                layers.append(Block(cin, c, 2 if (i > 0 and j == 0) else 1))
                cin = c
        return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))

    return {"mlp": mlp, "lenet5": lenet5, "resnet20": resnet20}


def model_step(model_name, example, batch, train, optimizer=None):
    """One training step (forward, cross-entropy, backward, update) or one no-grad eval forward per call."""
    def setup():
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        torch.manual_seed(1)
        gen = torch.Generator().manual_seed(42)
        x = uniform(torch, gen, batch, *example)
        labels = torch.randint(0, 10, (batch,), generator=gen)
        model = _models(nn, F)[model_name]()
        if not train:
            model.eval()

            def infer():
                with torch.no_grad():
                    model(x)
            return infer, float(batch)
        model.train()
        kind, lr = optimizer
        opt = (torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9) if kind == "sgd"
               else torch.optim.Adam(model.parameters(), lr=lr))
        loss_fn = nn.CrossEntropyLoss()

        def step():
            opt.zero_grad()
            loss_fn(model(x), labels).backward()
            opt.step()
        return step, float(batch)
    return setup


_MNIST, _CIFAR = (1, 28, 28), (3, 32, 32)
workload("mlp-train-b64", IMAGES)(model_step("mlp", _MNIST, 64, True, ("sgd", 0.01)))
workload("mlp-train-b256", IMAGES)(model_step("mlp", _MNIST, 256, True, ("sgd", 0.01)))
workload("mlp-infer-b256", IMAGES)(model_step("mlp", _MNIST, 256, False))
workload("lenet5-train-b64", IMAGES)(model_step("lenet5", _MNIST, 64, True, ("adam", 1e-3)))
workload("lenet5-train-b256", IMAGES)(model_step("lenet5", _MNIST, 256, True, ("adam", 1e-3)))
workload("lenet5-infer-b256", IMAGES)(model_step("lenet5", _MNIST, 256, False))
workload("resnet20-train-b128", IMAGES)(model_step("resnet20", _CIFAR, 128, True, ("sgd", 0.1)))
workload("resnet20-infer-b256", IMAGES)(model_step("resnet20", _CIFAR, 256, False))


def seconds_per_call(body, repeats, warmup, sample):
    start = now = time.perf_counter()
    calls = 0
    while True:
        t0 = now
        body()
        calls += 1
        now = time.perf_counter()
        if calls >= 2 and now - start >= warmup:
            break
    # Samples are sized from the last warm-up call: the first ones include one-off initialisation.
    per_sample = max(1, min(1_000_000, math.ceil(sample / max(now - t0, 1e-9))))
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(per_sample):
            body()
        samples.append((time.perf_counter() - t0) / per_sample)
    return statistics.median(samples)


def peak_rss_line(name):
    """The row NAME-peak-rss: VmHWM (the kernel's peak resident set of this process) in MiB, as the jnn side reads it."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return "%s-peak-rss\tMiB RSS\t%.4f\t" % (name, int(line.split()[1]) / 1024)
    return "%s-peak-rss\tMiB RSS\t\tno /proc/self/status here" % name


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("workloads", nargs="*", help="workload names (default: all)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=5, help="timed samples; the median is reported")
    p.add_argument("--warmup", type=float, default=0.5, help="minimum warm-up seconds per workload")
    p.add_argument("--sample", type=float, default=0.2, help="minimum seconds per timed sample")
    p.add_argument("--out", help="result file (default: stdout)")
    p.add_argument("--list", action="store_true", help="print the registered workload names and exit")
    p.add_argument("--peak-rss", action="store_true",
                   help="(exactly one workload) add the row WORKLOAD-peak-rss: this process's peak resident set")
    args = p.parse_args()
    if args.peak_rss and len(args.workloads) != 1:
        p.error("--peak-rss measures the whole process: give exactly one workload")
    if args.list:
        print("\n".join(WORKLOADS))
        return
    import torch
    torch.set_num_threads(args.threads)
    lines = []
    for name in args.workloads or list(WORKLOADS):
        if name not in WORKLOADS:
            lines.append("%s\t\t\tnot in the PyTorch registry" % name)
            continue
        unit, setup = WORKLOADS[name]
        try:
            body, work = setup()
            rate = work / seconds_per_call(body, args.repeats, args.warmup, args.sample)
            print("torch %-22s %10.2f %s" % (name, rate, unit), file=sys.stderr)
            lines.append("%s\t%s\t%.4f\t" % (name, unit, rate))
        except Exception as e:  # one failing row must not lose the others
            print("torch %s failed: %r" % (name, e), file=sys.stderr)
            lines.append("%s\t%s\t\tpytorch failed: %s" % (name, unit, str(e).replace("\t", " ").replace("\n", " ")))
    if args.peak_rss:
        lines.append(peak_rss_line(args.workloads[0]))
    text = "# torch %s, %d threads\n" % (torch.__version__, torch.get_num_threads()) + "\n".join(lines) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
