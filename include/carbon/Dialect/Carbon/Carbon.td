//===- Carbon.td - The carbon dialect and its attributes ---*- tablegen -*-===//
//
// This file declares the carbon dialect, which holds the project's
// attributes: the cost the analysis attaches to each op, and its predicted
// time and energy on a target.
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

// Seconds and joules as doubles, printed so that they read back exactly.
class Carbon_F64Parameter<string desc>
    : AttrOrTypeParameter<"::llvm::APFloat", desc> {
  let parser = [{ [&]() -> ::mlir::FailureOr<::llvm::APFloat> {
    ::llvm::APFloat value(0.0);
    if (::mlir::failed(
            $_parser.parseFloat(::llvm::APFloat::IEEEdouble(), value)))
      return ::mlir::failure();
    return value;
  }() }];
}
// A figure the target may not publish the inputs of (an energy without an
// idle power, say): absent rather than zero.
class Carbon_OptionalF64Parameter<string desc>
    : OptionalParameter<"std::optional<::llvm::APFloat>", desc> {
  let parser = [{ [&]() -> ::mlir::FailureOr<std::optional<::llvm::APFloat>> {
    ::llvm::APFloat value(0.0);
    if (::mlir::failed(
            $_parser.parseFloat(::llvm::APFloat::IEEEdouble(), value)))
      return ::mlir::failure();
    return std::optional<::llvm::APFloat>(value);
  }() }];
  let printer = "$_printer << *$_self";
}

// A byte count that may be unknown (a tensor whose size the data decides);
// when present it must be an integer.
def Carbon_OptionalBytesParameter
    : OptionalParameter<"std::optional<int64_t>", "bytes"> {
  let parser = [{ [&]() -> ::mlir::FailureOr<std::optional<int64_t>> {
    int64_t value = 0;
    if (::mlir::failed($_parser.parseInteger(value)))
      return ::mlir::failure();
    return std::optional<int64_t>(value);
  }() }];
  let printer = "$_printer << *$_self";
}

def Carbon_EstimateAttr : Carbon_Attr<"Estimate", "estimate"> {
  let summary = "The predicted time and device energy of one op on a target";
  let description = [{
    What carbon-annotate-estimate predicts for one op's forward pass on a
    target (docs/cost-model.md): `time_s` the larger of its compute and
    memory time at the target's achievable efficiencies, plus a kernel
    launch; `energy_j` the device's energy over it (static power x time
    plus energy per FLOP and per DRAM byte, capped at TDP), absent when the
    target lacks a figure it needs; `bound` which of the two times is
    larger, `compute` or `memory`; `intensity` FLOPs per DRAM byte;
    `matrix_units` whether it runs on the matrix units (tensor cores, MXUs).

    ```mlir
    #carbon.estimate<time_s = 3.7400000000000001E-5, energy_j = 0.0141,
                     bound = "compute", intensity = 307.0, matrix_units = true>
    ```
  }];
  let parameters = (ins Carbon_F64Parameter<"seconds">:$time_s,
                        Carbon_OptionalF64Parameter<"joules">:$energy_j,
                        StringRefParameter<"compute or memory">:$bound,
                        Carbon_F64Parameter<"FLOPs per DRAM byte">:$intensity,
                        "bool":$matrix_units);
  let assemblyFormat = "`<` struct(params) `>`";
}

def Carbon_InferenceAttr : Carbon_Attr<"Inference", "inference"> {
  let summary = "The predicted latency and device energy of one forward pass";
  let description = [{
    What carbon-annotate-estimate predicts for the module's forward pass on
    `target` (the target database's name): `latency_s`, `energy_j` the
    device's energy over it, absent when the target lacks a figure it needs,
    and `memory_bytes` what the device holds at once (weights and the
    activations at their peak; docs/cost-model.md, Memory), absent when a
    tensor's size is not static.

    ```mlir
    #carbon.inference<target = "nvidia-a100-sxm4-80gb",
                      latency_s = 4.27E-4, energy_j = 0.0831,
                      memory_bytes = 26829621>
    ```
  }];
  let parameters = (ins StringRefParameter<"target name">:$target,
                        Carbon_F64Parameter<"seconds">:$latency_s,
                        Carbon_OptionalF64Parameter<"joules">:$energy_j,
                        Carbon_OptionalBytesParameter:$memory_bytes);
  let assemblyFormat = "`<` struct(params) `>`";
}

def Carbon_TrainingAttr : Carbon_Attr<"Training", "training"> {
  let summary = "The predicted cost of one training run of the module";
  let description = [{
    What carbon-annotate-estimate with `train=true` predicts for a training
    run on `target`: `flops` of every micro-batch's forward and backward
    pass and every optimizer step, the `devices` of its layout, and, when
    every op has a time, `device_hours` (over the run, goodput losses
    included) and `energy_j` the devices' energy (absent when the target
    lacks a figure it needs); `memory_bytes` what each device holds (its
    share of the weights, gradients and optimizer states and the
    activations it keeps for the backward pass; docs/cost-model.md,
    Layout).

    ```mlir
    #carbon.training<target = "nvidia-a100-sxm4-80gb", flops = 1.2E+18,
                     devices = 1, device_hours = 24.2, energy_j = 4.1E+7,
                     memory_bytes = 7791000000>
    ```
  }];
  let parameters = (ins StringRefParameter<"target name">:$target,
                        Carbon_F64Parameter<"FLOPs">:$flops,
                        "int64_t":$devices,
                        Carbon_OptionalF64Parameter<"hours">:$device_hours,
                        Carbon_OptionalF64Parameter<"joules">:$energy_j,
                        Carbon_OptionalBytesParameter:$memory_bytes);
  let assemblyFormat = "`<` struct(params) `>`";
}

#endif // CARBON_DIALECT_CARBON_CARBON_TD
