#!/usr/bin/python3
"""Writes a decoder-only transformer as a weight-free ONNX graph.

Usage:
  make_llm.py OUT_DIR [NAME ...]          the named configurations (default: all)
  make_llm.py OUT.onnx --layers L --d-model D --heads H [--kv-heads K]
              --ffn F [--ffn-kind gelu|swiglu] [--norm layernorm|rmsnorm]
              --vocab V --context C [--tied] [--positions learned|rope]
              [--bias]                     a configuration of your own
  make_llm.py ... --genai                  the same as one onnxruntime-genai decode
                                           step (int4 MatMulNBits, GroupQueryAttention)
  make_llm.py --reference [NAME ...]      print the closed-form reference
                                           numbers as a markdown table

The graph takes `input_ids` int64 [batch, seq] and returns logits
[batch, seq, vocab] at opset 17. Weights are initializers in external data
that is not written, so a 175B-parameter graph is a few hundred KB. Only
weights are initializers: the causal mask (Trilu), the rotary tables (from
Range and Exp) and every scalar are computed by nodes, so the parameter
count of the graph is the sum of its initializers. Grouped-query attention
broadcasts the queries of each group against their shared key/value head
(no repeated copies), and a tied head reuses the embedding table through a
Transpose.
"""
import argparse
import math
import sys
from dataclasses import dataclass

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


@dataclass(frozen=True)
class Config:
    layers: int
    d_model: int
    heads: int
    kv_heads: int
    ffn: int
    ffn_kind: str  # "gelu" (two matrices) or "swiglu" (three)
    norm: str  # "layernorm" (scale and bias) or "rmsnorm" (scale)
    vocab: int
    context: int
    tied: bool
    positions: str  # "learned" (a table) or "rope" (no parameters)
    bias: bool  # biases on every linear layer (GPT) or none (Llama)
    source: str = ""

    @property
    def head_dim(self):
        return self.d_model // self.heads


# Published configurations. GPT-2: Radford et al. 2019 and the released
# checkpoints (n_ctx 1024, tied embeddings). GPT-3: Brown et al. 2020, Table
# 2.1 (175B: 96 layers, d_model 12288, 96 heads, n_ctx 2048). Llama 2:
# Touvron et al. 2023 and the released config.json files (7B/13B/70B).
# LLaMA (1): Touvron et al. 2023, "LLaMA: Open and Efficient Foundation
# Language Models", Table 2 (dimension, heads, layers; n_ctx 2048) and the
# released params.json files (FFN widths 11008/13824/17920/22016). BLOOM:
# BigScience 2022 (arXiv 2211.05100), Table 3 (70 layers, d_model 14336, 112
# heads, vocab 250880, n_ctx 2048, tied); its ALiBi has no parameters and is
# generated as rotary positions, and its embedding LayerNorm (28,672
# parameters) is left out.
CONFIGS = {
    "gpt2-small": Config(12, 768, 12, 12, 3072, "gelu", "layernorm", 50257, 1024, True, "learned", True,
                         "Radford et al. 2019; released GPT-2 124M"),
    "gpt2-xl": Config(48, 1600, 25, 25, 6400, "gelu", "layernorm", 50257, 1024, True, "learned", True,
                      "Radford et al. 2019; released GPT-2 1.5B"),
    "gpt3-175b": Config(96, 12288, 96, 96, 49152, "gelu", "layernorm", 50257, 2048, True, "learned", True,
                        "Brown et al. 2020, Table 2.1"),
    "llama2-7b": Config(32, 4096, 32, 32, 11008, "swiglu", "rmsnorm", 32000, 4096, False, "rope", False,
                        "Touvron et al. 2023; Llama-2-7b config.json"),
    "llama2-13b": Config(40, 5120, 40, 40, 13824, "swiglu", "rmsnorm", 32000, 4096, False, "rope", False,
                         "Touvron et al. 2023; Llama-2-13b config.json"),
    "llama2-70b": Config(80, 8192, 64, 8, 28672, "swiglu", "rmsnorm", 32000, 4096, False, "rope", False,
                         "Touvron et al. 2023; Llama-2-70b config.json"),
    "llama1-7b": Config(32, 4096, 32, 32, 11008, "swiglu", "rmsnorm", 32000, 2048, False, "rope", False,
                        "Touvron et al. 2023 (LLaMA), Table 2; 7B params.json"),
    "llama1-13b": Config(40, 5120, 40, 40, 13824, "swiglu", "rmsnorm", 32000, 2048, False, "rope", False,
                         "Touvron et al. 2023 (LLaMA), Table 2; 13B params.json"),
    "llama1-33b": Config(60, 6656, 52, 52, 17920, "swiglu", "rmsnorm", 32000, 2048, False, "rope", False,
                         "Touvron et al. 2023 (LLaMA), Table 2; 30B params.json"),
    "llama1-65b": Config(80, 8192, 64, 64, 22016, "swiglu", "rmsnorm", 32000, 2048, False, "rope", False,
                         "Touvron et al. 2023 (LLaMA), Table 2; 65B params.json"),
    "bloom-176b": Config(70, 14336, 112, 112, 57344, "gelu", "layernorm", 250880, 2048, True, "rope", True,
                         "BigScience 2022 (BLOOM), Table 3"),
    "phi3-mini": Config(32, 3072, 32, 32, 8192, "swiglu", "rmsnorm", 32064, 4096, False, "rope", False,
                        "Abdin et al. 2024 (Phi-3), section 2: Llama-2 blocks, hidden 3072, 32 heads, 32 layers, "
                        "vocabulary 32064; Phi-3-mini-4k-instruct config.json (intermediate 8192, 4096 positions)"),
}


