//===- ONNXImporter.cpp - Import ONNX models into MLIR ----------*- C++ -*-===//
//
// This file turns an ONNX model into a module: one func.func per graph,
// graph inputs and outputs as arguments and results, initializers as
// onnx.Initializer, each node as the onnx op of its schema version (or
// onnx.Custom), subgraphs as regions, model-local functions as private
// functions specialised to the types they are called with.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternals.h"

#include "carbon/Dialect/ONNX/ONNXOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "onnx/defs/parser.h"
#include "onnx/defs/schema.h"

#include <google/protobuf/io/zero_copy_stream_impl.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <unordered_set>

using namespace mlir;
using namespace carbon::import;
using carbon::ONNXImportOptions;
namespace dialect = carbon::onnx;

/// Float tensors up to this many elements keep their values (Resize scales,
/// Clip bounds, the scalars of x / sqrt(d)); larger ones are weights.
static constexpr int64_t kMaxExactFloatElements = 64;
/// No real dimension comes near 2^40; a larger one is a corrupt model.
static constexpr int64_t kMaxDimension = int64_t(1) << 40;

//===----------------------------------------------------------------------===//
// Reading the file
//===----------------------------------------------------------------------===//

/// Whether the bytes look like ONNX's text syntax: a `<` header or a graph
/// name, not protobuf's leading field tag.
static bool looksLikeTextSyntax(StringRef bytes) {
  StringRef trimmed = bytes.ltrim();
  while (trimmed.starts_with("#")) {
    trimmed = trimmed.drop_until([](char c) { return c == '\n'; }).ltrim();
  }
  return trimmed.starts_with("<");
}

static LogicalResult loadModel(StringRef path, Location fileLoc,
                               onnx::ModelProto &model) {
  int fd = ::open(path.str().c_str(), O_RDONLY);
  if (fd < 0)
    return emitError(fileLoc) << "cannot open file: " << std::strerror(errno);
  char head[4096];
  ssize_t headSize = ::pread(fd, head, sizeof(head), 0);
  if (headSize < 0) {
    ::close(fd);
    return emitError(fileLoc) << "cannot read file: " << std::strerror(errno);
  }
  if (headSize == 0) {
    ::close(fd);
    return emitError(fileLoc) << "file is empty";
  }

  if (looksLikeTextSyntax(StringRef(head, headSize))) {
    ::close(fd);
    auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
    if (!buffer)
      return emitError(fileLoc) << "cannot read file: "
                                << buffer.getError().message();
    std::string text = (*buffer)->getBuffer().str();
    onnx::OnnxParser parser(text.c_str());
    auto status = parser.Parse(model);
    if (!status.IsOK())
      return emitError(fileLoc)
             << "invalid ONNX text syntax: " << status.ErrorMessage();
    return success();
  }

  // Parse straight from the file so that a 100 MB model is not held twice.
  bool parsed;
  {
    google::protobuf::io::FileInputStream stream(fd);
    parsed = model.ParseFromZeroCopyStream(&stream);
  }
  ::close(fd);
  if (!parsed)
    return emitError(fileLoc)
           << "not a valid ONNX model: the protobuf is truncated or corrupt";
  if (model.ir_version() <= 0 || !model.has_graph())
    return emitError(fileLoc)
           << "not an ONNX model: it has no " 
           << (model.has_graph() ? "ir_version" : "graph");
  return success();
}

/// Reads the bytes of one tensor's external data (ONNX's external data
/// format: `location` relative to the model's directory, optional `offset`
/// and `length`) into its raw_data; false with `error` saying why not.
static bool readExternalData(onnx::TensorProto &tensor, StringRef modelDir,
                             std::string &error) {
  StringRef location;
  uint64_t offset = 0;
  std::optional<uint64_t> length;
  for (const auto &entry : tensor.external_data()) {
    StringRef value = entry.value();
    if (entry.key() == "location")
      location = value;
    else if (entry.key() == "offset" && value.getAsInteger(10, offset))
      return error = "its offset '" + value.str() + "' is not a number", false;
    else if (entry.key() == "length" &&
             value.getAsInteger(10, length.emplace()))
      return error = "its length '" + value.str() + "' is not a number", false;
  }
  if (location.empty())
    return error = "it names no location", false;
  // As ONNX's own loader: the data lies beside the model, not elsewhere.
  if (llvm::sys::path::is_absolute(location) ||
      llvm::is_contained(llvm::make_range(llvm::sys::path::begin(location),
                                          llvm::sys::path::end(location)),
                         ".."))
    return error = "its location '" + location.str() +
                   "' is outside the model's directory",
           false;
  std::optional<int64_t> count = countElements(tensor);
  unsigned width = dataTypeBitWidth(tensor.data_type());
  if (!count || width == 0 || width % 8)
    return error = "its type or dims have no fixed size in bytes", false;
  uint64_t bytes = static_cast<uint64_t>(*count) * (width / 8);
  if (length && *length != bytes)
    return error = "its length " + std::to_string(*length) + " is not the " +
                   std::to_string(bytes) + " bytes of its elements",
           false;
  SmallString<256> file(modelDir);
  llvm::sys::path::append(file, location);
  uint64_t size = 0;
  if (std::error_code ec = llvm::sys::fs::file_size(file, size))
    return error = "'" + location.str() + "' cannot be read: " + ec.message(),
           false;
  if (offset > size || size - offset < bytes)
    return error = "'" + location.str() + "' ends before its " +
                   std::to_string(bytes) + " bytes at offset " +
                   std::to_string(offset),
           false;
  std::string data(bytes, '\0');
  if (bytes) {
    auto buffer = llvm::MemoryBuffer::getFileSlice(file, bytes, offset);
    if (!buffer)
      return error = "'" + location.str() +
                     "' cannot be read: " + buffer.getError().message(),
             false;
    data.assign((*buffer)->getBufferStart(), bytes);
  }
  tensor.set_raw_data(std::move(data));
  tensor.clear_external_data();
  tensor.set_data_location(onnx::TensorProto::DEFAULT);
  return true;
}

/// Reads into the model the external data of the tensors small enough to
/// decide shapes (a Reshape's target, a Slice's bounds): ONNX's shape
/// inference and the folder read values from the model alone. Weights stay
/// in their files, since costs need only their shapes, so a model copied
/// without its data file (or a weight-free copy) still imports. Returns what
/// could not be read, one line per cause (a missing file, say) naming the
/// first tensor and how many share it: said only if a shape then needs the
/// values, as part of the inference error.
static std::string loadSmallExternalData(onnx::ModelProto &model,
                                         StringRef path) {
  StringRef modelDir = llvm::sys::path::parent_path(path);
  struct Unread {
    std::string firstTensor;
    int64_t tensors = 0;
  };
  std::map<std::string, Unread> unread;
  auto load = [&](onnx::TensorProto &tensor, StringRef what) {
    if (!hasExternalData(tensor))
      return;
    std::optional<int64_t> count = countElements(tensor);
    if (!count || *count > kMaxFoldedElements)
      return;
    std::string error;
    if (readExternalData(tensor, modelDir, error))
      return;
    Unread &u = unread[error];
    if (u.tensors++ == 0)
      u.firstTensor = what.str() + " '" + tensor.name() + "'";
  };
  auto loadNodes = [&](auto &nodes) {
    for (onnx::NodeProto &node : nodes)
      for (onnx::AttributeProto &attr : *node.mutable_attribute()) {
        if (attr.has_t())
          load(*attr.mutable_t(),
               "tensor attribute of node '" + node.name() + "'");
        for (onnx::TensorProto &t : *attr.mutable_tensors())
          load(t, "tensor attribute of node '" + node.name() + "'");
      }
  };
  forEachGraph(*model.mutable_graph(), [&](onnx::GraphProto &graph) {
    for (onnx::TensorProto &t : *graph.mutable_initializer())
      load(t, "initializer");
    loadNodes(*graph.mutable_node());
  });
  for (onnx::FunctionProto &fn : *model.mutable_functions())
    loadNodes(*fn.mutable_node());
  std::string summary;
  for (const auto &[error, u] : unread) {
    summary += "; external data not read: " + u.firstTensor;
    if (u.tensors > 1)
      summary += " and " + std::to_string(u.tensors - 1) + " more small " +
                 (u.tensors == 2 ? "tensor" : "tensors");
    summary += ": " + error;
  }
  return summary;
}

