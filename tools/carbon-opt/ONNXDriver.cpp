//===- ONNXDriver.cpp - carbon-opt on ONNX models ---------------*- C++ -*-===//
//
// This file is carbon-opt's ONNX mode: it imports each model, costs it on
// each --target, estimates time, energy and emissions, re-costs it to find
// cheaper choices, prints the report in the asked format and gates on
// --budget and --baseline. docs/cli.md describes every flag.
//
//===----------------------------------------------------------------------===//

#include "ONNXDriver.h"

#include "carbon/Analysis/CostAnalysis.h"
#include "carbon/Analysis/Energy.h"
#include "carbon/Analysis/Estimate.h"
#include "carbon/Analysis/Roofline.h"
#include "carbon/Import/ONNXImporter.h"
#include "carbon/InitAll.h"
#include "carbon/Report/Report.h"
#include "carbon/Targets/Grid.h"
#include "carbon/Targets/Target.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <set>

using namespace mlir;
using namespace carbon;
namespace cl = llvm::cl;

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

/// A figure for the target list: value in `unit` or a dash when no source
/// gives it.
static std::string figure(std::optional<double> value, double unit) {
  if (!value)
    return "-";
  // Datasheet figures: no trailing zeros (312, 19.5, 0.25).
  return llvm::formatv("{0}", llvm::format("%g", *value / unit)).str();
}

/// What a target's figures let carbon-opt predict, asked of the roofline
/// itself with a one-FLOP, one-byte kernel: "yes" when it times kernels on
/// the general units and on the matrix units and has units for fp32
/// contractions, "16-bit" when only on the
/// matrix units (models run in 16 bits sit there), "no" otherwise; energy
/// also needs what deviceEnergyModel does.
static std::pair<llvm::StringRef, llvm::StringRef>
predictionCoverage(const Target &t) {
  bool matrixPeaks = llvm::any_of(
      t.peaks, [](const auto &entry) { return entry.second.matrix; });
  std::string gap;
  bool vector = predictKernelSeconds(t, 1, 1, t.vectorEfficiency,
                                     /*matrixUnits=*/false, 1, 1, gap)
                    .has_value();
  bool matrix = matrixPeaks
                    ? predictKernelSeconds(t, 1, 1, matrixEfficiencyFor(t, 1),
                                           /*matrixUnits=*/true, 1, 1, gap)
                          .has_value()
                    : vector;
  // "yes" also needs fp32 contractions to run somewhere (a TPU's MXUs
  // multiply fp32 models only with --precision bf16).
  bool fp32Contractions =
      unitPeak(t, Precision::FP32, /*contraction=*/true).has_value();
  llvm::StringRef time = vector && matrix && fp32Contractions ? "yes"
                         : matrix                             ? "16-bit"
                                                              : "no";
  bool energy = time != "no" && deviceEnergyModel(t, gap);
  return {time, energy ? "yes" : "no"};
}

/// --list-targets: every target with its key figures.
static void printTargetList(llvm::raw_ostream &os, const TargetDatabase &db) {
  os << llvm::formatv(
      "{0,-28} {1,-30} {2,-11} {3,9} {4,11} {5,9} {6,7} {7,6} {8,-6} {9}\n",
      "target", "short names", "kind", "fp32 TF/s", "16-bit TF/s", "mem GB/s",
      "mem GB", "TDP W", "time", "energy");
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
    auto [time, energy] = predictionCoverage(t);
    os << llvm::formatv(
        "{0,-28} {1,-30} {2,-11} {3,9} {4,11} {5,9} {6,7} {7,6} {8,-6} {9}\n",
        t.name, llvm::join(t.aliases, ","), t.kind,
        figure(peak(Precision::FP32, false), 1e12), figure(half, 1e12),
        figure(t.memoryBandwidth, 1e9), figure(t.memoryCapacity, 1e9),
        figure(t.tdpWatts, 1), time, energy);
  }
}

/// Holds what the process writes to stderr (file descriptor 2) from its
/// construction to release(), where the descriptor is restored; without a
/// descriptor to redirect it captures nothing and stderr is untouched.
class StderrCapture {
public:
  StderrCapture() {
    llvm::errs().flush();
    std::fflush(stderr);
    file = std::tmpfile();
    saved = file ? ::dup(2) : -1;
    if (saved < 0 || ::dup2(::fileno(file), 2) < 0) {
      if (saved >= 0)
        ::close(saved);
      saved = -1;
    }
  }
  ~StderrCapture() { release(); }

  std::string release() {
    std::string text;
    if (saved >= 0) {
      llvm::errs().flush();
      std::fflush(stderr);
      ::dup2(saved, 2);
      ::close(saved);
      saved = -1;
      std::rewind(file);
      char buffer[4096];
      for (size_t n; (n = std::fread(buffer, 1, sizeof(buffer), file)) > 0;)
        text.append(buffer, n);
    }
    if (file) {
      std::fclose(file);
      file = nullptr;
    }
    return text;
  }

private:
  std::FILE *file = nullptr;
  int saved = -1;
};

/// Reports a wrong flag value as `error: --flag expects WHAT, got 'VALUE'`;
/// the exit status of the driver.
static int badFlag(llvm::StringRef flag, llvm::StringRef expects,
                   llvm::StringRef got) {
  llvm::WithColor::error() << "--" << flag << " expects " << expects
                           << ", got '" << got << "'\n";
  return 1;
}

namespace {
/// An integer flag's value. LLVM's integer parsers write a bad value's
/// error ("carbon-opt: for the --batch option: ...") straight to stderr;
/// this type's parser (below) says it as badFlag says every other.
struct IntegerFlag {
  int64_t value = 0;
  operator int64_t() const { return value; }
};
} // namespace

namespace llvm::cl {
template <> class parser<IntegerFlag> : public basic_parser<IntegerFlag> {
public:
  parser(Option &o) : basic_parser(o) {}
  bool parse(Option &, StringRef name, StringRef arg, IntegerFlag &flag) {
    if (!arg.getAsInteger(0, flag.value))
      return false;
    badFlag(name, "an integer", arg);
    return true;
  }
  StringRef getValueName() const override { return "int"; }
  void printOptionDiff(const Option &o, IntegerFlag, OptionValue<IntegerFlag>,
                       size_t globalWidth) const {
    printOptionNoValue(o, globalWidth);
  }
};
} // namespace llvm::cl

namespace {
/// The parser of an enumerated flag (--report=json): a value it does not
/// take is said as badFlag says every other, with the values it takes.
template <typename T> class EnumFlagParser : public cl::parser<T> {
public:
  using cl::parser<T>::parser;
  bool parse(cl::Option &, llvm::StringRef name, llvm::StringRef arg,
             T &value) {
    std::string names;
    for (const auto &option : this->Values) {
      if (option.Name == arg) {
        value = option.V.getValue();
        return false;
      }
      if (!option.Name.empty())
        names += (names.empty() ? "" : ", ") + option.Name.str();
    }
    badFlag(name, "one of " + names, arg);
    return true;
  }
};
template <typename T>
using EnumFlag = cl::opt<T, /*ExternalStorage=*/false, EnumFlagParser<T>>;

/// The parser of a switch (--train, --suggest=false), for the same reason.
class BoolFlagParser : public cl::parser<bool> {
public:
  using cl::parser<bool>::parser;
  bool parse(cl::Option &, llvm::StringRef name, llvm::StringRef arg,
             bool &value) {
    if (arg.empty() || arg == "true" || arg == "TRUE" || arg == "True" ||
        arg == "1") {
      value = true;
      return false;
    }
    if (arg == "false" || arg == "FALSE" || arg == "False" || arg == "0") {
      value = false;
      return false;
    }
    badFlag(name, "true or false (or 1 or 0)", arg);
    return true;
  }
};
using BoolFlag = cl::opt<bool, /*ExternalStorage=*/false, BoolFlagParser>;

/// Parses an optional flag into `out` with `parse`; reports a bad value.
template <typename T, typename Parse>
bool parseFlag(llvm::StringRef flag, const std::string &text, Parse parse,
               llvm::StringRef expects, T &out) {
  if (text.empty())
    return true;
  std::optional<double> v = parse(text);
  if (!v) {
    badFlag(flag, expects, text);
    return false;
  }
  out = *v;
  return true;
}

/// A fraction in (0, 1] (or [0, 1] with `allowZero`), as 0.3 or 30%.
bool fractionFlag(llvm::StringRef flag, const std::string &text, bool allowZero,
                  double &out) {
  if (text.empty())
    return true;
  std::optional<double> v = parseFraction(text);
  if (!v || *v > 1 || (!allowZero && *v == 0)) {
    badFlag(flag,
            allowZero ? "a fraction in [0, 1] (0.5 or 50%)"
                      : "a fraction in (0, 1] (0.5 or 50%)",
            text);
    return false;
  }
  out = *v;
  return true;
}

/// One imported and analysed model under one set of import and cost
/// options; kept alive while reports point into it.
struct Analysed {
  OwningOpRef<ModuleOp> module;
  std::unique_ptr<CostAnalysis> analysis;
  std::optional<int64_t> opset;
  /// The named dims that sized the model's inputs (the importer's
  /// onnx.dim_bindings; an MLIR input keeps those it was imported with).
  std::vector<std::pair<std::string, int64_t>> boundDims;
  /// The dim the batch binds: --batch-dim's, or the exporter's own name for
  /// it that the importer took from the inputs (onnx.batch_dim).
  std::string batchDim;
};

/// Inputs read as MLIR (an imported model, or IR of any dialect the cost
/// models know) rather than ONNX.
static bool isMLIRPath(llvm::StringRef path) {
  return llvm::sys::path::extension(path) == ".mlir";
}

/// Imports and analyses models, once per (file, batch, cost options).
class ModelCache {
public:
  ModelCache(MLIRContext &context, const ONNXImportOptions &importOptions,
             std::string batchDim, std::string seqDim)
      : context(context), importOptions(importOptions),
        batchDim(std::move(batchDim)), seqDim(std::move(seqDim)) {}

