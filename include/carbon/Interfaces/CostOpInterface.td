//===- CostOpInterface.td - Ops that report their cost -----*- tablegen -*-===//
//
// This file declares the interface through which an op reports its
// arithmetic (forward and backward), which of its operands are parameters,
// and how the work of its regions adds up. Bytes moved are derived from
// operand and result types by the analysis, for every op alike.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_INTERFACES_COSTOPINTERFACE_TD
#define CARBON_INTERFACES_COSTOPINTERFACE_TD

include "mlir/IR/OpBase.td"

def CostOpInterface : OpInterface<"CostOpInterface"> {
  let cppNamespace = "::carbon";
  let description = [{
    An op that knows its cost. Ops of this project's onnx dialect, linalg
    structured ops, tosa ops and scf.for implement it through external
    models (lib/CostModels); the conventions of every count are in
    docs/cost-model.md.
  }];
  let methods = [
    InterfaceMethod<[{
        Computes the arithmetic of one execution of the op from its operand
        and result types and its attributes: forward, gradient with respect
        to inputs, gradient with respect to weights. Returns failure, with
        `whyNot` set to a reason fit for a report, when it cannot (a shape
        that is not static, an attribute it needs).
      }],
      "::mlir::FailureOr<::carbon::OpWork>", "computeWork",
      (ins "std::string &":$whyNot)>,
    InterfaceMethod<[{
        Whether operand `index` is a trained parameter when a model
        initializer defines it. BatchNormalization's running mean and
        variance, for example, are state, not parameters.
      }],
      "bool", "isParameterOperand", (ins "unsigned":$index)>,
    InterfaceMethod<[{
        How the work of the op's regions adds up to the op's: summed or the
        largest (the branches of an If), times a trip count (a Loop). Fails,
        with `whyNot` set, when the trip count is not known.
      }],
      "::mlir::FailureOr<::carbon::RegionCostRule>", "getRegionCostRule",
      (ins "std::string &":$whyNot)>,
  ];
}

#endif // CARBON_INTERFACES_COSTOPINTERFACE_TD
