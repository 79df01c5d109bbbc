//===- ONNXCorpusCheck.cpp - Import ONNX's backend test corpus --*- C++ -*-===//
//
// This file is carbon-onnx-corpus-check: it imports every model.onnx below
// the given folders (libonnx-testdata's node, pytorch-converted, ...),
// verifies it, checks that its printed form parses back, and compares each graph output's inferred type with the
// expected output stored beside the model (test_data_set_0/output_N.pb).
// It prints the counts and exits non-zero on any miss that the allowlist
// does not explain.
//
//===----------------------------------------------------------------------===//

#include "carbon/Dialect/ONNX/ONNXDialect.h"
#include "carbon/Import/ONNXImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "onnx/onnx_pb.h"
#include "onnx/onnx-data_pb.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

using namespace mlir;
namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace {
struct Counts {
  int models = 0, imported = 0, outputs = 0, matched = 0, allowed = 0;
  std::vector<std::string> misses;
};
} // namespace

static std::string shapeString(const std::vector<int64_t> &dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i)
    s += (i ? "," : "") + std::to_string(dims[i]);
  return s + "]";
}

/// Compares an inferred type against an expected tensor shape; returns an
/// empty string on a match, else what differs.
static std::string compareShape(Type inferred,
                                const std::vector<int64_t> &expected) {
  auto ranked = dyn_cast<RankedTensorType>(inferred);
  if (!ranked)
    return "inferred unranked, expected " + shapeString(expected);
  std::string got;
  llvm::raw_string_ostream os(got);
  os << inferred;
  if (ranked.getRank() != static_cast<int64_t>(expected.size()))
    return "inferred " + got + ", expected " + shapeString(expected);
  for (int64_t i = 0; i < ranked.getRank(); ++i)
    if (ranked.getDimSize(i) != expected[i])
      return "inferred " + got + ", expected " + shapeString(expected);
  return "";
}

static std::vector<int64_t> dimsOf(const onnx::TensorProto &t) {
  return std::vector<int64_t>(t.dims().begin(), t.dims().end());
}

/// The expected output N of a test, or why it is not comparable.
static std::string checkOutput(const std::string &pbPath, Type inferred) {
  auto buffer = llvm::MemoryBuffer::getFile(pbPath);
  if (!buffer)
    return "cannot read " + pbPath;
  std::string bytes = (*buffer)->getBuffer().str();
  if (isa<carbon::onnx::SeqType>(inferred)) {
    onnx::SequenceProto seq;
    if (!seq.ParseFromString(bytes))
      return "expected output is not a sequence";
    Type elem = cast<carbon::onnx::SeqType>(inferred).getElementType();
    for (const auto &t : seq.tensor_values()) {
      // A sequence element type need not be static: only a static one must
      // match every element.
      auto ranked = dyn_cast<RankedTensorType>(elem);
      if (ranked && ranked.hasStaticShape()) {
        std::string diff = compareShape(elem, dimsOf(t));
        if (!diff.empty())
          return "sequence element: " + diff;
      }
    }
    return "";
  }
  if (auto opt = dyn_cast<carbon::onnx::OptType>(inferred)) {
    onnx::OptionalProto optional;
    if (!optional.ParseFromString(bytes))
      return "expected output is not an optional";
    if (optional.has_tensor_value())
      return compareShape(opt.getElementType(),
                          dimsOf(optional.tensor_value()));
    return "";
  }
  if (isa<carbon::onnx::MapType>(inferred))
    return "";
  onnx::TensorProto tensor;
  if (!tensor.ParseFromString(bytes))
    return "expected output is not a tensor";
  return compareShape(inferred, dimsOf(tensor));
}

/// Reads `name: reason` lines; the reason is mandatory.
static std::map<std::string, std::string> readAllowlist(const std::string &p) {
  std::map<std::string, std::string> allowed;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    auto colon = line.find(':');
    if (colon == std::string::npos || colon + 1 >= line.size())
      continue;
    allowed[line.substr(0, colon)] = line.substr(colon + 1);
  }
  return allowed;
}

