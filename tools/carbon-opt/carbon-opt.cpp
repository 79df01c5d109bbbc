//===- carbon-opt.cpp - The carbon-opt driver -------------------*- C++ -*-===//
//
// This file is carbon-opt's main. Given an ONNX model it imports it (and,
// with later options, costs it); given MLIR it behaves as mlir-opt with the
// carbon dialects and passes registered.
//
//===----------------------------------------------------------------------===//

#include "carbon/Analysis/CostAnalysis.h"
#include "carbon/Analysis/Roofline.h"
#include "carbon/Import/ONNXImporter.h"
#include "carbon/InitAll.h"
#include "carbon/Report/JSONReport.h"
#include "carbon/Targets/Target.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
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

/// Parses a count: a number with an optional K, M, B/G or T suffix (3e12,
/// 300B, 1.2T).
static std::optional<double> parseCount(llvm::StringRef text) {
  double scale = 1;
  if (!text.empty()) {
    switch (llvm::toUpper(text.back())) {
    case 'K':
      scale = 1e3;
      break;
    case 'M':
      scale = 1e6;
      break;
    case 'B':
    case 'G':
      scale = 1e9;
      break;
    case 'T':
      scale = 1e12;
      break;
    default:
      break;
    }
    if (scale != 1)
      text = text.drop_back();
  }
  double value;
  if (text.getAsDouble(value) || !(value > 0))
    return std::nullopt;
  return value * scale;
}

