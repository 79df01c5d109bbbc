//===- ONNXODSGen.cpp - Generate ONNX op definitions from the registry ----===//
//
// This file is the generator of include/carbon/Dialect/ONNX/ONNXOps.td. It
// walks onnx::OpSchemaRegistry (every version of every operator in the
// default and ai.onnx.ml domains) and writes one ODS op per schema, with the
// operands, results, attributes, regions and type constraints the schema
// declares. The output is checked in; test/Dialect/ONNX/odsgen-up-to-date.test
// regenerates it and fails when it differs.
//
//===----------------------------------------------------------------------===//

#include "onnx/defs/schema.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

/// A schema's place in the dialect: which op (and C++ class) it becomes.
struct OpNaming {
  std::string defName;  // ONNX_ConvOp, ONNX_ConvV1Op, ONNX_MLNormalizerOp
  std::string mnemonic; // Conv, ConvV1, ml.Normalizer
};

bool isMLDomain(const std::string &domain) { return domain == "ai.onnx.ml"; }

/// The newest schema of an operator becomes `onnx.Name`; each older version
/// becomes `onnx.NameV<since_version>`, the convention of onnx-mlir.
OpNaming nameSchema(const onnx::OpSchema &schema, bool isLatest) {
  std::string base = schema.Name();
  if (!isLatest)
    base += "V" + std::to_string(schema.since_version());
  OpNaming naming;
  if (isMLDomain(schema.domain())) {
    naming.defName = "ONNX_ML" + base + "Op";
    naming.mnemonic = "ml." + base;
  } else {
    naming.defName = "ONNX_" + base + "Op";
    naming.mnemonic = base;
  }
  return naming;
}

/// Maps an ONNX element type name to its ODS type.
std::string odsElementType(const std::string &elem) {
  static const std::map<std::string, std::string> table = {
      {"float", "F32"},        {"double", "F64"},
      {"float16", "F16"},      {"bfloat16", "BF16"},
      {"int8", "I8"},          {"int16", "I16"},
      {"int32", "I32"},        {"int64", "I64"},
      {"uint8", "UI8"},        {"uint16", "UI16"},
      {"uint32", "UI32"},      {"uint64", "UI64"},
      {"bool", "I1"},          {"string", "ONNX_StringType"},
      {"complex64", "Complex<F32>"}, {"complex128", "Complex<F64>"},
  };
  auto it = table.find(elem);
  if (it == table.end()) {
    std::cerr << "error: unknown ONNX element type '" << elem << "'\n";
    std::exit(1);
  }
  return it->second;
}

/// Splits "a(b),c(d)" at top-level commas.
std::vector<std::string> splitTopLevel(const std::string &s) {
  std::vector<std::string> parts;
  int depth = 0;
  std::string cur;
  for (char c : s) {
    if (c == '(')
      ++depth;
    if (c == ')')
      --depth;
    if (c == ',' && depth == 0) {
      parts.push_back(cur);
      cur.clear();
      continue;
    }
    if (!std::isspace(static_cast<unsigned char>(c)))
      cur += c;
  }
  parts.push_back(cur);
  return parts;
}

/// Maps one ONNX type string ("tensor(float)", "seq(tensor(int64))",
/// "optional(seq(tensor(bool)))", "map(string,tensor(float))") to an ODS type
/// constraint.
std::string odsTypeConstraint(const std::string &typeStr) {
  auto open = typeStr.find('(');
  if (open == std::string::npos || typeStr.back() != ')') {
    std::cerr << "error: unexpected ONNX type string '" << typeStr << "'\n";
    std::exit(1);
  }
  std::string kind = typeStr.substr(0, open);
  std::string inner = typeStr.substr(open + 1, typeStr.size() - open - 2);
  if (kind == "tensor")
    return "TensorOf<[" + odsElementType(inner) + "]>";
  if (kind == "sparse_tensor")
    return "TensorOf<[" + odsElementType(inner) + "]>";
  if (kind == "seq")
    return "ONNX_SeqOf<[" + odsTypeConstraint(inner) + "]>";
  if (kind == "optional")
    return "ONNX_OptOf<[" + odsTypeConstraint(inner) + "]>";
  if (kind == "map") {
    auto parts = splitTopLevel(inner);
    return "ONNX_MapOf<[" + odsElementType(parts.at(0)) + "], [" +
           odsTypeConstraint(parts.at(1)) + "]>";
  }
  std::cerr << "error: unexpected ONNX type kind '" << kind << "'\n";
  std::exit(1);
}

