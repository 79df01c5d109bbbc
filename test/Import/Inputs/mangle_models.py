"""Feeds carbon-opt corpus models that were mangled.

Usage: mangle_models.py CARBON_OPT TESTDATA_DIR WORK_DIR COUNT [bytes|semantic]

bytes (the default): corpus models truncated at random points or with
random bytes overwritten, imported. semantic: ONNX's node tests with INT,
INTS or FLOAT attributes set to 0, -1, 2^40 and the like (7 in 10 of the
models that have attributes), or else input dims set to 0, 1 or 7 or
swapped, costed (--report=json on an A100, every other case as a training
run): valid protobufs that reach ONNX's shape inference and the cost
formulas with values they must refuse rather than divide by or index with.

Prints one summary line; lists each crash or hang (exit by a signal, an
exit code other than 0 and 1, or exit 1 without an `error:` line).
"""
import glob
import os
import random
import subprocess
import sys

SEMANTIC_INTS = [0, -1, 1, 2, 3, 1 << 20, 1 << 40, -(1 << 40)]
SEMANTIC_FLOATS = [0.0, -1.0, float("inf"), float("nan"), 1e30]


def mangle_bytes(rng, data):
    data = bytearray(data)
    if rng.random() < 0.5:
        return data[: rng.randrange(1, max(2, len(data)))]
    for _ in range(rng.choice([1, 4, 16])):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return data


def mangle_semantic(rng, data):
    import onnx  # only this mode needs python3-onnx

    model = onnx.ModelProto()
    model.ParseFromString(bytes(data))
    has_attributes = any(node.attribute for node in model.graph.node)
    if has_attributes and rng.random() < 0.7:
        for node in model.graph.node:
            for attr in node.attribute:
                if rng.random() < 0.5:
                    continue
                if attr.type == onnx.AttributeProto.INT:
                    attr.i = rng.choice(SEMANTIC_INTS)
                elif attr.type == onnx.AttributeProto.INTS and len(attr.ints):
                    attr.ints[rng.randrange(len(attr.ints))] = rng.choice(SEMANTIC_INTS)
                elif attr.type == onnx.AttributeProto.FLOAT:
                    attr.f = rng.choice(SEMANTIC_FLOATS)
    else:
        for value in model.graph.input:
            if not value.type.HasField("tensor_type"):
                continue
            dims = value.type.tensor_type.shape.dim
            for dim in dims:
                dim.dim_value = rng.choice([dim.dim_value, 0, 1, 7])
            if len(dims) >= 2 and rng.random() < 0.2:
                dims[0].dim_value, dims[1].dim_value = dims[1].dim_value, dims[0].dim_value
    return model.SerializeToString()


def main():
    carbon_opt, testdata, work, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    kind = sys.argv[5] if len(sys.argv) > 5 else "bytes"
    os.makedirs(work, exist_ok=True)
    rng = random.Random(20261201)
    # The semantic mode mangles ONNX's node tests: one operator each, with
    # static shapes, so that each case reaches inference and a formula.
    pattern = ("node", "*") if kind == "semantic" else ("*", "*")
    models = sorted(glob.glob(os.path.join(testdata, *pattern, "model.onnx")))
    rejected = imported = crashed = hung = 0
    case = os.path.join(work, "case.onnx")
    for i in range(count):
        src = rng.choice(models)
        data = open(src, "rb").read()
        args = [carbon_opt, case, "-o", os.devnull]
        if kind == "semantic":
            data = mangle_semantic(rng, data)
            args += ["--report=json", "--target", "a100"]
            if i % 2:
                args += ["--train", "--samples", "1000"]
        else:
            data = mangle_bytes(rng, data)
        with open(case, "wb") as f:
            f.write(data)
        try:
            r = subprocess.run(args, capture_output=True, timeout=30)
        except subprocess.TimeoutExpired:
            hung += 1
            print(f"HANG case {i} from {src}")
            continue
        if r.returncode == 0:
            imported += 1
        elif r.returncode == 1 and b"error:" in r.stderr:
            rejected += 1
        else:
            crashed += 1
            print(f"CRASH case {i} from {src}: exit {r.returncode}: {r.stderr[-400:]!r}")
    print(f"mangled {count} models: {rejected} rejected with an error, "
          f"{imported} imported, {crashed} crashed, {hung} hung")


if __name__ == "__main__":
    main()
