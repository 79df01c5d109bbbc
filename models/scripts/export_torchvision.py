#!/usr/bin/python3
"""Exports torchvision models to ONNX with a named dynamic batch.

Usage: export_torchvision.py OUT_DIR [MODEL ...]

Uses Debian's python3-torch (1.13) and python3-torchvision (0.14); weights
are randomly initialised (no network here), which changes no shape. Each
model is written as OUT_DIR/NAME.onnx at opset 17 with input `input` of shape
[batch, 3, H, W] and output `output` of shape [batch, classes].
"""
import sys

import torch
import torchvision

from export_common import randomize_parameters

# Input resolution of each model, as torchvision documents it.
RESOLUTION = {
    "resnet18": 224, "resnet50": 224, "mobilenet_v2": 224,
    "mobilenet_v3_large": 224, "efficientnet_b0": 224, "vgg16": 224,
    "vit_b_16": 224, "convnext_tiny": 224, "shufflenet_v2_x1_0": 224,
}



def export(name, path):
    model = getattr(torchvision.models, name)(weights=None).eval()
    randomize_parameters(model)
    size = RESOLUTION[name]
    example = torch.randn(1, 3, size, size)
    # Exporting under torch.no_grad() takes the fused attention fast path,
    # which torch.onnx cannot export (vit_b_16); gradients stay enabled.
    torch.onnx.export(
        model, example, path, opset_version=17,
        input_names=["input"], output_names=["output"],
        dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
        training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=True)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    names = sys.argv[2:] or sorted(RESOLUTION)
    for name in names:
        if name not in RESOLUTION:
            sys.exit(f"error: unknown model '{name}'; known: {', '.join(sorted(RESOLUTION))}")
        path = f"{out}/{name}.onnx"
        export(name, path)
        print(path)


if __name__ == "__main__":
    main()