/// The constraint of a formal parameter: every type it allows, with the
/// tensor element types folded into one TensorOf so messages stay short.
std::string odsParamConstraint(const onnx::OpSchema::FormalParameter &param) {
  std::set<std::string> tensorElems;
  std::set<std::string> others;
  for (const auto *t : param.GetTypes()) {
    const std::string &s = *t;
    if (s.rfind("tensor(", 0) == 0)
      tensorElems.insert(odsElementType(s.substr(7, s.size() - 8)));
    else
      others.insert(odsTypeConstraint(s));
  }
  std::vector<std::string> alts;
  if (!tensorElems.empty()) {
    std::string elems;
    for (const auto &e : tensorElems)
      elems += (elems.empty() ? "" : ", ") + e;
    alts.push_back("TensorOf<[" + elems + "]>");
  }
  for (const auto &o : others)
    alts.push_back(o);
  if (alts.empty())
    return "AnyType";
  if (alts.size() == 1)
    return alts.front();
  std::string joined;
  for (const auto &a : alts)
    joined += (joined.empty() ? "" : ", ") + a;
  return "AnyTypeOf<[" + joined + "]>";
}

/// ONNX names that would clash with methods every generated op already has.
bool isReservedName(const std::string &name) {
  static const std::set<std::string> reserved = {
      "operands", "results", "operation", "attributes", "properties",
      "regions",  "context", "loc",       "name",       "operand",
      "result",   "region",  "attr",      "ops"};
  return reserved.count(name) != 0;
}

/// Escapes a doc string for a TableGen `[{ }]` block.
std::string escapeDoc(std::string doc) {
  std::string out;
  for (size_t i = 0; i < doc.size(); ++i) {
    if (doc[i] == '}' && i + 1 < doc.size() && doc[i + 1] == ']') {
      out += "} ]";
      ++i;
      continue;
    }
    out += doc[i];
  }
  // Trim leading and trailing blank lines.
  auto first = out.find_first_not_of("\n ");
  auto last = out.find_last_not_of("\n ");
  if (first == std::string::npos)
    return "";
  return out.substr(first, last - first + 1);
}