static void checkModel(const std::string &dir, Counts &counts,
                       const std::map<std::string, std::string> &allowlist,
                       std::set<std::string> &usedAllowances) {
  std::string name = path::filename(dir).str();
  std::string modelPath = dir + "/model.onnx";
  ++counts.models;

  DialectRegistry registry;
  carbon::registerONNXImportDialects(registry);
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  std::string diagnostics;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Error)
      diagnostics += diag.str() + "; ";
    return success();
  });
  carbon::ONNXImportOptions options;
  options.warnUnknownShapes = false;
  auto module = carbon::importONNXModel(modelPath, &context, options);
  auto miss = [&](const std::string &what) {
    if (allowlist.count(name)) {
      usedAllowances.insert(name);
      ++counts.allowed;
      return;
    }
    counts.misses.push_back(name + ": " + what);
  };
  if (!module) {
    miss("import failed: " + diagnostics);
    return;
  }
  ++counts.imported;
  // The printed module must parse back: the textual form is what users and
  // later tools consume.
  std::string text;
  {
    llvm::raw_string_ostream os(text);
    module->print(os);
  }
  if (!parseSourceString<ModuleOp>(text, &context)) {
    miss("printed module does not parse back: " + diagnostics);
    return;
  }
  func::FuncOp main;
  module->walk([&](func::FuncOp f) {
    if (f->hasAttr("onnx.main_graph"))
      main = f;
  });
  auto resultTypes = main.getFunctionType().getResults();
  for (size_t i = 0; i < resultTypes.size(); ++i) {
    std::string pb =
        dir + "/test_data_set_0/output_" + std::to_string(i) + ".pb";
    if (!fs::exists(pb))
      continue;
    ++counts.outputs;
    std::string diff = checkOutput(pb, resultTypes[i]);
    if (diff.empty())
      ++counts.matched;
    else
      miss("output " + std::to_string(i) + ": " + diff);
  }
}

int main(int argc, char **argv) {
  std::vector<std::string> roots;
  std::string allowlistPath;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--allowlist" && i + 1 < argc)
      allowlistPath = argv[++i];
    else
      roots.push_back(arg);
  }
  if (roots.empty()) {
    llvm::errs() << "usage: carbon-onnx-corpus-check [--allowlist FILE] DIR...\n";
    return 2;
  }
  auto allowlist = allowlistPath.empty() ? std::map<std::string, std::string>()
                                         : readAllowlist(allowlistPath);
  std::set<std::string> usedAllowances;
  Counts counts;
  for (const auto &root : roots) {
    std::vector<std::string> dirs;
    std::error_code ec;
    for (fs::directory_iterator it(root, ec), end; it != end && !ec;
         it.increment(ec))
      if (fs::exists(it->path() + "/model.onnx"))
        dirs.push_back(it->path());
    if (ec) {
      llvm::errs() << "error: cannot list '" << root << "': " << ec.message()
                   << "\n";
      return 2;
    }
    std::sort(dirs.begin(), dirs.end());
    for (const auto &dir : dirs)
      checkModel(dir, counts, allowlist, usedAllowances);
  }
  for (const auto &m : counts.misses)
    llvm::outs() << "MISS " << m << "\n";
  int stale = 0;
  for (const auto &[name, reason] : allowlist)
    if (!usedAllowances.count(name)) {
      llvm::outs() << "STALE allowlist entry " << name << "\n";
      ++stale;
    }
  llvm::outs() << "models: " << counts.models
               << ", imported: " << counts.imported
               << ", outputs compared: " << counts.outputs
               << ", matched: " << counts.matched
               << ", allowlisted: " << counts.allowed
               << ", misses: " << counts.misses.size() << "\n";
  return counts.misses.empty() && stale == 0 ? 0 : 1;
}
