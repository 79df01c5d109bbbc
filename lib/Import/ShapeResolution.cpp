//===- ShapeResolution.cpp - Resolve every tensor shape of a model -*- C++ -*-//
//
// This file drives ONNX shape inference to a fixpoint. ONNX 1.12's data
// propagation stops at Reshape targets computed by Shape -> Gather -> Concat
// chains; here the folder evaluates such chains, the folded values become
// initializers of a working copy of the graph, and inference runs again,
// until no new value is known.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternals.h"

#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"

#include <unordered_set>

using namespace carbon::import;

int carbon::import::maxKnownOpsetVersion(const std::string &domain) {
  const auto &map = onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
  auto it = map.find(domain.empty() ? onnx::ONNX_DOMAIN : domain);
  if (it == map.end() && domain == "ai.onnx")
    it = map.find(onnx::ONNX_DOMAIN);
  return it == map.end() ? -1 : it->second.second;
}

/// Tensors whose payload the working copy leaves behind: anything the folder
/// would not read anyway.
static bool isLargePayload(const onnx::TensorProto &t) {
  std::optional<int64_t> n = countElements(t);
  return !n || *n > kMaxFoldedElements;
}

/// Copies the model without the payloads of large tensors; shape inference
/// needs their dims and types, never their values.
static onnx::ModelProto copyWithoutWeights(const onnx::ModelProto &model) {
  auto &graph = const_cast<onnx::GraphProto &>(model.graph());
  std::vector<std::string> stash;
  std::vector<int> stashed;
  for (int i = 0; i < graph.initializer_size(); ++i) {
    onnx::TensorProto *t = graph.mutable_initializer(i);
    if (!isLargePayload(*t) || !t->has_raw_data())
      continue;
    stash.emplace_back();
    stash.back().swap(*t->mutable_raw_data());
    stashed.push_back(i);
  }
  // Weights in the typed fields are moved out the same way.
  std::vector<onnx::TensorProto> typedStash;
  std::vector<int> typedStashed;
  for (int i = 0; i < graph.initializer_size(); ++i) {
    onnx::TensorProto *t = graph.mutable_initializer(i);
    if (!isLargePayload(*t) || t->has_raw_data())
      continue;
    typedStash.emplace_back();
    typedStash.back().mutable_float_data()->Swap(t->mutable_float_data());
    typedStash.back().mutable_int32_data()->Swap(t->mutable_int32_data());
    typedStash.back().mutable_int64_data()->Swap(t->mutable_int64_data());
    typedStash.back().mutable_double_data()->Swap(t->mutable_double_data());
    typedStashed.push_back(i);
  }
  onnx::ModelProto copy(model);
  for (size_t k = 0; k < stashed.size(); ++k)
    graph.mutable_initializer(stashed[k])->mutable_raw_data()->swap(stash[k]);
  for (size_t k = 0; k < typedStashed.size(); ++k) {
    onnx::TensorProto *t = graph.mutable_initializer(typedStashed[k]);
    t->mutable_float_data()->Swap(typedStash[k].mutable_float_data());
    t->mutable_int32_data()->Swap(typedStash[k].mutable_int32_data());
    t->mutable_int64_data()->Swap(typedStash[k].mutable_int64_data());
    t->mutable_double_data()->Swap(typedStash[k].mutable_double_data());
  }
  return copy;
}

/// Replaces bound dim_params by their values in one value's type, adding
/// the bindings it uses to `used` when given.
static void bindDims(onnx::TypeProto &type,
                     const carbon::ONNXImportOptions &options,
                     bool applyDefault,
                     std::map<std::string, int64_t> *used = nullptr) {
  if (type.has_sequence_type())
    return bindDims(*type.mutable_sequence_type()->mutable_elem_type(), options,
                    applyDefault, used);
  if (type.has_optional_type())
    return bindDims(*type.mutable_optional_type()->mutable_elem_type(), options,
                    applyDefault, used);
  if (!type.has_tensor_type() || !type.tensor_type().has_shape())
    return;
  for (auto &dim : *type.mutable_tensor_type()->mutable_shape()->mutable_dim()) {
    if (dim.has_dim_value())
      continue;
    if (dim.has_dim_param()) {
      auto it = options.dimBindings.find(dim.dim_param());
      if (it != options.dimBindings.end()) {
        if (used)
          used->emplace(dim.dim_param(), it->second);
        dim.set_dim_value(it->second);
        continue;
      }
    }
    if (applyDefault && options.defaultDim)
      dim.set_dim_value(*options.defaultDim);
  }
}

