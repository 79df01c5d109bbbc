"""Peak activation bytes of one eager PyTorch forward pass on the CPU.

Reads glibc's in-use heap bytes (mallinfo2: uordblks + hblkhd) after every
leaf module of a torchvision model and prints the most above what was in
use before the pass (weights and input allocated), for a check of
carbon-opt's memory figure (bench/memory/run.sh). The model runs with the
exported ONNX graph's semantics: no in-place ReLU or residual add, and the
residual blocks written as nested calls so that no Python local keeps a
tensor past its last use (a block's input still lives to the block's end,
as the frame's argument).

usage: /usr/bin/python3 eager_peak.py MODEL BATCH
"""
import ctypes
import sys

import torch
import torchvision
from torchvision.models import resnet


class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                 "fsmblks", "uordblks", "fordblks", "keepcost")]


libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = MallInfo2


def in_use():
    info = libc.mallinfo2()
    return info.uordblks + info.hblkhd


def basic_block(self, x):
    return self.relu(
        self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))
        + (x if self.downsample is None else self.downsample(x)))


def bottleneck(self, x):
    return self.relu(
        self.bn3(self.conv3(self.relu(self.bn2(self.conv2(
            self.relu(self.bn1(self.conv1(x))))))))
        + (x if self.downsample is None else self.downsample(x)))


resnet.BasicBlock.forward = basic_block
resnet.Bottleneck.forward = bottleneck


def main():
    name, batch = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(1)
    model = getattr(torchvision.models, name)().eval()
    peak = [0]

    def sample(module, inputs, output):
        peak[0] = max(peak[0], in_use())

    for module in model.modules():
        if isinstance(module, (torch.nn.ReLU, torch.nn.Hardtanh)):
            module.inplace = False
        if not list(module.children()):
            module.register_forward_hook(sample)
    x = torch.randn(batch, 3, 224, 224)
    with torch.no_grad():
        model(x)  # one-time buffers (oneDNN's caches) outside the count
        base = in_use()
        peak[0] = base
        model(x)
    print(peak[0] - base)


if __name__ == "__main__":
    main()
