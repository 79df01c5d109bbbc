#!/usr/bin/python3
"""Writes chain-OP-N.onnx: N OP nodes in a row on a float tensor of E elements.

OP is Add (adds a one-element constant), Neg, Identity or Reshape (between
[E] and [E/1024, 1024]). Running a chain times what onnxruntime spends per
node (bench/cpu/dispatch.mjs): with one element, dispatch and not
arithmetic; with a large tensor, whether the node moves its data at all.
Usage: make_chain.py OUT_DIR OP E N [N ...]
"""
import sys

import onnx
from onnx import TensorProto, helper


def chain(op, elements, n):
    nodes, inits = [], []
    if op == "Add":
        inits.append(helper.make_tensor("one", TensorProto.FLOAT, [1], [1.0]))
    if op == "Reshape":
        inits.append(helper.make_tensor("flat", TensorProto.INT64, [1], [elements]))
        inits.append(helper.make_tensor("rows", TensorProto.INT64, [2],
                                        [elements // 1024, 1024]))
    prev = "x"
    for i in range(n):
        out = "y" if i == n - 1 else f"t{i}"
        inputs = {"Add": [prev, "one"],
                  "Reshape": [prev, "rows" if i % 2 == 0 else "flat"]}.get(op, [prev])
        nodes.append(helper.make_node(op, inputs, [out], name=f"{op.lower()}{i}"))
        prev = out
    graph = helper.make_graph(
        nodes, f"chain_{op}_{n}",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [elements])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


if __name__ == "__main__":
    out, op, elements = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for n in map(int, sys.argv[4:]):
        onnx.save(chain(op, elements, n), f"{out}/chain-{op}-{n}.onnx")
