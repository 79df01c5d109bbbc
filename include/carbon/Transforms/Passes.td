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

#endif // CARBON_TRANSFORMS_PASSES_TD