  /// Null when the import fails (the diagnostics said why). `batch` binds
  /// the batch dim (--batch-dim); with `seq`, the sequence dim (--seq-dim)
  /// is bound to it instead (a decode step's one token).
  Analysed *get(const std::string &path, std::optional<int64_t> batch,
                const CostOptions &cost,
                std::optional<int64_t> seq = std::nullopt) {
    std::string key =
        llvm::formatv("{0}|{1}|{2}|{3}|{4}", path, batch.value_or(-1),
                      cost.floatBits, cost.fuseElementwise, seq.value_or(-1))
            .str();
    auto it = cache.find(key);
    if (it != cache.end())
      return it->second.get();
    ONNXImportOptions options = importOptions;
    if (batch)
      options.dimBindings[batchDim] = *batch;
    if (seq)
      options.dimBindings[seqDim] = *seq;
    auto entry = std::make_unique<Analysed>();
    // A file's warnings and notes are said once, at its first import; the
    // re-imports (a decode step, a suggestion's variant) keep only errors.
    bool again = !imported.insert(path).second;
    {
      ScopedDiagnosticHandler quiet(&context, [&](Diagnostic &d) {
        return success(again && d.getSeverity() == DiagnosticSeverity::Warning);
      });
      entry->module = isMLIRPath(path)
                          ? parseSourceFile<ModuleOp>(path, &context)
                          : importONNXModel(path, &context, options);
    }
    if (!entry->module)
      return nullptr;
    if (auto opsets = (*entry->module)
                          ->getAttrOfType<DictionaryAttr>("onnx.opset_import"))
      if (auto v = opsets.getAs<IntegerAttr>("ai.onnx"))
        entry->opset = v.getInt();
    if (auto bound = (*entry->module)
                         ->getAttrOfType<DictionaryAttr>("onnx.dim_bindings"))
      for (NamedAttribute dim : bound)
        if (auto value = dyn_cast<IntegerAttr>(dim.getValue()))
          entry->boundDims.emplace_back(dim.getName().str(), value.getInt());
    entry->batchDim = batchDim;
    if (auto inferred =
            (*entry->module)->getAttrOfType<StringAttr>("onnx.batch_dim")) {
      entry->batchDim = inferred.str();
      // (An MLIR input was told at its import.)
      if (!again && !isMLIRPath(path))
        llvm::WithColor::note()
            << path << ": no input dim is named '" << batchDim
            << "'; the batch binds '" << entry->batchDim
            << "', the leading dim of every input (--batch-dim names "
               "another)\n";
    }
    entry->analysis =
        std::make_unique<CostAnalysis>(entry->module->getOperation(), cost);
    return (cache[key] = std::move(entry)).get();
  }

  /// With a generation in `inputs`, points its decode step at the model at
  /// one token with the same batch and costs; false when that import fails.
  bool bindDecodeStep(const std::string &path, std::optional<int64_t> batch,
                      const CostOptions &cost, EstimateInputs &inputs) {
    if (!inputs.generation)
      return true;
    Analysed *step = get(path, batch, cost, /*seq=*/1);
    if (!step)
      return false;
    inputs.generation->stepAnalysis = step->analysis.get();
    return true;
  }

private:
  MLIRContext &context;
  const ONNXImportOptions &importOptions;
  std::string batchDim, seqDim;
  std::map<std::string, std::unique_ptr<Analysed>> cache;
  std::set<std::string> imported;
};
} // namespace

/// Whether a binding of `dim` to `value` sized one of the model's inputs.
static bool sizesInput(const Analysed &analysed, llvm::StringRef dim,
                       int64_t value) {
  return llvm::is_contained(analysed.boundDims,
                            std::pair<std::string, int64_t>(dim.str(), value));
}

/// Whether an argument of the model's entry function (the imported main
/// graph, or an MLIR module's first public function) leads with `batch`:
/// a model exported with a fixed batch.
static bool hasFixedBatch(const Analysed &analysed, int64_t batch) {
  ModuleOp module = analysed.module.get();
  for (auto fn : module.getOps<func::FuncOp>()) {
    if (fn.isPrivate())
      continue;
    return llvm::any_of(fn.getArgumentTypes(), [&](Type t) {
      auto ranked = dyn_cast<RankedTensorType>(t);
      return ranked && ranked.getRank() > 0 && ranked.getDimSize(0) == batch;
    });
  }
  return false;
}

/// The metric a suggestion is judged by: what the report's job spends.
static std::string energyMetric(const EstimateInputs &in) {
  return in.training  ? "training-energy"
         : in.serving ? "serving-energy"
                      : "energy-per-sample";
}
static std::string carbonMetric(const EstimateInputs &in) {
  return in.training  ? "training-co2e"
         : in.serving ? "serving-co2e"
                      : "co2e-per-1k";
}

/// Whether what the report's job holds fits a device of the target: the
/// training layout's state and activations, or an inference replica.
static std::optional<bool> fitsDevice(const Estimate &estimate,
                                      const EstimateInputs &in) {
  if (in.training)
    return estimate.layout ? estimate.layout->fitsDeviceMemory : std::nullopt;
  return estimate.memory.fitsDeviceMemory;
}

