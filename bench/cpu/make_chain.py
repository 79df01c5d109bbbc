#!/usr/bin/python3
"""Writes chain-N.onnx: N Add nodes in a row on a one-element float tensor.

Each node does one addition, so running the chain times onnxruntime's cost
per node: dispatch, not arithmetic (bench/cpu/dispatch.mjs).
Usage: make_chain.py OUT_DIR N [N ...]
"""
import sys

import onnx
from onnx import TensorProto, helper


def chain(n):
    nodes = []
    prev = "x"
    for i in range(n):
        out = "y" if i == n - 1 else f"t{i}"
        nodes.append(helper.make_node("Add", [prev, "one"], [out], name=f"add{i}"))
        prev = out
    one = helper.make_tensor("one", TensorProto.FLOAT, [1], [1.0])
    graph = helper.make_graph(
        nodes, f"chain{n}",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])],
        [one])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


if __name__ == "__main__":
    out = sys.argv[1]
    for n in map(int, sys.argv[2:]):
        onnx.save(chain(n), f"{out}/chain-{n}.onnx")
