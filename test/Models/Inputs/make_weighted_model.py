"""Writes a small CNN whose weights are real values (for weightfree-equivalence.test).

Usage: make_weighted_model.py OUT.onnx
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(7)


def weight(name, shape):
    return numpy_helper.from_array(rng.standard_normal(shape).astype(np.float32), name)


nodes = [
    helper.make_node("Conv", ["x", "conv.weight", "conv.bias"], ["c"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
    helper.make_node("BatchNormalization", ["c", "bn.weight", "bn.bias", "bn.mean", "bn.var"], ["b"]),
    helper.make_node("Relu", ["b"], ["r"]),
    helper.make_node("GlobalAveragePool", ["r"], ["g"]),
    helper.make_node("Flatten", ["g"], ["f"]),
    helper.make_node("Gemm", ["f", "fc.weight", "fc.bias"], ["y"], transB=1),
]
inits = [weight("conv.weight", [32, 3, 3, 3]), weight("conv.bias", [32]), weight("bn.weight", [32]),
         weight("bn.bias", [32]), weight("bn.mean", [32]), numpy_helper.from_array(np.ones([32], np.float32), "bn.var"),
         weight("fc.weight", [100, 32]), weight("fc.bias", [100])]
graph = helper.make_graph(nodes, "weighted", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 3, 32, 32])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 100])], inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
model.ir_version = 8
onnx.save(model, sys.argv[1])