# ---------------------------------------------------------------------------
# Closed-form reference numbers
# ---------------------------------------------------------------------------

def parameters(c):
    """Exact parameter count, and its non-embedding part (Kaplan et al.'s N:
    without the token and position tables; an untied head counts as
    embedding too, like the tied one it replaces)."""
    kv = c.kv_heads * c.head_dim
    attn = c.d_model * (c.d_model + 2 * kv) + c.d_model * c.d_model
    if c.bias:
        attn += c.d_model + 2 * kv + c.d_model
    if c.ffn_kind == "gelu":
        ffn = 2 * c.d_model * c.ffn + ((c.ffn + c.d_model) if c.bias else 0)
    else:
        ffn = 3 * c.d_model * c.ffn + ((2 * c.ffn + c.d_model) if c.bias else 0)
    norm = (2 if c.norm == "layernorm" else 1) * c.d_model
    non_embedding = c.layers * (attn + ffn + 2 * norm) + norm
    embedding = c.vocab * c.d_model
    if c.positions == "learned":
        embedding += c.context * c.d_model
    if not c.tied:
        embedding += c.vocab * c.d_model
    return non_embedding + embedding, non_embedding


def forward_flops_per_token(c):
    """Kaplan et al. 2020, Table 1: C_forward = 2 N + 2 n_layer n_ctx d_attn,
    with d_attn = d_model. Returns it with the two terms it leaves out, which
    the graph computes: the de-embedding matmul (2 d_model n_vocab) and the
    second attention matmul, softmax x V (2 n_layer n_ctx d_attn)."""
    _, n = parameters(c)
    kaplan = 2 * n + 2 * c.layers * c.context * c.d_model
    de_embed = 2 * c.d_model * c.vocab
    attn_v = 2 * c.layers * c.context * c.d_model
    return kaplan, de_embed, attn_v


# ---------------------------------------------------------------------------
# Graph construction
# ---------------------------------------------------------------------------

class GraphBuilder:
    def __init__(self):
        self.nodes, self.inits, self.counter = [], [], 0

    def name(self, hint):
        self.counter += 1
        return f"{hint}_{self.counter}"

    def op(self, op_type, inputs, hint=None, n_out=1, **attrs):
        outs = [self.name(hint or op_type) for _ in range(n_out)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=self.name(f"/{op_type}"), **attrs))
        return outs[0] if n_out == 1 else outs

    def const(self, value, dtype=np.int64, hint="const"):
        out = self.name(hint)
        tensor = numpy_helper.from_array(np.array(value, dtype=dtype), out)
        self.nodes.append(helper.make_node("Constant", [], [out], value=tensor, name=self.name("/Constant")))
        return out

    def weight(self, name, shape, dtype=TensorProto.FLOAT):
        t = TensorProto()
        t.name, t.data_type = name, dtype
        t.dims.extend(shape)
        t.data_location = TensorProto.EXTERNAL
        entry = t.external_data.add()
        entry.key, entry.value = "location", "weights-not-shipped.bin"
        self.inits.append(t)
        return name


