"""Writes one model per ai.onnx form that changed after opset 17, at opset 21.

Each reads x [2, 3, 4] float (bits [2, 3, 4] int32 for the bitwise ops) and
declares no output shapes, so the importer's inference decides them.
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper as nh

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

constants = [
    nh.from_array(np.array([2], dtype=np.int64), "axes"),
    nh.from_array(np.array([2.0], dtype=np.float32), "scale2"),
    nh.from_array(np.array([1, 1], dtype=np.int64), "pads2"),
    nh.from_array(np.ones(3, dtype=np.float32), "gamma"),
    nh.from_array(np.zeros(3, dtype=np.float32), "beta"),
    nh.from_array(np.ones(4, dtype=np.float32), "gamma4"),
    nh.from_array(np.array([1, 2, 3, 4], dtype=np.int32), "mask"),
]

N = helper.make_node
cases = {
    "reduce_mean": [N("ReduceMean", ["x", "axes"], ["y"])],
    "reduce_max_keepdims0": [N("ReduceMax", ["x", "axes"], ["y"], keepdims=0)],
    "reduce_noop": [N("ReduceL2", ["x"], ["y"], noop_with_empty_axes=1)],
    "reduce_computed_axes": [N("Shape", ["x"], ["s"]),
                             N("Slice", ["s", "one", "two"], ["dyn"]),
                             N("ReduceMin", ["x", "dyn"], ["y"])],
    "split_even": [N("Split", ["x"], ["y", "y2"], axis=2, num_outputs=2)],
    "split_uneven": [N("Split", ["x"], ["y", "y2"], axis=1, num_outputs=2)],
    "split_miscounted": [N("Split", ["x"], ["y", "y2"], axis=1, num_outputs=1 << 40)],
    "pad_axes": [N("Pad", ["x", "pads2", "", "axes"], ["y"])],
    "resize_axes": [N("Resize", ["x", "", "scale2"], ["y"], axes=[2],
                      mode="linear", antialias=1,
                      coordinate_transformation_mode="half_pixel_symmetric")],
    "avgpool_dilated": [N("AveragePool", ["x"], ["y"], kernel_shape=[2], dilations=[2])],
    "avgpool_undilated": [N("AveragePool", ["x"], ["y"], kernel_shape=[2], dilations=[1])],
    "cast_saturate": [N("Cast", ["x"], ["y"], to=TensorProto.FLOAT16, saturate=1)],
    "gelu_tanh": [N("Gelu", ["x"], ["y"], approximate="tanh")],
    "gelu": [N("Gelu", ["x"], ["y"])],
    "mish": [N("Mish", ["x"], ["y"])],
    "swish": [N("Swish", ["x"], ["y"], alpha=1.702)],
    "group_norm": [N("GroupNormalization", ["x", "gamma", "beta"], ["y"], num_groups=3)],
    "rms_norm": [N("RMSNormalization", ["x", "gamma4"], ["y"])],
    "bitwise_and": [N("BitwiseAnd", ["bits", "mask"], ["y"])],
    "bitwise_or": [N("BitwiseOr", ["bits", "mask"], ["y"])],
    "bitwise_xor": [N("BitwiseXor", ["bits", "mask"], ["y"])],
    "bitwise_not": [N("BitwiseNot", ["bits"], ["y"])],
}
extra = {"reduce_computed_axes": [nh.from_array(np.array([2], dtype=np.int64), "one"),
                                  nh.from_array(np.array([3], dtype=np.int64), "two")]}
for name, nodes in cases.items():
    outputs = [helper.make_tensor_value_info(o, TensorProto.UNDEFINED, None)
               for n in nodes[-1:] for o in n.output]
    x = (("bits", TensorProto.INT32) if name.startswith("bitwise")
         else ("x", TensorProto.FLOAT))
    g = helper.make_graph(nodes, name, [helper.make_tensor_value_info(x[0], x[1], [2, 3, 4])],
                          outputs, constants + extra.get(name, []))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 21)], ir_version=8)
    onnx.save(m, os.path.join(out, name + ".onnx"))

# The same rewrite inside an If branch and inside a model-local function
# (with its own opset import and its axes a Constant node of its body).
branch = helper.make_graph([N("ReduceMean", ["x", "axes"], ["b"])], "then", [],
                           [helper.make_tensor_value_info("b", TensorProto.FLOAT, None)])
g = helper.make_graph(
    [N("If", ["cond"], ["y"], then_branch=branch, else_branch=branch)], "in_if",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3, 4])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
    constants + [nh.from_array(np.array(True), "cond")])
onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 21)], ir_version=8),
          os.path.join(out, "reduce_in_if.onnx"))

fn = helper.make_function(
    "local", "MeanLast", ["a"], ["b"],
    [N("Constant", [], ["ax"], value_ints=[-1]), N("ReduceMean", ["a", "ax"], ["b"])],
    opset_imports=[helper.make_opsetid("", 18)])
g = helper.make_graph([N("MeanLast", ["x"], ["y"], domain="local")], "with_function",
                      [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3, 4])],
                      [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
onnx.save(helper.make_model(g, functions=[fn], ir_version=8,
                            opset_imports=[helper.make_opsetid("", 18),
                                           helper.make_opsetid("local", 1)]),
          os.path.join(out, "reduce_in_function.onnx"))

# Types added after opset 17: an int4 weight dequantised in blocks of 32
# (DequantizeLinear-21, the QDQ form of 4-bit quantization), and a bfloat16
# Conv (opset 22 admits it; ONNX 1.12's Conv-11 does not).
w4 = onnx.TensorProto()
w4.name, w4.data_type = "w4", 22  # INT4, which this onnx package predates
w4.dims.extend([64, 8])
w4.raw_data = bytes(64 * 8 // 2)
g = helper.make_graph(
    [N("DequantizeLinear", ["w4", "w4_scale"], ["w"], axis=0, block_size=32),
     N("MatMul", ["v", "w"], ["y"])], "dq_int4",
    [helper.make_tensor_value_info("v", TensorProto.FLOAT, [2, 64])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
    [w4, nh.from_array(np.ones((2, 8), dtype=np.float32), "w4_scale")])
onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 21)], ir_version=10),
          os.path.join(out, "dq_int4.onnx"))
g = helper.make_graph(
    [N("Conv", ["image", "kernel"], ["y"], kernel_shape=[3, 3])], "conv_bf16",
    [helper.make_tensor_value_info("image", TensorProto.BFLOAT16, [1, 2, 5, 5]),
     helper.make_tensor_value_info("kernel", TensorProto.BFLOAT16, [4, 2, 3, 3])],
    [helper.make_tensor_value_info("y", TensorProto.BFLOAT16, None)])
onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 22)], ir_version=10),
          os.path.join(out, "conv_bf16.onnx"))

# Attention-23: 4-D self-attention over 8 tokens (4 heads of 16), and a
# 3-D grouped-query decode step (8 query heads over 2 key-value heads of
# 16) after a past of 15 keys.
def tensor(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


g = helper.make_graph(
    [N("Attention", ["q", "k", "v"], ["y"])], "attention_4d",
    [tensor("q", [1, 4, 8, 16]), tensor("k", [1, 4, 8, 16]), tensor("v", [1, 4, 8, 16])],
    [tensor("y", None)])
onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 23)], ir_version=10),
          os.path.join(out, "attention_4d.onnx"))
g = helper.make_graph(
    [N("Attention", ["q", "k", "v", "", "past_k", "past_v"], ["y", "present_k", "present_v"],
       q_num_heads=8, kv_num_heads=2, is_causal=1)], "attention_gqa_decode",
    [tensor("q", [1, 1, 128]), tensor("k", [1, 1, 32]), tensor("v", [1, 1, 32]),
     tensor("past_k", [1, 2, 15, 16]), tensor("past_v", [1, 2, 15, 16])],
    [tensor("y", None), tensor("present_k", None), tensor("present_v", None)])
onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 23)], ir_version=10),
          os.path.join(out, "attention_gqa_decode.onnx"))

# DFT-20 takes its axis as an input (default -2); DFT-17 as an attribute.
for name, inputs, extra_inits in (
        ("dft_axis_input", ["signal", "", "dft_axis"],
         [nh.from_array(np.array(1, dtype=np.int64), "dft_axis")]),
        ("dft_default_axis", ["signal"], [])):
    g = helper.make_graph([N("DFT", inputs, ["y"])], name,
                          [tensor("signal", [1, 16, 1])], [tensor("y", None)], extra_inits)
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 20)], ir_version=10),
              os.path.join(out, name + ".onnx"))
