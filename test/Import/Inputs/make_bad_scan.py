"""Writes a Scan whose num_scan_inputs is 2^40: ONNX 1.12's inference
sizes a vector by it (an out-of-memory abort before the importer checked).

Usage: make_bad_scan.py OUT.onnx
"""
import sys

from onnx import TensorProto, helper, save


def main():
    f = TensorProto.FLOAT
    body = helper.make_graph(
        [helper.make_node("Add", ["s", "x"], ["s_out"]),
         helper.make_node("Identity", ["s_out"], ["y"])],
        "body",
        [helper.make_tensor_value_info("s", f, [2]), helper.make_tensor_value_info("x", f, [2])],
        [helper.make_tensor_value_info("s_out", f, [2]), helper.make_tensor_value_info("y", f, [2])])
    scan = helper.make_node("Scan", ["initial", "xs"], ["final", "ys"], body=body,
                            num_scan_inputs=1 << 40)
    graph = helper.make_graph(
        [scan], "g",
        [helper.make_tensor_value_info("initial", f, [2]), helper.make_tensor_value_info("xs", f, [3, 2])],
        [helper.make_tensor_value_info("final", f, [2]), helper.make_tensor_value_info("ys", f, [3, 2])])
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), sys.argv[1])


if __name__ == "__main__":
    main()