def record_configuration(model, items):
    """Records the configuration in the model so a reader can recompute it."""
    for key, value in items:
        if key != "source":
            entry = model.metadata_props.add()
            entry.key, entry.value = key, str(value)


def linear(g, x, name, d_in, d_out, bias):
    y = g.op("MatMul", [x, g.weight(f"{name}.weight", [d_in, d_out])])
    return g.op("Add", [y, g.weight(f"{name}.bias", [d_out])]) if bias else y


def norm(g, c, x, name):
    scale = g.weight(f"{name}.weight", [c.d_model])
    if c.norm == "layernorm":
        return g.op("LayerNormalization", [x, scale, g.weight(f"{name}.bias", [c.d_model])],
                    axis=-1, epsilon=1e-5)
    # RMSNorm: x / sqrt(mean(x^2) + eps) * weight (Zhang and Sennrich 2019).
    sq = g.op("Mul", [x, x])
    ms = g.op("ReduceMean", [sq], axes=[-1], keepdims=1)
    rms = g.op("Sqrt", [g.op("Add", [ms, g.const(1e-5, np.float32)])])
    return g.op("Mul", [g.op("Div", [x, rms]), scale])


def rotary(g, c, x, cos, sin):
    """x * cos + rotate_half(x) * sin over the last dim (Su et al. 2021)."""
    half = c.head_dim // 2
    x1 = g.op("Slice", [x, g.const([0]), g.const([half]), g.const([-1])])
    x2 = g.op("Slice", [x, g.const([half]), g.const([c.head_dim]), g.const([-1])])
    rotated = g.op("Concat", [g.op("Neg", [x2]), x1], axis=-1)
    return g.op("Add", [g.op("Mul", [x, cos]), g.op("Mul", [rotated, sin])])


def attention(g, c, h, i, mask, cos, sin):
    hd, groups = c.head_dim, c.heads // c.kv_heads
    kv = c.kv_heads * hd
    q = linear(g, h, f"layers.{i}.attn.q_proj", c.d_model, c.d_model, c.bias)
    k = linear(g, h, f"layers.{i}.attn.k_proj", c.d_model, kv, c.bias)
    v = linear(g, h, f"layers.{i}.attn.v_proj", c.d_model, kv, c.bias)
    # [B, S, heads, hd] -> [B, kv_heads, groups, S, hd]; keys and values have
    # groups = 1 and broadcast against the queries of their group.
    q = g.op("Transpose", [g.op("Reshape", [q, g.const([0, 0, c.kv_heads, groups, hd])])], perm=[0, 2, 3, 1, 4])
    k = g.op("Transpose", [g.op("Reshape", [k, g.const([0, 0, c.kv_heads, 1, hd])])], perm=[0, 2, 3, 1, 4])
    v = g.op("Transpose", [g.op("Reshape", [v, g.const([0, 0, c.kv_heads, 1, hd])])], perm=[0, 2, 3, 1, 4])
    if c.positions == "rope":
        q, k = rotary(g, c, q, cos, sin), rotary(g, c, k, cos, sin)
    scores = g.op("MatMul", [q, g.op("Transpose", [k], perm=[0, 1, 2, 4, 3])])
    scores = g.op("Mul", [scores, g.const(1.0 / math.sqrt(hd), np.float32)])
    scores = g.op("Where", [mask, scores, g.const(-1e9, np.float32)])
    probs = g.op("Softmax", [scores], axis=-1)
    ctx = g.op("MatMul", [probs, v])  # [B, kv_heads, groups, S, hd]
    ctx = g.op("Reshape", [g.op("Transpose", [ctx], perm=[0, 3, 1, 2, 4]), g.const([0, 0, c.d_model])])
    return linear(g, ctx, f"layers.{i}.attn.o_proj", c.d_model, c.d_model, c.bias)