std::unordered_set<std::string>
carbon::import::initializerNames(const onnx::GraphProto &graph) {
  std::unordered_set<std::string> names;
  for (const auto &t : graph.initializer())
    names.insert(t.name());
  return names;
}

/// The dim to bind as the batch when the model has none of the batch dim's
/// name: the named leading dim that every caller-sized input of rank one
/// or more shares and nothing else binds; empty when there is none, or
/// when the batch dim's name is the model's own or is not bound.
static std::string leadingBatchDim(const onnx::GraphProto &graph,
                                   const carbon::ONNXImportOptions &options) {
  if (!options.inferBatchDim || !options.dimBindings.count(options.batchDim))
    return {};
  std::unordered_set<std::string> initialized = initializerNames(graph);
  std::string leading;
  for (const auto &input : graph.input()) {
    if (initialized.count(input.name()) || !input.type().has_tensor_type())
      continue;
    const onnx::TypeProto_Tensor &tensor = input.type().tensor_type();
    if (!tensor.has_shape())
      return {};
    const auto &dims = tensor.shape().dim();
    for (const auto &dim : dims)
      if (dim.dim_param() == options.batchDim)
        return {};
    if (dims.empty())
      continue;
    const std::string &name = dims[0].dim_param();
    if (dims[0].has_dim_value() || name.empty() ||
        (!leading.empty() && name != leading))
      return {};
    leading = name;
  }
  if (options.dimBindings.count(leading))
    return {};
  return leading;
}

/// Binds the graph's dims, adding to `used` the names that size an input,
/// and returns the inputs left dynamic (an input with an initializer is a
/// weight with a default, not the caller's to size).
static std::vector<UnboundInput>
bindGraphDims(onnx::GraphProto &graph, const carbon::ONNXImportOptions &options,
              std::map<std::string, int64_t> &used) {
  std::unordered_set<std::string> initialized = initializerNames(graph);
  std::vector<UnboundInput> unbound;
  for (auto &input : *graph.mutable_input()) {
    if (initialized.count(input.name()))
      continue;
    bindDims(*input.mutable_type(), options, /*applyDefault=*/true, &used);
    if (!input.type().has_tensor_type())
      continue;
    UnboundInput entry{input.name(), {}};
    if (!input.type().tensor_type().has_shape()) {
      entry.unranked = true;
      unbound.push_back(std::move(entry));
      continue;
    }
    const auto &dims = input.type().tensor_type().shape().dim();
    for (int i = 0; i < dims.size(); ++i)
      if (!dims[i].has_dim_value())
        entry.dims.emplace_back(i, dims[i].dim_param());
    if (!entry.dims.empty())
      unbound.push_back(std::move(entry));
  }
  // Stored shapes name the same dims; bind them too so they agree with what
  // inference derives from the bound inputs.
  for (auto &vi : *graph.mutable_value_info())
    bindDims(*vi.mutable_type(), options, /*applyDefault=*/false);
  for (auto &output : *graph.mutable_output())
    bindDims(*output.mutable_type(), options, /*applyDefault=*/false);
  return unbound;
}

static onnx::TypeProto typeOfTensor(const onnx::TensorProto &t) {
  onnx::TypeProto type;
  auto *tensor = type.mutable_tensor_type();
  tensor->set_elem_type(t.data_type());
  auto *shape = tensor->mutable_shape();
  for (int64_t d : t.dims())
    shape->add_dim()->set_dim_value(d);
  return type;
}

