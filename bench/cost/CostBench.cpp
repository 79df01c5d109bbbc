//===- CostBench.cpp - Time of the cost analysis on one model ---*- C++ -*-===//
//
// This file is carbon-cost-bench: it imports a model once, then times
// CostAnalysis over the imported module repeatedly and prints the median,
// with the number of ops analysed.
//
//===----------------------------------------------------------------------===//

#include "carbon/Analysis/CostAnalysis.h"
#include "carbon/Import/ONNXImporter.h"
#include "carbon/InitAll.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

int main(int argc, char **argv) {
  if (argc < 2) {
    llvm::errs() << "usage: carbon-cost-bench MODEL.onnx [REPEATS] [--dim NAME=N ...]\n";
    return 2;
  }
  carbon::ONNXImportOptions options;
  options.warnUnknownShapes = false;
  int repeats = 21;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--dim" && i + 1 < argc) {
      if (!carbon::parseDimBinding(argv[++i], options)) {
        llvm::errs() << "error: --dim expects NAME=N, got '" << argv[i] << "'\n";
        return 2;
      }
    } else {
      repeats = std::max(1, std::atoi(arg.c_str()));
    }
  }
  mlir::DialectRegistry registry;
  carbon::registerONNXImportDialects(registry);
  carbon::registerCarbonDialects(registry);
  mlir::MLIRContext context(registry);
  auto module = carbon::importONNXModel(argv[1], &context, options);
  if (!module)
    return 1;
  std::vector<double> times;
  int64_t ops = 0, counted = 0;
  for (int r = 0; r < repeats; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    carbon::CostAnalysis analysis(module->getOperation());
    auto t1 = std::chrono::steady_clock::now();
    times.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    ops = analysis.getTotals().ops;
    counted = analysis.getTotals().counted;
  }
  std::sort(times.begin(), times.end());
  llvm::outs() << llvm::format(
      "model: %s, %lld ops (%lld counted), %d runs\n"
      "cost analysis: median %.2f ms, min %.2f ms, max %.2f ms\n",
      argv[1], (long long)ops, (long long)counted, repeats,
      times[times.size() / 2], times.front(), times.back());
  return 0;
}