std::string escapeString(const std::string &s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

/// The C++ literal of an attribute's default value, as DefaultValuedAttr
/// wants it; empty when the default cannot be written down (tensors).
std::string defaultValueLiteral(const onnx::AttributeProto &value) {
  std::ostringstream os;
  os.precision(9);
  switch (value.type()) {
  case onnx::AttributeProto::FLOAT:
    os << "::llvm::APFloat(" << std::showpoint << value.f() << "f)";
    return os.str();
  case onnx::AttributeProto::INT:
    os << value.i();
    return os.str();
  case onnx::AttributeProto::STRING:
    return "\"" + escapeString(value.s()) + "\"";
  case onnx::AttributeProto::INTS: {
    os << "{";
    for (int i = 0; i < value.ints_size(); ++i)
      os << (i ? ", " : "") << value.ints(i);
    os << "}";
    return os.str();
  }
  case onnx::AttributeProto::FLOATS: {
    os << "{" << std::showpoint;
    for (int i = 0; i < value.floats_size(); ++i)
      os << (i ? ", " : "") << value.floats(i) << "f";
    os << "}";
    return os.str();
  }
  case onnx::AttributeProto::STRINGS: {
    os << "{";
    for (int i = 0; i < value.strings_size(); ++i)
      os << (i ? ", " : "") << "\"" << escapeString(value.strings(i)) << "\"";
    os << "}";
    return os.str();
  }
  default:
    return "";
  }
}

/// The ODS attribute constraint for an ONNX attribute type.
std::string odsAttrType(onnx::AttributeProto::AttributeType type) {
  switch (type) {
  case onnx::AttributeProto::FLOAT:
    return "F32Attr";
  case onnx::AttributeProto::INT:
    return "I64Attr";
  case onnx::AttributeProto::STRING:
    return "StrAttr";
  case onnx::AttributeProto::TENSOR:
  case onnx::AttributeProto::SPARSE_TENSOR:
    return "ElementsAttr";
  case onnx::AttributeProto::FLOATS:
    return "F32ArrayAttr";
  case onnx::AttributeProto::INTS:
    return "I64ArrayAttr";
  case onnx::AttributeProto::STRINGS:
    return "StrArrayAttr";
  case onnx::AttributeProto::TENSORS:
    return "TypedArrayAttrBase<ElementsAttr, \"tensor array\">";
  case onnx::AttributeProto::TYPE_PROTO:
    return "TypeAttr";
  case onnx::AttributeProto::TYPE_PROTOS:
    return "TypeArrayAttr";
  default:
    std::cerr << "error: unsupported attribute type " << type << "\n";
    std::exit(1);
  }
}

/// Whether a formal parameter may bind zero values or several.
bool isVariableArity(const onnx::OpSchema::FormalParameter &p) {
  return p.GetOption() != onnx::OpSchema::Single;
}

std::string wrapArity(const onnx::OpSchema::FormalParameter &p,
                      const std::string &constraint) {
  switch (p.GetOption()) {
  case onnx::OpSchema::Single:
    return constraint;
  case onnx::OpSchema::Optional:
    return "Optional<" + constraint + ">";
  case onnx::OpSchema::Variadic:
    return "Variadic<" + constraint + ">";
  }
  return constraint;
}

/// Turns an ONNX parameter name into an ODS argument name, unique within the
/// op (generated getters camel-case the name, so compare case-insensitively).
class NameUniquer {
public:
  std::string unique(const std::string &onnxName) {
    std::string name;
    for (char c : onnxName)
      name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
      name = "v" + name;
    if (isReservedName(name))
      name += "_";
    std::string candidate = name;
    for (int n = 1; !used.insert(key(candidate)).second; ++n)
      candidate = name + std::to_string(n);
    return candidate;
  }

private:
  static std::string key(const std::string &s) {
    std::string k;
    for (char c : s)
      if (c != '_')
        k += std::tolower(static_cast<unsigned char>(c));
    return k;
  }
  std::set<std::string> used;
};

void emitOp(std::ostream &os, const onnx::OpSchema &schema, bool isLatest) {
  OpNaming naming = nameSchema(schema, isLatest);
  NameUniquer names;

  // Attributes first: ONNX keeps their names in the IR, so they claim their
  // names before operands do.
  std::vector<std::string> attrLines;
  std::vector<std::string> regionLines;
  for (const auto &[attrName, attr] : schema.attributes()) {
    if (attr.type == onnx::AttributeProto::GRAPH) {
      regionLines.push_back("SizedRegion<1>:$" + names.unique(attrName));
      continue;
    }
    if (attr.type == onnx::AttributeProto::GRAPHS) {
      regionLines.push_back("VariadicRegion<SizedRegion<1>>:$" +
                            names.unique(attrName));
      continue;
    }
    std::string odsName = names.unique(attrName);
    if (odsName != attrName) {
      std::cerr << "error: attribute '" << attrName << "' of "
                << schema.Name() << " needs renaming\n";
      std::exit(1);
    }
    std::string base = odsAttrType(attr.type);
    std::string decl;
    std::string def = attr.default_value.has_type()
                          ? defaultValueLiteral(attr.default_value)
                          : "";
    if (attr.required)
      decl = base;
    else if (!def.empty())
      decl = "DefaultValuedAttr<" + base + ", \"" + escapeString(def) + "\">";
    else
      decl = "OptionalAttr<" + base + ">";
    attrLines.push_back(decl + ":$" + odsName);
  }

  std::vector<std::string> operandLines;
  int variableOperands = 0;
  std::map<std::string, std::vector<std::string>> singleTensorsByTypeParam;
  auto recordTypeParam = [&](const onnx::OpSchema::FormalParameter &p,
                             const std::string &odsName) {
    if (p.GetOption() != onnx::OpSchema::Single)
      return;
    for (const auto *t : p.GetTypes())
      if (t->rfind("tensor(", 0) != 0)
        return;
    // Only a named type parameter ties values together; a parameter whose
    // type string is a literal type stands alone.
    bool isTypeParam = false;
    for (const auto &tc : schema.typeConstraintParams())
      isTypeParam |= tc.type_param_str == p.GetTypeStr();
    if (isTypeParam)
      singleTensorsByTypeParam[p.GetTypeStr()].push_back(odsName);
  };
  for (const auto &p : schema.inputs()) {
    std::string odsName = names.unique(p.GetName());
    variableOperands += isVariableArity(p);
    operandLines.push_back(wrapArity(p, odsParamConstraint(p)) + ":$" +
                           odsName);
    recordTypeParam(p, odsName);
  }
  std::vector<std::string> resultLines;
  int variableResults = 0;
  for (const auto &p : schema.outputs()) {
    std::string odsName = names.unique(p.GetName());
    variableResults += isVariableArity(p);
    // Constant-1 limits T to float types, but exporters (PyTorch among them)
    // wrote integer constants under those opsets and every runtime accepts
    // them; Constant-9 lifted the limit. The value attribute is the truth.
    std::string constraint = schema.Name() == "Constant" && schema.domain().empty()
                                 ? std::string("AnyTensor")
                                 : odsParamConstraint(p);
    resultLines.push_back(wrapArity(p, constraint) + ":$" + odsName);
    recordTypeParam(p, odsName);
  }

  std::vector<std::string> traits;
  if (variableOperands > 1)
    traits.push_back("AttrSizedOperandSegments");
  if (variableResults > 1)
    traits.push_back("AttrSizedResultSegments");
  for (const auto &[param, values] : singleTensorsByTypeParam) {
    if (values.size() < 2)
      continue;
    std::string list;
    for (const auto &v : values)
      list += (list.empty() ? "\"" : ", \"") + v + "\"";
    traits.push_back("AllElementTypesMatch<[" + list + "]>");
  }
  os << "def " << naming.defName << " : ONNX_Op<\"" << naming.mnemonic
     << "\", [";
  for (size_t i = 0; i < traits.size(); ++i)
    os << (i ? ", " : "") << traits[i];
  os << "]> {\n";
  os << "  let summary = \"ONNX " << schema.Name() << " ("
     << (schema.domain().empty() ? "ai.onnx" : schema.domain()) << ", since "
     << schema.since_version() << (schema.deprecated() ? ", deprecated" : "")
     << ")\";\n";
  std::string doc = escapeDoc(schema.doc() ? schema.doc() : "");
  if (!doc.empty())
    os << "  let description = [{\n" << doc << "\n  }];\n";
  os << "  let onnxDomain = \"" << schema.domain() << "\";\n";
  os << "  let onnxName = \"" << schema.Name() << "\";\n";
  os << "  let onnxSinceVersion = " << schema.since_version() << ";\n";

  os << "  let arguments = (ins";
  std::vector<std::string> args = operandLines;
  args.insert(args.end(), attrLines.begin(), attrLines.end());
  for (size_t i = 0; i < args.size(); ++i)
    os << (i ? ",\n    " : "\n    ") << args[i];
  os << ");\n";
  os << "  let results = (outs";
  for (size_t i = 0; i < resultLines.size(); ++i)
    os << (i ? ",\n    " : "\n    ") << resultLines[i];
  os << ");\n";
  if (!regionLines.empty()) {
    os << "  let regions = (region";
    for (size_t i = 0; i < regionLines.size(); ++i)
      os << (i ? ",\n    " : "\n    ") << regionLines[i];
    os << ");\n";
  }
  os << "}\n\n";
}

} // namespace

