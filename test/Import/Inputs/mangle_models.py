"""Feeds carbon-opt corpus models that were truncated or had bytes overwritten.

Usage: mangle_models.py CARBON_OPT TESTDATA_DIR WORK_DIR COUNT

Prints one summary line; lists each crash or hang (exit by a signal, an
exit code other than 0 and 1, or exit 1 without an `error:` line).
"""
import glob
import os
import random
import subprocess
import sys


def main():
    carbon_opt, testdata, work, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    os.makedirs(work, exist_ok=True)
    rng = random.Random(20261201)
    models = sorted(glob.glob(os.path.join(testdata, "*", "*", "model.onnx")))
    rejected = imported = crashed = hung = 0
    case = os.path.join(work, "case.onnx")
    for i in range(count):
        src = rng.choice(models)
        data = bytearray(open(src, "rb").read())
        if rng.random() < 0.5:
            data = data[: rng.randrange(1, max(2, len(data)))]
        else:
            for _ in range(rng.choice([1, 4, 16])):
                data[rng.randrange(len(data))] = rng.randrange(256)
        with open(case, "wb") as f:
            f.write(data)
        try:
            r = subprocess.run([carbon_opt, case, "-o", os.devnull],
                               capture_output=True, timeout=30)
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