/// Re-costs `base` with one change at a time and keeps the changes that
/// lower its energy or emissions: 16-bit precision, a larger batch,
/// elementwise fusion, kernels replayed from a graph, the lowest-carbon
/// cloud region.
static void findSuggestions(ModelReport &base, ModelCache &cache,
                            const CostOptions &cost,
                            std::optional<int64_t> batch,
                            const GridDatabase &grid) {
  const EstimateInputs &in = base.inputs;
  const Target *target = in.target;
  if (!target)
    return;
  // A change is suggested when it improves the metric and its model fits
  // the device wherever the model as given does (with `requireFit`, only
  // when it fits).
  auto consider =
      [&](const std::string &change, const std::string &metricName,
          std::optional<int64_t> variantBatch, const CostOptions &variantCost,
          EstimateInputs variant, bool requireFit = false,
          llvm::function_ref<std::string(const Estimate &)> describe =
              nullptr) -> bool {
    const MetricDef *metric = lookupMetric(metricName);
    Analysed *analysed = cache.get(base.path, variantBatch, variantCost);
    // A generation re-costs its decode step with the same change.
    if (!analysed || !metric ||
        !cache.bindDecodeStep(base.path, variantBatch, variantCost, variant))
      return false;
    std::optional<double> before = metricValue(base, *metric);
    ModelReport other;
    other.inputs = variant;
    other.analysis = analysed->analysis.get();
    std::string error;
    if (!before || *before <= 0 ||
        !estimateModel(*other.analysis, variant, other.estimate, error))
      return false;
    std::optional<bool> fits = fitsDevice(other.estimate, variant);
    if (requireFit ? fits != true
                   : fits == false && fitsDevice(base.estimate, in) != false)
      return false;
    std::optional<double> after = metricValue(other, *metric);
    if (!after || *after / *before - 1 >= -0.01)
      return false;
    base.suggestions.push_back(
        {change + (describe ? describe(other.estimate) : std::string()),
         metric->name.str(), *after / *before - 1});
    return true;
  };
  // 16-bit floats where the target has 16-bit matrix units.
  bool fp32 = !in.precision || *in.precision == Precision::FP32 ||
              *in.precision == Precision::TF32;
  for (Precision p : {Precision::BF16, Precision::FP16}) {
    auto it = target->peaks.find(p);
    if (!fp32 || it == target->peaks.end() || !it->second.matrix)
      continue;
    CostOptions c = cost;
    c.floatBits = storageBits(p);
    EstimateInputs v = in;
    v.precision = p;
    consider(precisionName(p).str(), energyMetric(in), batch, c, v);
    break;
  }
  // A batch of 8 instead of 1, for inference.
  if (!in.training && in.batch == 1) {
    EstimateInputs v = in;
    v.batch = 8;
    Analysed *batched = cache.get(base.path, 8, cost);
    // Only a model whose batch dim is free changes with it.
    if (batched && batched->analysis->getTotals().forward.work.flops >
                       base.analysis->getTotals().forward.work.flops)
      consider("batch 8", "energy-per-sample", 8, cost, v);
  }
  // For training, a larger micro-batch that fits the layout
  // (findLargestBatch) in place of gradient accumulation: fewer, larger
  // kernels for the same global batch, so the same optimizer steps (a
  // different global batch would change the training, not its cost).
  if (in.training && base.estimate.layout &&
      base.estimate.layout->largestMicroBatch.value_or(0) > in.batch) {
    const TrainingLayout &layout = *base.estimate.layout;
    double global = in.training->globalBatch.value_or(
        static_cast<double>(in.batch * layout.replicas));
    double perReplica = global / static_cast<double>(layout.replicas);
    int64_t micro = 0;
    if (perReplica == std::floor(perReplica) && perReplica <= 1e9)
      for (int64_t m = std::min<int64_t>(*layout.largestMicroBatch,
                                         static_cast<int64_t>(perReplica));
           m > in.batch; --m)
        if (static_cast<int64_t>(perReplica) % m == 0) {
          micro = m;
          break;
        }
    Analysed *batched = micro ? cache.get(base.path, micro, cost) : nullptr;
    if (batched && batched->analysis->getTotals().forward.work.flops >
                       base.analysis->getTotals().forward.work.flops) {
      EstimateInputs v = in;
      TrainingRun &run = *v.training;
      v.batch = micro;
      run.samplesPerStep = micro;
      if (run.tokensPerStep)
        run.tokensPerStep = *run.tokensPerStep / in.batch * micro;
      run.globalBatch = global;
      consider("--batch " + std::to_string(micro) +
                   " (a larger micro-batch, the same global batch)",
               energyMetric(in), micro, cost, v);
    }
  }
  if (!in.training && !cost.fuseElementwise) {
    CostOptions c = cost;
    c.fuseElementwise = true;
    EstimateInputs v = in;
    v.fusion = true;
    consider("elementwise fusion (--fusion elementwise)", energyMetric(in),
             batch, c, v);
  }
  // Kernels replayed from a CUDA graph, where the target has the figure.
  std::optional<Target> replayed =
      in.graphLaunch ? std::nullopt : withGraphLaunches(*target);
  if (!in.training && replayed) {
    EstimateInputs v = in;
    v.target = &*replayed;
    v.graphLaunch = true;
    consider("kernels replayed from a CUDA graph (--launch graph)",
             energyMetric(in), batch, cost, v);
  }
  // A replica that does not fit one device: the fewest tensor-parallel
  // devices of a node that hold it.
  if (!in.training && in.tensorParallel == 1 &&
      base.estimate.memory.fitsDeviceMemory == false)
    for (int64_t t = 2; t <= target->node.devices.value_or(1); t *= 2) {
      EstimateInputs v = in;
      v.tensorParallel = t;
      if (consider("--tensor-parallel " + std::to_string(t) + ", which fits",
                   "memory", batch, cost, v, /*requireFit=*/true))
        break;
    }
  // A training layout that does not fit: the least recomputation that
  // makes it fit, else (when the flags fixed the degrees) the layout the
  // search chooses.
  if (in.training && fitsDevice(base.estimate, in) == false) {
    const TrainingRun &run = *in.training;
    bool fixedDegrees = run.tensorParallel && run.pipelineStages;
    bool fitted = false;
    // The search has tried every recomputation unless a flag fixed it or
    // the degrees.
    for (Recompute mode : {Recompute::Selective, Recompute::Full}) {
      if (!run.recompute && !fixedDegrees)
        break;
      if (mode <= base.estimate.layout->recompute)
        continue;
      EstimateInputs v = in;
      v.training->recompute = mode;
      if ((fitted = consider("--recompute " + recomputeName(mode).str() +
                                 ", which fits",
                             "training-memory", batch, cost, v,
                             /*requireFit=*/true)))
        break;
    }
    if (!fitted && fixedDegrees) {
      EstimateInputs v = in;
      v.training->tensorParallel.reset();
      v.training->pipelineStages.reset();
      v.training->recompute.reset();
      consider("", "training-memory", batch, cost, v, /*requireFit=*/true,
               [](const Estimate &chosen) {
                 const TrainingLayout &l = *chosen.layout;
                 return llvm::formatv("--tensor-parallel {0} "
                                      "--pipeline-stages {1} --recompute {2} "
                                      "(the layout search's choice), which "
                                      "fits",
                                      l.tensorParallel, l.pipelineStages,
                                      recomputeName(l.recompute))
                     .str();
               });
    }
  }
  // The cloud region with the cleanest grid, at a hyperscale PUE.
  const GridRegion *cleanest = nullptr;
  for (const GridRegion &r : grid.regions())
    if (r.name.find(':') != std::string::npos &&
        (!cleanest || r.gramsPerKWh < cleanest->gramsPerKWh))
      cleanest = &r;
  const Deployment *hyperscale = grid.lookupDeployment("hyperscale");
  if (cleanest && hyperscale && cleanest->gramsPerKWh < in.gridIntensity) {
    EstimateInputs v = in;
    v.region = cleanest;
    v.gridIntensity = cleanest->gramsPerKWh;
    v.pue = hyperscale->pue;
    consider("region " + cleanest->name, carbonMetric(in), batch, cost, v);
  }
}

/// The largest batch whose memory fits one device of the target: of an
/// inference replica (MemoryEstimate::largestBatch), or the micro-batch of
/// a training run in its layout (TrainingLayout::largestMicroBatch). A
/// model whose tensors lead with the batch holds an affine function of it,
/// so batches 1 and 2 give the line; the batch it predicts is costed, and
/// the figure is kept only when it lies on the line (and so the next batch
/// does not fit).
static void findLargestBatch(ModelReport &base, ModelCache &cache,
                             const CostOptions &cost) {
  const EstimateInputs &in = base.inputs;
  const Estimate &estimate = base.estimate;
  if (!in.target || !in.target->memoryCapacity ||
      (in.training ? !estimate.layout : !estimate.memory.deviceBytes))
    return;
  const double capacity = *in.target->memoryCapacity;
  auto bytesAt = [&](int64_t batch) -> std::optional<double> {
    Analysed *analysed = cache.get(base.path, batch, cost);
    if (!analysed)
      return std::nullopt;
    EstimateInputs variant = in;
    variant.batch = batch;
    if (!in.training) {
      if (!cache.bindDecodeStep(base.path, batch, cost, variant))
        return std::nullopt;
      return estimateMemory(*analysed->analysis, variant).deviceBytes;
    }
    // The run's layout at another micro-batch: its degrees, devices and
    // recomputation, and no global batch (which the memory does not
    // depend on, and which another micro-batch need not divide).
    const TrainingLayout &layout = *estimate.layout;
    TrainingRun &run = *variant.training;
    run.tensorParallel = layout.tensorParallel;
    run.pipelineStages = layout.pipelineStages;
    run.devices = layout.devices;
    run.recompute = layout.recompute;
    run.globalBatch.reset();
    Estimate other;
    std::string error;
    if (!estimateModel(*analysed->analysis, variant, other, error) ||
        !other.layout)
      return std::nullopt;
    return other.layout->deviceBytes();
  };
  std::optional<double> one = bytesAt(1), two = bytesAt(2);
  // A fixed batch (or none) does not grow with it.
  if (!one || !two || *two <= *one || *one > capacity)
    return;
  double perSample = *two - *one;
  double guess = std::floor((capacity - (*one - perSample)) / perSample);
  if (guess > 1e9)
    return;
  int64_t batch = std::max<int64_t>(1, static_cast<int64_t>(guess));
  auto line = [&](int64_t b) {
    return *one + perSample * static_cast<double>(b - 1);
  };
  // On the line at `batch` too, the model is affine in it, and the line
  // says where the next batch falls.
  std::optional<double> at = bytesAt(batch);
  if (!at || std::abs(*at - line(batch)) > 1e-9 * *at || *at > capacity ||
      line(batch + 1) <= capacity)
    return;
  if (in.training)
    base.estimate.layout->largestMicroBatch = batch;
  else
    base.estimate.memory.largestBatch = batch;
}

