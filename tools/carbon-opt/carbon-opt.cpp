//===- carbon-opt.cpp - The carbon-opt driver -------------------*- C++ -*-===//
//
// This file is carbon-opt's main. Given an ONNX model it imports it (and,
// with later options, costs it); given MLIR it behaves as mlir-opt with the
// carbon dialects and passes registered.
//
//===----------------------------------------------------------------------===//

#include "carbon/Analysis/CostAnalysis.h"
#include "carbon/Import/ONNXImporter.h"
#include "carbon/InitAll.h"
#include "carbon/Report/JSONReport.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

using namespace mlir;
using namespace carbon;

/// Files carbon-opt reads as ONNX models rather than MLIR.
static bool isONNXPath(llvm::StringRef path) {
  llvm::StringRef ext = llvm::sys::path::extension(path);
  return ext == ".onnx" || ext == ".onnxtxt" || ext == ".onnxtext";
}

/// Prints diagnostics of imported models as `file: error: node 'n': msg`:
/// an ONNX file has no lines to point at, but it has node names.
static LogicalResult printONNXDiagnostic(Diagnostic &diag) {
  std::string file, node;
  diag.getLocation()->walk([&](Location loc) {
    if (auto fileLoc = dyn_cast<FileLineColLoc>(loc); fileLoc && file.empty())
      file = fileLoc.getFilename().str();
    if (auto nameLoc = dyn_cast<NameLoc>(loc); nameLoc && node.empty())
      node = nameLoc.getName().str();
    return WalkResult::advance();
  });
  auto &os = llvm::errs();
  if (!file.empty())
    os << file << ": ";
  switch (diag.getSeverity()) {
  case DiagnosticSeverity::Error:
    llvm::WithColor(os, llvm::HighlightColor::Error) << "error: ";
    break;
  case DiagnosticSeverity::Warning:
    llvm::WithColor(os, llvm::HighlightColor::Warning) << "warning: ";
    break;
  case DiagnosticSeverity::Note:
    llvm::WithColor(os, llvm::HighlightColor::Note) << "note: ";
    break;
  case DiagnosticSeverity::Remark:
    llvm::WithColor(os, llvm::HighlightColor::Remark) << "remark: ";
    break;
  }
  if (!node.empty())
    os << "node '" << node << "': ";
  os << diag.str() << "\n";
  for (Diagnostic &note : diag.getNotes())
    (void)printONNXDiagnostic(note);
  return success();
}

/// Parses `NAME=N` bindings of dynamic dimensions.
static LogicalResult parseDimBindings(llvm::ArrayRef<std::string> specs,
                                      carbon::ONNXImportOptions &options) {
  for (const std::string &spec : specs) {
    if (!carbon::parseDimBinding(spec, options)) {
      llvm::WithColor::error() << "--dim expects NAME=N with N >= 0, got '"
                               << spec << "'\n";
      return failure();
    }
  }
  return success();
}

/// carbon-opt on ONNX models: import, then print the module.
static int runONNXDriver(int argc, char **argv) {
  llvm::cl::OptionCategory category("carbon-opt options for ONNX models");
  llvm::cl::list<std::string> inputs(llvm::cl::Positional, llvm::cl::OneOrMore,
                                     llvm::cl::desc("<model.onnx>"),
                                     llvm::cl::cat(category));
  llvm::cl::opt<std::string> outputFile(
      "o", llvm::cl::desc("Output file (default: stdout)"),
      llvm::cl::value_desc("file"), llvm::cl::init("-"),
      llvm::cl::cat(category));
  enum class Emit { MLIR };
  llvm::cl::opt<Emit> emit(
      "emit", llvm::cl::desc("What to produce"),
      llvm::cl::values(clEnumValN(Emit::MLIR, "mlir",
                                  "the imported module (default)")),
      llvm::cl::init(Emit::MLIR), llvm::cl::cat(category));
  llvm::cl::list<std::string> dims(
      "dim",
      llvm::cl::desc("Bind a named dynamic dimension, e.g. --dim batch=8"),
      llvm::cl::value_desc("NAME=N"), llvm::cl::cat(category));
  llvm::cl::opt<int64_t> defaultDim(
      "default-dim",
      llvm::cl::desc("Bind every dynamic input dimension that --dim does not "
                     "name (unnamed or not) to N"),
      llvm::cl::value_desc("N"), llvm::cl::init(-1), llvm::cl::cat(category));
  enum class Report { None, JSON };
  llvm::cl::opt<Report> report(
      "report", llvm::cl::desc("Cost report to print instead of the module"),
      llvm::cl::values(clEnumValN(Report::JSON, "json",
                                  "the JSON document of docs/report-schema.md")),
      llvm::cl::init(Report::None), llvm::cl::cat(category));
  llvm::cl::opt<bool> strict(
      "strict",
      llvm::cl::desc("Make every op the cost model cannot count an error"),
      llvm::cl::init(false), llvm::cl::cat(category));
  llvm::cl::opt<bool> warnUnknownShapes(
      "warn-unknown-shapes",
      llvm::cl::desc("Warn about every tensor whose shape stays unknown"),
      llvm::cl::init(true), llvm::cl::cat(category));

  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  llvm::cl::HideUnrelatedOptions(category);
  llvm::cl::ParseCommandLineOptions(
      argc, argv,
      "carbon-opt: static cost of neural networks\n\n"
      "  carbon-opt model.onnx --dim batch=1 --emit=mlir -o model.mlir\n"
      "  carbon-opt model.mlir --pass-pipeline='builtin.module(...)'\n");

  carbon::ONNXImportOptions options;
  if (failed(parseDimBindings(dims, options)))
    return 1;
  if (defaultDim >= 0)
    options.defaultDim = defaultDim;
  options.warnUnknownShapes = warnUnknownShapes;

  DialectRegistry registry;
  carbon::registerONNXImportDialects(registry);
  carbon::registerCarbonDialects(registry);
  MLIRContext context(registry);
  ScopedDiagnosticHandler handler(&context, printONNXDiagnostic);

  std::string error;
  auto output = openOutputFile(outputFile, &error);
  if (!output) {
    llvm::WithColor::error() << error << "\n";
    return 1;
  }
  for (const std::string &input : inputs) {
    OwningOpRef<ModuleOp> module =
        carbon::importONNXModel(input, &context, options);
    if (!module)
      return 1;
    if (report == Report::None && !strict) {
      switch (emit) {
      case Emit::MLIR:
        module->print(output->os());
        output->os() << "\n";
        break;
      }
      continue;
    }
    CostAnalysis analysis(module->getOperation());
    if (strict) {
      auto uncounted = analysis.getUncounted();
      for (const OpCostRecord *r : uncounted)
        emitError(r->op->getLoc()) << "not counted: " << r->reason;
      if (!uncounted.empty())
        return 1;
    }
    if (report == Report::JSON)
      writeJSONReport(output->os(), input, analysis);
    else
      module->print(output->os());
  }
  output->keep();
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg(argv[i]);
    if (!arg.starts_with("-") && isONNXPath(arg))
      return runONNXDriver(argc, argv);
  }

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  carbon::registerCarbonDialects(registry);
  registerAllPasses();
  carbon::registerCarbonAllPasses();
  return asMainReturnCode(
      MlirOptMain(argc, argv, "carbon-opt: MLIR mode\n", registry));
}
