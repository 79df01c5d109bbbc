#!/usr/bin/python3
"""Exports text models to ONNX with dynamic batch and sequence dims.

Usage: export_text_models.py OUT_DIR [MODEL ...]

  bert_base    a BERT-base encoder (Devlin et al. 2019: 12 layers, d 768,
               12 heads, FFN 3072, vocab 30522, 512 positions, 2 token
               types, GELU, post-norm) with its pooler
  gpt2_small   a GPT-2-small decoder (Radford et al. 2019: 12 layers, d 768,
               12 heads, FFN 3072, vocab 50257, 1024 positions, pre-norm,
               causal attention, head tied to the token embedding)
  lstm         a 2-layer LSTM language model (vocab 10000, embed 512,
               hidden 1024, untied head)
  gru          the same with a 2-layer GRU

Inputs are `input_ids` int64 [batch, seq]; weights are randomly initialised
(no network here), which changes no shape. Exported under gradients enabled:
torch.no_grad() takes the fused attention path torch.onnx cannot export.
"""
import sys

import torch
from torch import nn

from export_common import randomize_parameters


class BertBase(nn.Module):
    def __init__(self):
        super().__init__()
        d = 768
        self.word = nn.Embedding(30522, d)
        self.position = nn.Embedding(512, d)
        self.token_type = nn.Embedding(2, d)
        self.norm = nn.LayerNorm(d, eps=1e-12)
        layer = nn.TransformerEncoderLayer(d, 12, 3072, dropout=0.0, activation="gelu",
                                           batch_first=True, layer_norm_eps=1e-12)
        self.encoder = nn.TransformerEncoder(layer, 12, enable_nested_tensor=False)
        self.pooler = nn.Linear(d, d)

    def forward(self, input_ids):
        seq = input_ids.shape[1]
        positions = torch.arange(seq).unsqueeze(0)
        x = self.word(input_ids) + self.position(positions) + self.token_type(torch.zeros_like(input_ids))
        x = self.encoder(self.norm(x))
        return x, torch.tanh(self.pooler(x[:, 0]))


class GPT2Block(nn.Module):
    def __init__(self, d, heads, ffn):
        super().__init__()
        self.ln_1 = nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, heads, dropout=0.0, batch_first=True)
        self.ln_2 = nn.LayerNorm(d)
        self.fc = nn.Linear(d, ffn)
        self.proj = nn.Linear(ffn, d)

    def forward(self, x, mask):
        h = self.ln_1(x)
        x = x + self.attn(h, h, h, attn_mask=mask, need_weights=False)[0]
        return x + self.proj(nn.functional.gelu(self.fc(self.ln_2(x))))


class GPT2Small(nn.Module):
    def __init__(self):
        super().__init__()
        d = 768
        self.wte = nn.Embedding(50257, d)
        self.wpe = nn.Embedding(1024, d)
        self.blocks = nn.ModuleList(GPT2Block(d, 12, 3072) for _ in range(12))
        self.ln_f = nn.LayerNorm(d)

    def forward(self, input_ids):
        seq = input_ids.shape[1]
        x = self.wte(input_ids) + self.wpe(torch.arange(seq).unsqueeze(0))
        mask = torch.triu(torch.ones(seq, seq, dtype=torch.bool), diagonal=1)
        for block in self.blocks:
            x = block(x, mask)
        return self.ln_f(x) @ self.wte.weight.t()


class RecurrentLM(nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.embed = nn.Embedding(10000, 512)
        self.rnn = cell(512, 1024, num_layers=2, batch_first=True)
        self.head = nn.Linear(1024, 10000)

    def forward(self, input_ids):
        return self.head(self.rnn(self.embed(input_ids))[0])


MODELS = {
    "bert_base": (BertBase, ["last_hidden_state", "pooler_output"]),
    "gpt2_small": (GPT2Small, ["logits"]),
    "lstm": (lambda: RecurrentLM(nn.LSTM), ["logits"]),
    "gru": (lambda: RecurrentLM(nn.GRU), ["logits"]),
}



def export(name, path):
    make, outputs = MODELS[name]
    model = make().eval()
    randomize_parameters(model)
    example = torch.randint(0, 1000, (2, 16))
    dynamic = {"input_ids": {0: "batch", 1: "seq"}}
    for out in outputs:
        dynamic[out] = {0: "batch", 1: "seq"} if out != "pooler_output" else {0: "batch"}
    # Constant folding would turn a tied head (x @ wte.T) into a second,
    # transposed copy of the embedding; without it the Transpose stays a node
    # and the weight stays shared.
    torch.onnx.export(model, (example,), path, opset_version=17, input_names=["input_ids"],
                      output_names=outputs, dynamic_axes=dynamic, do_constant_folding=False)
    return sum(p.numel() for p in model.parameters())


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    for name in sys.argv[2:] or list(MODELS):
        if name not in MODELS:
            sys.exit(f"error: unknown model '{name}'; known: {', '.join(MODELS)}")
        params = export(name, f"{out}/{name}.onnx")
        print(f"{out}/{name}.onnx parameters={params}")


if __name__ == "__main__":
    main()