int main(int argc, char **argv) {
  std::string outPath;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-o" && i + 1 < argc)
      outPath = argv[++i];
    else {
      std::cerr << "usage: carbon-onnx-odsgen [-o ONNXOps.td]\n";
      return 2;
    }
  }

  // Group by (domain, name); newest version last.
  std::map<std::pair<std::string, std::string>,
           std::vector<const onnx::OpSchema *>>
      byOperator;
  static const std::vector<onnx::OpSchema> all =
      onnx::OpSchemaRegistry::get_all_schemas_with_history();
  for (const auto &schema : all) {
    if (!schema.domain().empty() && !isMLDomain(schema.domain()))
      continue;
    byOperator[{schema.domain(), schema.Name()}].push_back(&schema);
  }

  std::ostringstream os;
  os << "//===- ONNXOps.td - ONNX operators (generated) -------------*- "
        "tablegen -*-===//\n"
        "//\n"
        "// Generated by tools/carbon-onnx-odsgen from the ONNX "
     << CARBON_ONNX_VERSION
     << " schema registry; do not edit.\n"
        "// Regenerate with: ninja -C build carbon-regenerate-onnx-ods\n"
        "//\n"
        "//===------------------------------------------------------------"
        "----------===//\n\n"
        "#ifndef CARBON_DIALECT_ONNX_ONNXOPS_TD\n"
        "#define CARBON_DIALECT_ONNX_ONNXOPS_TD\n\n"
        "include \"carbon/Dialect/ONNX/ONNXBase.td\"\n\n";
  size_t count = 0;
  for (auto &[key, schemas] : byOperator) {
    std::sort(schemas.begin(), schemas.end(),
              [](const onnx::OpSchema *a, const onnx::OpSchema *b) {
                return a->since_version() < b->since_version();
              });
    for (size_t i = 0; i < schemas.size(); ++i) {
      emitOp(os, *schemas[i], i + 1 == schemas.size());
      ++count;
    }
  }
  os << "#endif // CARBON_DIALECT_ONNX_ONNXOPS_TD\n";

  if (outPath.empty()) {
    std::cout << os.str();
  } else {
    std::ofstream out(outPath);
    out << os.str();
    if (!out) {
      std::cerr << "error: cannot write '" << outPath << "'\n";
      return 1;
    }
  }
  std::cerr << "carbon-onnx-odsgen: " << count << " ops from "
            << byOperator.size() << " operators\n";
  return 0;
}