/// Writes `text` to `path` through a temporary file in the same directory
/// and a rename, so that readers never see half a report. A link is
/// written through, to the file it names; a device or a pipe (-o
/// /dev/null, /dev/stdout) is written directly, since a rename would
/// replace it with a regular file.
static bool writeAtomically(llvm::StringRef requested, llvm::StringRef text) {
  auto cannotWrite = [&](std::error_code ec) {
    llvm::WithColor::error()
        << requested << ": cannot write: " << ec.message() << "\n";
    return false;
  };
  // The text through `os`, closed on return; the error, if any.
  auto writeText = [&](llvm::raw_fd_ostream &os) {
    os << text;
    os.flush();
    std::error_code ec = os.error();
    os.clear_error();
    return ec;
  };
  llvm::SmallString<256> path(requested);
  llvm::SmallString<256> resolved;
  if (!llvm::sys::fs::real_path(requested, resolved))
    path = resolved;
  llvm::sys::fs::file_status status;
  if (!llvm::sys::fs::status(path, status) &&
      status.type() != llvm::sys::fs::file_type::regular_file) {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    if (!ec)
      ec = writeText(os);
    return ec ? cannotWrite(ec) : true;
  }
  llvm::SmallString<256> temp;
  int fd;
  llvm::SmallString<256> model(path);
  model += ".tmp-%%%%%%";
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(model, fd, temp))
    return cannotWrite(ec);
  std::error_code ec;
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    ec = writeText(os);
  }
  if (!ec)
    ec = llvm::sys::fs::rename(temp, path);
  if (ec) {
    llvm::sys::fs::remove(temp);
    return cannotWrite(ec);
  }
  return true;
}

