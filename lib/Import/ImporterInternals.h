//===- ImporterInternals.h - Shared pieces of the ONNX importer -*- C++ -*-===//
//
// This file declares what the importer's files share: exact tensor values
// decoded from TensorProtos, the folder of small integer computations that
// resolves shapes, and shape resolution itself. It includes ONNX headers and
// so stays private to lib/Import, the one library built with exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_LIB_IMPORT_IMPORTERINTERNALS_H
#define CARBON_LIB_IMPORT_IMPORTERINTERNALS_H

#include "carbon/Import/ONNXImporter.h"

#include "onnx/onnx_pb.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace carbon::import {

//===----------------------------------------------------------------------===//
// Element types and tensor data
//===----------------------------------------------------------------------===//

// Element types that ONNX 1.12's proto does not name yet (ONNX 1.14+), but
// that models may carry in the int32 data_type / elem_type fields.
enum ExtraDataType : int32_t {
  kFloat8E4M3FN = 17,
  kFloat8E4M3FNUZ = 18,
  kFloat8E5M2 = 19,
  kFloat8E5M2FNUZ = 20,
  kUInt4 = 21,
  kInt4 = 22,
};

/// Whether values of the ONNX data type are integers (bool included).
bool isIntegerDataType(int32_t dataType);
/// Whether values of the ONNX data type are real floating point numbers.
bool isFloatDataType(int32_t dataType);
/// Bits per element, or 0 for types without a fixed width (string,
/// undefined, unknown).
unsigned dataTypeBitWidth(int32_t dataType);
/// The ONNX name of a data type, for messages.
std::string dataTypeName(int32_t dataType);

/// Number of elements a tensor of these dims holds; nullopt on a negative
/// dimension or on overflow.
std::optional<int64_t> countElements(const std::vector<int64_t> &dims);
std::optional<int64_t> countElements(const onnx::TensorProto &tensor);

/// Whether the tensor's data is kept in an external file.
bool hasExternalData(const onnx::TensorProto &tensor);

/// Reads the bit pattern of every element (numeric types only) from whichever
/// field holds the data. Fails, with `error` set, when the data is external,
/// missing or of the wrong size.
bool decodeTensorBits(const onnx::TensorProto &tensor,
                      std::vector<uint64_t> &bits, std::string &error);

/// A tensor's values, exact: integers and bools as int64, floats as double.
struct TensorValue {
  int32_t dataType = 0;
  std::vector<int64_t> dims;
  std::vector<int64_t> ints;
  std::vector<double> floats;

  bool isFloat() const { return isFloatDataType(dataType); }
  int64_t size() const {
    return isFloat() ? static_cast<int64_t>(floats.size())
                     : static_cast<int64_t>(ints.size());
  }
  /// Element `i` as a double / as an int64, whatever the storage.
  double getDouble(int64_t i) const;
  int64_t getInt(int64_t i) const;
};

/// A node's attribute `name`, or null; its INT (else `defaultValue`) and its
/// INTS (absent without the attribute).
const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                     const std::string &name);
int64_t attrInt(const onnx::NodeProto &node, const std::string &name,
                int64_t defaultValue);
std::optional<std::vector<int64_t>> attrInts(const onnx::NodeProto &node,
                                             const std::string &name);

/// Decodes a numeric tensor; fails (with `error`) as decodeTensorBits does.
bool decodeTensorValue(const onnx::TensorProto &tensor, TensorValue &value,
                       std::string &error);
/// Writes the value into `tensor` (dims, data type and typed data fields).
void encodeTensorValue(const TensorValue &value, onnx::TensorProto &tensor);
/// An integer tensor of `dims` holding `ints`.
TensorValue makeInts(std::vector<int64_t> dims, std::vector<int64_t> ints,
                     int32_t dataType = onnx::TensorProto::INT64);

//===----------------------------------------------------------------------===//
// Folding of small integer computations
//===----------------------------------------------------------------------===//

/// Largest tensor the folder computes: shape computations are small, and a
/// bound keeps a ConstantOfShape or Range from materialising a weight.
constexpr int64_t kMaxFoldedElements = 1 << 16;