def feed_forward(g, c, h, i):
    if c.ffn_kind == "gelu":
        up = linear(g, h, f"layers.{i}.mlp.fc_in", c.d_model, c.ffn, c.bias)
        # GELU(x) = x * 0.5 * (1 + erf(x / sqrt 2)) (Hendrycks and Gimpel 2016),
        # as torch.onnx writes it before opset 20.
        erf = g.op("Erf", [g.op("Div", [up, g.const(math.sqrt(2.0), np.float32)])])
        act = g.op("Mul", [g.op("Mul", [up, g.op("Add", [erf, g.const(1.0, np.float32)])]),
                           g.const(0.5, np.float32)])
        return linear(g, act, f"layers.{i}.mlp.fc_out", c.ffn, c.d_model, c.bias)
    # SwiGLU: down(silu(gate(x)) * up(x)) (Shazeer 2020).
    gate = linear(g, h, f"layers.{i}.mlp.gate_proj", c.d_model, c.ffn, c.bias)
    up = linear(g, h, f"layers.{i}.mlp.up_proj", c.d_model, c.ffn, c.bias)
    silu = g.op("Mul", [gate, g.op("Sigmoid", [gate])])
    return linear(g, g.op("Mul", [silu, up]), f"layers.{i}.mlp.down_proj", c.ffn, c.d_model, c.bias)