namespace {
enum class ReportKind { None, Terminal, JSON, CSV, Markdown, HTML };
enum class Emit { MLIR };

/// Every flag of the ONNX mode, in --help's topics. Constructed once per
/// run: the options register themselves with LLVM's command line.
struct DriverFlags {
  cl::OptionCategory inputCat{"Input (ONNX models: .onnx, .onnxtxt)"};
  cl::OptionCategory targetCat{"Target, precision and time"};
  cl::OptionCategory gridCat{"Electricity and emissions"};
  cl::OptionCategory trainCat{"Training"};
  cl::OptionCategory serveCat{"Serving"};
  cl::OptionCategory reportCat{"Reports"};
  cl::OptionCategory budgetCat{"Budgets (exit status 1 when one is exceeded)"};
  cl::list<std::string> inputs{cl::Positional, cl::ZeroOrMore,
                               cl::desc("<model.onnx> ..."), cl::cat(inputCat)};
  cl::list<std::string> dims{
      "dim", cl::desc("Bind a named dynamic dimension: --dim seq=2048"),
      cl::value_desc("NAME=N"), cl::cat(inputCat)};
  cl::opt<std::string> seqDimFlag{
      "seq-dim",
      cl::desc("The dynamic dim that counts a sample's tokens, which "
               "--tokens and --generate read (default: the first of seq, "
               "sequence_length, seq_len that --dim binds)"),
      cl::value_desc("NAME"), cl::init("seq"), cl::cat(inputCat)};
  cl::opt<std::string> batchDimFlag{
      "batch-dim",
      cl::desc("The dynamic dim that counts a batch's samples, which --batch "
               "binds (default batch; without this flag, a model with no "
               "such dim binds the named leading dim all its inputs share)"),
      cl::value_desc("NAME"), cl::init("batch"), cl::cat(inputCat)};
  cl::opt<IntegerFlag> defaultDim{
      "default-dim",
      cl::desc("Bind every dynamic input dimension that --dim does not name"),
      cl::value_desc("N"), cl::init(IntegerFlag{0}), cl::cat(inputCat)};
  cl::opt<IntegerFlag> batchFlag{
      "batch",
      cl::desc("Samples per batch: binds the batch dim (--batch-dim) and "
               "sets the throughput"),
      cl::value_desc("N"), cl::init(IntegerFlag{0}), cl::cat(inputCat)};
  BoolFlag warnUnknownShapes{
      "warn-unknown-shapes",
      cl::desc("Warn about every tensor whose shape stays unknown (default: "
               "only the input dims nothing binds and the nodes that lose "
               "a shape)"),
      cl::init(false), cl::cat(inputCat)};
  BoolFlag strict{
      "strict", cl::desc("Make every op the cost model cannot count an error"),
      cl::init(false), cl::cat(inputCat)};
  cl::list<std::string> targetNames{
      "target",
      cl::desc("Hardware target(s), comma-separated (a100,h100,l4); short "
               "names pick the most common variant (--list-targets)"),
      cl::value_desc("name"), cl::CommaSeparated, cl::cat(targetCat)};
  cl::list<std::string> targetFiles{
      "target-file",
      cl::desc("Add the targets of a YAML file (lib/Targets/targets.yaml's "
               "format)"),
      cl::value_desc("file.yaml"), cl::cat(targetCat)};
  BoolFlag listTargets{"list-targets",
                       cl::desc("List the known targets and exit"),
                       cl::init(false), cl::cat(targetCat)};
  cl::opt<std::string> precisionFlag{
      "precision",
      cl::desc("Re-cost as if floats were fp64, fp32, tf32, bf16, fp16, fp8 "
               "or int8"),
      cl::value_desc("type"), cl::cat(targetCat)};
  cl::opt<std::string> fusionFlag{
      "fusion",
      cl::desc("none (each op a kernel, as eager PyTorch) or elementwise (as "
               "TensorRT, XLA, torch.compile)"),
      cl::value_desc("mode"), cl::init("none"), cl::cat(targetCat)};
  cl::opt<std::string> launchFlag{
      "launch",
      cl::desc("stream (the host launches each kernel, as eager PyTorch) or "
               "graph (kernels replayed from a captured CUDA graph, as "
               "torch.compile's reduce-overhead mode)"),
      cl::value_desc("mode"), cl::init("stream"), cl::cat(targetCat)};
  cl::opt<std::string> powerModelFlag{
      "power-model",
      cl::desc("physical (static + per FLOP and byte, capped at TDP) or tdp "
               "(TDP whenever held, as model cards count)"),
      cl::value_desc("model"), cl::init("physical"), cl::cat(targetCat)};
  cl::opt<std::string> regionName{
      "region",
      cl::desc("Where it runs: a country (france, us) or cloud region "
               "(us-central1, aws:us-east-1, azure:westeurope)"),
      cl::value_desc("name"), cl::cat(gridCat)};
  cl::opt<std::string> gridIntensityFlag{
      "grid-intensity",
      cl::desc("Grid carbon intensity in gCO2e/kWh (overrides --region's)"),
      cl::value_desc("g"), cl::cat(gridCat)};
  cl::opt<std::string> deploymentName{
      "deployment",
      cl::desc("Data center kind for the default PUE: hyperscale, "
               "ai-datacenter, industry-average, on-premise"),
      cl::value_desc("kind"), cl::cat(gridCat)};
  cl::opt<std::string> pueFlag{"pue",
                               cl::desc("Power usage effectiveness (>= 1)"),
                               cl::value_desc("p"), cl::cat(gridCat)};
  BoolFlag train{"train",
                 cl::desc("Estimate a training run (--tokens or "
                          "--samples)"),
                 cl::init(false), cl::cat(trainCat)};
  cl::opt<std::string> tokensFlag{
      "tokens", cl::desc("Tokens to train on (3e12, 300B, 1.2T)"),
      cl::value_desc("N"), cl::cat(trainCat)};
  cl::opt<std::string> samplesFlag{"samples",
                                   cl::desc("Samples per epoch (1.28M)"),
                                   cl::value_desc("N"), cl::cat(trainCat)};
  cl::opt<std::string> epochsFlag{"epochs",
                                  cl::desc("Epochs over --samples (default 1)"),
                                  cl::value_desc("E"), cl::cat(trainCat)};
  cl::opt<std::string> optimizerFlag{
      "optimizer", cl::desc("sgd, adam or adamw (default)"),
      cl::value_desc("name"), cl::init("adamw"), cl::cat(trainCat)};
  cl::opt<std::string> globalBatchFlag{
      "global-batch",
      cl::desc("Samples per optimizer step (default: one --batch per "
               "replica)"),
      cl::value_desc("N"), cl::cat(trainCat)};
  cl::opt<IntegerFlag> devicesFlag{
      "devices", cl::desc("Devices in the run (default 1)"),
      cl::value_desc("N"), cl::init(IntegerFlag{1}), cl::cat(trainCat)};
  cl::opt<IntegerFlag> pipelineStagesFlag{
      "pipeline-stages",
      cl::desc("Groups of layers a replica is split into (default: what "
               "holds the model)"),
      cl::value_desc("P"), cl::init(IntegerFlag{1}), cl::cat(trainCat)};
  cl::opt<IntegerFlag> tensorParallelFlag{
      "tensor-parallel",
      cl::desc("Devices each layer's matmuls are split over (training "
               "default: what holds the model, up to a node; inference: 1)"),
      cl::value_desc("T"), cl::init(IntegerFlag{1}), cl::cat(trainCat)};
  cl::opt<std::string> recomputeFlag{
      "recompute",
      cl::desc("Activation recomputation: none, selective (the attention "
               "core) or full (default: chosen with the layout)"),
      cl::value_desc("mode"), cl::init("none"), cl::cat(trainCat)};
  cl::opt<std::string> commOverlapFlag{
      "comm-overlap",
      cl::desc("Share of the last backward pass the all-reduce hides behind "
               "(default 1)"),
      cl::value_desc("f"), cl::cat(trainCat)};
  cl::opt<std::string> goodputFlag{
      "goodput",
      cl::desc("Share of the wall-clock that advances training (default 0.9)"),
      cl::value_desc("f"), cl::cat(trainCat)};
  cl::opt<IntegerFlag> trialsFlag{
      "trials", cl::desc("Runs of a hyper-parameter search"),
      cl::value_desc("N"), cl::init(IntegerFlag{1}), cl::cat(trainCat)};
  cl::opt<IntegerFlag> zeroStageFlag{
      "zero-stage",
      cl::desc("What the data-parallel replicas shard: 0 nothing (DDP, the "
               "default), 1 the optimizer states (Megatron's distributed "
               "optimizer), 2 also the gradients, 3 also the weights (FSDP "
               "FULL_SHARD)"),
      cl::value_desc("S"), cl::init(IntegerFlag{0}), cl::cat(trainCat)};
  cl::opt<std::string> requestsFlag{
      "requests", cl::desc("Requests (samples) to serve (1e9, 300M)"),
      cl::value_desc("N"), cl::cat(serveCat)};
  cl::opt<std::string> rateFlag{
      "rate", cl::desc("Requests per second, served for --days"),
      cl::value_desc("r"), cl::cat(serveCat)};
  cl::opt<std::string> daysFlag{"days", cl::desc("Days the deployment serves"),
                                cl::value_desc("d"), cl::cat(serveCat)};
  cl::opt<std::string> utilizationFlag{
      "utilization",
      cl::desc("Busy share of the serving devices (default 0.3)"),
      cl::value_desc("f"), cl::cat(serveCat)};
  cl::opt<std::string> generateFlag{
      "generate",
      cl::desc("Tokens each request generates after its prompt (the bound "
               "--dim seq): decode steps over a key-value cache"),
      cl::value_desc("N"), cl::cat(serveCat)};
  EnumFlag<ReportKind> report{
      "report",
      cl::desc("Print a report instead of the module"),
      cl::ValueOptional,
      cl::values(
          clEnumValN(ReportKind::Terminal, "", "for a terminal (--report)"),
          clEnumValN(ReportKind::Terminal, "terminal", "for a terminal"),
          clEnumValN(ReportKind::JSON, "json", "JSON (docs/report-schema.md)"),
          clEnumValN(ReportKind::CSV, "csv", "one row per op"),
          clEnumValN(ReportKind::Markdown, "md", "Markdown, for CI summaries"),
          clEnumValN(ReportKind::HTML, "html",
                     "one self-contained page with plots")),
      cl::init(ReportKind::None),
      cl::cat(reportCat)};
  cl::opt<std::string> colorFlag{
      "color", cl::desc("Colour in the terminal report: auto, always, never"),
      cl::value_desc("when"), cl::init("auto"), cl::cat(reportCat)};
  BoolFlag suggest{
      "suggest",
      cl::desc("Re-cost with cheaper choices and list the gains (default on)"),
      cl::init(true), cl::cat(reportCat)};
  cl::opt<std::string> outputFile{
      "o", cl::desc("Write to this file, atomically (default: stdout)"),
      cl::value_desc("file"), cl::init("-"), cl::cat(reportCat)};
  EnumFlag<Emit> emit{
      "emit", cl::desc("What to print without --report"),
      cl::values(clEnumValN(Emit::MLIR, "mlir", "the imported module")),
      cl::init(Emit::MLIR), cl::cat(reportCat)};
  cl::opt<std::string> budgetFlag{
      "budget",
      cl::desc("Limits: energy=500kWh,co2e=200kg,latency=5ms (names in "
               "docs/cli.md)"),
      cl::value_desc("limits"), cl::cat(budgetCat)};
  cl::opt<std::string> baselineFlag{
      "baseline", cl::desc("A saved --report=json to compare against"),
      cl::value_desc("old.json"), cl::cat(budgetCat)};
  cl::opt<std::string> maxIncreaseFlag{
      "max-increase",
      cl::desc("Allowed growth against --baseline: 5%, or "
               "energy=5%,latency=10%"),
      cl::value_desc("pct"), cl::cat(budgetCat)};
  cl::extrahelp examples{R"(
EXAMPLES
  carbon-opt model.onnx --target a100 --report
      cost, energy and emissions of one batch, with suggestions
  carbon-opt llama.onnx --dim seq=4096 --precision bf16 --target a100 \
      --train --tokens 2T --global-batch 1024 --region us --report
      a training run: device-hours, wall-clock, MFU, kWh, tCO2e
  carbon-opt llama.onnx --dim seq=512 --generate 256 --precision bf16 \
      --target h100 --requests 1e9
      LLM serving: time to first token, time per token, energy a request
  carbon-opt a.onnx b.onnx --target a100,h100 --report=md
      variants side by side, with changes against the first
  carbon-opt model.onnx --target h100 --report=json -o new.json \
      --baseline main.json --max-increase 5% --budget latency=5ms
      a CI gate: exit status 1 when a limit or the allowance is exceeded
  carbon-opt model.onnx --emit=mlir -o model.mlir
      the imported module; carbon-opt model.mlir --pass-pipeline=... runs
      it through passes (mlir-opt mode: carbon-opt x.mlir --help)
)"};
};
} // namespace

/// Reports a wrong flag value (badFlag) for helpers that return success.
static bool rejectFlag(llvm::StringRef flag, llvm::StringRef expects,
                       llvm::StringRef got) {
  badFlag(flag, expects, got);
  return false;
}

/// Adds the targets of every --target-file.
static bool loadTargetFiles(const DriverFlags &f, TargetDatabase &targets) {
  for (const std::string &file : f.targetFiles) {
    std::string error;
    if (!targets.addFile(file, error)) {
      llvm::WithColor::error() << error << "\n";
      return false;
    }
  }
  return true;
}

/// The targets --target names (one null target when none is named).
static bool lookUpTargets(const DriverFlags &f, const TargetDatabase &targets,
                          std::vector<const Target *> &chosenTargets) {
  for (const std::string &name : f.targetNames) {
    const Target *target = targets.lookup(name);
    if (!target) {
      llvm::WithColor::error() << targets.unknownTargetMessage(name)
                               << " (--list-targets lists them all)\n";
      return false;
    }
    if (!llvm::StringRef(name).equals_insensitive(target->name))
      llvm::WithColor::note() << "target '" << name << "' is " << target->name
                              << " (" << target->display << ")\n";
    chosenTargets.push_back(target);
  }
  if (chosenTargets.empty())
    chosenTargets.push_back(nullptr);

  return true;
}

