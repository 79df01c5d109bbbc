//===- CarbonPlugin.cpp - carbon as an mlir-opt plugin ----------*- C++ -*-===//
//
// This file is the entry point of CarbonPlugin.so, which mlir-opt loads with
// --load-dialect-plugin (the dialects) and --load-pass-plugin (the passes).
// It links no MLIR library: mlir-opt's libMLIR.so provides the symbols.
//
//===----------------------------------------------------------------------===//

#include "carbon/InitAll.h"

#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "CarbonDialects", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            carbon::registerCarbonDialects(*registry);
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "CarbonPasses", LLVM_VERSION_STRING,
          []() { carbon::registerCarbonAllPasses(); }};
}
