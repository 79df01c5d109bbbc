#!/usr/bin/python3
"""Writes small models in the conventions of other converters.

Usage: make_converter_styles.py OUT_DIR

The converters themselves (paddle2onnx, tf2onnx) are not installable here,
so these graphs reproduce what their exports look like, node for node:
  paddle2onnx-style.onnx  dims named p2o.DynamicDimension.N (batch, H, W),
                          Paddle tensor names, a flatten through
                          Shape -> Slice -> Concat -> Reshape, and a Resize
                          whose output size is computed from the input shape
  tf2onnx-style.onnx      NHWC input `input_1:0` with dims unk__N, a
                          Transpose to NCHW, shape arithmetic in int32
                          (Shape -> Cast -> Slice -> Concat -> Cast), a
                          MatMul + Add dense layer
Weights are external data that is not shipped, as in models/weightfree/.
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def weight(name, shape):
    t = TensorProto()
    t.name = name
    t.data_type = TensorProto.FLOAT
    t.dims.extend(shape)
    t.data_location = TensorProto.EXTERNAL
    entry = t.external_data.add()
    entry.key, entry.value = "location", "weights-not-shipped.bin"
    return t


def ints(name, values, dtype=np.int64):
    return numpy_helper.from_array(np.array(values, dtype=dtype), name)


def paddle_style():
    d0, d1, d2 = "p2o.DynamicDimension.0", "p2o.DynamicDimension.1", "p2o.DynamicDimension.2"
    nodes = [
        helper.make_node("Conv", ["x", "conv2d_0.w_0"], ["conv2d_0.tmp_0"],
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2]),
        helper.make_node("BatchNormalization",
                         ["conv2d_0.tmp_0", "batch_norm_0.w_0", "batch_norm_0.b_0",
                          "batch_norm_0.w_1", "batch_norm_0.w_2"], ["batch_norm_0.tmp_2"],
                         epsilon=1e-5),
        helper.make_node("Relu", ["batch_norm_0.tmp_2"], ["relu_0.tmp_0"]),
        # Upsample x2 with the output size computed from the input's shape.
        helper.make_node("Shape", ["relu_0.tmp_0"], ["shape_0.tmp_0"]),
        helper.make_node("Slice", ["shape_0.tmp_0", "p2o.helper.start.0", "p2o.helper.end.0"],
                         ["slice_0.tmp_0"]),
        helper.make_node("Mul", ["slice_0.tmp_0", "p2o.helper.two"], ["scale_0.tmp_0"]),
        helper.make_node("Slice", ["shape_0.tmp_0", "p2o.helper.zero", "p2o.helper.start.0"],
                         ["slice_1.tmp_0"]),
        helper.make_node("Concat", ["slice_1.tmp_0", "scale_0.tmp_0"], ["concat_0.tmp_0"], axis=0),
        helper.make_node("Resize", ["relu_0.tmp_0", "", "", "concat_0.tmp_0"],
                         ["nearest_interp_v2_0.tmp_0"], mode="nearest"),
        helper.make_node("GlobalAveragePool", ["nearest_interp_v2_0.tmp_0"], ["pool2d_0.tmp_0"]),
        helper.make_node("Shape", ["pool2d_0.tmp_0"], ["shape_1.tmp_0"]),
        helper.make_node("Slice", ["shape_1.tmp_0", "p2o.helper.zero", "p2o.helper.one"],
                         ["slice_2.tmp_0"]),
        helper.make_node("Concat", ["slice_2.tmp_0", "p2o.helper.minus1"], ["concat_1.tmp_0"], axis=0),
        helper.make_node("Reshape", ["pool2d_0.tmp_0", "concat_1.tmp_0"], ["flatten_0.tmp_0"]),
        helper.make_node("Gemm", ["flatten_0.tmp_0", "fc_0.w_0", "fc_0.b_0"], ["fc_0.tmp_1"]),
        helper.make_node("Softmax", ["fc_0.tmp_1"], ["save_infer_model/scale_0.tmp_0"], axis=-1),
    ]
    inits = [
        weight("conv2d_0.w_0", [16, 3, 3, 3]),
        *[weight(f"batch_norm_0.{n}", [16]) for n in ("w_0", "b_0", "w_1", "w_2")],
        weight("fc_0.w_0", [16, 1000]), weight("fc_0.b_0", [1000]),
        ints("p2o.helper.start.0", [2]), ints("p2o.helper.end.0", [4]),
        ints("p2o.helper.two", [2]), ints("p2o.helper.zero", [0]),
        ints("p2o.helper.one", [1]), ints("p2o.helper.minus1", [-1]),
    ]
    graph = helper.make_graph(
        nodes, "paddle2onnx_style", [
            helper.make_tensor_value_info("x", TensorProto.FLOAT, [d0, 3, d1, d2])],
        [helper.make_tensor_value_info("save_infer_model/scale_0.tmp_0", TensorProto.FLOAT, [d0, 1000])],
        inits)
    model = helper.make_model(graph, producer_name="PaddlePaddle (style)",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    return model


def tf_style():
    nodes = [
        helper.make_node("Transpose", ["input_1:0"], ["model/conv2d/Conv2D__6:0"], perm=[0, 3, 1, 2]),
        helper.make_node("Conv", ["model/conv2d/Conv2D__6:0", "model/conv2d/Conv2D/ReadVariableOp:0",
                                  "model/conv2d/BiasAdd/ReadVariableOp:0"],
                         ["model/conv2d/BiasAdd:0"], kernel_shape=[3, 3], strides=[2, 2],
                         auto_pad="SAME_UPPER"),
        helper.make_node("Relu", ["model/conv2d/BiasAdd:0"], ["model/conv2d/Relu:0"]),
        helper.make_node("Transpose", ["model/conv2d/Relu:0"], ["model/conv2d/Relu__12:0"], perm=[0, 2, 3, 1]),
        # Flatten the way tf2onnx writes tf.reshape(x, [tf.shape(x)[0], -1]).
        helper.make_node("Shape", ["model/conv2d/Relu__12:0"], ["model/flatten/Shape:0"]),
        helper.make_node("Cast", ["model/flatten/Shape:0"], ["model/flatten/Shape__14:0"], to=TensorProto.INT32),
        helper.make_node("Slice", ["model/flatten/Shape__14:0", "const_starts__15", "const_ends__16",
                                   "const_axes__17"], ["model/flatten/strided_slice:0"]),
        helper.make_node("Concat", ["model/flatten/strided_slice:0", "const_fold_opt__20"],
                         ["model/flatten/Reshape/shape:0"], axis=0),
        helper.make_node("Cast", ["model/flatten/Reshape/shape:0"], ["model/flatten/Reshape__21:0"],
                         to=TensorProto.INT64),
        helper.make_node("Reshape", ["model/conv2d/Relu__12:0", "model/flatten/Reshape__21:0"],
                         ["model/flatten/Reshape:0"]),
        helper.make_node("MatMul", ["model/flatten/Reshape:0", "model/dense/MatMul/ReadVariableOp:0"],
                         ["model/dense/MatMul:0"]),
        helper.make_node("Add", ["model/dense/MatMul:0", "model/dense/BiasAdd/ReadVariableOp:0"],
                         ["model/dense/BiasAdd:0"]),
        helper.make_node("Softmax", ["model/dense/BiasAdd:0"], ["dense:0"], axis=1),
    ]
    inits = [
        weight("model/conv2d/Conv2D/ReadVariableOp:0", [32, 3, 3, 3]),
        weight("model/conv2d/BiasAdd/ReadVariableOp:0", [32]),
        weight("model/dense/MatMul/ReadVariableOp:0", [56 * 56 * 32, 10]),
        numpy_helper.from_array(np.zeros([10], np.float32), "model/dense/BiasAdd/ReadVariableOp:0"),
        ints("const_starts__15", [0], np.int64), ints("const_ends__16", [1], np.int64),
        ints("const_axes__17", [0], np.int64), ints("const_fold_opt__20", [-1], np.int32),
    ]
    graph = helper.make_graph(
        nodes, "tf2onnx", [helper.make_tensor_value_info("input_1:0", TensorProto.FLOAT, ["unk__612", 112, 112, 3])],
        [helper.make_tensor_value_info("dense:0", TensorProto.FLOAT, ["unk__613", 10])], inits)
    model = helper.make_model(graph, producer_name="tf2onnx (style)",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    return model


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    onnx.save(paddle_style(), f"{out}/paddle2onnx-style.onnx")
    onnx.save(tf_style(), f"{out}/tf2onnx-style.onnx")


if __name__ == "__main__":
    main()