/// Computes the outputs of one node whose inputs are known, for the ops that
/// compute shapes at run time (Shape, Gather, Slice, Concat, Unsqueeze,
/// arithmetic, Range, ConstantOfShape, Where, ...). `inputs[i]` is null when
/// input i is unknown or absent; `inputTypes[i]` is its inferred type, or
/// null. Returns false when the node cannot be folded (an op it does not
/// know, an unknown input, a result too large).
bool foldNode(const onnx::NodeProto &node, int opsetVersion,
              const std::vector<const TensorValue *> &inputs,
              const std::vector<const onnx::TypeProto *> &inputTypes,
              std::vector<TensorValue> &outputs);

//===----------------------------------------------------------------------===//
// Shape resolution
//===----------------------------------------------------------------------===//

/// A graph input whose dims no binding gave a value: each dim's position
/// and its dim_param (empty when the model names none), or a tensor input
/// the model stores no shape for.
struct UnboundInput {
  std::string name;
  std::vector<std::pair<int, std::string>> dims;
  bool unranked = false;
};

/// The outcome of resolving a graph's shapes: every value's type by name
/// (subgraphs included), the values the folder computed, the main graph's
/// inputs that are still dynamic after binding, the bound dims that sized
/// one of them (name and value), and the leading dim taken as the batch
/// dim (ONNXImportOptions::inferBatchDim) when one was.
struct ResolvedShapes {
  std::unordered_map<std::string, onnx::TypeProto> types;
  std::unordered_map<std::string, TensorValue> foldedValues;
  std::vector<std::string> warnings;
  std::vector<UnboundInput> unboundInputs;
  std::map<std::string, int64_t> inputBindings;
  std::string inferredBatchDim;
};

/// Calls `fn` on `graph` and on every subgraph of its nodes.
template <typename Fn> void forEachGraph(onnx::GraphProto &graph, Fn &&fn) {
  fn(graph);
  for (auto &node : *graph.mutable_node())
    for (auto &attr : *node.mutable_attribute()) {
      if (attr.has_g())
        forEachGraph(*attr.mutable_g(), fn);
      for (auto &g : *attr.mutable_graphs())
        forEachGraph(g, fn);
    }
}

/// A node's name in diagnostics: its own, else `<op_type>#<index>`.
std::string nodeLabel(const onnx::NodeProto &node, int index);

/// Rewrites the ai.onnx nodes of opsets newer than the library's (18 on) that
/// changed form into their forms at its newest opset, where the two compute
/// the same shapes and work (ReduceMean-18's axes input becomes
/// ReduceMean-13's attribute, Split-18's num_outputs explicit sizes, ...),
/// counting in `rewritten` what was rewritten by op type. Fails with `error`
/// naming the node when a newer form has none (AveragePool-19's dilations).
bool downgradeNewerOpsets(onnx::ModelProto &model,
                          std::map<std::string, int64_t> &rewritten,
                          std::string &error);

/// The names of `graph`'s initializers: the inputs that are weights with
/// defaults, not the caller's to size.
std::unordered_set<std::string> initializerNames(const onnx::GraphProto &graph);

/// Binds dynamic dims, then alternates ONNX shape inference (with data
/// propagation) and folding until no new value is known. `model` is not
/// modified: the work happens on a copy without the large weights. Fails
/// with `error` (an inference error or a conflict with shapes stored in the
/// model).
bool resolveShapes(const onnx::ModelProto &model,
                   const ONNXImportOptions &options, ResolvedShapes &result,
                   std::string &error);

/// Opset version by domain ("" for ai.onnx, which both spellings map to).
std::unordered_map<std::string, int> opsetMap(
    const google::protobuf::RepeatedPtrField<onnx::OperatorSetIdProto> &imports);

/// Registers the schemas of the com.microsoft operators that ONNX Runtime's
/// optimizer writes (ContribSchemas.cpp), once per process.
void registerContribSchemas();

/// The largest opset version the ONNX library knows for a domain.
int maxKnownOpsetVersion(const std::string &domain);

} // namespace carbon::import

#endif // CARBON_LIB_IMPORT_IMPORTERINTERNALS_H
