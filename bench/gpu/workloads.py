"""The workloads of the GPU benchmark, shared by predict.sh and measure.py.

GEMMs from memory-bound to compute-bound sizes in fp32, tf32 and bf16,
ResNet-50 and a transformer encoder block at several batch sizes.
"""
GEMM_SIZES = [256, 1024, 2048, 4096, 8192]
GEMM_PRECISIONS = ["fp32", "tf32", "bf16"]
BATCHES = [1, 8, 32]
# BERT-base (models/scripts/export_text_models.py) over 512 tokens.
BLOCK = {"d_model": 768, "heads": 12, "ffn": 3072, "seq": 512}


def gemm_name(n, precision):
    return f"gemm-{precision}-{n}"


def gemm_onnx_text(n, precision):
    """An ONNX text-syntax model of one n x n x n matmul in the storage type."""
    elem = "bfloat16" if precision == "bf16" else "float"
    return (f'<ir_version: 8, opset_import: ["" : 17]>\n'
            f'gemm ({elem}[{n}, {n}] a, {elem}[{n}, {n}] b) => ({elem}[{n}, {n}] c) {{\n'
            f'  c = MatMul (a, b)\n}}\n')
