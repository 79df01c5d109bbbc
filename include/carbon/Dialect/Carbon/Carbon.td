//===- Carbon.td - The carbon dialect and its attributes ---*- tablegen -*-===//
//
// This file declares the carbon dialect, which holds the project's
// attributes: the cost the analysis attaches to each op.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_DIALECT_CARBON_CARBON_TD
#define CARBON_DIALECT_CARBON_CARBON_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/OpBase.td"

def Carbon_Dialect : Dialect {
  let name = "carbon";
  let cppNamespace = "::carbon";
  let summary = "Attributes of carbon-opt's cost analysis";
  let useDefaultAttributePrinterParser = 1;
}

class Carbon_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<Carbon_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def Carbon_CostAttr : Carbon_Attr<"Cost", "cost"> {
  let summary = "The cost of one op: forward and backward work, bytes, parameters";
  let description = [{
    Integer counts, never rounded (conventions in docs/cost-model.md):
    `macs` multiply-accumulates; `flops` every arithmetic operation, two per
    MAC; `transcendentals` exp, log, tanh, erf, sqrt, reciprocal and the
    like, counted apart from `flops`; `bytes_read` / `bytes_written` every
    operand and result once (the unfused upper bound); `params` /
    `param_bytes` the parameters the op reads that no earlier op read;
    `bwd_*` the backward pass (gradient with respect to inputs and weights
    together); `saves_activations` whether the backward pass needs the op's
    inputs or outputs kept; `compute_type` the element type it computes in.

    ```mlir
    #carbon.cost<macs = 118013952, flops = 236027904, transcendentals = 0,
                 bytes_read = 611328, bytes_written = 3211264, params = 9408,
                 param_bytes = 37632, bwd_flops = 472055808,
                 bwd_bytes_read = 3822592, bwd_bytes_written = 649984,
                 saves_activations = true, compute_type = f32>
    ```
  }];
  let parameters = (ins "int64_t":$macs, "int64_t":$flops,
                        "int64_t":$transcendentals, "int64_t":$bytes_read,
                        "int64_t":$bytes_written, "int64_t":$params,
                        "int64_t":$param_bytes, "int64_t":$bwd_flops,
                        "int64_t":$bwd_bytes_read, "int64_t":$bwd_bytes_written,
                        "bool":$saves_activations,
                        "::mlir::Type":$compute_type);
  let assemblyFormat = "`<` struct(params) `>`";
}

#endif // CARBON_DIALECT_CARBON_CARBON_TD
