"""Bytes eager PyTorch's autograd keeps from one forward pass for the backward.

Runs a torchvision model's forward pass with its parameters requiring
gradients (eval mode, as the exported ONNX graphs are: BatchNorm reads its
running statistics, Dropout is the identity) under
torch.autograd.graph.saved_tensors_hooks, and prints the bytes of the
distinct storages autograd saves that are not the model's parameters or
buffers: the floating-point ones, then the integer ones (MaxPool's argmax
indices, which carbon-opt keeps as 8-byte integers). The check of
carbon-opt's training activations (bench/memory/run-training.sh).

usage: /usr/bin/python3 saved_activations.py MODEL BATCH
"""
import sys

import torch
import torchvision


def main():
    name, batch = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(1)
    model = getattr(torchvision.models, name)().eval()
    owned = {t.data_ptr() for t in list(model.parameters()) +
             list(model.buffers())}
    storages = {}

    def pack(t):
        if t.data_ptr() not in owned and t.numel() > 0:
            s = t.storage()
            storages[s.data_ptr()] = (s.nbytes(), t.is_floating_point())
        return t

    x = torch.randn(batch, 3, 224, 224)
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        model(x)
    floating = sum(n for n, f in storages.values() if f)
    integer = sum(n for n, f in storages.values() if not f)
    print(floating, integer)


if __name__ == "__main__":
    main()