/// Gathers every value's type in a graph and its subgraphs.
static void collectTypes(const onnx::GraphProto &graph,
                         std::unordered_map<std::string, onnx::TypeProto> &types) {
  for (const auto &t : graph.initializer())
    types[t.name()] = typeOfTensor(t);
  for (const auto &vi : graph.input())
    if (vi.has_type())
      types[vi.name()] = vi.type();
  for (const auto &vi : graph.value_info())
    if (vi.has_type())
      types[vi.name()] = vi.type();
  for (const auto &vi : graph.output())
    if (vi.has_type())
      types[vi.name()] = vi.type();
  for (const auto &node : graph.node())
    for (const auto &attr : node.attribute()) {
      if (attr.has_g())
        collectTypes(attr.g(), types);
      for (const auto &g : attr.graphs())
        collectTypes(g, types);
    }
}

std::unordered_map<std::string, int> carbon::import::opsetMap(
    const google::protobuf::RepeatedPtrField<onnx::OperatorSetIdProto> &imports) {
  std::unordered_map<std::string, int> opsets;
  for (const auto &opset : imports) {
    std::string domain = opset.domain() == "ai.onnx" ? "" : opset.domain();
    opsets[domain] = static_cast<int>(opset.version());
  }
  return opsets;
}

/// What the folder knows of the sequences a graph builds: the type of each
/// element, in order, where every step that built the sequence is known.
using KnownSequences =
    std::unordered_map<std::string, std::vector<onnx::TypeProto>>;

static std::optional<int64_t>
knownScalar(const std::unordered_map<std::string, TensorValue> &known,
            const std::string &name) {
  auto it = known.find(name);
  if (it == known.end() || it->second.size() != 1 || it->second.isFloat())
    return std::nullopt;
  return it->second.ints[0];
}

static bool hasStaticShape(const onnx::TypeProto &type) {
  if (!type.has_tensor_type() || !type.tensor_type().has_shape())
    return false;
  for (const auto &d : type.tensor_type().shape().dim())
    if (!d.has_dim_value())
      return false;
  return true;
}