def build(c, graph_name):
    if c.d_model % c.heads or c.heads % c.kv_heads:
        sys.exit("error: d_model must divide by heads, and heads by kv-heads")
    if c.positions == "rope" and c.head_dim % 2:
        sys.exit("error: rotary positions need an even head dim")
    g = GraphBuilder()
    ids = "input_ids"
    seq = g.op("Gather", [g.op("Shape", [ids]), g.const(1)], axis=0)
    seq1 = g.op("Unsqueeze", [seq, g.const([0])])
    wte = g.weight("embed_tokens.weight", [c.vocab, c.d_model])
    x = g.op("Gather", [wte, ids], axis=0)
    if c.positions == "learned":
        wpe = g.weight("embed_positions.weight", [c.context, c.d_model])
        x = g.op("Add", [x, g.op("Slice", [wpe, g.const([0]), seq1, g.const([0])])])
    # Causal mask: the lower triangle of an S x S matrix of ones.
    square = g.op("Concat", [seq1, seq1], axis=0)
    ones = g.op("ConstantOfShape", [square], value=numpy_helper.from_array(np.array([1], np.int64)))
    mask = g.op("Cast", [g.op("Trilu", [ones], upper=0)], to=TensorProto.BOOL)
    cos = sin = None
    if c.positions == "rope":
        # theta_j = 10000^(-2j / hd); angles[s, j] = s * theta_j (Su et al. 2021).
        half = c.head_dim // 2
        j = g.op("Cast", [g.op("Range", [g.const(0), g.const(half), g.const(1)])], to=TensorProto.FLOAT)
        theta = g.op("Exp", [g.op("Mul", [j, g.const(-2.0 * math.log(10000.0) / c.head_dim, np.float32)])])
        pos = g.op("Cast", [g.op("Range", [g.const(0), seq, g.const(1)])], to=TensorProto.FLOAT)
        angles = g.op("Mul", [g.op("Unsqueeze", [pos, g.const([1])]), g.op("Unsqueeze", [theta, g.const([0])])])
        angles = g.op("Concat", [angles, angles], axis=-1)  # [S, hd]
        cos, sin = g.op("Cos", [angles]), g.op("Sin", [angles])
    for i in range(c.layers):
        x = g.op("Add", [x, attention(g, c, norm(g, c, x, f"layers.{i}.input_norm"), i, mask, cos, sin)])
        x = g.op("Add", [x, feed_forward(g, c, norm(g, c, x, f"layers.{i}.post_attention_norm"), i)])
    x = norm(g, c, x, "final_norm")
    head = g.op("Transpose", [wte], perm=[1, 0]) if c.tied else g.weight("lm_head.weight", [c.d_model, c.vocab])
    logits = g.op("MatMul", [x, head])
    graph = helper.make_graph(
        g.nodes, graph_name,
        [helper.make_tensor_value_info(ids, TensorProto.INT64, ["batch", "seq"])],
        [helper.make_tensor_value_info(logits, TensorProto.FLOAT, ["batch", "seq", c.vocab])],
        g.inits)
    model = helper.make_model(graph, producer_name="carbon-opt models/scripts/make_llm.py",
                              opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    record_configuration(model, vars(c).items())
    return model


# ---------------------------------------------------------------------------
# onnxruntime-genai style: one decode step with a key-value cache
# ---------------------------------------------------------------------------

def build_genai(c, graph_name, bits=4, block_size=32):
    """The graph onnxruntime-genai's model builder writes for a CUDA int4
    model (docs/targets-research/ort-genai-ops.md): float16 activations, every
    linear layer a com.microsoft MatMulNBits of `bits`-bit weights in blocks of
    `block_size` (the head stays float16), SimplifiedLayerNormalization and
    SkipSimplifiedLayerNormalization (the residual adds fused in), and
    GroupQueryAttention with rotary caches over the past keys and values
    [batch, kv_heads, past_sequence_length, head_dim]. Inputs input_ids
    [batch, seq], seqlens_k int32 [batch], total_sequence_length int32 and the
    past; outputs the logits and the present [batch, kv_heads,
    total_sequence_length, head_dim]."""
    if c.ffn_kind != "swiglu" or c.norm != "rmsnorm" or c.positions != "rope" or c.bias:
        sys.exit("error: --genai writes Llama-style models (swiglu, rmsnorm, rope, no bias)")
    if c.d_model % c.heads or c.heads % c.kv_heads:
        sys.exit("error: d_model must divide by heads, and heads by kv-heads")
    g = GraphBuilder()
    f16 = TensorProto.FLOAT16
    hd = c.head_dim
    kv = c.kv_heads * hd

    def nbits(x, name, d_in, d_out):
        blocks = -(-d_in // block_size)
        w = g.weight(f"{name}.qweight", [d_out, blocks, block_size * bits // 8], TensorProto.UINT8)
        scales = g.weight(f"{name}.scales", [d_out, blocks], f16)
        return g.op("MatMulNBits", [x, w, scales], domain="com.microsoft",
                    K=d_in, N=d_out, bits=bits, block_size=block_size)

    def scale(name):
        return g.weight(name, [c.d_model], f16)

    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
              helper.make_tensor_value_info("seqlens_k", TensorProto.INT32, ["batch"]),
              helper.make_tensor_value_info("total_sequence_length", TensorProto.INT32, [])]
    outputs = []
    cache = ["batch", c.kv_heads, "past_sequence_length", hd]
    present = ["batch", c.kv_heads, "total_sequence_length", hd]
    cos = g.weight("cos_cache", [c.context, hd // 2], f16)
    sin = g.weight("sin_cache", [c.context, hd // 2], f16)
    x = g.op("Gather", [g.weight("embed_tokens.weight", [c.vocab, c.d_model], f16), "input_ids"], axis=0)
    h = g.op("SimplifiedLayerNormalization", [x, scale("layers.0.input_norm.weight")],
             domain="com.microsoft", epsilon=1e-5)
    residual = x
    for i in range(c.layers):
        q = nbits(h, f"layers.{i}.attn.q_proj", c.d_model, c.d_model)
        k = nbits(h, f"layers.{i}.attn.k_proj", c.d_model, kv)
        v = nbits(h, f"layers.{i}.attn.v_proj", c.d_model, kv)
        past_k, past_v = f"past_key_values.{i}.key", f"past_key_values.{i}.value"
        inputs += [helper.make_tensor_value_info(n, f16, cache) for n in (past_k, past_v)]
        present_k, present_v = f"present.{i}.key", f"present.{i}.value"
        outputs += [helper.make_tensor_value_info(n, f16, present) for n in (present_k, present_v)]
        ctx = g.name("attn")
        g.nodes.append(helper.make_node(
            "GroupQueryAttention", [q, k, v, past_k, past_v, "seqlens_k", "total_sequence_length", cos, sin],
            [ctx, present_k, present_v], name=g.name("/GroupQueryAttention"), domain="com.microsoft",
            num_heads=c.heads, kv_num_heads=c.kv_heads, do_rotary=1))
        attn = nbits(ctx, f"layers.{i}.attn.o_proj", c.d_model, c.d_model)
        # SkipSimplifiedLayerNormalization: (input + skip) normalised, and the
        # sum itself (output 3) as the next residual.
        h, _, _, residual = g.op("SkipSimplifiedLayerNormalization",
                                 [attn, residual, scale(f"layers.{i}.post_attention_norm.weight")],
                                 n_out=4, domain="com.microsoft", epsilon=1e-5)
        gate = nbits(h, f"layers.{i}.mlp.gate_proj", c.d_model, c.ffn)
        up = nbits(h, f"layers.{i}.mlp.up_proj", c.d_model, c.ffn)
        silu = g.op("Mul", [gate, g.op("Sigmoid", [gate])])
        down = nbits(g.op("Mul", [silu, up]), f"layers.{i}.mlp.down_proj", c.ffn, c.d_model)
        next_norm = f"layers.{i + 1}.input_norm.weight" if i + 1 < c.layers else "final_norm.weight"
        h, _, _, residual = g.op("SkipSimplifiedLayerNormalization", [down, residual, scale(next_norm)],
                                 n_out=4, domain="com.microsoft", epsilon=1e-5)
    logits = g.op("MatMul", [h, g.weight("lm_head.weight", [c.d_model, c.vocab], f16)])
    outputs.insert(0, helper.make_tensor_value_info(logits, f16, ["batch", "seq", c.vocab]))
    # The unused outputs (mean, inv_std_var) are left empty, as the builder does.
    for node in g.nodes:
        if node.op_type == "SkipSimplifiedLayerNormalization":
            node.output[1] = node.output[2] = ""
    graph = helper.make_graph(g.nodes, graph_name, inputs, outputs, g.inits)
    model = helper.make_model(graph, producer_name="carbon-opt models/scripts/make_llm.py --genai",
                              opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)])
    model.ir_version = 8
    record_configuration(model, list(vars(c).items()) + [("bits", bits), ("block_size", block_size)])
    return model


def reference_table(names):
    print("| model | layers | d_model | heads | kv | ffn | vocab | n_ctx | parameters | non-embedding N | "
          "Kaplan C_fwd per token | + de-embed | + softmax x V |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name in names:
        c = CONFIGS[name]
        total, n = parameters(c)
        kaplan, de_embed, attn_v = forward_flops_per_token(c)
        print(f"| {name} | {c.layers} | {c.d_model} | {c.heads} | {c.kv_heads} | {c.ffn} {c.ffn_kind} | {c.vocab} | "
              f"{c.context} | {total:,} | {n:,} | {kaplan:,} | {de_embed:,} | {attn_v:,} |")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", nargs="?")
    p.add_argument("names", nargs="*")
    p.add_argument("--reference", action="store_true")
    for flag in ("layers", "d-model", "heads", "kv-heads", "ffn", "vocab", "context"):
        p.add_argument(f"--{flag}", type=int)
    p.add_argument("--ffn-kind", choices=["gelu", "swiglu"], default="gelu")
    p.add_argument("--norm", choices=["layernorm", "rmsnorm"], default="layernorm")
    p.add_argument("--positions", choices=["learned", "rope"], default="learned")
    p.add_argument("--tied", action="store_true")
    p.add_argument("--bias", action="store_true")
    p.add_argument("--genai", action="store_true",
                   help="one decode step as onnxruntime-genai writes an int4 CUDA model (build_genai)")
    a = p.parse_args()
    builder = build_genai if a.genai else build
    if a.reference:
        names = ([a.out] if a.out else []) + a.names
        reference_table(names or list(CONFIGS))
        return
    if not a.out:
        p.error("give OUT_DIR (with names) or OUT.onnx (with a configuration)")
    if a.layers is not None:
        missing = [f for f in ("layers", "d_model", "heads", "ffn", "vocab", "context") if getattr(a, f) is None]
        if missing:
            p.error("a configuration needs --" + ", --".join(m.replace("_", "-") for m in missing))
        c = Config(a.layers, a.d_model, a.heads, a.kv_heads or a.heads, a.ffn, a.ffn_kind, a.norm, a.vocab,
                   a.context, a.tied, a.positions, a.bias)
        onnx.save(builder(c, "decoder"), a.out)
        return
    for name in a.names or list(CONFIGS):
        if name not in CONFIGS:
            p.error(f"unknown configuration '{name}'; known: {', '.join(CONFIGS)}")
        path = f"{a.out}/{name}{'-genai' if a.genai else ''}.onnx"
        onnx.save(builder(CONFIGS[name], name.replace("-", "_")), path)
        print(path)


if __name__ == "__main__":
    main()
