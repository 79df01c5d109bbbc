//===- NewerOpsets.cpp - ai.onnx nodes of opsets after 17 -------*- C++ -*-===//
//
// This file rewrites the ai.onnx nodes that changed form after opset 17 (the
// newest the ONNX 1.12 library defines) into their opset-17 forms where the
// two compute the same shapes and work, so that inference, the dialect and
// the cost models see ops they know: exporters write opset 18 (torch.onnx's
// dynamo exporter, tf2onnx) and 21 (onnxruntime-genai's builder).
//
//===----------------------------------------------------------------------===//

#include "ImporterInternals.h"

#include "llvm/ADT/StringMap.h"

#include <deque>

using namespace carbon::import;

namespace {
/// One model's rewrite: the constants and the declared shapes nodes may
/// need (every graph's, since subgraphs read their enclosing graphs'), and
/// what was rewritten.
class OpsetDowngrade {
public:
  OpsetDowngrade(onnx::ModelProto &model, int libraryVersion)
      : model(model), libraryVersion(libraryVersion) {}

  bool run(std::map<std::string, int64_t> &rewritten, std::string &error);

private:
  bool rewriteGraph(onnx::GraphProto &graph, int version,
                    const std::string &scope);
  bool rewriteNode(onnx::NodeProto &node, onnx::GraphProto *graph, int version,
                   const std::string &label);
  // The rewrites of the forms that changed, each for rewriteNode's rules.
  bool reduceAxesAsAttribute(onnx::NodeProto &node, onnx::GraphProto *graph,
                             const std::string &label);
  bool splitSizes(onnx::NodeProto &node, onnx::GraphProto *graph,
                  const std::string &label);
  bool padOverAllAxes(onnx::NodeProto &node, onnx::GraphProto *graph,
                      const std::string &label);
  bool resizeOverAllAxes(onnx::NodeProto &node, onnx::GraphProto *graph,
                         const std::string &label);
  bool averagePoolUndilated(onnx::NodeProto &node, onnx::GraphProto *graph,
                            const std::string &label);
  bool dftAxisAsAttribute(onnx::NodeProto &node, onnx::GraphProto *graph,
                          const std::string &label);
  bool castUnsaturated(onnx::NodeProto &node, onnx::GraphProto *graph,
                       const std::string &label);

  /// Records a Constant node's value among the constants.
  void addConstantNode(const onnx::NodeProto &node);
  /// The value of a constant (an initializer or a Constant node's value),
  /// and its elements as int64; absent when `name` is not one.
  std::optional<TensorValue> constantValue(const std::string &name);
  std::optional<std::vector<int64_t>> constantInts(const std::string &name);
  /// The declared dims of a value (-1 where dynamic); absent when its rank
  /// is not declared.
  std::optional<std::vector<int64_t>> declaredDims(const std::string &name);
  /// Adds a constant of `values` to `graph` and returns its new name; empty
  /// in a function body (null `graph`), which has no initializers.
  std::string addConstant(onnx::GraphProto *graph, const std::string &base,
                          const TensorValue &value);

  onnx::ModelProto &model;
  int libraryVersion;
  std::unordered_map<std::string, const onnx::TensorProto *> constants;
  std::deque<onnx::TensorProto> ownedConstants;
  std::unordered_map<std::string, const onnx::TypeProto *> types;
  std::unordered_set<std::string> names;
  std::map<std::string, int64_t> counts;
  std::string error;
};
} // namespace

static void eraseAttr(onnx::NodeProto &node, llvm::StringRef name) {
  auto *attrs = node.mutable_attribute();
  for (int i = 0; i < attrs->size(); ++i)
    if (attrs->Get(i).name() == name) {
      attrs->DeleteSubrange(i, 1);
      return;
    }
}

static void setIntsAttr(onnx::NodeProto &node, const std::string &name,
                        const std::vector<int64_t> &values) {
  eraseAttr(node, name);
  onnx::AttributeProto *attr = node.add_attribute();
  attr->set_name(name);
  attr->set_type(onnx::AttributeProto::INTS);
  for (int64_t v : values)
    attr->add_ints(v);
}

static bool isInput(const onnx::NodeProto &node, int i) {
  return node.input_size() > i && !node.input(i).empty();
}