/// Tracks one node's effect on known sequences. Returns the refined type of
/// the node's output where the sequence tells more than inference does
/// (SequenceAt, ConcatFromSequence), and folds SequenceLength into `folded`.
static std::optional<onnx::TypeProto>
trackSequence(const onnx::NodeProto &node,
              const std::unordered_map<std::string, onnx::TypeProto> &types,
              const std::unordered_map<std::string, TensorValue> &known,
              KnownSequences &sequences, std::optional<TensorValue> &folded) {
  const std::string &op = node.op_type();
  auto input = [&](int i) -> const std::string & {
    static const std::string none;
    return i < node.input_size() ? node.input(i) : none;
  };
  auto seqOf = [&](int i) -> const std::vector<onnx::TypeProto> * {
    auto it = sequences.find(input(i));
    return it == sequences.end() ? nullptr : &it->second;
  };
  // A position in [-n, n) (or [-n, n] for insertion), normalised.
  auto position = [&](int i, int64_t n, bool inclusive) -> std::optional<int64_t> {
    if (input(i).empty())
      return inclusive ? n : n - 1;
    std::optional<int64_t> p = knownScalar(known, input(i));
    if (!p || *p < -n || *p > (inclusive ? n : n - 1))
      return std::nullopt;
    return *p < 0 ? *p + n : *p;
  };
  if (node.output_size() != 1 || node.output(0).empty())
    return std::nullopt;
  const std::string &out = node.output(0);

  if (op == "SequenceEmpty") {
    sequences[out] = {};
  } else if (op == "SequenceConstruct") {
    std::vector<onnx::TypeProto> elems;
    for (const auto &in : node.input()) {
      auto t = types.find(in);
      if (t == types.end())
        return std::nullopt;
      elems.push_back(t->second);
    }
    sequences[out] = std::move(elems);
  } else if (op == "SequenceInsert") {
    const auto *seq = seqOf(0);
    auto t = types.find(input(1));
    if (!seq || t == types.end())
      return std::nullopt;
    auto pos = position(2, static_cast<int64_t>(seq->size()), true);
    if (!pos)
      return std::nullopt;
    std::vector<onnx::TypeProto> elems = *seq;
    elems.insert(elems.begin() + *pos, t->second);
    sequences[out] = std::move(elems);
  } else if (op == "SequenceErase") {
    const auto *seq = seqOf(0);
    if (!seq || seq->empty())
      return std::nullopt;
    auto pos = position(1, static_cast<int64_t>(seq->size()), false);
    if (!pos)
      return std::nullopt;
    std::vector<onnx::TypeProto> elems = *seq;
    elems.erase(elems.begin() + *pos);
    sequences[out] = std::move(elems);
  } else if (op == "SequenceLength") {
    const auto *seq = seqOf(0);
    if (!seq)
      return std::nullopt;
    TensorValue v;
    v.dataType = onnx::TensorProto::INT64;
    v.ints = {static_cast<int64_t>(seq->size())};
    folded = std::move(v);
  } else if (op == "SequenceAt") {
    const auto *seq = seqOf(0);
    if (!seq || seq->empty())
      return std::nullopt;
    auto pos = position(1, static_cast<int64_t>(seq->size()), false);
    if (!pos || input(1).empty())
      return std::nullopt;
    return (*seq)[*pos];
  } else if (op == "ConcatFromSequence") {
    const auto *seq = seqOf(0);
    if (!seq || seq->empty())
      return std::nullopt;
    for (const auto &t : *seq)
      if (!hasStaticShape(t))
        return std::nullopt;
    const auto &first = (*seq)[0].tensor_type();
    int64_t rank = first.shape().dim_size();
    int64_t axis = 0;
    bool newAxis = false;
    for (const auto &a : node.attribute()) {
      if (a.name() == "axis")
        axis = a.i();
      if (a.name() == "new_axis")
        newAxis = a.i() != 0;
    }
    // ConcatFromSequence-11: with new_axis the range is [-r-1, r].
    int64_t outRank = newAxis ? rank + 1 : rank;
    if (axis < -outRank || axis >= outRank)
      return std::nullopt;
    if (axis < 0)
      axis += outRank;
    std::vector<int64_t> dims;
    for (const auto &d : first.shape().dim())
      dims.push_back(d.dim_value());
    if (newAxis)
      dims.insert(dims.begin() + axis, 0);
    else
      dims[axis] = 0;
    for (const auto &t : *seq) {
      const auto &shape = t.tensor_type().shape();
      if (shape.dim_size() != rank)
        return std::nullopt;
      for (int64_t i = 0, j = 0; i < outRank; ++i) {
        if (i == axis) {
          dims[i] += newAxis ? 1 : shape.dim(j++).dim_value();
          continue;
        }
        if (dims[i] != shape.dim(j++).dim_value())
          return std::nullopt;
      }
    }
    onnx::TypeProto result;
    result.mutable_tensor_type()->set_elem_type(first.elem_type());
    auto *shape = result.mutable_tensor_type()->mutable_shape();
    for (int64_t d : dims)
      shape->add_dim()->set_dim_value(d);
    return result;
  }
  return std::nullopt;
}

static bool sameType(const onnx::TypeProto &a, const onnx::TypeProto &b) {
  return a.SerializeAsString() == b.SerializeAsString();
}

/// Sets the stored type of `name` in the graph's value_info; false when it
/// already was that type.
static bool refineValueType(onnx::GraphProto &graph, const std::string &name,
                            const onnx::TypeProto &type) {
  for (auto *infos : {graph.mutable_value_info(), graph.mutable_output()})
    for (auto &vi : *infos)
      if (vi.name() == name) {
        if (sameType(vi.type(), type))
          return false;
        *vi.mutable_type() = type;
        return true;
      }
  auto *vi = graph.add_value_info();
  vi->set_name(name);
  *vi->mutable_type() = type;
  return true;
}

