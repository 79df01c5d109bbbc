#!/usr/bin/python3
"""Exports a scripted PyTorch model whose ONNX graph has a Loop and an If.

Usage: export_control_flow.py OUT.onnx

An RNN cell unrolled by a Python loop over the time steps (a Loop whose
trip count is the input's `steps` dim) and a data-dependent branch (an If)
on the final state. Dynamic dims: batch and steps.
"""
import sys

import torch


class ScriptedRecurrent(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.cell = torch.nn.Linear(32, 64)
        self.state = torch.nn.Linear(64, 64)
        self.head = torch.nn.Linear(64, 10)

    def forward(self, x):
        h = torch.zeros(x.size(0), 64)
        for t in range(x.size(1)):
            h = torch.tanh(self.cell(x[:, t]) + self.state(h))
        if bool(h.sum() > 0):
            out = self.head(h)
        else:
            out = -self.head(h)
        return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    model = torch.jit.script(ScriptedRecurrent().eval())
    torch.onnx.export(model, torch.randn(2, 5, 32), sys.argv[1], opset_version=17,
                      input_names=["x"], output_names=["logits"],
                      dynamic_axes={"x": {0: "batch", 1: "steps"}, "logits": {0: "batch"}})


if __name__ == "__main__":
    main()