void OpsetDowngrade::addConstantNode(const onnx::NodeProto &node) {
  if (node.op_type() != "Constant" || node.output_size() != 1)
    return;
  for (const auto &attr : node.attribute()) {
    if (attr.name() == "value" && attr.has_t()) {
      constants[node.output(0)] = &attr.t();
    } else if (attr.name() == "value_ints" || attr.name() == "value_int") {
      TensorValue v = attr.name() == "value_int"
                          ? makeInts({}, {attr.i()})
                          : makeInts({attr.ints_size()},
                                     {attr.ints().begin(), attr.ints().end()});
      ownedConstants.emplace_back();
      encodeTensorValue(v, ownedConstants.back());
      constants[node.output(0)] = &ownedConstants.back();
    }
  }
}

std::optional<TensorValue>
OpsetDowngrade::constantValue(const std::string &name) {
  auto it = constants.find(name);
  TensorValue value;
  std::string ignored;
  if (it == constants.end() || !decodeTensorValue(*it->second, value, ignored))
    return std::nullopt;
  return value;
}

std::optional<std::vector<int64_t>>
OpsetDowngrade::constantInts(const std::string &name) {
  std::optional<TensorValue> value = constantValue(name);
  if (!value)
    return std::nullopt;
  std::vector<int64_t> ints;
  for (int64_t i = 0; i < value->size(); ++i)
    ints.push_back(value->getInt(i));
  return ints;
}

std::optional<std::vector<int64_t>>
OpsetDowngrade::declaredDims(const std::string &name) {
  if (auto c = constants.find(name); c != constants.end())
    return std::vector<int64_t>(c->second->dims().begin(),
                                c->second->dims().end());
  auto it = types.find(name);
  if (it == types.end() || !it->second->has_tensor_type() ||
      !it->second->tensor_type().has_shape())
    return std::nullopt;
  std::vector<int64_t> dims;
  for (const auto &d : it->second->tensor_type().shape().dim())
    dims.push_back(d.has_dim_value() ? d.dim_value() : -1);
  return dims;
}

std::string OpsetDowngrade::addConstant(onnx::GraphProto *graph,
                                        const std::string &base,
                                        const TensorValue &value) {
  if (!graph)
    return {};
  std::string name = base;
  for (int n = 1; names.count(name); ++n)
    name = base + "_" + std::to_string(n);
  names.insert(name);
  onnx::TensorProto *t = graph->add_initializer();
  encodeTensorValue(value, *t);
  t->set_name(name);
  constants[name] = t;
  return name;
}

/// ReduceMean-18 and its kin read their axes from an input; at opset 13 they
/// are an attribute, and noop_with_empty_axes did not exist (an empty list
/// reduced every axis).
bool OpsetDowngrade::reduceAxesAsAttribute(onnx::NodeProto &node,
                                           onnx::GraphProto *,
                                           const std::string &label) {
  bool noop = attrInt(node, "noop_with_empty_axes", 0) != 0;
  eraseAttr(node, "noop_with_empty_axes");
  std::vector<int64_t> axes;
  if (isInput(node, 1)) {
    std::optional<std::vector<int64_t>> values = constantInts(node.input(1));
    if (!values) {
      error = "node '" + label + "': " + node.op_type() +
              "'s axes come from '" + node.input(1) +
              "', which is not a constant; the ONNX library's opset-17 " +
              node.op_type() + " takes them as an attribute";
      return false;
    }
    axes = *values;
  }
  if (node.input_size() > 1)
    node.mutable_input()->DeleteSubrange(1, node.input_size() - 1);
  if (axes.empty() && noop) {
    // No axes with noop_with_empty_axes: the input, unchanged.
    node.set_op_type("Identity");
    node.clear_attribute();
    return true;
  }
  if (!axes.empty())
    setIntsAttr(node, "axes", axes);
  return true;
}

