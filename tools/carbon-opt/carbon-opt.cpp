//===- carbon-opt.cpp - The carbon-opt driver -------------------*- C++ -*-===//
//
// This file is carbon-opt's main. Given ONNX models it costs them
// (ONNXDriver.cpp); given MLIR it behaves as mlir-opt with the carbon
// dialects and passes registered.
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

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  // ONNX mode for ONNX inputs, --list-targets, and --help without an MLIR
  // input (the ONNX flags are what most users want to read).
  bool mlirInput = false, help = false;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg(argv[i]);
    if ((!arg.starts_with("-") && isONNXPath(arg)) || arg == "--list-targets" ||
        arg == "-list-targets")
      return carbon::runONNXDriver(argc, argv);
    mlirInput |= !arg.starts_with("-");
    help |= arg == "--help" || arg == "-help" || arg == "-h";
  }
  if (help && !mlirInput)
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