/// Loop-carried shapes: ONNX infers a Loop body with the state variables'
/// shapes removed ("shape may change across iterations"). When the body,
/// inferred with that lesser information, still yields a static shape equal
/// to the state's initial shape, the shape holds on every iteration by
/// induction: the body input and the Loop output get it. Scan outputs get a
/// leading dim of the trip count when the loop cannot end early (its
/// condition is the constant true passed through).
static void refineLoop(onnx::NodeProto &node,
                       const std::unordered_map<std::string, onnx::TypeProto> &types,
                       const std::unordered_map<std::string, TensorValue> &known,
                       std::vector<std::pair<std::string, onnx::TypeProto>> &refined,
                       bool &changed) {
  onnx::GraphProto *body = nullptr;
  for (auto &attr : *node.mutable_attribute())
    if (attr.name() == "body" && attr.has_g())
      body = attr.mutable_g();
  if (!body || node.input_size() < 2 || body->input_size() != node.input_size() ||
      body->output_size() < 1)
    return;
  int numStates = node.input_size() - 2;
  auto typeOf = [&](const std::string &name) -> const onnx::TypeProto * {
    auto it = types.find(name);
    return it == types.end() ? nullptr : &it->second;
  };
  for (int k = 0; k < numStates && k + 1 < body->output_size(); ++k) {
    const onnx::TypeProto *in = typeOf(node.input(2 + k));
    const onnx::TypeProto *out = typeOf(body->output(1 + k).name());
    if (!in || !out || !hasStaticShape(*in) || !hasStaticShape(*out) ||
        !sameType(*in, *out))
      continue;
    onnx::TypeProto *bodyInput = body->mutable_input(2 + k)->mutable_type();
    if (!sameType(*bodyInput, *in)) {
      *bodyInput = *in;
      changed = true;
    }
    if (k < node.output_size() && !node.output(k).empty())
      refined.emplace_back(node.output(k), *in);
  }

  // Scan outputs, when the trip count is known and the loop runs it out.
  auto trips = knownScalar(known, node.input(0));
  bool outerCondTrue = node.input(1).empty();
  if (auto c = knownScalar(known, node.input(1)))
    outerCondTrue = *c != 0;
  const std::string &condOut = body->output(0).name();
  bool bodyCondTrue = condOut == body->input(1).name();
  for (const auto &n : body->node())
    if (n.op_type() == "Identity" && n.output_size() == 1 &&
        n.output(0) == condOut && n.input_size() == 1)
      bodyCondTrue = n.input(0) == body->input(1).name() ||
                     (knownScalar(known, n.input(0)).value_or(0) != 0);
  if (!trips || !outerCondTrue || !bodyCondTrue)
    return;
  for (int k = numStates; k < node.output_size() && k + 1 < body->output_size();
       ++k) {
    const onnx::TypeProto *elem = typeOf(body->output(1 + k).name());
    if (node.output(k).empty() || !elem || !hasStaticShape(*elem))
      continue;
    onnx::TypeProto scan = *elem;
    auto *shape = scan.mutable_tensor_type()->mutable_shape();
    shape->add_dim()->set_dim_value(*trips);
    // Rotate the new dim to the front.
    for (int i = shape->dim_size() - 1; i > 0; --i)
      shape->mutable_dim()->SwapElements(i, i - 1);
    refined.emplace_back(node.output(k), scan);
  }
}

/// Removes the value_info entries of `graph` that `drop` selects, keeping
/// the rest in order.
template <typename Pred>
static void eraseValueInfoIf(onnx::GraphProto &graph, Pred drop) {
  auto *vis = graph.mutable_value_info();
  int keep = 0;
  for (int i = 0; i < vis->size(); ++i) {
    if (drop(vis->Get(i)))
      continue;
    if (keep != i)
      vis->SwapElements(keep, i);
    ++keep;
  }
  if (keep < vis->size())
    vis->DeleteSubrange(keep, vis->size() - keep);
}

