#!/usr/bin/python3
"""Writes a weight-free copy of an ONNX model.

Usage: strip_weights.py IN.onnx OUT.onnx

Every initializer (and Constant value) larger than 64 elements, or any float
tensor larger than 64 elements, is moved to external data in a file that is
not written: its dims and type stay, its values go. carbon-opt reads no
weight values, so it analyses the copy exactly as the original. Small
integer tensors (shapes, axes) keep their values.
"""
import sys

import onnx

MAX_KEPT_ELEMENTS = 64


def elements(tensor):
    n = 1
    for d in tensor.dims:
        n *= d
    return n


def strip(tensor, location):
    if elements(tensor) <= MAX_KEPT_ELEMENTS or tensor.data_location == onnx.TensorProto.EXTERNAL:
        return
    for field in ("raw_data", "float_data", "int32_data", "int64_data", "double_data", "uint64_data"):
        tensor.ClearField(field)
    tensor.data_location = onnx.TensorProto.EXTERNAL
    del tensor.external_data[:]
    entry = tensor.external_data.add()
    entry.key = "location"
    entry.value = location


def strip_graph(graph, location):
    for t in graph.initializer:
        strip(t, location)
    for node in graph.node:
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.TENSOR:
                strip(attr.t, location)
            elif attr.type == onnx.AttributeProto.GRAPH:
                strip_graph(attr.g, location)
            elif attr.type == onnx.AttributeProto.GRAPHS:
                for g in attr.graphs:
                    strip_graph(g, location)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    model = onnx.load(sys.argv[1])
    strip_graph(model.graph, "weights-not-shipped.bin")
    onnx.save(model, sys.argv[2])


if __name__ == "__main__":
    main()
