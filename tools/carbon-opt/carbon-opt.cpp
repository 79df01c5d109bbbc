//===- carbon-opt.cpp - The carbon-opt driver -------------------*- C++ -*-===//
//
// This file is carbon-opt's main. Given ONNX models, or MLIR with a report
// flag, it costs them (ONNXDriver.cpp); given MLIR otherwise it behaves as
// mlir-opt with the carbon dialects and passes registered.
//
//===----------------------------------------------------------------------===//

#include "ONNXDriver.h"

#include "carbon/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"

using namespace mlir;

/// Files carbon-opt reads as ONNX models rather than MLIR.
static bool isONNXPath(llvm::StringRef path) {
  llvm::StringRef ext = llvm::sys::path::extension(path);
  return ext == ".onnx" || ext == ".onnxtxt" || ext == ".onnxtext";
}

/// Flags that ask for a report, which the costing driver gives for MLIR
/// inputs too.
static bool isReportFlag(llvm::StringRef arg) {
  arg.consume_front("-");
  arg.consume_front("-");
  llvm::StringRef name = arg.split('=').first;
  return name == "report" || name == "target" || name == "target-file" ||
         name == "train";
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  // The costing driver for ONNX inputs, --list-targets, a report of an MLIR
  // input, and --help without an MLIR input (the costing flags are what
  // most users want to read); mlir-opt otherwise.
  bool mlirInput = false, help = false, report = false;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg(argv[i]);
    if ((!arg.starts_with("-") && isONNXPath(arg)) || arg == "--list-targets" ||
        arg == "-list-targets")
      return carbon::runONNXDriver(argc, argv);
    mlirInput |= !arg.starts_with("-");
    help |= arg == "--help" || arg == "-help" || arg == "-h";
    report |= arg.starts_with("-") && isReportFlag(arg);
  }
  if ((help && !mlirInput) || (mlirInput && report))
    return carbon::runONNXDriver(argc, argv);

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  carbon::registerCarbonDialects(registry);
  registerAllPasses();
  carbon::registerCarbonAllPasses();
  return asMainReturnCode(
      MlirOptMain(argc, argv, "carbon-opt: MLIR mode\n", registry));
}
