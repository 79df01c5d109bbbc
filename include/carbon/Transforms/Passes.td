//===- Passes.td - carbon passes ---------------------------*- tablegen -*-===//
//
// This file declares the passes of carbon-opt; `-name Carbon` generates
// registerCarbonPasses().
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_TRANSFORMS_PASSES_TD
#define CARBON_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def CheckStaticShapes : Pass<"carbon-check-static-shapes"> {
  let summary = "Report every op result whose tensor shape is not static";
  let description = [{
    Costs are only exact when every shape is known. This pass reports each
    op result of ranked-with-dynamic-dims or unranked tensor type, at the
    op's location (the ONNX node, for imported models), as a warning, or as
    an error with `strict=true`. It works on any IR, imported or lowered by
    another frontend.
  }];
  let options = [
    Option<"strict", "strict", "bool", /*default=*/"false",
           "Report unknown shapes as errors and fail the pass">,
  ];
  let statistics = [
    Statistic<"numDynamicResults", "dynamic-results",
              "Op results whose shape is not static">,
  ];
}

def AnnotateCost : Pass<"carbon-annotate-cost", "::mlir::ModuleOp"> {
  let summary = "Attach each op's cost (#carbon.cost) from CostAnalysis";
  let description = [{
    Runs CostAnalysis over the module and attaches to every op it counted a
    `carbon.cost` attribute: MACs, FLOPs, transcendentals, bytes read and
    written, parameters, the backward pass, and the element type it computes
    in (conventions: docs/cost-model.md). An op that cannot be counted gets
    a warning that names it and says why (an error with `strict=true`,
    which also fails the pass); nothing is counted as zero in silence.
  }];
  let options = [
    Option<"strict", "strict", "bool", /*default=*/"false",
           "Report uncounted ops as errors and fail the pass">,
  ];
  let statistics = [
    Statistic<"numCounted", "counted-ops", "Ops whose cost is known">,
    Statistic<"numUncounted", "uncounted-ops", "Ops that could not be counted">,
  ];
  let dependentDialects = ["::carbon::CarbonDialect"];
}

def AnnotateEstimate : Pass<"carbon-annotate-estimate", "::mlir::ModuleOp"> {
  let summary = "Attach each op's time and energy on a target (#carbon.estimate)";
  let description = [{
    Costs the module as one inference pass on a target (built in, or from
    `target-file`), as `carbon-opt --target` does (the roofline at the target's measured
    efficiencies plus a kernel launch; static power x time plus energy per
    FLOP and per DRAM byte, capped at TDP: docs/cost-model.md), and
    attaches to every op it can time a `carbon.estimate` attribute (time,
    device energy, compute- or memory-bound, arithmetic intensity) and to
    the module a `carbon.inference` attribute (the target, the latency of
    the forward pass and its device energy).

    With `train=true` it also costs one training run of the module, as
    `carbon-opt --train` does: the module is one micro-batch (its batch and
    sequence length those it was imported with, `onnx.dim_bindings`),
    `samples` x `epochs` or `tokens` size the run, and the layout and
    recomputation are searched unless the options give them
    (docs/cost-model.md, Training). The module gets a `carbon.training`
    attribute: the run's FLOPs, devices, device-hours, device energy and the
    memory each device holds (none when an op cannot be counted, as for
    `carbon.inference`). `zero-stage`, `comm-overlap`, `goodput` and
    `trials` are carbon-opt's flags of those names, with their defaults.

    An op that cannot be counted gets a warning that names it and says why;
    when the target lacks a figure the ops need (no fp32 peak, say), one
    warning names the figure and the first op. With `strict=true` both are
    errors and fail the pass. Nothing is timed as zero in silence. A rerun
    (another target, say) first removes the estimates of the last.

    ```
    mlir-opt model.mlir --load-dialect-plugin=CarbonPlugin.so \
      --load-pass-plugin=CarbonPlugin.so \
      --pass-pipeline='builtin.module(carbon-annotate-estimate{target=h100 precision=bf16})'
    ```
  }];
  let options = [
    Option<"targetName", "target", "std::string", /*default=*/"",
           "The target, by name or short name (carbon-opt --list-targets)">,
    Option<"targetFile", "target-file", "std::string", /*default=*/"",
           "A YAML file of further targets, in the format of the built-in "
           "ones (carbon-opt --target-file)">,
    Option<"precisionName", "precision", "std::string", /*default=*/"",
           "Re-cost floating-point ops as if run in fp32, tf32, bf16, fp16, "
           "fp8 or int8">,
    Option<"fusion", "fusion", "std::string", /*default=*/"\"none\"",
           "none, or elementwise: an elementwise op runs in its producer's "
           "kernel (an inference compiler's fusion)">,
    Option<"launch", "launch", "std::string", /*default=*/"\"stream\"",
           "stream (each kernel launched by the host) or graph (kernels "
           "replayed from a captured graph)">,
    Option<"strict", "strict", "bool", /*default=*/"false",
           "Report uncounted and untimed ops as errors and fail the pass">,
    Option<"train", "train", "bool", /*default=*/"false",
           "Also cost one training run (#carbon.training)">,
    Option<"samples", "samples", "double", /*default=*/"0",
           "Samples the run trains on, each epoch (1.28e6)">,
    Option<"epochs", "epochs", "double", /*default=*/"1",
           "Passes over the samples">,
    Option<"tokens", "tokens", "double", /*default=*/"0",
           "Tokens the run trains on (3e11), instead of samples">,
    Option<"optimizer", "optimizer", "std::string", /*default=*/"\"adamw\"",
           "sgd, adam or adamw">,
    Option<"globalBatch", "global-batch", "double", /*default=*/"0",
           "Samples per optimizer step (0: one micro-batch per replica)">,
    Option<"devices", "devices", "int64_t", /*default=*/"0",
           "Devices in the run (0: one replica)">,
    Option<"tensorParallel", "tensor-parallel", "int64_t", /*default=*/"0",
           "Devices each layer's matmuls are split over (0: searched)">,
    Option<"pipelineStages", "pipeline-stages", "int64_t", /*default=*/"0",
           "Groups of layers a replica is split into (0: searched)">,
    Option<"recompute", "recompute", "std::string", /*default=*/"\"\"",
           "none, selective or full activation recomputation (empty: "
           "searched)">,
    Option<"zeroStage", "zero-stage", "int64_t",
           /*default=*/"::carbon::TrainingRun().zeroStage",
           "What the data-parallel replicas shard: 0 nothing (DDP), 1 the "
           "optimizer states, 2 also the gradients, 3 also the weights">,
    Option<"commOverlap", "comm-overlap", "double",
           /*default=*/"::carbon::TrainingRun().commOverlap",
           "Share of the last backward pass the gradient all-reduce hides "
           "behind, in [0, 1]">,
    Option<"goodput", "goodput", "double",
           /*default=*/"::carbon::TrainingRun().goodput",
           "Share of the wall-clock that advances training, in (0, 1]">,
    Option<"trials", "trials", "int64_t",
           /*default=*/"::carbon::TrainingRun().trials",
           "Runs of a hyper-parameter search, each the whole run">,
  ];
  let statistics = [
    Statistic<"numTimed", "timed-ops", "Ops with a predicted time">,
    Statistic<"numUntimed", "untimed-ops", "Ops without a predicted time">,
  ];
  let dependentDialects = ["::carbon::CarbonDialect"];
}

#endif // CARBON_TRANSFORMS_PASSES_TD