/// --launch graph: each chosen target as it replays a captured graph, kept
/// in `replayed`.
static bool replayFromGraphs(std::vector<const Target *> &chosenTargets,
                             std::deque<Target> &replayed) {
  for (const Target *&target : chosenTargets) {
    if (!target)
      continue;
    std::optional<Target> graph = withGraphLaunches(*target);
    if (!graph) {
      llvm::WithColor::error()
          << "--launch graph: " << target->name
          << " has no published cost of a kernel replayed from a graph "
             "(graph_launch_overhead_us); --launch stream times host "
             "launches\n";
      return false;
    }
    replayed.push_back(std::move(*graph));
    target = &replayed.back();
  }
  return true;
}

/// The grid's carbon intensity and the facility's PUE.
static bool electricityInputs(const DriverFlags &f, const GridDatabase &grid,
                              EstimateInputs &base) {
  if (!f.regionName.empty()) {
    base.region = grid.lookupRegion(f.regionName);
    if (!base.region) {
      auto &err = llvm::WithColor::error();
      err << "unknown region '" << f.regionName << "'; closest:";
      for (const std::string &s : grid.suggestRegions(f.regionName))
        err << " " << s;
      err << "\n";
      return false;
    }
    base.gridSource = base.region->source;
  } else {
    // Without a region the world average, as CodeCarbon defaults to.
    base.region = grid.lookupRegion("world");
    base.gridSource = "no --region: world average, " + base.region->source;
  }
  base.gridIntensity = base.region->gramsPerKWh;
  if (!f.gridIntensityFlag.empty()) {
    double g;
    if (llvm::StringRef(f.gridIntensityFlag).getAsDouble(g) || !(g >= 0) ||
        !std::isfinite(g))
      return rejectFlag("grid-intensity", "a finite gCO2e/kWh >= 0",
                        f.gridIntensityFlag);
    base.gridIntensity = g;
    base.region = nullptr;
    base.gridSource = "--grid-intensity";
  }
  // Without --deployment: a cloud region is a hyperscale data center,
  // anything else the industry average.
  llvm::StringRef deploymentKind = f.deploymentName;
  if (deploymentKind.empty())
    deploymentKind = !f.regionName.empty() && base.region &&
                             base.region->name.find(':') != std::string::npos
                         ? "hyperscale"
                         : "industry-average";
  const Deployment *deployment = grid.lookupDeployment(deploymentKind);
  if (!deployment)
    return rejectFlag("deployment",
                      "hyperscale, ai-datacenter, industry-average or "
                      "on-premise",
                      deploymentKind);
  base.pue = deployment->pue;
  base.pueSource = deployment->name + ": " + deployment->source;
  if (!f.pueFlag.empty()) {
    double p;
    if (llvm::StringRef(f.pueFlag).getAsDouble(p) || !(p >= 1) ||
        !std::isfinite(p))
      return rejectFlag("pue", "a finite number >= 1", f.pueFlag);
    base.pue = p;
    base.pueSource = "--pue";
  }

  return true;
}

/// The training run and the deployment, when flags describe them.
static bool runInputs(const DriverFlags &f, EstimateInputs &base) {
  // Flags of a training run or a deployment mean nothing without one:
  // say so rather than ignore them.
  bool training = f.train || !f.tokensFlag.empty() || !f.samplesFlag.empty();
  bool serving =
      !f.requestsFlag.empty() || !f.rateFlag.empty() || !f.daysFlag.empty();
  for (auto [given, flag] :
       {std::pair{!f.epochsFlag.empty(), "epochs"},
        std::pair{!f.globalBatchFlag.empty(), "global-batch"},
        std::pair{f.devicesFlag.getNumOccurrences() > 0, "devices"},
        std::pair{f.pipelineStagesFlag.getNumOccurrences() > 0,
                  "pipeline-stages"},
        std::pair{f.recomputeFlag.getNumOccurrences() > 0, "recompute"},
        std::pair{!f.commOverlapFlag.empty(), "comm-overlap"},
        std::pair{!f.goodputFlag.empty(), "goodput"},
        std::pair{f.trialsFlag.getNumOccurrences() > 0, "trials"},
        std::pair{f.zeroStageFlag.getNumOccurrences() > 0, "zero-stage"},
        std::pair{f.optimizerFlag.getNumOccurrences() > 0, "optimizer"}})
    if (given && !training) {
      llvm::WithColor::error() << "--" << flag
                               << " describes a training run: add --train "
                                  "with --tokens or --samples\n";
      return false;
    }
  // Without --train, the devices an inference replica splits its ops over.
  if (f.tensorParallelFlag.getNumOccurrences() && !training) {
    if (f.tensorParallelFlag < 1)
      return rejectFlag("tensor-parallel", "a positive integer",
                        std::to_string(f.tensorParallelFlag));
    base.tensorParallel = f.tensorParallelFlag;
  }
  if (!f.utilizationFlag.empty() && !serving) {
    llvm::WithColor::error() << "--utilization describes a deployment: add "
                                "--requests, or --rate with --days\n";
    return false;
  }
  if (!f.tokensFlag.empty() && !f.samplesFlag.empty()) {
    llvm::WithColor::error() << "--tokens and --samples both size the run; "
                                "give one\n";
    return false;
  }
  if (!f.epochsFlag.empty() && f.samplesFlag.empty()) {
    llvm::WithColor::error() << "--epochs counts passes over --samples; give "
                                "--samples too\n";
    return false;
  }
  const char *countForm = "a positive count (3e12, 300B, 1.2T)";
  if (!f.generateFlag.empty()) {
    // Each decode step is costed one by one (its cache grows).
    constexpr double maxTokens = 1 << 20;
    std::optional<double> tokens;
    if (!parseFlag("generate", f.generateFlag, parseCount, countForm, tokens))
      return false;
    if (*tokens != std::floor(*tokens) || *tokens > maxTokens)
      return rejectFlag("generate", "a whole number of tokens up to 1M",
                        f.generateFlag);
    GenerationRun run;
    run.outputTokens = static_cast<int64_t>(*tokens);
    base.generation = run;
  }
  if (serving) {
    ServingRun run;
    if (!parseFlag("requests", f.requestsFlag, parseCount, countForm,
                   run.requests) ||
        !parseFlag("rate", f.rateFlag, parseCount,
                   "a positive rate in requests per second",
                   run.ratePerSecond) ||
        !parseFlag("days", f.daysFlag, parseCount, "a positive number of days",
                   run.days) ||
        !fractionFlag("utilization", f.utilizationFlag, /*allowZero=*/false,
                      run.utilization))
      return false;
    if (run.requests ? (run.ratePerSecond || run.days)
                     : !(run.ratePerSecond && run.days)) {
      llvm::WithColor::error()
          << "a deployment is --requests N, or --rate R with --days D\n";
      return false;
    }
    base.serving = run;
  }

  if (training) {
    TrainingRun run;
    std::optional<double> epochs;
    if (!parseFlag("tokens", f.tokensFlag, parseCount, countForm, run.tokens) ||
        !parseFlag("samples", f.samplesFlag, parseCount, countForm,
                   run.samples) ||
        !parseFlag("epochs", f.epochsFlag, parseCount, countForm, epochs) ||
        !parseFlag("global-batch", f.globalBatchFlag, parseCount, countForm,
                   run.globalBatch))
      return false;
    run.epochs = epochs.value_or(1);
    std::optional<Optimizer> optimizer = parseOptimizer(f.optimizerFlag);
    if (!optimizer)
      return rejectFlag("optimizer", "sgd, adam or adamw", f.optimizerFlag);
    run.optimizer = *optimizer;
    if (f.trialsFlag < 1) {
      llvm::WithColor::error() << "--trials expects a positive integer\n";
      return false;
    }
    for (auto [flag, option, out] :
         {std::tuple{"devices", &f.devicesFlag, &run.devices},
          std::tuple{"pipeline-stages", &f.pipelineStagesFlag,
                     &run.pipelineStages},
          std::tuple{"tensor-parallel", &f.tensorParallelFlag,
                     &run.tensorParallel}}) {
      if (!option->getNumOccurrences())
        continue;
      if (*option < 1)
        return rejectFlag(flag, "a positive integer", std::to_string(*option));
      *out = *option;
    }
    run.trials = f.trialsFlag;
    if (f.zeroStageFlag < 0 || f.zeroStageFlag > 3)
      return rejectFlag("zero-stage", "0, 1, 2 or 3",
                        std::to_string(f.zeroStageFlag));
    run.zeroStage = f.zeroStageFlag;
    if (f.recomputeFlag.getNumOccurrences()) {
      std::optional<Recompute> recompute = parseRecompute(f.recomputeFlag);
      if (!recompute)
        return rejectFlag("recompute", "none, selective or full",
                          f.recomputeFlag);
      run.recompute = *recompute;
    }
    if (!fractionFlag("comm-overlap", f.commOverlapFlag, /*allowZero=*/true,
                      run.commOverlap) ||
        !fractionFlag("goodput", f.goodputFlag, /*allowZero=*/false,
                      run.goodput))
      return false;
    base.training = run;
  }

  return true;
}