/// Split-18's num_outputs makes every part ceil(d / n) long but the last;
/// Split-13 without sizes splits evenly, so an uneven split gets its sizes
/// when the dim is declared.
bool OpsetDowngrade::splitSizes(onnx::NodeProto &node, onnx::GraphProto *graph,
                                const std::string &label) {
  const onnx::AttributeProto *num = findAttr(node, "num_outputs");
  if (!num)
    return true;
  int64_t parts = num->i();
  if (parts != node.output_size()) {
    error = "node '" + label + "': Split's num_outputs " +
            std::to_string(parts) + " is not its " +
            std::to_string(node.output_size()) + " outputs";
    return false;
  }
  eraseAttr(node, "num_outputs");
  if (isInput(node, 1))
    return true;
  int64_t axis = attrInt(node, "axis", 0);
  std::optional<std::vector<int64_t>> dims = declaredDims(node.input(0));
  if (!dims)
    return true;
  int64_t rank = static_cast<int64_t>(dims->size());
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank || (*dims)[axis] < 0 ||
      (*dims)[axis] % parts == 0)
    return true;
  int64_t length = (*dims)[axis];
  int64_t chunk = (length + parts - 1) / parts;
  TensorValue sizes = makeInts({parts}, {});
  for (int64_t i = 0; i < parts; ++i)
    sizes.ints.push_back(
        std::max<int64_t>(0, std::min(chunk, length - i * chunk)));
  std::string name = addConstant(graph, node.output(0) + "_split", sizes);
  if (name.empty())
    return true;
  if (node.input_size() < 2)
    node.add_input(name);
  else
    node.set_input(1, name);
  return true;
}

/// Pad-18's axes input pads only the axes it names; Pad-13's pads cover
/// every axis, so they are spread over the input's declared rank.
bool OpsetDowngrade::padOverAllAxes(onnx::NodeProto &node,
                                    onnx::GraphProto *graph,
                                    const std::string &label) {
  if (!isInput(node, 3))
    return true;
  std::optional<std::vector<int64_t>> axes = constantInts(node.input(3));
  std::optional<std::vector<int64_t>> pads =
      isInput(node, 1) ? constantInts(node.input(1)) : std::nullopt;
  std::optional<std::vector<int64_t>> dims = declaredDims(node.input(0));
  if (!axes || !pads || !dims || pads->size() != 2 * axes->size()) {
    error = "node '" + label +
            "': Pad's axes input needs constant axes and pads and an input "
            "of declared rank to be read at opset 17, which pads every axis";
    return false;
  }
  int64_t rank = static_cast<int64_t>(dims->size());
  TensorValue full = makeInts({2 * rank}, std::vector<int64_t>(2 * rank, 0));
  int64_t n = static_cast<int64_t>(axes->size());
  for (int64_t i = 0; i < n; ++i) {
    int64_t axis = (*axes)[i] < 0 ? (*axes)[i] + rank : (*axes)[i];
    if (axis < 0 || axis >= rank) {
      error = "node '" + label + "': Pad's axis " + std::to_string((*axes)[i]) +
              " is outside its input's rank " + std::to_string(rank);
      return false;
    }
    full.ints[axis] = (*pads)[i];
    full.ints[rank + axis] = (*pads)[n + i];
  }
  std::string name = addConstant(graph, node.output(0) + "_pads", full);
  if (name.empty()) {
    error = "node '" + label +
            "': Pad's axes input in a function body has no opset-17 form";
    return false;
  }
  node.set_input(1, name);
  node.mutable_input()->DeleteSubrange(3, node.input_size() - 3);
  return true;
}