/// One sweep of the folder over the graph's nodes. Folded nodes leave the
/// working graph; their values join it as initializers.
static bool foldSweep(onnx::ModelProto &work,
                      const std::unordered_map<std::string, onnx::TypeProto> &types,
                      std::unordered_map<std::string, TensorValue> &known,
                      KnownSequences &sequences, ResolvedShapes &result) {
  onnx::GraphProto &graph = *work.mutable_graph();
  std::unordered_map<std::string, int> opsets = opsetMap(work.opset_import());
  bool changed = false;
  int kept = 0;
  std::vector<TensorValue> outputs;
  std::vector<std::pair<std::string, onnx::TypeProto>> refined;
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &node = graph.node(i);
    bool folded = false;
    bool isDefaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    if (isDefaultDomain && node.op_type() == "Loop")
      refineLoop(*graph.mutable_node(i), types, known, refined, changed);
    if (isDefaultDomain && (node.op_type().rfind("Sequence", 0) == 0 ||
                            node.op_type() == "ConcatFromSequence")) {
      std::optional<TensorValue> length;
      if (auto type = trackSequence(node, types, known, sequences, length))
        refined.emplace_back(node.output(0), *type);
      if (length) {
        outputs = {std::move(*length)};
        folded = true;
      }
    } else if (node.output_size() == 1 && !node.output(0).empty() &&
               isDefaultDomain) {
      std::vector<const TensorValue *> inputs;
      std::vector<const onnx::TypeProto *> inputTypes;
      for (const auto &name : node.input()) {
        auto k = known.find(name);
        inputs.push_back(name.empty() || k == known.end() ? nullptr
                                                          : &k->second);
        auto t = types.find(name);
        inputTypes.push_back(name.empty() || t == types.end() ? nullptr
                                                              : &t->second);
      }
      auto opset = opsets.find("");
      folded = foldNode(node, opset == opsets.end() ? -1 : opset->second,
                        inputs, inputTypes, outputs);
    }
    if (folded) {
      const std::string &name = node.output(0);
      onnx::TensorProto *init = graph.add_initializer();
      encodeTensorValue(outputs[0], *init);
      init->set_name(name);
      // Before IR version 4 inference types only the initializers that are
      // also graph inputs.
      if (work.ir_version() < 4) {
        onnx::ValueInfoProto *input = graph.add_input();
        input->set_name(name);
        *input->mutable_type() = typeOfTensor(*init);
      }
      result.foldedValues[name] = outputs[0];
      known[name] = std::move(outputs[0]);
      changed = true;
      continue;
    }
    if (kept != i)
      graph.mutable_node()->SwapElements(kept, i);
    ++kept;
  }
  if (kept < graph.node_size())
    graph.mutable_node()->DeleteSubrange(kept, graph.node_size() - kept);
  for (const auto &[name, type] : refined)
    changed |= refineValueType(graph, name, type);
  // A folded value's stored type would now be checked against the
  // initializer's; the initializer is exact, so drop the stale entry.
  if (!result.foldedValues.empty())
    eraseValueInfoIf(graph, [&](const onnx::ValueInfoProto &vi) {
      return result.foldedValues.count(vi.name()) > 0;
    });
  return changed;
}

static bool isTypePlaceholder(const onnx::TypeProto &type) {
  return type.has_tensor_type() && !type.tensor_type().has_shape() &&
         type.tensor_type().elem_type() == onnx::TensorProto::UNDEFINED;
}

