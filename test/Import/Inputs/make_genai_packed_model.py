"""Writes a decode step in onnxruntime-genai's packed style: one
GroupQueryAttention whose query packs Q, K and V (key and value left empty,
which ONNX's text syntax cannot write) and whose present shares past's
buffer (both [1, 2, 8, 16]).

Usage: make_genai_packed_model.py OUT.onnx
"""
import sys

import onnx
from onnx import TensorProto, helper

node = helper.make_node(
    "GroupQueryAttention",
    ["qkv", "", "", "past_key", "past_value", "seqlens_k", "total"],
    ["o", "present_key", "present_value"],
    domain="com.microsoft", num_heads=4, kv_num_heads=2)
cache = [1, 2, 8, 16]
graph = helper.make_graph(
    [node], "packed",
    [helper.make_tensor_value_info("qkv", TensorProto.FLOAT, [1, 1, 128]),
     helper.make_tensor_value_info("past_key", TensorProto.FLOAT, cache),
     helper.make_tensor_value_info("past_value", TensorProto.FLOAT, cache),
     helper.make_tensor_value_info("seqlens_k", TensorProto.INT32, [1])],
    [helper.make_tensor_value_info("o", TensorProto.FLOAT, [1, 1, 64]),
     helper.make_tensor_value_info("present_key", TensorProto.FLOAT, cache),
     helper.make_tensor_value_info("present_value", TensorProto.FLOAT, cache)],
    [helper.make_tensor("total", TensorProto.INT32, [], [8])])
model = helper.make_model(
    graph, opset_imports=[helper.make_opsetid("", 17),
                          helper.make_opsetid("com.microsoft", 1)])
model.ir_version = 8
onnx.save(model, sys.argv[1])