/// Resize-18's axes attribute scales (or sizes) only the axes it names, and
/// antialias and keep_aspect_ratio_policy are new; Resize-19 adds the
/// half_pixel_symmetric mode. At opset 13 the scales and sizes cover every
/// axis; the filter and the coordinate mode do not change the shape.
bool OpsetDowngrade::resizeOverAllAxes(onnx::NodeProto &node,
                                       onnx::GraphProto *graph,
                                       const std::string &label) {
  eraseAttr(node, "antialias");
  if (const auto *mode = findAttr(node, "coordinate_transformation_mode");
      mode && mode->s() == "half_pixel_symmetric")
    for (auto &attr : *node.mutable_attribute())
      if (attr.name() == "coordinate_transformation_mode")
        attr.set_s("half_pixel");
  const onnx::AttributeProto *policy =
      findAttr(node, "keep_aspect_ratio_policy");
  if (policy && policy->s() != "stretch" && isInput(node, 3)) {
    error = "node '" + label + "': Resize's keep_aspect_ratio_policy '" +
            policy->s() + "' has no opset-17 form (it changes the sizes)";
    return false;
  }
  eraseAttr(node, "keep_aspect_ratio_policy");
  std::optional<std::vector<int64_t>> axesAttr = attrInts(node, "axes");
  if (!axesAttr)
    return true;
  std::vector<int64_t> axes = *axesAttr;
  eraseAttr(node, "axes");
  std::optional<std::vector<int64_t>> dims = declaredDims(node.input(0));
  auto fail = [&]() {
    error = "node '" + label +
            "': Resize's axes need constant scales or sizes and an input of "
            "declared shape to be read at opset 17, which resizes every axis";
    return false;
  };
  if (!dims || !graph)
    return fail();
  int64_t rank = static_cast<int64_t>(dims->size());
  for (int64_t &axis : axes) {
    if (axis < 0)
      axis += rank;
    if (axis < 0 || axis >= rank)
      return fail();
  }
  int64_t n = static_cast<int64_t>(axes.size());
  if (isInput(node, 2)) {
    std::optional<TensorValue> scales = constantValue(node.input(2));
    if (!scales || scales->size() != n)
      return fail();
    TensorValue full;
    full.dataType = onnx::TensorProto::FLOAT;
    full.dims = {rank};
    full.floats.assign(rank, 1.0);
    for (int64_t i = 0; i < n; ++i)
      full.floats[axes[i]] = scales->getDouble(i);
    node.set_input(2, addConstant(graph, node.output(0) + "_scales", full));
  }
  if (isInput(node, 3)) {
    std::optional<std::vector<int64_t>> sizes = constantInts(node.input(3));
    if (!sizes || static_cast<int64_t>(sizes->size()) != n ||
        llvm::is_contained(*dims, -1))
      return fail();
    TensorValue full = makeInts({rank}, *dims);
    for (int64_t i = 0; i < n; ++i)
      full.ints[axes[i]] = (*sizes)[i];
    node.set_input(3, addConstant(graph, node.output(0) + "_sizes", full));
  }
  return true;
}

/// Dilated average pooling (opset 19) has no opset-17 form; undilated is
/// the same op.
bool OpsetDowngrade::averagePoolUndilated(onnx::NodeProto &node,
                                          onnx::GraphProto *,
                                          const std::string &label) {
  const auto *d = findAttr(node, "dilations");
  if (!d)
    return true;
  if (llvm::any_of(d->ints(), [](int64_t v) { return v != 1; })) {
    error = "node '" + label +
            "': AveragePool's dilations (opset 19) have no opset-17 "
            "form, and the ONNX library's inference would ignore them";
    return false;
  }
  eraseAttr(node, "dilations");
  return true;
}

/// DFT-20 takes its axis as an input, by default -2 (the last signal axis);
/// DFT-17 as an attribute.
bool OpsetDowngrade::dftAxisAsAttribute(onnx::NodeProto &node,
                                        onnx::GraphProto *,
                                        const std::string &label) {
  int64_t axis = -2;
  if (isInput(node, 2)) {
    std::optional<std::vector<int64_t>> value = constantInts(node.input(2));
    if (!value || value->size() != 1) {
      error = "node '" + label + "': DFT's axis comes from '" + node.input(2) +
              "', which is not a constant scalar";
      return false;
    }
    axis = value->front();
  }
  if (node.input_size() > 2)
    node.mutable_input()->DeleteSubrange(2, node.input_size() - 2);
  while (node.input_size() > 1 && node.input(node.input_size() - 1).empty())
    node.mutable_input()->RemoveLast();
  eraseAttr(node, "axis");
  onnx::AttributeProto *attr = node.add_attribute();
  attr->set_name("axis");
  attr->set_type(onnx::AttributeProto::INT);
  attr->set_i(axis);
  return true;
}

/// Saturation of float8 casts (opset 19) changes neither shape nor work.
bool OpsetDowngrade::castUnsaturated(onnx::NodeProto &node, onnx::GraphProto *,
                                     const std::string &) {
  eraseAttr(node, "saturate");
  return true;
}

