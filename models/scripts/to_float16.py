#!/usr/bin/python3
"""Converts an ONNX model's float32 tensors to float16, as fp16 deployments do.

Usage: to_float16.py IN.onnx OUT.onnx

Graph inputs, outputs, value_info, initializers (inline values are
converted; external ones change type only), Constant values and Cast
targets move from float32 to float16. Inputs that ONNX requires in float32
(Resize scales) are left alone.
"""
import sys

import numpy as np
import onnx
from onnx import numpy_helper

F32, F16 = onnx.TensorProto.FLOAT, onnx.TensorProto.FLOAT16


def convert_type(tp):
    which = tp.WhichOneof("value")
    if which == "tensor_type" and tp.tensor_type.elem_type == F32:
        tp.tensor_type.elem_type = F16
    elif which == "sequence_type":
        convert_type(tp.sequence_type.elem_type)
    elif which == "optional_type":
        convert_type(tp.optional_type.elem_type)


def convert_tensor(t):
    if t.data_type != F32:
        return
    if t.data_location == onnx.TensorProto.EXTERNAL:
        t.data_type = F16
        return
    values = numpy_helper.to_array(t).astype(np.float16)
    t.CopyFrom(numpy_helper.from_array(values, t.name))


def convert_graph(graph, keep_f32):
    for vi in list(graph.input) + list(graph.output) + list(graph.value_info):
        if vi.name not in keep_f32:
            convert_type(vi.type)
    for t in graph.initializer:
        if t.name not in keep_f32:
            convert_tensor(t)
    for node in graph.node:
        for attr in node.attribute:
            if node.op_type == "Cast" and attr.name == "to" and attr.i == F32:
                attr.i = F16
            if attr.type == onnx.AttributeProto.TENSOR and node.output[0] not in keep_f32:
                convert_tensor(attr.t)
            if attr.type == onnx.AttributeProto.GRAPH:
                convert_graph(attr.g, keep_f32)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    model = onnx.load(sys.argv[1], load_external_data=False)
    keep = {n.input[2] for n in model.graph.node if n.op_type == "Resize" and len(n.input) > 2}
    convert_graph(model.graph, keep)
    onnx.save(model, sys.argv[2])


if __name__ == "__main__":
    main()
