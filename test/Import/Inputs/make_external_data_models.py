"""Writes models whose small tensors are stored as ONNX external data.

reshape.onnx: x [batch, 4, 16] -> Reshape to [-1, 64] -> MatMul by W [64, 8];
the Reshape target and W live in reshape.data (as onnx.save_model writes
them with size_threshold=0). constant.onnx: the same with the target in a
Constant node's tensor. The bad_*.onnx copies point the target elsewhere:
a missing file (for it alone and for both tensors), a location outside the model's directory, a length or an
offset that does not fit. weights_missing.onnx keeps its target inline and
W in a file that is not there (a weight-free copy).
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def graph(nodes, initializers):
    return helper.make_graph(
        nodes, "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 4, 16])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        initializers)


def target():
    return numpy_helper.from_array(np.array([-1, 64], dtype=np.int64), "shape")


def weight():
    return numpy_helper.from_array(np.ones((64, 8), dtype=np.float32), "W")


def model(g):
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])


reshape_nodes = [helper.make_node("Reshape", ["x", "shape"], ["r"]),
                 helper.make_node("MatMul", ["r", "W"], ["y"])]
onnx.save_model(model(graph(reshape_nodes, [target(), weight()])),
                os.path.join(out, "reshape.onnx"), save_as_external_data=True,
                all_tensors_to_one_file=True, location="reshape.data",
                size_threshold=0)

constant_nodes = [helper.make_node("Constant", [], ["shape"], value=target())] + reshape_nodes
onnx.save_model(model(graph(constant_nodes, [weight()])),
                os.path.join(out, "constant.onnx"), save_as_external_data=True,
                all_tensors_to_one_file=True, location="constant.data",
                size_threshold=0)


def point_target(name, **entries):
    m = onnx.load(os.path.join(out, "reshape.onnx"), load_external_data=False)
    t = next(t for t in m.graph.initializer if t.name == "shape")
    values = {e.key: e.value for e in t.external_data}
    values.update(entries)
    del t.external_data[:]
    for key, value in values.items():
        e = t.external_data.add()
        e.key, e.value = key, value
    onnx.save(m, os.path.join(out, name))


point_target("bad_missing.onnx", location="nowhere.data")
point_target("bad_outside.onnx", location="../reshape.data")
point_target("bad_length.onnx", length="8")
point_target("bad_offset.onnx", offset="1000000")

# The whole model copied without its data file: one cause, two tensors.
m = onnx.load(os.path.join(out, "reshape.onnx"), load_external_data=False)
for t in m.graph.initializer:
    for e in t.external_data:
        if e.key == "location":
            e.value = "nowhere.data"
onnx.save(m, os.path.join(out, "bad_all_missing.onnx"))

m = model(graph(reshape_nodes, [target(), weight()]))
w = next(t for t in m.graph.initializer if t.name == "W")
w.ClearField("raw_data")
del w.float_data[:]
w.data_location = TensorProto.EXTERNAL
e = w.external_data.add()
e.key, e.value = "location", "weights-not-shipped.bin"
onnx.save(m, os.path.join(out, "weights_missing.onnx"))