/// Parses a fraction flag into `out` (kept when the flag is absent): in
/// (0, 1], or [0, 1] with `allowZero`; reports a wrong value.
static bool fractionFlag(llvm::StringRef flag, llvm::StringRef text,
                         bool allowZero, double &out) {
  if (text.empty())
    return true;
  double value;
  if (text.getAsDouble(value) || value > 1 || value < 0 ||
      (!allowZero && value == 0)) {
    llvm::WithColor::error() << "--" << flag << " expects a fraction in "
                             << (allowZero ? "[0, 1]" : "(0, 1]") << ", got '"
                             << text << "'\n";
    return false;
  }
  out = value;
  return true;
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

/// A figure for the target list: value in `unit` or a dash when no source
/// gives it.
static std::string figure(std::optional<double> value, double unit) {
  if (!value)
    return "-";
  // Datasheet figures: no trailing zeros (312, 19.5, 0.25).
  return llvm::formatv("{0}", llvm::format("%g", *value / unit)).str();
}

/// --list-targets: every target with its key figures.
static void printTargetList(llvm::raw_ostream &os, const TargetDatabase &db) {
  os << llvm::formatv("{0,-28} {1,-30} {2,-11} {3,9} {4,11} {5,9} {6,7} {7,6}\n",
                      "target", "short names", "kind", "fp32 TF/s",
                      "16-bit TF/s", "mem GB/s", "mem GB", "TDP W");
  for (const Target &t : db.all()) {
    // fp32 on the general units; 16-bit on the matrix units, where they are.
    auto peak = [&](Precision p, bool preferMatrix) -> std::optional<double> {
      auto it = t.peaks.find(p);
      if (it == t.peaks.end())
        return std::nullopt;
      const PeakThroughput &pt = it->second;
      if (preferMatrix)
        return pt.matrix ? pt.matrix : pt.vector;
      return pt.vector ? pt.vector : pt.matrix;
    };
    std::optional<double> half = peak(Precision::BF16, true);
    if (!half)
      half = peak(Precision::FP16, true);
    os << llvm::formatv("{0,-28} {1,-30} {2,-11} {3,9} {4,11} {5,9} {6,7} {7,6}\n",
                        t.name, llvm::join(t.aliases, ","), t.kind,
                        figure(peak(Precision::FP32, false), 1e12), figure(half, 1e12),
                        figure(t.memoryBandwidth, 1e9),
                        figure(t.memoryCapacity, 1e9), figure(t.tdpWatts, 1));
  }
}

/// carbon-opt on ONNX models: import, then print the module.
static int runONNXDriver(int argc, char **argv) {
  llvm::cl::OptionCategory category("carbon-opt options for ONNX models");
  llvm::cl::list<std::string> inputs(llvm::cl::Positional, llvm::cl::ZeroOrMore,
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
      llvm::cl::init(Report::None),
      llvm::cl::cat(category));
  llvm::cl::opt<bool> strict(
      "strict",
      llvm::cl::desc("Make every op the cost model cannot count an error"),
      llvm::cl::init(false), llvm::cl::cat(category));
  llvm::cl::opt<std::string> targetName(
      "target",
      llvm::cl::desc("Hardware target (see --list-targets); short names such "
                     "as a100 or h100 pick the most common variant"),
      llvm::cl::value_desc("name"), llvm::cl::cat(category));
  llvm::cl::opt<std::string> precisionFlag(
      "precision",
      llvm::cl::desc("Re-cost the model as if its floating-point tensors were "
                     "in this type: fp64, fp32, tf32, bf16, fp16, fp8, int8 "
                     "(element sizes and peaks change)"),
      llvm::cl::value_desc("type"), llvm::cl::cat(category));
  llvm::cl::opt<std::string> fusionFlag(
      "fusion",
      llvm::cl::desc("Kernel fusion of the forward pass: none (default; each "
                     "op its own kernel, as eager PyTorch runs it) or "
                     "elementwise (as TensorRT, XLA and torch.compile fuse)"),
      llvm::cl::value_desc("mode"), llvm::cl::init("none"),
      llvm::cl::cat(category));
  llvm::cl::opt<int64_t> batchFlag(
      "batch",
      llvm::cl::desc("Samples per batch: binds the dynamic dim named 'batch' "
                     "(unless --dim names it) and sets the throughput"),
      llvm::cl::value_desc("N"), llvm::cl::init(0), llvm::cl::cat(category));
  llvm::cl::opt<std::string> regionName(
      "region",
      llvm::cl::desc("Where the job runs, for the grid's carbon intensity: a "
                     "country (france, us) or a cloud region (us-central1, "
                     "aws:us-east-1, azure:westeurope)"),
      llvm::cl::value_desc("name"), llvm::cl::cat(category));
  llvm::cl::opt<std::string> gridIntensityFlag(
      "grid-intensity",
      llvm::cl::desc("Grid carbon intensity in gCO2e/kWh (overrides --region's)"),
      llvm::cl::value_desc("g"), llvm::cl::cat(category));
  llvm::cl::opt<std::string> deploymentName(
      "deployment",
      llvm::cl::desc("Data center kind, for the default PUE: hyperscale, "
                     "ai-datacenter, industry-average, on-premise"),
      llvm::cl::value_desc("kind"), llvm::cl::cat(category));
  llvm::cl::opt<std::string> pueFlag(
      "pue", llvm::cl::desc("Power usage effectiveness (>= 1; overrides --deployment's)"),
      llvm::cl::value_desc("p"), llvm::cl::cat(category));
  llvm::cl::opt<bool> train(
      "train", llvm::cl::desc("Estimate a training run (with --tokens or "
                              "--samples and --epochs)"),
      llvm::cl::init(false), llvm::cl::cat(category));
  llvm::cl::opt<std::string> tokensFlag(
      "tokens", llvm::cl::desc("Tokens to train on (3e12, 300B, 1.2T)"),
      llvm::cl::value_desc("N"), llvm::cl::cat(category));
  llvm::cl::opt<std::string> samplesFlag(
      "samples", llvm::cl::desc("Samples per epoch (1.28M)"),
      llvm::cl::value_desc("N"), llvm::cl::cat(category));
  llvm::cl::opt<std::string> epochsFlag(
      "epochs", llvm::cl::desc("Epochs over --samples (default 1)"),
      llvm::cl::value_desc("E"), llvm::cl::cat(category));
  llvm::cl::opt<std::string> optimizerFlag(
      "optimizer", llvm::cl::desc("sgd, adam or adamw (default adamw)"),
      llvm::cl::value_desc("name"), llvm::cl::init("adamw"),
      llvm::cl::cat(category));
  llvm::cl::opt<int64_t> devicesFlag(
      "devices", llvm::cl::desc("Devices the training run uses (default 1)"),
      llvm::cl::value_desc("N"), llvm::cl::init(1), llvm::cl::cat(category));
  llvm::cl::opt<int64_t> pipelineStagesFlag(
      "pipeline-stages",
      llvm::cl::desc("Devices one model replica is split over (default 1)"),
      llvm::cl::value_desc("P"), llvm::cl::init(1), llvm::cl::cat(category));
  llvm::cl::opt<std::string> globalBatchFlag(
      "global-batch",
      llvm::cl::desc("Samples per optimizer step (default: one --batch per "
                     "data-parallel replica)"),
      llvm::cl::value_desc("N"), llvm::cl::cat(category));
  llvm::cl::opt<std::string> recomputeFlag(
      "recompute",
      llvm::cl::desc("Activation recomputation: none (default) or full"),
      llvm::cl::value_desc("mode"), llvm::cl::init("none"),
      llvm::cl::cat(category));
  llvm::cl::opt<std::string> commOverlapFlag(
      "comm-overlap",
      llvm::cl::desc("Fraction of the last backward pass the gradient "
                     "all-reduce hides behind (default 1)"),
      llvm::cl::value_desc("f"), llvm::cl::cat(category));
  llvm::cl::opt<std::string> goodputFlag(
      "goodput",
      llvm::cl::desc("Fraction of the wall-clock that advances training "
                     "(default 0.9: restarts, checkpoints)"),
      llvm::cl::value_desc("f"), llvm::cl::cat(category));
  llvm::cl::opt<int64_t> trialsFlag(
      "trials",
      llvm::cl::desc("Runs of a hyper-parameter search (default 1)"),
      llvm::cl::value_desc("N"), llvm::cl::init(1), llvm::cl::cat(category));
  llvm::cl::opt<std::string> powerModelFlag(
      "power-model",
      llvm::cl::desc("physical (default: static + per FLOP and byte, capped "
                     "at TDP) or tdp (TDP whenever held, as model cards "
                     "count)"),
      llvm::cl::value_desc("model"), llvm::cl::init("physical"),
      llvm::cl::cat(category));
  llvm::cl::opt<std::string> requestsFlag(
      "requests",
      llvm::cl::desc("Inference requests (samples) to serve (1e9, 300M)"),
      llvm::cl::value_desc("N"), llvm::cl::cat(category));
  llvm::cl::opt<std::string> rateFlag(
      "rate", llvm::cl::desc("Requests per second, served for --days"),
      llvm::cl::value_desc("r"), llvm::cl::cat(category));
  llvm::cl::opt<std::string> daysFlag(
      "days", llvm::cl::desc("Days the deployment serves --rate"),
      llvm::cl::value_desc("d"), llvm::cl::cat(category));
  llvm::cl::opt<std::string> utilizationFlag(
      "utilization",
      llvm::cl::desc("Busy fraction of the serving devices (default 0.3)"),
      llvm::cl::value_desc("f"), llvm::cl::cat(category));
  llvm::cl::list<std::string> targetFiles(
      "target-file",
      llvm::cl::desc("Add the targets of a YAML file (the format of "
                     "lib/Targets/targets.yaml)"),
      llvm::cl::value_desc("file.yaml"), llvm::cl::cat(category));
  llvm::cl::opt<bool> listTargets(
      "list-targets", llvm::cl::desc("List the known targets and exit"),
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

  TargetDatabase targets = TargetDatabase::builtin();
  for (const std::string &file : targetFiles) {
    auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/true);
    std::string error;
    if (!buffer) {
      llvm::WithColor::error() << file << ": cannot read: "
                               << buffer.getError().message() << "\n";
      return 1;
    }
    if (!targets.addYAML((*buffer)->getBuffer(), file, error)) {
      llvm::WithColor::error() << file << ": " << error << "\n";
      return 1;
    }
  }
  if (listTargets) {
    printTargetList(llvm::outs(), targets);
    return 0;
  }
  if (inputs.empty()) {
    llvm::WithColor::error() << "no model given (carbon-opt model.onnx ...)\n";
    return 1;
  }
  const Target *target = nullptr;
  if (!targetName.empty()) {
    target = targets.lookup(targetName);
    if (!target) {
      auto &err = llvm::WithColor::error();
      err << "unknown target '" << targetName << "'; closest:";
      for (const std::string &s : targets.suggest(targetName))
        err << " " << s;
      err << " (--list-targets lists them all)\n";
      return 1;
    }
    if (!llvm::StringRef(targetName).equals_insensitive(target->name))
      llvm::WithColor::note() << "target '" << targetName << "' is "
                              << target->name << " (" << target->display
                              << ")\n";
  }

  std::optional<Precision> precision;
  if (!precisionFlag.empty()) {
    precision = parsePrecision(precisionFlag);
    if (!precision) {
      llvm::WithColor::error()
          << "--precision expects fp64, fp32, tf32, bf16, fp16, fp8 or int8, "
             "got '"
          << precisionFlag << "'\n";
      return 1;
    }
  }

  if (fusionFlag != "none" && fusionFlag != "elementwise") {
    llvm::WithColor::error() << "--fusion expects none or elementwise, got '"
                             << fusionFlag << "'\n";
    return 1;
  }

  // Electricity: the grid's intensity and the facility's PUE.
  const GridDatabase &grid = GridDatabase::builtin();
  EstimateInputs reportInputs;
  if (!regionName.empty()) {
    reportInputs.region = grid.lookupRegion(regionName);
    if (!reportInputs.region) {
      auto &err = llvm::WithColor::error();
      err << "unknown region '" << regionName << "'; closest:";
      for (const std::string &s : grid.suggestRegions(regionName))
        err << " " << s;
      err << "\n";
      return 1;
    }
    reportInputs.gridIntensity = reportInputs.region->gramsPerKWh;
    reportInputs.gridSource = reportInputs.region->source;
  } else {
    // Without a region the world average, as CodeCarbon defaults to.
    reportInputs.region = grid.lookupRegion("world");
    reportInputs.gridIntensity = reportInputs.region->gramsPerKWh;
    reportInputs.gridSource =
        "no --region: world average, " + reportInputs.region->source;
  }
  if (!gridIntensityFlag.empty()) {
    double g;
    if (llvm::StringRef(gridIntensityFlag).getAsDouble(g) || g < 0) {
      llvm::WithColor::error() << "--grid-intensity expects gCO2e/kWh >= 0, got '"
                               << gridIntensityFlag << "'\n";
      return 1;
    }
    reportInputs.gridIntensity = g;
    reportInputs.region = nullptr;
    reportInputs.gridSource = "--grid-intensity";
  }
  // Without --deployment: a cloud region is a hyperscale data center,
  // anything else the industry average.
  llvm::StringRef deploymentKind = deploymentName;
  if (deploymentKind.empty())
    deploymentKind = !regionName.empty() && reportInputs.region &&
                             reportInputs.region->name.find(':') !=
                                 std::string::npos
                         ? "hyperscale"
                         : "industry-average";
  const Deployment *deployment = grid.lookupDeployment(deploymentKind);
  if (!deployment) {
    llvm::WithColor::error() << "--deployment expects hyperscale, ai-datacenter, "
                                "industry-average or on-premise, got '"
                             << deploymentKind << "'\n";
    return 1;
  }
  reportInputs.pue = deployment->pue;
  reportInputs.pueSource = deployment->name + ": " + deployment->source;
  if (!pueFlag.empty()) {
    double p;
    if (llvm::StringRef(pueFlag).getAsDouble(p) || p < 1) {
      llvm::WithColor::error() << "--pue expects a number >= 1, got '" << pueFlag
                               << "'\n";
      return 1;
    }
    reportInputs.pue = p;
    reportInputs.pueSource = "--pue";
  }

  if (powerModelFlag == "tdp")
    reportInputs.powerModel = PowerModel::TDP;
  else if (powerModelFlag != "physical") {
    llvm::WithColor::error() << "--power-model expects physical or tdp, got '"
                             << powerModelFlag << "'\n";
    return 1;
  }

  std::optional<ServingRun> servingRun;
  if (!requestsFlag.empty() || !rateFlag.empty() || !daysFlag.empty()) {
    ServingRun run;
    auto countFlag = [&](llvm::StringRef flag, const std::string &text,
                         std::optional<double> &out) {
      if (text.empty())
        return true;
      out = parseCount(text);
      if (!out)
        llvm::WithColor::error() << "--" << flag
                                 << " expects a positive number (1e9, 300M), "
                                    "got '"
                                 << text << "'\n";
      return out.has_value();
    };
    if (!countFlag("requests", requestsFlag, run.requests) ||
        !countFlag("rate", rateFlag, run.ratePerSecond) ||
        !countFlag("days", daysFlag, run.days) ||
        !fractionFlag("utilization", utilizationFlag, /*allowZero=*/false,
                      run.utilization))
      return 1;
    if (run.requests ? (run.ratePerSecond || run.days)
                     : !(run.ratePerSecond && run.days)) {
      llvm::WithColor::error()
          << "a deployment is --requests N, or --rate R with --days D\n";
      return 1;
    }
    servingRun = run;
    if (report == Report::None)
      report = Report::JSON;
  }

  std::optional<TrainingRun> trainingRun;
  if (train || !tokensFlag.empty() || !samplesFlag.empty()) {
    TrainingRun run;
    auto countFlag = [&](llvm::StringRef flag, const std::string &text,
                         std::optional<double> &out) {
      if (text.empty())
        return true;
      out = parseCount(text);
      if (!out)
        llvm::WithColor::error() << "--" << flag
                                 << " expects a positive count (3e12, 300B, "
                                    "1.2T), got '"
                                 << text << "'\n";
      return out.has_value();
    };
    std::optional<double> epochs;
    if (!countFlag("tokens", tokensFlag, run.tokens) ||
        !countFlag("samples", samplesFlag, run.samples) ||
        !countFlag("epochs", epochsFlag, epochs))
      return 1;
    run.epochs = epochs.value_or(1);
    std::optional<Optimizer> optimizer = parseOptimizer(optimizerFlag);
    if (!optimizer) {
      llvm::WithColor::error() << "--optimizer expects sgd, adam or adamw, got '"
                               << optimizerFlag << "'\n";
      return 1;
    }
    run.optimizer = *optimizer;
    if (devicesFlag < 1 || pipelineStagesFlag < 1 || trialsFlag < 1) {
      llvm::WithColor::error()
          << "--devices, --pipeline-stages and --trials expect a positive "
             "integer\n";
      return 1;
    }
    run.devices = devicesFlag;
    run.pipelineStages = pipelineStagesFlag;
    run.trials = trialsFlag;
    if (!countFlag("global-batch", globalBatchFlag, run.globalBatch))
      return 1;
    if (recomputeFlag != "none" && recomputeFlag != "full") {
      llvm::WithColor::error() << "--recompute expects none or full, got '"
                               << recomputeFlag << "'\n";
      return 1;
    }
    run.recompute = recomputeFlag == "full";
    if (!fractionFlag("comm-overlap", commOverlapFlag, /*allowZero=*/true,
                      run.commOverlap) ||
        !fractionFlag("goodput", goodputFlag, /*allowZero=*/false, run.goodput))
      return 1;
    trainingRun = run;
    // The estimate is a report; JSON is the one there is.
    if (report == Report::None)
      report = Report::JSON;
  }

  carbon::ONNXImportOptions options;
  if (failed(parseDimBindings(dims, options)))
    return 1;
  if (defaultDim >= 0)
    options.defaultDim = defaultDim;
  std::optional<int64_t> batch;
  if (batchFlag.getNumOccurrences()) {
    if (batchFlag < 1) {
      llvm::WithColor::error() << "--batch expects a positive integer, got "
                               << batchFlag << "\n";
      return 1;
    }
    batch = batchFlag;
    options.dimBindings.try_emplace("batch", batchFlag);
  } else if (auto it = options.dimBindings.find("batch");
             it != options.dimBindings.end()) {
    batch = it->second;
  }
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
    CostOptions costOptions;
    if (precision)
      costOptions.floatBits = storageBits(*precision);
    costOptions.fuseElementwise = fusionFlag == "elementwise";
    CostAnalysis analysis(module->getOperation(), costOptions);
    if (strict) {
      auto uncounted = analysis.getUncounted();
      for (const OpCostRecord *r : uncounted)
        emitError(r->op->getLoc()) << "not counted: " << r->reason;
      if (!uncounted.empty())
        return 1;
    }
    if (trainingRun) {
      trainingRun->samplesPerStep = batch.value_or(1);
      if (auto seq = options.dimBindings.find("seq");
          seq != options.dimBindings.end())
        trainingRun->tokensPerStep = trainingRun->samplesPerStep * seq->second;
    }
    reportInputs.target = target;
    reportInputs.precision = precision;
    reportInputs.batch = batch.value_or(1);
    reportInputs.fusion = costOptions.fuseElementwise;
    reportInputs.training = trainingRun;
    reportInputs.serving = servingRun;
    Estimate estimate;
    std::string estimateError;
    if (!estimateModel(analysis, reportInputs, estimate, estimateError)) {
      llvm::WithColor::error() << input << ": " << estimateError << "\n";
      return 1;
    }
    if (report == Report::JSON) {
      ReportInputs json;
      json.modelPath = input;
      json.estimateInputs = &reportInputs;
      json.estimate = &estimate;
      writeJSONReport(output->os(), json, analysis);
    } else {
      module->print(output->os());
    }
  }
  output->keep();
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg(argv[i]);
    if ((!arg.starts_with("-") && isONNXPath(arg)) || arg == "--list-targets" ||
        arg == "-list-targets")
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