bool OpsetDowngrade::rewriteNode(onnx::NodeProto &node, onnx::GraphProto *graph,
                                 int version, const std::string &label) {
  if ((!node.domain().empty() && node.domain() != "ai.onnx") ||
      version <= libraryVersion)
    return true;
  // Each changed form: the opset it changed in and its rewrite.
  struct Rule {
    int since;
    bool (OpsetDowngrade::*rewrite)(onnx::NodeProto &, onnx::GraphProto *,
                                    const std::string &);
  };
  static const llvm::StringMap<Rule> rules = [] {
    llvm::StringMap<Rule> r;
    for (const char *reduction : {"ReduceL1", "ReduceL2", "ReduceLogSum",
                                  "ReduceLogSumExp", "ReduceMax", "ReduceMean",
                                  "ReduceMin", "ReduceProd", "ReduceSumSquare"})
      r[reduction] = {18, &OpsetDowngrade::reduceAxesAsAttribute};
    r["Split"] = {18, &OpsetDowngrade::splitSizes};
    r["Pad"] = {18, &OpsetDowngrade::padOverAllAxes};
    r["Resize"] = {18, &OpsetDowngrade::resizeOverAllAxes};
    r["AveragePool"] = {19, &OpsetDowngrade::averagePoolUndilated};
    r["Cast"] = r["CastLike"] = {19, &OpsetDowngrade::castUnsaturated};
    r["DFT"] = {20, &OpsetDowngrade::dftAxisAsAttribute};
    return r;
  }();
  auto rule = rules.find(node.op_type());
  if (rule == rules.end() || version < rule->second.since)
    return true;
  // (The nodes ruled here hold no subgraphs or tensors: cheap to compare.)
  std::string op = node.op_type();
  std::string before = node.SerializeAsString();
  if (!(this->*rule->second.rewrite)(node, graph, label))
    return false;
  if (node.SerializeAsString() != before)
    ++counts[op];
  return true;
}

bool OpsetDowngrade::rewriteGraph(onnx::GraphProto &graph, int version,
                                  const std::string &scope) {
  for (int i = 0; i < graph.node_size(); ++i) {
    onnx::NodeProto &node = *graph.mutable_node(i);
    std::string label =
        scope.empty() ? nodeLabel(node, i) : scope + "/" + nodeLabel(node, i);
    if (!rewriteNode(node, &graph, version, label))
      return false;
    for (auto &attr : *node.mutable_attribute()) {
      std::string sub = label + "/" + attr.name();
      if (attr.has_g() && !rewriteGraph(*attr.mutable_g(), version, sub))
        return false;
      for (auto &g : *attr.mutable_graphs())
        if (!rewriteGraph(g, version, sub))
          return false;
    }
  }
  return true;
}

static int onnxOpsetVersion(
    const google::protobuf::RepeatedPtrField<onnx::OperatorSetIdProto> &opsets,
    int otherwise) {
  for (const auto &opset : opsets)
    if (opset.domain().empty() || opset.domain() == "ai.onnx")
      return static_cast<int>(opset.version());
  return otherwise;
}

bool OpsetDowngrade::run(std::map<std::string, int64_t> &rewritten,
                         std::string &errorOut) {
  int version = onnxOpsetVersion(model.opset_import(), 0);
  bool anyNewer = version > libraryVersion;
  for (const auto &fn : model.functions())
    anyNewer |= onnxOpsetVersion(fn.opset_import(), version) > libraryVersion;
  if (!anyNewer)
    return true;
  forEachGraph(*model.mutable_graph(), [&](onnx::GraphProto &graph) {
    for (const auto &t : graph.initializer()) {
      constants[t.name()] = &t;
      names.insert(t.name());
    }
    for (const auto *list :
         {&graph.input(), &graph.value_info(), &graph.output()})
      for (const auto &vi : *list) {
        types.emplace(vi.name(), &vi.type());
        names.insert(vi.name());
      }
    for (const auto &node : graph.node()) {
      for (const auto &o : node.output())
        names.insert(o);
      addConstantNode(node);
    }
  });
  bool ok = rewriteGraph(*model.mutable_graph(), version, "");
  // A function body sees its own constants only, and declares no shapes.
  for (auto &fn : *model.mutable_functions()) {
    if (!ok)
      break;
    constants.clear();
    types.clear();
    ownedConstants.clear();
    for (const auto &node : fn.node())
      addConstantNode(node);
    int fnVersion = onnxOpsetVersion(fn.opset_import(), version);
    for (int i = 0; ok && i < fn.node_size(); ++i)
      ok = rewriteNode(*fn.mutable_node(i), /*graph=*/nullptr, fnVersion,
                       fn.name() + "/" + nodeLabel(fn.node(i), i));
  }
  if (!ok) {
    errorOut = error;
    return false;
  }
  rewritten = counts;
  return true;
}

bool carbon::import::downgradeNewerOpsets(
    onnx::ModelProto &model, std::map<std::string, int64_t> &rewritten,
    std::string &error) {
  return OpsetDowngrade(model, maxKnownOpsetVersion("")).run(rewritten, error);
}
