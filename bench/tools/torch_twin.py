"""PyTorch twin of `./jnn train --model lenet5|mlp --dataset fashion-mnist`, to compare recipes and accuracies.

lenet5 is jnn's modern LeNet-5 (conv 5x5 6 pad 2, tanh, avg pool 2, conv 5x5 16, tanh, avg pool 2, dense
400-120-84-10 with tanh); mlp is jnn's 784-300-100-10 ReLU network. Softmax cross-entropy, reshuffled every epoch;
the test accuracy is printed after every epoch, so one run shows the whole trajectory. The options are the recipe's
free choices.

Run: env OMP_NUM_THREADS=1 /usr/bin/python3 bench/tools/torch_twin.py --norm std --train 60000 --batch 32
     (issue 3's MLP recipe: --model mlp --optimizer momentum --lr 0.01 --batch 64 --epochs 3 --norm std --train 60000)
"""
import argparse
import gzip
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = "/usr/share/datasets/fashion-mnist"


def idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def lenet5():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.Tanh(), nn.AvgPool2d(2),
        nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.Tanh(), nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10))


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 100), nn.ReLU(),
                         nn.Linear(100, 10))


def glorot(model):
    # jnn's (and Keras') default: Glorot-uniform weights with fans from the kernel shape, zero biases.
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)


def shift(xb, n):
    """Each image moved by whole pixels, uniform in [-n, n] both ways, zeros filled in."""
    out = torch.zeros_like(xb)
    h, w = xb.shape[2], xb.shape[3]
    for i, (dy, dx) in enumerate(torch.randint(-n, n + 1, (len(xb), 2)).tolist()):
        out[i, :, max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
            xb[i, :, max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=["lenet5", "mlp"], default="lenet5")
    p.add_argument("--optimizer", choices=["adam", "momentum"], default="adam", help="momentum: SGD with 0.9")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--schedule", choices=["constant", "cosine"], default="constant",
                   help="cosine: per-step decay from --lr to 0 at the last step, as jnn's --schedule cosine")
    p.add_argument("--norm", choices=["unit", "std"], default="unit", help="[0,1] or (x - mean) / std")
    p.add_argument("--train", type=int, default=54000, help="training examples (jnn holds out 10 %% by default)")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--init", choices=["glorot", "torch"], default="glorot")
    p.add_argument("--flip", type=float, default=0, help="probability of a random horizontal flip per training image")
    p.add_argument("--shift", type=int, default=0,
                   help="random translation by up to N pixels each way, zeros filled in (after normalization)")
    p.add_argument("--wd", type=float, default=0, help="Adam's (coupled, L2) weight decay")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x = idx(f"{DATA}/train-images-idx3-ubyte.gz").astype(np.float32) / 255
    y = idx(f"{DATA}/train-labels-idx1-ubyte.gz").astype(np.int64)
    xt = idx(f"{DATA}/t10k-images-idx3-ubyte.gz").astype(np.float32) / 255
    yt = idx(f"{DATA}/t10k-labels-idx1-ubyte.gz").astype(np.int64)
    rng = np.random.default_rng(a.seed)
    keep = rng.permutation(len(x))[:a.train]
    x, y = x[keep], y[keep]
    if a.norm == "std":
        mean, std = x.mean(), x.std()  # from the training part only
        x, xt = (x - mean) / std, (xt - mean) / std
        print(f"mean {mean:.4f} std {std:.4f}")
    x, y = torch.from_numpy(x).unsqueeze(1), torch.from_numpy(y)
    xt, yt = torch.from_numpy(xt).unsqueeze(1), torch.from_numpy(yt)
    model = lenet5() if a.model == "lenet5" else mlp()
    if a.init == "glorot":
        glorot(model)
    if a.optimizer == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=a.lr, weight_decay=a.wd)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=0.9, weight_decay=a.wd)
    steps = a.epochs * ((len(x) + a.batch - 1) // a.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda t: 1.0 if a.schedule == "constant" else 0.5 * (1 + np.cos(np.pi * min(t, steps) / steps)))
    print(vars(a), flush=True)
    for epoch in range(1, a.epochs + 1):
        t0 = time.time()
        model.train()
        order = torch.randperm(len(x))
        for i in range(0, len(x), a.batch):
            b = order[i:i + a.batch]
            xb = x[b]
            if a.flip > 0:
                flip = torch.rand(len(b)) < a.flip
                xb = torch.where(flip[:, None, None, None], xb.flip(3), xb)
            if a.shift > 0:
                xb = shift(xb, a.shift)
            opt.zero_grad()
            F.cross_entropy(model(xb), y[b]).backward()
            opt.step()
            sched.step()
        model.eval()
        with torch.no_grad():
            acc = sum((model(xt[i:i + 1000]).argmax(1) == yt[i:i + 1000]).sum().item() for i in range(0, 10000, 1000))
        print(f"epoch {epoch} test_accuracy {acc / 10000:.4f} ({time.time() - t0:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