//===----------------------------------------------------------------------===//
// Graph structure checks
//===----------------------------------------------------------------------===//

std::string carbon::import::nodeLabel(const ::onnx::NodeProto &node,
                                      int index) {
  if (!node.name().empty())
    return node.name();
  return node.op_type() + "#" + std::to_string(index);
}

/// Names a graph reads from enclosing scopes (through its subgraphs too).
static void collectOuterReads(const onnx::GraphProto &graph,
                              std::unordered_set<std::string> &reads) {
  std::unordered_set<std::string> local;
  for (const auto &v : graph.input())
    local.insert(v.name());
  for (const auto &t : graph.initializer())
    local.insert(t.name());
  for (const auto &node : graph.node())
    for (const auto &o : node.output())
      local.insert(o);
  auto note = [&](const std::string &name) {
    if (!name.empty() && !local.count(name))
      reads.insert(name);
  };
  for (const auto &node : graph.node()) {
    for (const auto &i : node.input())
      note(i);
    for (const auto &attr : node.attribute()) {
      std::unordered_set<std::string> inner;
      if (attr.has_g())
        collectOuterReads(attr.g(), inner);
      for (const auto &g : attr.graphs())
        collectOuterReads(g, inner);
      for (const auto &n : inner)
        note(n);
    }
  }
  for (const auto &o : graph.output())
    note(o.name());
}

/// Rejects attribute values that ONNX 1.12's shape inference divides by,
/// multiplies or allocates by without checking (a stride of 0 is a division
/// by zero in convPoolShapeInference; DepthToSpace squares its blocksize;
/// Scan sizes a vector by num_scan_inputs), so that they are an error
/// naming the node instead of a crash inside it.
static LogicalResult checkInferenceAttributes(const onnx::NodeProto &node,
                                              const std::string &label,
                                              Location fileLoc) {
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return success();
  static const llvm::StringSet<> windowed = {
      "Conv",    "ConvTranspose", "ConvInteger", "QLinearConv", "AveragePool",
      "MaxPool", "LpPool",        "MaxUnpool",   "Col2Im"};
  StringRef op = node.op_type();
  for (const auto &attr : node.attribute()) {
    StringRef name = attr.name();
    if (windowed.contains(op) &&
        (name == "strides" || name == "dilations" || name == "kernel_shape"))
      for (int64_t v : attr.ints())
        if (v < 1 || v > kMaxDimension)
          return emitError(fileLoc)
                 << "node '" << label << "': " << name << " holds " << v
                 << "; each must be between 1 and " << kMaxDimension;
    if (op == "Scan" && name == "num_scan_inputs" &&
        (attr.i() < 1 || attr.i() > node.input_size()))
      return emitError(fileLoc)
             << "node '" << label << "': num_scan_inputs " << attr.i()
             << " is not between 1 and its " << node.input_size() << " inputs";
    // blocksize^2 must not overflow: 2^31 squared is 2^62.
    if ((op == "DepthToSpace" || op == "SpaceToDepth") && name == "blocksize" &&
        (attr.i() < 1 || attr.i() >= (int64_t{1} << 31)))
      return emitError(fileLoc) << "node '" << label << "': blocksize "
                                << attr.i() << " is outside [1, 2^31)";
  }
  return success();
}