/// --budget, --baseline and --max-increase.
static bool limitInputs(const DriverFlags &f, std::vector<Budget> &budgets,
                        std::optional<Baseline> &baseline,
                        MaxIncrease &maxIncrease) {
  std::string limitError;
  if (!f.budgetFlag.empty() &&
      !parseBudgets(f.budgetFlag, budgets, limitError)) {
    llvm::WithColor::error() << limitError << "\n";
    return false;
  }
  if (!f.maxIncreaseFlag.empty() &&
      !parseMaxIncrease(f.maxIncreaseFlag, maxIncrease, limitError)) {
    llvm::WithColor::error() << limitError << "\n";
    return false;
  }
  if (!f.baselineFlag.empty()) {
    baseline.emplace();
    if (!readBaseline(f.baselineFlag, *baseline, limitError)) {
      llvm::WithColor::error() << limitError << "\n";
      return false;
    }
    if (f.maxIncreaseFlag.empty())
      maxIncrease.all = 0;
  } else if (!f.maxIncreaseFlag.empty()) {
    llvm::WithColor::error() << "--max-increase needs --baseline old.json\n";
    return false;
  }
  return true;
}

int carbon::runONNXDriver(int argc, char **argv) {
  // LLVM's own --color is a boolean for its diagnostics; the reports take
  // auto|always|never, so that one is replaced (diagnostics still colour
  // themselves when stderr is a terminal).
  if (cl::Option *llvmColor = cl::getRegisteredOptions().lookup("color"))
    llvmColor->removeArgument();
  DriverFlags f;
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  cl::HideUnrelatedOptions({&f.inputCat, &f.targetCat, &f.gridCat, &f.trainCat,
                            &f.serveCat, &f.reportCat, &f.budgetCat});
  // LLVM's option parser says "carbon-opt: for the --batch option: requires
  // a value!", partly through the stream it is given and partly straight to
  // stderr: both are caught and a bad flag is said as every other bad input
  // is, as an error:.
  std::string optionErrors;
  bool parsed;
  {
    llvm::raw_string_ostream optionErrorStream(optionErrors);
    StderrCapture capture;
    parsed = cl::ParseCommandLineOptions(
        argc, argv,
        "carbon-opt: what a neural network costs to train and to serve "
        "(FLOPs, bytes, time, energy, emissions), from the model file\n",
        &optionErrorStream);
    optionErrors = capture.release() + optionErrors;
  }
  if (!parsed) {
    llvm::SmallVector<llvm::StringRef> lines;
    llvm::StringRef(optionErrors).split(lines, '\n', -1, /*KeepEmpty=*/false);
    for (llvm::StringRef line : lines) {
      if (line.starts_with("error: ") || line.starts_with("note: ")) {
        llvm::errs() << line << "\n";
        continue;
      }
      line.consume_front("carbon-opt: ");
      (line.starts_with("Did you mean") ? llvm::WithColor::note()
                                        : llvm::WithColor::error())
          << line << "\n";
    }
    return 1;
  }
  llvm::errs() << optionErrors;

  TargetDatabase targets = TargetDatabase::builtin();
  if (!loadTargetFiles(f, targets))
    return 1;
  if (f.listTargets) {
    printTargetList(llvm::outs(), targets);
    return 0;
  }
  if (f.inputs.empty()) {
    llvm::WithColor::error() << "no model given (carbon-opt model.onnx ...; "
                                "--help lists the flags)\n";
    return 1;
  }
  std::vector<const Target *> chosenTargets;
  if (!lookUpTargets(f, targets, chosenTargets))
    return 1;

  EstimateInputs base;
  std::deque<Target> replayedTargets;
  if (f.launchFlag == "graph") {
    if (!replayFromGraphs(chosenTargets, replayedTargets))
      return 1;
    base.graphLaunch = true;
  } else if (f.launchFlag != "stream") {
    return badFlag("launch", "stream or graph", f.launchFlag);
  }
  std::optional<Precision> precision;
  if (!f.precisionFlag.empty()) {
    precision = parsePrecision(f.precisionFlag);
    if (!precision)
      return badFlag("precision", "fp64, fp32, tf32, bf16, fp16, fp8 or int8",
                     f.precisionFlag);
  }
  base.precision = precision;
  if (f.fusionFlag != "none" && f.fusionFlag != "elementwise")
    return badFlag("fusion", "none or elementwise", f.fusionFlag);
  if (f.powerModelFlag == "tdp")
    base.powerModel = PowerModel::TDP;
  else if (f.powerModelFlag != "physical")
    return badFlag("power-model", "physical or tdp", f.powerModelFlag);
  bool color;
  if (f.colorFlag == "always")
    color = true;
  else if (f.colorFlag == "never")
    color = false;
  else if (f.colorFlag == "auto")
    color = f.outputFile == "-" && llvm::sys::Process::StandardOutIsDisplayed();
  else
    return badFlag("color", "auto, always or never", f.colorFlag);

  const GridDatabase &grid = GridDatabase::builtin();
  if (!electricityInputs(f, grid, base))
    return 1;

  if (!runInputs(f, base))
    return 1;

  std::vector<Budget> budgets;
  std::optional<Baseline> baseline;
  MaxIncrease maxIncrease;
  if (!limitInputs(f, budgets, baseline, maxIncrease))
    return 1;
  bool gating = !budgets.empty() || baseline;
  // A target, a flag that changes what the model costs, a training run, a
  // deployment or a gate is a report; the terminal one unless another, or
  // the module (--emit=mlir), is asked for.
  bool costing =
      chosenTargets.front() != nullptr ||
      llvm::any_of(
          std::initializer_list<const cl::Option *>{
              &f.precisionFlag, &f.fusionFlag, &f.launchFlag, &f.powerModelFlag,
              &f.regionName, &f.gridIntensityFlag, &f.deploymentName,
              &f.pueFlag, &f.tensorParallelFlag},
          [](const cl::Option *o) { return o->getNumOccurrences(); });
  if (f.report == ReportKind::None && !f.emit.getNumOccurrences() &&
      (costing || base.training || base.serving || base.generation || gating ||
       chosenTargets.size() > 1 || f.inputs.size() > 1))
    f.report = ReportKind::Terminal;

  ONNXImportOptions importOptions;
  // Zero-size dims import (ONNX allows empty tensors), but a report of an
  // empty batch or sequence would divide by zero samples or tokens.
  bool reporting = f.report != ReportKind::None;
  for (const std::string &spec : f.dims) {
    if (!parseDimBinding(spec, importOptions))
      return badFlag("dim", "NAME=N with N >= 0", spec);
    if (reporting && importOptions.dimBindings.lookup(
                         llvm::StringRef(spec).split('=').first) == 0)
      return badFlag("dim", "NAME=N with N >= 1 in a report", spec);
  }
  if (f.defaultDim.getNumOccurrences()) {
    if (f.defaultDim < (reporting ? 1 : 0))
      return badFlag("default-dim", reporting ? "N >= 1 in a report" : "N >= 0",
                     std::to_string(f.defaultDim));
    importOptions.defaultDim = f.defaultDim;
  }
  std::optional<int64_t> batch;
  if (f.batchFlag.getNumOccurrences()) {
    if (f.batchFlag < 1)
      return badFlag("batch", "a positive integer",
                     std::to_string(f.batchFlag));
    batch = f.batchFlag;
  } else if (auto it = importOptions.dimBindings.find(f.batchDimFlag);
             it != importOptions.dimBindings.end()) {
    batch = it->second;
  } else if (reporting) {
    // The report's stated batch of one is the model's too.
    batch = 1;
  }
  importOptions.warnUnknownShapes = f.warnUnknownShapes;
  // A report of a model that is partly dynamic would count only the ops
  // before the first dynamic shape: it stops at the input instead.
  importOptions.requireStaticInputs = reporting;
  // Without --batch-dim, an exporter's own name for the batch dim (the one
  // named leading dim of every input) takes the batch.
  importOptions.batchDim = f.batchDimFlag;
  importOptions.inferBatchDim = !f.batchDimFlag.getNumOccurrences();

  // An MLIR input's shapes are its own: nothing rebinds them.
  for (const std::string &input : f.inputs)
    if (isMLIRPath(input) &&
        (!f.dims.empty() || f.defaultDim.getNumOccurrences() ||
         base.generation)) {
      llvm::WithColor::error()
          << input
          << ": an MLIR module's shapes are fixed: --dim, --default-dim "
             "and --generate rebind an ONNX model's dims (--batch N names "
             "the batch a module leads with)\n";
      return 1;
    }

  DialectRegistry registry;
  registerONNXImportDialects(registry);
  registerCarbonDialects(registry);
  // MLIR inputs may hold any upstream dialect the cost models know.
  registerAllDialects(registry);
  registerAllExtensions(registry);
  MLIRContext context(registry);
  ScopedDiagnosticHandler handler(&context, printONNXDiagnostic);
  // Without --seq-dim, the sequence dim is the first of the names exporters
  // give it that --dim binds (or, in an MLIR input, that it was imported
  // with).
  std::string seqDim = f.seqDimFlag;
  if (!f.seqDimFlag.getNumOccurrences())
    for (llvm::StringRef name : kSequenceDimNames)
      if (importOptions.dimBindings.count(name)) {
        seqDim = name.str();
        break;
      }
  ModelCache cache(context, importOptions, f.batchDimFlag, seqDim);
  CostOptions cost;
  if (precision)
    cost.floatBits = storageBits(*precision);
  cost.fuseElementwise = f.fusionFlag == "elementwise";
  base.fusion = cost.fuseElementwise;
  base.batch = batch.value_or(1);
  // A request's prompt is the bound seq; its decode steps bind it to 1.
  if (base.generation) {
    auto seq = importOptions.dimBindings.find(seqDim);
    if (seq == importOptions.dimBindings.end() || seq->second < 1) {
      llvm::WithColor::error()
          << "--generate needs each request's prompt length: bind the "
             "model's sequence dim with --dim "
          << seqDim << "=P\n";
      return 1;
    }
    base.generation->promptTokens = seq->second;
  }
  // A training step is one module pass: --batch samples of the bound seq.
  if (base.training) {
    base.training->samplesPerStep = base.batch;
    if (auto seq = importOptions.dimBindings.find(seqDim);
        seq != importOptions.dimBindings.end())
      base.training->tokensPerStep = base.batch * seq->second;
  }

  std::string text;
  llvm::raw_string_ostream out(text);
  std::vector<ModelReport> reports;
  for (const std::string &input : f.inputs) {
    Analysed *analysed = cache.get(input, batch, cost);
    if (!analysed)
      return 1;
    if (f.strict) {
      auto uncounted = analysed->analysis->getUncounted();
      for (const OpCostRecord *r : uncounted)
        emitError(r->op->getLoc()) << "not counted: " << r->reason;
      if (!uncounted.empty())
        return 1;
    }
    if (f.report == ReportKind::None) {
      analysed->module->print(out);
      out << "\n";
      continue;
    }
    // An MLIR input was sized at its import: its batch is the one it
    // recorded, which --batch cannot change.
    std::optional<int64_t> recordedBatch;
    if (isMLIRPath(input)) {
      auto recorded = llvm::find_if(analysed->boundDims, [&](const auto &d) {
        return d.first == analysed->batchDim;
      });
      if (recorded != analysed->boundDims.end())
        recordedBatch = recorded->second;
      if (recordedBatch && f.batchFlag.getNumOccurrences() &&
          *batch != *recordedBatch) {
        llvm::WithColor::error()
            << input << ": imported at a batch of " << *recordedBatch
            << " (onnx.dim_bindings), which --batch " << *batch
            << " cannot change: import the ONNX model again with --batch "
            << *batch << "\n";
        return 1;
      }
    }
    // A batch or a sequence length that sizes no input would still scale
    // the throughput, the energy per sample and the training steps. (A
    // model exported with a fixed batch takes that batch.)
    if (batch && *batch != 1 &&
        !sizesInput(*analysed, analysed->batchDim, *batch) &&
        !hasFixedBatch(*analysed, *batch)) {
      llvm::WithColor::error()
          << input << ": a batch of " << *batch << " sizes no input: no input "
          << "dim is named '" << f.batchDimFlag
          << "' (--batch-dim names the model's batch dim) and none leads with "
          << *batch << "\n";
      return 1;
    }
    // (Without a bound seq, the training estimate asks for one.)
    if (base.training && base.training->tokens &&
        base.training->tokensPerStep &&
        !sizesInput(*analysed, seqDim,
                    importOptions.dimBindings.lookup(seqDim))) {
      llvm::WithColor::error()
          << input << ": --tokens counts the tokens of a sequence dim, but no "
          << "input dim is named '" << seqDim
          << "' (--seq-dim names the model's sequence dim)\n";
      return 1;
    }
    if (!cache.bindDecodeStep(input, batch, cost, base))
      return 1;
    // (When ops are not counted, the estimate names the first.)
    if (base.generation && base.generation->promptTokens > 1 &&
        analysed->analysis->getUncounted().empty() &&
        base.generation->stepAnalysis->getTotals().forward.work.flops ==
            analysed->analysis->getTotals().forward.work.flops) {
      llvm::WithColor::error()
          << input << ": --generate: binding " << seqDim
          << " to one token changes nothing, so the model has no dim named "
          << seqDim << " to decode along (--seq-dim names it)\n";
      return 1;
    }
    EstimateInputs modelInputs = base;
    modelInputs.batchDim = analysed->batchDim;
    modelInputs.boundDims = analysed->boundDims;
    if (recordedBatch) {
      modelInputs.batch = *recordedBatch;
      if (modelInputs.training)
        modelInputs.training->samplesPerStep = *recordedBatch;
    }
    // An MLIR input's sequence length is the one it was imported with (it
    // takes no --dim, so nothing set tokensPerStep).
    if (modelInputs.training && !modelInputs.training->tokensPerStep)
      for (const auto &[name, value] : modelInputs.boundDims)
        if (name == seqDim || (!f.seqDimFlag.getNumOccurrences() &&
                               llvm::is_contained(kSequenceDimNames, name))) {
          modelInputs.training->tokensPerStep = modelInputs.batch * value;
          break;
        }
    if (isMLIRPath(input) && modelInputs.training &&
        modelInputs.training->tokens && !modelInputs.training->tokensPerStep) {
      llvm::WithColor::error()
          << input << ": --tokens needs the module's sequence length, and "
          << "it records none (no " << seqDim
          << " in onnx.dim_bindings); use --samples\n";
      return 1;
    }
    for (const Target *target : chosenTargets) {
      ModelReport r;
      r.path = input;
      r.opset = analysed->opset;
      r.analysis = analysed->analysis.get();
      r.inputs = modelInputs;
      r.inputs.target = target;
      std::string error;
      if (!estimateModel(*r.analysis, r.inputs, r.estimate, error)) {
        llvm::WithColor::error() << input << ": " << error << "\n";
        return 1;
      }
      std::string stem = llvm::sys::path::stem(input).str();
      r.label = f.inputs.size() > 1 && chosenTargets.size() > 1
                    ? stem + "@" + (target ? target->name : "none")
                : chosenTargets.size() > 1 ? (target ? target->name : "none")
                                           : stem;
      if (f.suggest && f.report != ReportKind::CSV) {
        findLargestBatch(r, cache, cost);
        findSuggestions(r, cache, cost, batch, grid);
      }
      reports.push_back(std::move(r));
    }
  }
  if (f.report != ReportKind::None) {
    RenderOptions render;
    render.color = color && f.report == ReportKind::Terminal;
    ReportFormat format =
        f.report == ReportKind::JSON       ? ReportFormat::JSON
        : f.report == ReportKind::CSV      ? ReportFormat::CSV
        : f.report == ReportKind::Markdown ? ReportFormat::Markdown
        : f.report == ReportKind::HTML     ? ReportFormat::HTML
                                           : ReportFormat::Terminal;
    writeReport(out, format, reports, render);
  }
  out.flush();
  if (f.outputFile == "-")
    llvm::outs() << text;
  else if (!writeAtomically(f.outputFile, text))
    return 1;
  llvm::outs().flush();
  if (gating) {
    unsigned violations =
        checkLimits(llvm::errs(), reports, budgets,
                    baseline ? &*baseline : nullptr, maxIncrease);
    if (violations)
      return 1;
  }
  return 0;
}
