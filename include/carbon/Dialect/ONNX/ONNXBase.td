//===- ONNXBase.td - ONNX dialect, types and op base class -*- tablegen -*-===//
//
// This file declares the `onnx` dialect, its types (strings, sequences,
// optionals and maps, which have no builtin counterpart), the type
// constraints the generated ops use, and the ONNX_Op base class.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_DIALECT_ONNX_ONNXBASE_TD
#define CARBON_DIALECT_ONNX_ONNXBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinTypes.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def ONNX_Dialect : Dialect {
  let name = "onnx";
  let cppNamespace = "::carbon::onnx";
  let summary = "Operators of the ONNX standard, one op per schema version";
  let description = [{
    Every operator the installed ONNX library registers in the default and
    `ai.onnx.ml` domains, in every version it has, generated from
    `onnx::OpSchemaRegistry`. The newest version of an operator is
    `onnx.Name`; older ones are `onnx.NameV<since_version>`. Operators
    outside the registry import as `onnx.Custom`; graph initializers as
    `onnx.Initializer`.
  }];
  let useDefaultTypePrinterParser = 1;
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

class ONNX_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<ONNX_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def ONNX_StringType : ONNX_Type<"String", "string"> {
  let summary = "ONNX string element type";
}

def ONNX_SeqType : ONNX_Type<"Seq", "seq"> {
  let summary = "ONNX sequence of values of one type";
  let parameters = (ins "::mlir::Type":$elementType);
  let assemblyFormat = "`<` $elementType `>`";
}

def ONNX_OptType : ONNX_Type<"Opt", "opt"> {
  let summary = "ONNX optional value";
  let parameters = (ins "::mlir::Type":$elementType);
  let assemblyFormat = "`<` $elementType `>`";
}

def ONNX_MapType : ONNX_Type<"Map", "map"> {
  let summary = "ONNX map from a scalar key type to a value type";
  let parameters = (ins "::mlir::Type":$keyType, "::mlir::Type":$valueType);
  let assemblyFormat = "`<` $keyType `,` $valueType `>`";
}

//===----------------------------------------------------------------------===//
// Type constraints used by the generated ops
//===----------------------------------------------------------------------===//

class ONNX_SeqOf<list<Type> allowed>
    : ContainerType<AnyTypeOf<allowed>,
                    CPred<"::llvm::isa<::carbon::onnx::SeqType>($_self)">,
                    "::llvm::cast<::carbon::onnx::SeqType>($_self).getElementType()",
                    "sequence", "::carbon::onnx::SeqType">;

class ONNX_OptOf<list<Type> allowed>
    : ContainerType<AnyTypeOf<allowed>,
                    CPred<"::llvm::isa<::carbon::onnx::OptType>($_self)">,
                    "::llvm::cast<::carbon::onnx::OptType>($_self).getElementType()",
                    "optional", "::carbon::onnx::OptType">;

class ONNX_MapOf<list<Type> keys, list<Type> values>
    : Type<And<[
        CPred<"::llvm::isa<::carbon::onnx::MapType>($_self)">,
        SubstLeaves<"$_self",
                    "::llvm::cast<::carbon::onnx::MapType>($_self).getKeyType()",
                    AnyTypeOf<keys>.predicate>,
        SubstLeaves<"$_self",
                    "::llvm::cast<::carbon::onnx::MapType>($_self).getValueType()",
                    AnyTypeOf<values>.predicate>]>,
      "map", "::carbon::onnx::MapType">;

//===----------------------------------------------------------------------===//
// Op base classes
//===----------------------------------------------------------------------===//

/// Base of every op in the dialect.
class ONNX_BaseOp<string mnemonic, list<Trait> traits = []>
    : Op<ONNX_Dialect, mnemonic, traits>;

/// Base of the ops generated from ONNX schemas. The schema's identity is kept
/// as static accessors so passes can key tables on it.
class ONNX_Op<string mnemonic, list<Trait> traits = []>
    : ONNX_BaseOp<mnemonic, traits> {
  string onnxDomain = "";
  string onnxName = "";
  int onnxSinceVersion = 0;
  let extraClassDeclaration = [{
    /// The ONNX domain of the schema ("" is ai.onnx).
    static constexpr ::llvm::StringLiteral getONNXDomain() {
      return ::llvm::StringLiteral("}] # onnxDomain # [{");
    }
    /// The ONNX operator type, without a version suffix.
    static constexpr ::llvm::StringLiteral getONNXOpType() {
      return ::llvm::StringLiteral("}] # onnxName # [{");
    }
    /// The opset version this schema was introduced in.
    static constexpr int getONNXSinceVersion() { return }]
      # onnxSinceVersion # [{; }
  }];
}

#endif // CARBON_DIALECT_ONNX_ONNXBASE_TD