/// ONNX 1.12's data propagator for Shape (opset 15) reads its input's type
/// without checking that there is one. In strict mode a node whose
/// inference fails leaves its outputs untyped and inference goes on to
/// report every failure at the end, so a Shape after it dereferences null
/// (a crash, not an error). A placeholder type (a tensor of undefined
/// element type and no shape) for each Shape input that a node of the same
/// graph makes lets the propagator return; where inference types the value
/// it merges into the placeholder. Values of enclosing graphs get none, so
/// no placeholder hides their types from a subgraph.
static void addShapeInputPlaceholders(onnx::GraphProto &root) {
  forEachGraph(root, [](onnx::GraphProto &graph) {
    std::unordered_set<std::string> made, typed;
    for (const auto &node : graph.node())
      made.insert(node.output().begin(), node.output().end());
    for (const auto &vi : graph.value_info())
      if (vi.has_type())
        typed.insert(vi.name());
    for (const auto &node : graph.node()) {
      if (node.op_type() != "Shape" || !node.domain().empty() ||
          node.input_size() < 1)
        continue;
      const std::string &input = node.input(0);
      if (!made.count(input) || !typed.insert(input).second)
        continue;
      auto *vi = graph.add_value_info();
      vi->set_name(input);
      vi->mutable_type()->mutable_tensor_type()->set_elem_type(
          onnx::TensorProto::UNDEFINED);
    }
  });
}

/// Drops the placeholders that inference left untyped (and any such empty
/// value_info of the model's own: it says nothing).
static void removeTypePlaceholders(onnx::GraphProto &root) {
  forEachGraph(root, [](onnx::GraphProto &graph) {
    eraseValueInfoIf(graph, [](const onnx::ValueInfoProto &vi) {
      return isTypePlaceholder(vi.type());
    });
  });
}

bool carbon::import::resolveShapes(const onnx::ModelProto &model,
                                   const ONNXImportOptions &options,
                                   ResolvedShapes &result,
                                   std::string &error) {
  onnx::ModelProto work = copyWithoutWeights(model);

  // Opsets newer than the library are read with the newest definitions it
  // has; any shape that then disagrees with a stored one is an error below.
  for (auto &opset : *work.mutable_opset_import()) {
    int maxKnown = maxKnownOpsetVersion(opset.domain());
    if (maxKnown > 0 && opset.version() > maxKnown) {
      result.warnings.push_back(
          "opset " + std::to_string(opset.version()) + " of domain '" +
          (opset.domain().empty() ? "ai.onnx" : opset.domain()) +
          "' is newer than the ONNX library's " + std::to_string(maxKnown) +
          "; operators are read with their opset-" +
          std::to_string(maxKnown) + " definitions");
      opset.set_version(maxKnown);
    }
  }

  // An exporter's own name for the batch dim is bound as the batch.
  ONNXImportOptions bindings = options;
  result.inferredBatchDim = leadingBatchDim(work.graph(), options);
  if (!result.inferredBatchDim.empty())
    bindings.dimBindings[result.inferredBatchDim] =
        options.dimBindings.lookup(options.batchDim);
  result.unboundInputs =
      bindGraphDims(*work.mutable_graph(), bindings, result.inputBindings);
  // A caller that needs static inputs stops at the unbound ones (the
  // importer's error names them): inference would only resolve the rest.
  if (options.requireStaticInputs && !result.unboundInputs.empty())
    return true;

  std::unordered_map<std::string, TensorValue> known;
  KnownSequences sequences;
  for (const auto &t : work.graph().initializer()) {
    TensorValue v;
    std::string ignored;
    if (!isLargePayload(t) && decodeTensorValue(t, v, ignored))
      known[t.name()] = std::move(v);
  }

  onnx::ShapeInferenceOptions inferenceOptions(/*check_type=*/false,
                                               /*strict_mode=*/1,
                                               /*data_prop=*/true);
  // Strict: a node whose inference fails is an error, not a silently
  // unknown shape. Each round folds a node (removing it), refines a type,
  // or stops.
  for (int round = 0; round <= work.graph().node_size(); ++round) {
    addShapeInputPlaceholders(*work.mutable_graph());
    try {
      onnx::shape_inference::InferShapes(work, onnx::OpSchemaRegistry::Instance(),
                                         inferenceOptions);
    } catch (const std::exception &e) {
      error = e.what();
      return false;
    }
    removeTypePlaceholders(*work.mutable_graph());
    result.types.clear();
    collectTypes(work.graph(), result.types);
    if (!foldSweep(work, result.types, known, sequences, result))
      break;
  }
  return true;
}