/// Checks that every value a graph reads is defined exactly once, sorts the
/// nodes topologically when the file does not already have them in order,
/// and reports a cycle. `outer` holds the names visible from enclosing
/// graphs.
static LogicalResult checkAndSortGraph(onnx::GraphProto &graph,
                                       const std::unordered_set<std::string> &outer,
                                       const std::string &scope,
                                       Location fileLoc) {
  auto where = [&](const std::string &label) {
    return scope.empty() ? label : scope + "/" + label;
  };
  std::unordered_set<std::string> available(outer);
  std::unordered_map<std::string, int> producer;
  for (const auto &v : graph.input())
    available.insert(v.name());
  for (const auto &t : graph.initializer())
    available.insert(t.name());
  for (int i = 0; i < graph.node_size(); ++i)
    for (const auto &o : graph.node(i).output()) {
      if (o.empty())
        continue;
      if (producer.count(o) || (available.count(o) && !outer.count(o)))
        return emitError(fileLoc)
               << "node '" << where(nodeLabel(graph.node(i), i))
               << "' defines value '" << o << "', which is already defined";
      producer[o] = i;
    }

  // Inputs of each node, with the outer reads of its subgraphs.
  int n = graph.node_size();
  std::vector<std::vector<std::string>> reads(n);
  for (int i = 0; i < n; ++i) {
    const auto &node = graph.node(i);
    if (failed(
            checkInferenceAttributes(node, where(nodeLabel(node, i)), fileLoc)))
      return failure();
    for (const auto &in : node.input())
      if (!in.empty())
        reads[i].push_back(in);
    std::unordered_set<std::string> inner;
    for (const auto &attr : node.attribute()) {
      if (attr.has_g())
        collectOuterReads(attr.g(), inner);
      for (const auto &g : attr.graphs())
        collectOuterReads(g, inner);
    }
    reads[i].insert(reads[i].end(), inner.begin(), inner.end());
    for (const auto &name : reads[i])
      if (!available.count(name) && !producer.count(name))
        return emitError(fileLoc)
               << "node '" << where(nodeLabel(node, i))
               << "' reads value '" << name << "', which is never defined";
  }
  for (const auto &o : graph.output())
    if (!available.count(o.name()) && !producer.count(o.name()))
      return emitError(fileLoc) << "graph output '" << o.name()
                                << "' is never defined";

  // Kahn's algorithm, taking nodes in file order whenever possible so that a
  // sorted graph keeps its order.
  std::vector<int> pending(n, 0);
  std::vector<std::vector<int>> users(n);
  for (int i = 0; i < n; ++i)
    for (const auto &name : reads[i]) {
      auto p = producer.find(name);
      if (p == producer.end() || available.count(name))
        continue;
      if (p->second == i)
        return emitError(fileLoc) << "graph has a cycle: node '"
                                  << where(nodeLabel(graph.node(i), i))
                                  << "' reads its own output '" << name << "'";
      ++pending[i];
      users[p->second].push_back(i);
    }
  std::vector<int> order;
  std::vector<int> ready;
  for (int i = n - 1; i >= 0; --i)
    if (pending[i] == 0)
      ready.push_back(i);
  while (!ready.empty()) {
    std::sort(ready.begin(), ready.end(), std::greater<int>());
    int i = ready.back();
    ready.pop_back();
    order.push_back(i);
    for (int u : users[i])
      if (--pending[u] == 0)
        ready.push_back(u);
  }
  if (static_cast<int>(order.size()) != n) {
    for (int i = 0; i < n; ++i)
      if (pending[i] > 0)
        return emitError(fileLoc)
               << "graph has a cycle through node '"
               << where(nodeLabel(graph.node(i), i)) << "'";
  }
  bool sorted = true;
  for (int i = 0; i < n; ++i)
    sorted &= order[i] == i;
  if (!sorted) {
    google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
    for (int i : order)
      *nodes.Add() = std::move(*graph.mutable_node(i));
    graph.mutable_node()->Swap(&nodes);
  }

  // Subgraphs see everything this graph defines.
  std::unordered_set<std::string> inner(available);
  for (const auto &[name, index] : producer)
    inner.insert(name);
  for (int i = 0; i < graph.node_size(); ++i) {
    auto *node = graph.mutable_node(i);
    for (auto &attr : *node->mutable_attribute()) {
      std::string sub = where(nodeLabel(*node, i)) + "/" + attr.name();
      if (attr.has_g() &&
          failed(checkAndSortGraph(*attr.mutable_g(), inner, sub, fileLoc)))
        return failure();
      for (auto &g : *attr.mutable_graphs())
        if (failed(checkAndSortGraph(g, inner, sub, fileLoc)))
          return failure();
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Types and attributes
//===----------------------------------------------------------------------===//

static Type convertElementType(int32_t t, MLIRContext *ctx) {
  Builder b(ctx);
  using TP = onnx::TensorProto;
  switch (t) {
  case TP::FLOAT:
    return b.getF32Type();
  case TP::DOUBLE:
    return b.getF64Type();
  case TP::FLOAT16:
    return b.getF16Type();
  case TP::BFLOAT16:
    return b.getBF16Type();
  case TP::INT8:
    return b.getIntegerType(8);
  case TP::INT16:
    return b.getIntegerType(16);
  case TP::INT32:
    return b.getIntegerType(32);
  case TP::INT64:
    return b.getIntegerType(64);
  case TP::UINT8:
    return b.getIntegerType(8, /*isSigned=*/false);
  case TP::UINT16:
    return b.getIntegerType(16, false);
  case TP::UINT32:
    return b.getIntegerType(32, false);
  case TP::UINT64:
    return b.getIntegerType(64, false);
  case TP::BOOL:
    return b.getI1Type();
  case TP::STRING:
    return dialect::StringType::get(ctx);
  case TP::COMPLEX64:
    return ComplexType::get(b.getF32Type());
  case TP::COMPLEX128:
    return ComplexType::get(b.getF64Type());
  case kFloat8E4M3FN:
    return b.getType<Float8E4M3FNType>();
  case kFloat8E4M3FNUZ:
    return b.getType<Float8E4M3FNUZType>();
  case kFloat8E5M2:
    return b.getType<Float8E5M2Type>();
  case kFloat8E5M2FNUZ:
    return b.getType<Float8E5M2FNUZType>();
  case kUInt4:
    return b.getIntegerType(4, false);
  case kInt4:
    return b.getIntegerType(4);
  default:
    return {};
  }
}

namespace {
/// Converts ONNX types to MLIR types, explaining what it cannot convert.
struct TypeConverter {
  MLIRContext *ctx;
  std::string error;

  Type convert(const onnx::TypeProto &type) {
    if (type.has_tensor_type() || type.has_sparse_tensor_type()) {
      int32_t elemType = type.has_tensor_type()
                             ? type.tensor_type().elem_type()
                             : type.sparse_tensor_type().elem_type();
      bool hasShape = type.has_tensor_type()
                          ? type.tensor_type().has_shape()
                          : type.sparse_tensor_type().has_shape();
      const auto &shape = type.has_tensor_type()
                              ? type.tensor_type().shape()
                              : type.sparse_tensor_type().shape();
      Type elem = convertElementType(elemType, ctx);
      if (!elem) {
        error = elemType == 0 ? "its element type is unknown"
                              : "its element type " + dataTypeName(elemType) +
                                    " is not an ONNX type";
        return {};
      }
      if (!hasShape)
        return UnrankedTensorType::get(elem);
      SmallVector<int64_t> dims;
      for (const auto &d : shape.dim()) {
        if (!d.has_dim_value()) {
          dims.push_back(ShapedType::kDynamic);
          continue;
        }
        if (d.dim_value() < 0) {
          error = "it has negative dimension " + std::to_string(d.dim_value());
          return {};
        }
        if (d.dim_value() > kMaxDimension) {
          error = "it has dimension " + std::to_string(d.dim_value()) +
                  ", larger than any real tensor";
          return {};
        }
        dims.push_back(d.dim_value());
      }
      return RankedTensorType::get(dims, elem);
    }
    if (type.has_sequence_type()) {
      Type elem = convert(type.sequence_type().elem_type());
      return elem ? dialect::SeqType::get(ctx, elem) : Type();
    }
    if (type.has_optional_type()) {
      Type elem = convert(type.optional_type().elem_type());
      return elem ? dialect::OptType::get(ctx, elem) : Type();
    }
    if (type.has_map_type()) {
      Type key = convertElementType(type.map_type().key_type(), ctx);
      Type value = convert(type.map_type().value_type());
      if (!key || !value) {
        if (error.empty())
          error = "its map key type is unknown";
        return {};
      }
      return dialect::MapType::get(ctx, key, value);
    }
    error = "its type is unknown";
    return {};
  }
};
} // namespace

/// The attribute holding a tensor's values: exact for small and integer
/// tensors, a data-less resource handle for weights.
static FailureOr<ElementsAttr> convertTensor(const onnx::TensorProto &tensor,
                                             StringRef name, MLIRContext *ctx,
                                             std::string &error) {
  Type elem = convertElementType(tensor.data_type(), ctx);
  if (!elem) {
    error = "tensor '" + tensor.name() + "' has element type " +
            dataTypeName(tensor.data_type());
    return failure();
  }
  SmallVector<int64_t> dims(tensor.dims().begin(), tensor.dims().end());
  for (int64_t d : dims)
    if (d < 0 || d > kMaxDimension) {
      error = "tensor '" + tensor.name() + "' has dimension " +
              std::to_string(d);
      return failure();
    }
  std::optional<int64_t> count = countElements(tensor);
  if (!count) {
    error = "tensor '" + tensor.name() + "' has too many elements";
    return failure();
  }
  auto type = RankedTensorType::get(dims, elem);
  int32_t t = tensor.data_type();
  bool exact = !hasExternalData(tensor) &&
               (isIntegerDataType(t) ? *count <= kMaxFoldedElements
                                     : *count <= kMaxExactFloatElements);

  if (exact && t == onnx::TensorProto::STRING &&
      tensor.string_data_size() == *count) {
    SmallVector<StringRef> strings;
    for (const auto &s : tensor.string_data())
      strings.push_back(s);
    return ElementsAttr(DenseStringElementsAttr::get(type, strings));
  }
  std::vector<uint64_t> bits;
  std::string ignored;
  if (exact && t != onnx::TensorProto::STRING &&
      decodeTensorBits(tensor, bits, ignored)) {
    unsigned width = dataTypeBitWidth(t);
    if (t == onnx::TensorProto::BOOL) {
      SmallVector<bool> values;
      for (uint64_t b : bits)
        values.push_back(b != 0);
      return ElementsAttr(DenseElementsAttr::get(type, values));
    }
    if (auto floatType = dyn_cast<FloatType>(elem)) {
      SmallVector<APFloat> values;
      for (uint64_t b : bits)
        values.emplace_back(floatType.getFloatSemantics(), APInt(width, b));
      return ElementsAttr(DenseElementsAttr::get(type, values));
    }
    if (isa<IntegerType>(elem)) {
      SmallVector<APInt> values;
      for (uint64_t b : bits)
        values.emplace_back(width, b);
      return ElementsAttr(DenseElementsAttr::get(type, values));
    }
  }
  // Weights, external data, complex numbers and malformed payloads keep only
  // their type; a value the importer needs is never among them.
  auto &manager = DenseResourceElementsHandle::getManagerInterface(ctx);
  return ElementsAttr(DenseResourceElementsAttr::get(
      type, manager.insert(name.empty() ? StringRef("tensor") : name)));
}

//===----------------------------------------------------------------------===//
// Graph import
//===----------------------------------------------------------------------===//

namespace {

/// The values visible in a graph, by ONNX name, with the enclosing graphs'.
class ValueScope {
public:
  explicit ValueScope(const ValueScope *parent = nullptr) : parent(parent) {}
  void define(const std::string &name, Value value) { values[name] = value; }
  Value lookup(const std::string &name) const {
    auto it = values.find(name);
    if (it != values.end())
      return it->second;
    return parent ? parent->lookup(name) : Value();
  }

private:
  const ValueScope *parent;
  std::unordered_map<std::string, Value> values;
};

class ModelImporter {
public:
  ModelImporter(MLIRContext *ctx, StringRef path, onnx::ModelProto &model,
                const ONNXImportOptions &options)
      : ctx(ctx), builder(ctx), model(model), options(options),
        modelPath(path.str()),
        fileLoc(FileLineColLoc::get(ctx, path, 0, 0)), types{ctx} {}

  OwningOpRef<ModuleOp> run();

private:
  /// Imports one graph as the body of `block`, whose arguments are already
  /// the graph's inputs. `terminate` builds the terminator from the outputs.
  LogicalResult importGraphBody(
      const onnx::GraphProto &graph, const std::string &scopeName,
      const std::unordered_map<std::string, onnx::TypeProto> &valueTypes,
      const std::unordered_map<std::string, int> &opsets, ValueScope &scope,
      SmallVectorImpl<Value> &outputs);

  /// Imports a node's graph attribute as the body of `region`: its inputs
  /// become block arguments, its outputs an onnx.Yield.
  LogicalResult importSubgraph(
      const onnx::GraphProto &graph, Region &region, const std::string &label,
      const std::string &attrName,
      const std::unordered_map<std::string, onnx::TypeProto> &valueTypes,
      const std::unordered_map<std::string, int> &opsets, ValueScope &scope);

  LogicalResult importNode(
      const onnx::NodeProto &node, const std::string &label,
      const std::unordered_map<std::string, onnx::TypeProto> &valueTypes,
      const std::unordered_map<std::string, int> &opsets, ValueScope &scope);

  /// Builds the func.func of a graph from its resolved types.
  func::FuncOp importGraphAsFunction(
      const onnx::GraphProto &graph, StringRef funcName,
      const std::unordered_map<std::string, onnx::TypeProto> &valueTypes,
      const std::unordered_map<std::string, int> &opsets, bool isPrivate);

  /// The function a call of a model-local function reaches, specialised to
  /// the argument types.
  FailureOr<func::FuncOp> specializeFunction(const onnx::FunctionProto &fn,
                                             const onnx::NodeProto &call,
                                             TypeRange argTypes,
                                             const std::string &label);

  FailureOr<Attribute> convertAttribute(const onnx::AttributeProto &attr,
                                        const std::string &label);
  Type typeOf(const std::string &name,
              const std::unordered_map<std::string, onnx::TypeProto> &types,
              const std::string &label, std::string &why);

  /// Defines the node's outputs in `scope`, warning (in top-level graphs)
  /// about each whose shape is not fully known where the node is what
  /// loses it (its operands are static), or about every one with
  /// warnUnknownShapes: one unbound input dim would otherwise warn at each
  /// of the thousands of nodes downstream of it.
  void defineOutputs(ArrayRef<std::string> names, ResultRange results,
                     Location loc, ValueScope &scope) {
    auto isUnknown = [](Type type) {
      auto shaped = dyn_cast<ShapedType>(type);
      return shaped && !shaped.hasStaticShape();
    };
    bool losesShape =
        !results.empty() &&
        llvm::none_of(results[0].getOwner()->getOperandTypes(), isUnknown);
    for (auto [name, result] : llvm::zip(names, results)) {
      scope.define(name, result);
      if (subgraphDepth == 0 && isUnknown(result.getType()) &&
          (losesShape || options.warnUnknownShapes))
        emitWarning(loc) << "shape of '" << name
                         << "' is not fully known: " << result.getType();
    }
  }

  /// Reports the main graph's inputs that no binding sized: a warning, or
  /// an error when the caller needs static shapes. Fails only then.
  LogicalResult checkUnboundInputs(ArrayRef<UnboundInput> inputs);

  Location nodeLoc(const std::string &label) {
    return NameLoc::get(StringAttr::get(ctx, label), fileLoc);
  }

  const onnx::FunctionProto *findFunction(const onnx::NodeProto &node) const {
    for (const auto &fn : model.functions())
      if (fn.name() == node.op_type() && fn.domain() == node.domain())
        return &fn;
    return nullptr;
  }

  MLIRContext *ctx;
  OpBuilder builder;
  onnx::ModelProto &model;
  const ONNXImportOptions &options;
  /// Where external data is looked for: beside the model.
  std::string modelPath;
  Location fileLoc;
  TypeConverter types;
  ModuleOp module;
  /// How many If/Loop/Scan bodies enclose the graph being imported.
  int subgraphDepth = 0;
  /// Specialisations of model-local functions by name and argument types.
  std::map<std::pair<std::string, std::string>, func::FuncOp> specializations;
};

} // namespace

Type ModelImporter::typeOf(
    const std::string &name,
    const std::unordered_map<std::string, onnx::TypeProto> &valueTypes,
    const std::string &label, std::string &why) {
  auto it = valueTypes.find(name);
  if (it == valueTypes.end()) {
    why = "its type is unknown: shape inference gave none and the model "
          "stores none";
    return {};
  }
  types.error.clear();
  Type t = types.convert(it->second);
  if (!t)
    why = types.error;
  return t;
}

FailureOr<Attribute>
ModelImporter::convertAttribute(const onnx::AttributeProto &attr,
                                const std::string &label) {
  auto fail = [&](const Twine &msg) -> FailureOr<Attribute> {
    emitError(nodeLoc(label)) << "attribute '" << attr.name() << "' " << msg;
    return failure();
  };
  if (!attr.ref_attr_name().empty())
    return fail("refers to function attribute '" + attr.ref_attr_name() +
                "' outside a function");
  using AP = onnx::AttributeProto;
  switch (attr.type()) {
  case AP::FLOAT:
    return Attribute(builder.getF32FloatAttr(attr.f()));
  case AP::INT:
    return Attribute(builder.getI64IntegerAttr(attr.i()));
  case AP::STRING:
    return Attribute(builder.getStringAttr(attr.s()));
  case AP::FLOATS:
    return Attribute(builder.getF32ArrayAttr(
        SmallVector<float>(attr.floats().begin(), attr.floats().end())));
  case AP::INTS:
    return Attribute(builder.getI64ArrayAttr(
        SmallVector<int64_t>(attr.ints().begin(), attr.ints().end())));
  case AP::STRINGS: {
    SmallVector<StringRef> strings(attr.strings().begin(),
                                   attr.strings().end());
    return Attribute(builder.getStrArrayAttr(strings));
  }
  case AP::TENSOR: {
    std::string error;
    auto value = convertTensor(attr.t(), label + "." + attr.name(), ctx, error);
    if (failed(value))
      return fail(error);
    return Attribute(*value);
  }
  case AP::SPARSE_TENSOR: {
    // Only the dense type is kept: the values are never needed.
    onnx::TensorProto dense = attr.sparse_tensor().values();
    dense.clear_dims();
    for (int64_t d : attr.sparse_tensor().dims())
      dense.add_dims(d);
    dense.clear_raw_data();
    dense.set_data_location(onnx::TensorProto::EXTERNAL);
    std::string error;
    auto value = convertTensor(dense, label + "." + attr.name(), ctx, error);
    if (failed(value))
      return fail(error);
    return Attribute(*value);
  }
  case AP::TENSORS: {
    SmallVector<Attribute> tensors;
    for (const auto &t : attr.tensors()) {
      std::string error;
      auto value = convertTensor(t, label + "." + attr.name(), ctx, error);
      if (failed(value))
        return fail(error);
      tensors.push_back(*value);
    }
    return Attribute(builder.getArrayAttr(tensors));
  }
  case AP::TYPE_PROTO: {
    types.error.clear();
    Type t = types.convert(attr.tp());
    if (!t)
      return fail("holds a type that cannot be read: " + types.error);
    return Attribute(TypeAttr::get(t));
  }
  case AP::TYPE_PROTOS: {
    SmallVector<Attribute> list;
    for (const auto &tp : attr.type_protos()) {
      types.error.clear();
      Type t = types.convert(tp);
      if (!t)
        return fail("holds a type that cannot be read: " + types.error);
      list.push_back(TypeAttr::get(t));
    }
    return Attribute(builder.getArrayAttr(list));
  }
  default:
    return fail("has unsupported attribute type " +
                std::to_string(static_cast<int>(attr.type())));
  }
}

/// Whether `schema` admits the element types of the node's inputs and
/// outputs (as far as they are known).
static bool schemaAdmitsTypes(
    const onnx::OpSchema &schema, const onnx::NodeProto &node,
    const std::unordered_map<std::string, onnx::TypeProto> &types) {
  auto admits =
      [&](const std::vector<onnx::OpSchema::FormalParameter> &params,
          const google::protobuf::RepeatedPtrField<std::string> &names) {
        for (int i = 0; i < names.size() && !params.empty(); ++i) {
          auto it = types.find(names[i]);
          if (names[i].empty() || it == types.end() ||
              !it->second.has_tensor_type() ||
              it->second.tensor_type().elem_type() ==
                  onnx::TensorProto::UNDEFINED)
            continue;
          // Types after bfloat16 (float8, int4, ...) are newer than the
          // library.
          if (it->second.tensor_type().elem_type() >
              onnx::TensorProto::BFLOAT16)
            return false;
          const auto &param = params[std::min<size_t>(i, params.size() - 1)];
          if (!param.GetTypes().count(
                  onnx::Utils::DataTypeUtils::ToType(it->second)))
            return false;
        }
        return true;
      };
  return admits(schema.inputs(), node.input()) &&
         admits(schema.outputs(), node.output());
}

LogicalResult ModelImporter::importNode(
    const onnx::NodeProto &node, const std::string &label,
    const std::unordered_map<std::string, onnx::TypeProto> &valueTypes,
    const std::unordered_map<std::string, int> &opsets, ValueScope &scope) {
  Location loc = nodeLoc(label);
  std::string domain = node.domain() == "ai.onnx" ? "" : node.domain();

  auto lookupInput = [&](const std::string &name) -> FailureOr<Value> {
    Value v = scope.lookup(name);
    if (!v) {
      emitError(loc) << "reads value '" << name << "', which is not defined";
      return failure();
    }
    return v;
  };
  auto resultType = [&](const std::string &name) -> Type {
    std::string why;
    Type t = typeOf(name, valueTypes, label, why);
    if (!t)
      emitError(loc) << "cannot type output '" << name << "': " << why;
    return t;
  };

  // Model-local functions become calls of a specialised private function.
  if (const onnx::FunctionProto *fn = findFunction(node)) {
    SmallVector<Value> args;
    for (const auto &in : node.input()) {
      auto v = lookupInput(in);
      if (failed(v))
        return failure();
      args.push_back(*v);
    }
    auto callee = specializeFunction(*fn, node, ValueRange(args).getTypes(),
                                     label);
    if (failed(callee))
      return failure();
    auto call = func::CallOp::create(builder, loc, *callee, args);
    SmallVector<std::string> names(node.output().begin(), node.output().end());
    defineOutputs(names, call.getResults(), loc, scope);
    return success();
  }

  auto opsetIt = opsets.find(domain);
  const onnx::OpSchema *schema = nullptr;
  if (opsetIt != opsets.end() &&
      (domain.empty() || domain == "ai.onnx.ml"))
    schema = onnx::OpSchemaRegistry::Schema(node.op_type(), opsetIt->second,
                                            domain);
  // A node of an opset newer than the library may use a type its version
  // added (int4 and float8 in DequantizeLinear-21, bfloat16 in Conv-22):
  // the library's typed op would reject it, so it stays an onnx.Custom op,
  // which the cost models count by its op type.
  if (schema && opsetIt->second > maxKnownOpsetVersion(domain) &&
      !schemaAdmitsTypes(*schema, node, valueTypes))
    schema = nullptr;
  std::optional<RegisteredOperationName> opName;
  if (schema) {
    const onnx::OpSchema *latest =
        onnx::OpSchemaRegistry::Schema(node.op_type(), INT_MAX, domain);
    std::string name = std::string("onnx.") +
                       (domain.empty() ? "" : "ml.") + node.op_type();
    if (latest && latest->since_version() != schema->since_version())
      name += "V" + std::to_string(schema->since_version());
    opName = RegisteredOperationName::lookup(name, ctx);
  }

  if (!opName) {
    // Outside the registry: keep everything in onnx.Custom.
    SmallVector<Value> inputs;
    SmallVector<int64_t> absent;
    for (int i = 0; i < node.input_size(); ++i) {
      if (node.input(i).empty()) {
        absent.push_back(i);
        continue;
      }
      auto v = lookupInput(node.input(i));
      if (failed(v))
        return failure();
      inputs.push_back(*v);
    }
    SmallVector<Type> resultTypes;
    SmallVector<std::string> resultNames;
    for (const auto &o : node.output()) {
      if (o.empty())
        continue;
      Type t = resultType(o);
      if (!t)
        return failure();
      resultTypes.push_back(t);
      resultNames.push_back(o);
    }
    SmallVector<NamedAttribute> attrs;
    SmallVector<const onnx::GraphProto *> graphs;
    SmallVector<StringRef> regionNames;
    for (const auto &attr : node.attribute()) {
      if (attr.type() == onnx::AttributeProto::GRAPH) {
        graphs.push_back(&attr.g());
        regionNames.push_back(attr.name());
        continue;
      }
      auto value = convertAttribute(attr, label);
      if (failed(value))
        return failure();
      attrs.push_back(builder.getNamedAttr(attr.name(), *value));
    }
    OperationState state(loc, dialect::CustomOp::getOperationName());
    state.addOperands(inputs);
    state.addTypes(resultTypes);
    state.addAttribute("domain", builder.getStringAttr(node.domain()));
    state.addAttribute("op_type", builder.getStringAttr(node.op_type()));
    if (opsetIt != opsets.end())
      state.addAttribute("domain_version",
                         builder.getI64IntegerAttr(opsetIt->second));
    state.addAttribute("node_attributes", builder.getDictionaryAttr(attrs));
    if (!regionNames.empty())
      state.addAttribute("region_names", builder.getStrArrayAttr(regionNames));
    if (!absent.empty())
      state.addAttribute("absent_inputs",
                         builder.getDenseI64ArrayAttr(absent));
    for (size_t i = 0; i < graphs.size(); ++i)
      state.addRegion();
    Operation *op = builder.create(state);
    defineOutputs(resultNames, op->getResults(), loc, scope);
    for (auto [graph, region, regionName] :
         llvm::zip(graphs, op->getRegions(), regionNames))
      if (failed(importSubgraph(*graph, region, label, regionName.str(),
                                valueTypes, opsets, scope)))
        return failure();
    return success();
  }

  // A registered schema: operands and results follow its formal parameters.
  OperationState state(loc, *opName);
  SmallVector<int32_t> operandSegments;
  const auto &formals = schema->inputs();
  int next = 0;
  for (size_t f = 0; f < formals.size(); ++f) {
    auto option = formals[f].GetOption();
    int count = 0;
    if (option == onnx::OpSchema::Variadic) {
      for (; next < node.input_size(); ++next, ++count) {
        if (node.input(next).empty())
          return emitError(loc) << "leaves input " << next
                                << " of variadic '" << formals[f].GetName()
                                << "' empty";
        auto v = lookupInput(node.input(next));
        if (failed(v))
          return failure();
        state.addOperands(*v);
      }
    } else {
      bool present = next < node.input_size() && !node.input(next).empty();
      if (present) {
        auto v = lookupInput(node.input(next));
        if (failed(v))
          return failure();
        state.addOperands(*v);
        count = 1;
      } else if (option == onnx::OpSchema::Single) {
        return emitError(loc) << "lacks required input '"
                              << formals[f].GetName() << "' (#" << f << ")";
      }
      ++next;
    }
    operandSegments.push_back(count);
  }
  if (next < node.input_size())
    return emitError(loc) << "has " << node.input_size() << " inputs; "
                          << node.op_type() << "-" << schema->since_version()
                          << " takes at most " << formals.size();

  SmallVector<int32_t> resultSegments;
  SmallVector<std::string> resultNames;
  const auto &outFormals = schema->outputs();
  next = 0;
  for (size_t f = 0; f < outFormals.size(); ++f) {
    auto option = outFormals[f].GetOption();
    int count = 0;
    auto addResult = [&](const std::string &name) -> LogicalResult {
      Type t = resultType(name);
      if (!t)
        return failure();
      state.addTypes(t);
      resultNames.push_back(name);
      ++count;
      return success();
    };
    if (option == onnx::OpSchema::Variadic) {
      for (; next < node.output_size(); ++next)
        if (!node.output(next).empty() &&
            failed(addResult(node.output(next))))
          return failure();
    } else {
      bool present = next < node.output_size() && !node.output(next).empty();
      if (present && failed(addResult(node.output(next))))
        return failure();
      if (!present && option == onnx::OpSchema::Single)
        return emitError(loc) << "lacks required output '"
                              << outFormals[f].GetName() << "'";
      ++next;
    }
    resultSegments.push_back(count);
  }
  if (next < node.output_size())
    return emitError(loc) << "has " << node.output_size() << " outputs; "
                          << node.op_type() << "-" << schema->since_version()
                          << " has at most " << outFormals.size();

  if (opName->hasTrait<OpTrait::AttrSizedOperandSegments>())
    state.addAttribute("operandSegmentSizes",
                       builder.getDenseI32ArrayAttr(operandSegments));
  if (opName->hasTrait<OpTrait::AttrSizedResultSegments>())
    state.addAttribute("resultSegmentSizes",
                       builder.getDenseI32ArrayAttr(resultSegments));

  // Graph attributes become regions, in the generator's order (by name).
  SmallVector<std::pair<std::string, const onnx::GraphProto *>> subgraphs;
  for (const auto &[attrName, attrDef] : schema->attributes()) {
    if (attrDef.type != onnx::AttributeProto::GRAPH)
      continue;
    const onnx::GraphProto *g = nullptr;
    for (const auto &attr : node.attribute())
      if (attr.name() == attrName && attr.has_g())
        g = &attr.g();
    if (!g && attrDef.required)
      return emitError(loc) << "lacks graph attribute '" << attrName << "'";
    subgraphs.emplace_back(attrName, g);
    state.addRegion();
  }
  for (const auto &attr : node.attribute()) {
    if (attr.type() == onnx::AttributeProto::GRAPH ||
        attr.type() == onnx::AttributeProto::GRAPHS)
      continue;
    auto value = convertAttribute(attr, label);
    if (failed(value))
      return failure();
    state.addAttribute(attr.name(), *value);
  }

  Operation *op = builder.create(state);
  defineOutputs(resultNames, op->getResults(), loc, scope);

  for (auto [sub, region] : llvm::zip(subgraphs, op->getRegions()))
    if (sub.second && failed(importSubgraph(*sub.second, region, label,
                                            sub.first, valueTypes, opsets,
                                            scope)))
      return failure();
  return success();
}

LogicalResult ModelImporter::importSubgraph(
    const onnx::GraphProto &graph, Region &region, const std::string &label,
    const std::string &attrName,
    const std::unordered_map<std::string, onnx::TypeProto> &valueTypes,
    const std::unordered_map<std::string, int> &opsets, ValueScope &scope) {
  Location loc = nodeLoc(label);
  OpBuilder::InsertionGuard guard(builder);
  Block *block = builder.createBlock(&region);
  ValueScope inner(&scope);
  for (const auto &in : graph.input()) {
    std::string why;
    Type t = typeOf(in.name(), valueTypes, label, why);
    if (!t)
      return emitError(loc) << "cannot type input '" << in.name()
                            << "' of subgraph '" << attrName << "': " << why;
    inner.define(in.name(), block->addArgument(t, loc));
  }
  SmallVector<Value> outs;
  ++subgraphDepth;
  LogicalResult imported = importGraphBody(graph, label + "/" + attrName,
                                           valueTypes, opsets, inner, outs);
  --subgraphDepth;
  if (failed(imported))
    return failure();
  dialect::YieldOp::create(builder, loc, outs);
  return success();
}

LogicalResult ModelImporter::importGraphBody(
    const onnx::GraphProto &graph, const std::string &scopeName,
    const std::unordered_map<std::string, onnx::TypeProto> &valueTypes,
    const std::unordered_map<std::string, int> &opsets, ValueScope &scope,
    SmallVectorImpl<Value> &outputs) {
  auto prefixed = [&](const std::string &label) {
    return scopeName.empty() ? label : scopeName + "/" + label;
  };
  for (const auto &init : graph.initializer()) {
    std::string error;
    auto value = convertTensor(init, init.name(), ctx, error);
    if (failed(value))
      return emitError(nodeLoc(prefixed(init.name())))
             << "initializer cannot be read: " << error;
    auto op = dialect::InitializerOp::create(
        builder, nodeLoc(prefixed(init.name())), value->getShapedType(),
        builder.getStringAttr(init.name()), *value);
    scope.define(init.name(), op.getOutput());
  }
  for (int i = 0; i < graph.node_size(); ++i)
    if (failed(importNode(graph.node(i), prefixed(nodeLabel(graph.node(i), i)),
                          valueTypes, opsets, scope)))
      return failure();
  for (const auto &out : graph.output()) {
    Value v = scope.lookup(out.name());
    if (!v)
      return emitError(fileLoc) << "graph output '" << out.name()
                                << "' is never defined";
    outputs.push_back(v);
  }
  return success();
}

func::FuncOp ModelImporter::importGraphAsFunction(
    const onnx::GraphProto &graph, StringRef funcName,
    const std::unordered_map<std::string, onnx::TypeProto> &valueTypes,
    const std::unordered_map<std::string, int> &opsets, bool isPrivate) {
  std::unordered_set<std::string> initialized = initializerNames(graph);

  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  for (const auto &in : graph.input()) {
    // Before IR version 4 initializers were listed as inputs too.
    if (initialized.count(in.name()))
      continue;
    std::string why;
    Type t = typeOf(in.name(), valueTypes, "", why);
    if (!t) {
      emitError(fileLoc) << "graph input '" << in.name()
                         << "' cannot be typed: " << why;
      return {};
    }
    argTypes.push_back(t);
    argNames.push_back(in.name());
  }
  SmallVector<Type> resultTypes;
  for (const auto &out : graph.output()) {
    std::string why;
    Type t = typeOf(out.name(), valueTypes, "", why);
    if (!t) {
      emitError(fileLoc) << "graph output '" << out.name()
                         << "' cannot be typed: " << why;
      return {};
    }
    resultTypes.push_back(t);
  }

  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(module.getBody());
  auto func = func::FuncOp::create(builder, fileLoc, funcName,
                                   builder.getFunctionType(argTypes, resultTypes));
  if (isPrivate)
    func.setPrivate();
  for (size_t i = 0; i < argNames.size(); ++i)
    func.setArgAttr(i, "onnx.name", builder.getStringAttr(argNames[i]));
  for (int i = 0; i < graph.output_size(); ++i)
    func.setResultAttr(i, "onnx.name",
                       builder.getStringAttr(graph.output(i).name()));

  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  ValueScope scope;
  for (auto [name, arg] : llvm::zip(argNames, entry->getArguments()))
    scope.define(name, arg);
  SmallVector<Value> outputs;
  if (failed(importGraphBody(graph, "", valueTypes, opsets, scope, outputs))) {
    func.erase();
    return {};
  }
  // The function's result types are those of the returned values: for a
  // model-local function they are only known once its body is imported.
  SmallVector<Type> finalTypes;
  for (Value v : outputs)
    finalTypes.push_back(v.getType());
  func.setFunctionType(builder.getFunctionType(argTypes, finalTypes));
  func::ReturnOp::create(builder, fileLoc, outputs);
  return func;
}

FailureOr<func::FuncOp>
ModelImporter::specializeFunction(const onnx::FunctionProto &fn,
                                  const onnx::NodeProto &call,
                                  TypeRange argTypes,
                                  const std::string &label) {
  std::string signature;
  llvm::raw_string_ostream os(signature);
  llvm::interleaveComma(argTypes, os);
  for (const auto &attr : call.attribute())
    os << ";" << attr.ShortDebugString();
  auto key = std::make_pair(fn.domain() + "." + fn.name(), signature);
  if (auto it = specializations.find(key); it != specializations.end())
    return it->second;

  // The function body as a model of its own, typed by this call's arguments.
  onnx::ModelProto fnModel;
  fnModel.set_ir_version(model.ir_version());
  if (fn.opset_import_size() > 0)
    *fnModel.mutable_opset_import() = fn.opset_import();
  else
    *fnModel.mutable_opset_import() = model.opset_import();
  *fnModel.mutable_functions() = model.functions();
  onnx::GraphProto &graph = *fnModel.mutable_graph();
  graph.set_name(fn.name());
  std::unordered_map<std::string, const onnx::AttributeProto *> callAttrs;
  for (const auto &attr : call.attribute())
    callAttrs[attr.name()] = &attr;
  for (auto [name, type] : llvm::zip(fn.input(), argTypes)) {
    auto *in = graph.add_input();
    in->set_name(name);
    // Round-trip the MLIR type back to ONNX's for inference.
    auto *tensor = in->mutable_type()->mutable_tensor_type();
    auto shaped = dyn_cast<ShapedType>(type);
    if (!shaped)
      return emitError(nodeLoc(label))
             << "calls function '" << fn.name()
             << "' with a non-tensor argument, which is not supported";
    Type elem = shaped.getElementType();
    int32_t onnxElem = 0;
    for (int32_t t = 1; t <= kInt4 && !onnxElem; ++t)
      if (convertElementType(t, ctx) == elem)
        onnxElem = t;
    tensor->set_elem_type(onnxElem);
    if (shaped.hasRank()) {
      auto *shape = tensor->mutable_shape();
      for (int64_t d : shaped.getShape()) {
        auto *dim = shape->add_dim();
        if (!ShapedType::isDynamic(d))
          dim->set_dim_value(d);
      }
    }
  }
  for (const auto &node : fn.node()) {
    onnx::NodeProto *copy = graph.add_node();
    *copy = node;
    // Substitute the call's values for attribute references.
    auto *attrs = copy->mutable_attribute();
    for (int i = attrs->size() - 1; i >= 0; --i) {
      const std::string &ref = attrs->Get(i).ref_attr_name();
      if (ref.empty())
        continue;
      auto it = callAttrs.find(ref);
      if (it == callAttrs.end()) {
        attrs->DeleteSubrange(i, 1);
        continue;
      }
      std::string name = attrs->Get(i).name();
      *attrs->Mutable(i) = *it->second;
      attrs->Mutable(i)->set_name(name);
    }
  }
  for (const auto &out : fn.output())
    graph.add_output()->set_name(out);

  if (failed(checkAndSortGraph(graph, {}, label + "/" + fn.name(), fileLoc)))
    return failure();
  ResolvedShapes resolved;
  std::string error;
  if (!resolveShapes(fnModel, ONNXImportOptions(), resolved, error))
    return emitError(nodeLoc(label)) << "shape inference failed in function '"
                                     << fn.name() << "': " << error;

  std::string name = fn.name();
  if (!specializations.empty() || module.lookupSymbol(name)) {
    int n = 0;
    while (module.lookupSymbol(name + "_" + std::to_string(n)))
      ++n;
    name += "_" + std::to_string(n);
  }
  func::FuncOp func = importGraphAsFunction(graph, name, resolved.types,
                                            opsetMap(fnModel.opset_import()),
                                            /*isPrivate=*/true);
  if (!func)
    return failure();
  func->setAttr("onnx.function", builder.getStringAttr(fn.domain() + "." +
                                                       fn.name()));
  specializations[key] = func;
  return func;
}

LogicalResult ModelImporter::checkUnboundInputs(ArrayRef<UnboundInput> inputs) {
  for (const UnboundInput &input : inputs) {
    InFlightDiagnostic diag =
        options.requireStaticInputs ? emitError(fileLoc) : emitWarning(fileLoc);
    diag << "input '" << input.name << "' ";
    if (input.unranked) {
      diag << "has no shape in the model"
           << (options.requireStaticInputs
                   ? ", and costs need static shapes"
                   : "; what depends on it stays dynamic");
      continue;
    }
    diag << "has dims that nothing binds:";
    llvm::interleave(
        input.dims, diag,
        [&](const std::pair<int, std::string> &dim) {
          diag << " #" << dim.first << " ";
          if (dim.second.empty())
            diag << "(unnamed)";
          else
            diag << "'" << dim.second << "'";
        },
        ",");
    // The flags that bind these dims; an unnamed one takes only the default.
    std::string flags;
    for (const auto &dim : input.dims)
      if (!dim.second.empty())
        flags += "--dim " + dim.second + "=N ";
    flags += flags.empty() ? "--default-dim N" : "or --default-dim N";
    if (options.requireStaticInputs)
      diag << "; costs need static shapes: bind them with " << flags;
    else
      diag << "; what depends on them stays dynamic (" << flags << ")";
  }
  return failure(options.requireStaticInputs && !inputs.empty());
}

OwningOpRef<ModuleOp> ModelImporter::run() {
  onnx::GraphProto &graph = *model.mutable_graph();
  if (failed(checkAndSortGraph(graph, {}, "", fileLoc)))
    return {};
  // Constants a node of a newer opset needs may be external data.
  std::string unreadData = loadSmallExternalData(model, modelPath);
  std::map<std::string, int64_t> rewritten;
  std::string error;
  if (!downgradeNewerOpsets(model, rewritten, error)) {
    emitError(fileLoc) << error << unreadData;
    return {};
  }
  if (!rewritten.empty()) {
    InFlightDiagnostic diag = emitWarning(fileLoc);
    diag << "nodes of opsets after " << maxKnownOpsetVersion("")
         << " read in their opset-" << maxKnownOpsetVersion("") << " forms:";
    llvm::interleave(
        rewritten, diag,
        [&](const auto &entry) {
          diag << " " << entry.first << " x" << entry.second;
        },
        ",");
  }
  // Dimensions stored in the model must be real before inference sees them.
  for (const auto &vi : graph.input()) {
    types.error.clear();
    if (vi.has_type() && !types.convert(vi.type()) &&
        types.error.find("dimension") != std::string::npos) {
      emitError(fileLoc) << "graph input '" << vi.name() << "': "
                         << types.error;
      return {};
    }
  }
  for (const auto &t : graph.initializer())
    for (int64_t d : t.dims())
      if (d < 0 || d > kMaxDimension) {
        emitError(fileLoc) << "initializer '" << t.name()
                           << "' has dimension " << d;
        return {};
      }

  ResolvedShapes resolved;
  if (!resolveShapes(model, options, resolved, error)) {
    emitError(fileLoc) << "shape inference failed: " << StringRef(error).rtrim()
                       << unreadData;
    return {};
  }
  for (const auto &w : resolved.warnings)
    emitWarning(fileLoc) << w;
  if (failed(checkUnboundInputs(resolved.unboundInputs)))
    return {};

  module = ModuleOp::create(fileLoc);
  OwningOpRef<ModuleOp> owned(module);
  module->setAttr("onnx.ir_version", builder.getI64IntegerAttr(model.ir_version()));
  if (!model.producer_name().empty()) {
    std::string producer = model.producer_name();
    if (!model.producer_version().empty())
      producer += " " + model.producer_version();
    module->setAttr("onnx.producer", builder.getStringAttr(producer));
  }
  SmallVector<NamedAttribute> opsets;
  for (const auto &opset : model.opset_import())
    opsets.push_back(builder.getNamedAttr(
        opset.domain().empty() ? "ai.onnx" : opset.domain(),
        builder.getI64IntegerAttr(opset.version())));
  module->setAttr("onnx.opset_import", builder.getDictionaryAttr(opsets));
  // Which --dim bindings sized an input, so that a caller can tell a binding
  // that named no dim of the model from one that did.
  if (!resolved.inputBindings.empty()) {
    SmallVector<NamedAttribute> bound;
    for (const auto &[name, value] : resolved.inputBindings)
      bound.push_back(
          builder.getNamedAttr(name, builder.getI64IntegerAttr(value)));
    module->setAttr("onnx.dim_bindings", builder.getDictionaryAttr(bound));
  }
  if (!resolved.inferredBatchDim.empty())
    module->setAttr("onnx.batch_dim",
                    builder.getStringAttr(resolved.inferredBatchDim));

  std::string funcName = graph.name().empty() ? "main_graph" : graph.name();
  func::FuncOp main =
      importGraphAsFunction(graph, funcName, resolved.types,
                            opsetMap(model.opset_import()), /*isPrivate=*/false);
  if (!main)
    return {};
  main->setAttr("onnx.main_graph", builder.getUnitAttr());
  // The main graph comes first however many specialisations it needed.
  main->moveBefore(&module.getBody()->front());

  if (failed(verify(module)))
    return {};

  return owned;
}

OwningOpRef<ModuleOp> carbon::importONNXModel(StringRef path,
                                              MLIRContext *context,
                                              const ONNXImportOptions &options) {
  context->loadDialect<dialect::ONNXDialect, func::FuncDialect>();
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  ::onnx::ModelProto model;
  try {
    registerContribSchemas();
    if (failed(loadModel(path, fileLoc, model)))
      return {};
    ModelImporter importer(context, path, model, options);
    return importer.run();
  } catch (const std::exception &e) {
    // ONNX reports malformed graphs by throwing; nothing may escape into
    // code built without exceptions.
    emitError(fileLoc) << "invalid ONNX model: " << e.what();
    return {};
  }
}

bool carbon::parseDimBinding(StringRef spec, ONNXImportOptions &options) {
  auto [name, value] = spec.split('=');
  int64_t n;
  if (name.empty() || value.getAsInteger(10, n) || n < 0)
    return false;
  options.dimBindings[name] = n;
  return true;
}

void carbon::registerONNXImportDialects(DialectRegistry &registry) {
  registry.insert<dialect::ONNXDialect, func::FuncDialect>();
}
