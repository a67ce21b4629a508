# Generates zoo_golden.txt: logits of small zoo models built in PyTorch 1.13 with deterministic weights, for
# ZooTorchGoldenTest. Run: /usr/bin/python3 zoo_golden.py > zoo_golden.txt
# Weights: parameter k (in registration order, the same order as jnn's parameters()) element i (index in jnn's
# layout: Dense weights are [in, out] in jnn, [out, in] in PyTorch) is
#   BatchNorm scale: 1 + 0.1·sin(1.3k + 0.7i);  everything else: sqrt(3/fanIn)·sin(1.3k + 0.7i)
# (fanIn = size / dim0 for weights of rank >= 2 in PyTorch's layout, 1 for biases). Input element i: sin(0.05i).
# Models run in eval mode (batch norm uses its running statistics: mean 0, variance 1).
import math, torch, torch.nn as nn, torch.nn.functional as F

def fill(model):
    for k, (name, p) in enumerate(model.named_parameters()):
        owner = model.get_submodule(name.rsplit('.', 1)[0]) if '.' in name else model
        with torch.no_grad():
            if isinstance(owner, nn.Linear) and p.dim() == 2:
                o, i_ = p.shape
                idx = torch.arange(i_).unsqueeze(0) * o + torch.arange(o).unsqueeze(1)   # jnn index of [o][in]
            else:
                idx = torch.arange(p.numel()).reshape(p.shape)
            s = torch.sin(1.3 * k + 0.7 * idx.double())
            if isinstance(owner, nn.BatchNorm2d) and name.endswith('weight'):
                v = 1 + 0.1 * s
            else:
                fan_in = p.numel() // p.shape[0] if p.dim() >= 2 else 1
                v = math.sqrt(3.0 / fan_in) * s
            p.copy_(v.float())

class Block(nn.Module):
    def __init__(s, cin, cout, stride, skip):
        super().__init__()
        s.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False); s.b1 = nn.BatchNorm2d(cout)
        s.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False); s.b2 = nn.BatchNorm2d(cout)
        s.skip, s.pad, s.stride = skip, cout - cin, stride
    def forward(s, x):
        y = s.b2(s.c2(F.relu(s.b1(s.c1(x)))))
        if s.skip:
            sc = x[:, :, ::s.stride, ::s.stride]
            if s.pad:
                sc = F.pad(sc, (0, 0, 0, 0, s.pad // 2, s.pad - s.pad // 2))
            y = y + sc
        return F.relu(y)

def cifar(n, skip):
    layers = [nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
    cin = 16
    for i, c in enumerate([16, 32, 64]):
        for j in range(n):
            layers.append(Block(cin, c, 2 if (i > 0 and j == 0) else 1, skip)); cin = c
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))

def lenet5():
    return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.Tanh(), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5), nn.Tanh(),
                         nn.AvgPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.Tanh(), nn.Linear(120, 84), nn.Tanh(),
                         nn.Linear(84, 10))

def basic(i, o, k, s=1, p=0):
    return nn.Sequential(nn.Conv2d(i, o, k, s, p, bias=False), nn.BatchNorm2d(o, eps=0.001), nn.ReLU())

class Inception(nn.Module):
    def __init__(s, i, c1, r3, c3, r5, c5, pp):
        super().__init__()
        s.b = nn.ModuleList([basic(i, c1, 1), nn.Sequential(basic(i, r3, 1), basic(r3, c3, 3, 1, 1)),
                             nn.Sequential(basic(i, r5, 1), basic(r5, c5, 3, 1, 1)),
                             nn.Sequential(nn.MaxPool2d(3, 1, 1, ceil_mode=True), basic(i, pp, 1))])
    def forward(s, x):
        return torch.cat([b(x) for b in s.b], 1)

def googlenet(classes):
    # torchvision's GoogLeNet (aux_logits=False, transform_input=False), dropout irrelevant in eval
    return nn.Sequential(basic(3, 64, 7, 2, 3), nn.MaxPool2d(3, 2, ceil_mode=True), basic(64, 64, 1),
        basic(64, 192, 3, 1, 1), nn.MaxPool2d(3, 2, ceil_mode=True), Inception(192, 64, 96, 128, 16, 32, 32),
        Inception(256, 128, 128, 192, 32, 96, 64), nn.MaxPool2d(3, 2, ceil_mode=True),
        Inception(480, 192, 96, 208, 16, 48, 64), Inception(512, 160, 112, 224, 24, 64, 64),
        Inception(512, 128, 128, 256, 24, 64, 64), Inception(512, 112, 144, 288, 32, 64, 64),
        Inception(528, 256, 160, 320, 32, 128, 128), nn.MaxPool2d(2, 2, ceil_mode=True),
        Inception(832, 256, 160, 320, 32, 128, 128), Inception(832, 384, 192, 384, 48, 128, 128),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(1024, classes))

for name, model, shape in [("googlenet", googlenet(10), (2, 3, 56, 56)), ("lenet5", lenet5(), (2, 1, 28, 28)), ("resnet20", cifar(3, True), (2, 3, 32, 32)),
                           ("plain20", cifar(3, False), (2, 3, 32, 32))]:
    fill(model); model.eval()
    n = 1
    for d in shape: n *= d
    x = torch.sin(0.05 * torch.arange(n).double()).float().reshape(shape)
    with torch.no_grad():
        y = model(x)
    print(name, ' '.join('%.6e' % v for v in y.flatten().tolist()))
