//===- ONNXStructureOps.td - Graph structure ops of ONNX ---*- tablegen -*-===//
//
// This file declares the ops that carry an ONNX graph's structure rather
// than an operator of the standard: initializers, operators outside the
// schema registry, and the terminator of subgraph regions.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_DIALECT_ONNX_ONNXSTRUCTUREOPS_TD
#define CARBON_DIALECT_ONNX_ONNXSTRUCTUREOPS_TD

include "carbon/Dialect/ONNX/ONNXBase.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

def ONNX_InitializerOp : ONNX_BaseOp<"Initializer", [Pure,
    AllTypesMatch<["value", "output"]>]> {
  let summary = "A graph initializer: a named tensor stored in the model";
  let description = [{
    A tensor of the model file. Small tensors and integer tensors (shapes,
    axes, pads) keep their values as a dense attribute; large float weights,
    and tensors kept in external data, are a `dense_resource` handle named
    after the initializer with no data behind it: their values are never
    needed to cost a model, only their type and shape.

    ```mlir
    %w = onnx.Initializer "conv1.weight" = dense_resource<conv1.weight> : tensor<64x3x7x7xf32>
    %s = onnx.Initializer "shape" = dense<[1, -1]> : tensor<2xi64>
    ```
  }];
  let arguments = (ins StrAttr:$tensor_name, ElementsAttr:$value);
  let results = (outs AnyTensor:$output);
  let assemblyFormat = "$tensor_name `=` $value attr-dict";
}

def ONNX_CustomOp : ONNX_BaseOp<"Custom"> {
  let summary = "An ONNX node whose operator is not in the schema registry";
  let description = [{
    Nodes of custom domains (com.microsoft, ...) and operators newer than the
    ONNX library import as this op. It keeps the node's domain, operator
    type, attributes (in `node_attributes`), operands and result types, and
    its graph attributes as regions named by `region_names`. Inputs the node
    left empty are listed by position in `absent_inputs`, so nothing of the
    node is dropped.
  }];
  let arguments = (ins Variadic<AnyType>:$inputs,
                   StrAttr:$domain,
                   StrAttr:$op_type,
                   OptionalAttr<I64Attr>:$domain_version,
                   DictionaryAttr:$node_attributes,
                   OptionalAttr<StrArrayAttr>:$region_names,
                   OptionalAttr<DenseI64ArrayAttr>:$absent_inputs);
  let results = (outs Variadic<AnyType>:$outputs);
  let regions = (region VariadicRegion<AnyRegion>:$subgraphs);
  let assemblyFormat = [{
    $domain `:` $op_type `(` $inputs `)` $node_attributes (`regions` $subgraphs^)?
    attr-dict `:` functional-type($inputs, $outputs)
  }];
  let extraClassDeclaration = [{
    /// Whether the node is of the default domain ("" or "ai.onnx"): an
    /// operator newer than the ONNX library, or a node of a newer opset
    /// whose types the library's schema does not admit.
    bool isDefaultDomain() {
      return getDomain().empty() || getDomain() == "ai.onnx";
    }
  }];
  let hasVerifier = 1;
}

def ONNX_YieldOp : ONNX_BaseOp<"Yield", [Pure, ReturnLike, Terminator]> {
  let summary = "Returns a subgraph's outputs to its If, Loop or Scan";
  let arguments = (ins Variadic<AnyType>:$outputs);
  let assemblyFormat = "attr-dict ($outputs^ `:` type($outputs))?";
}

#endif // CARBON_DIALECT_ONNX_ONNXSTRUCTUREOPS_TD
