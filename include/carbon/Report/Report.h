//===- Report.h - carbon-opt's reports and budgets --------------*- C++ -*-===//
//
// This file declares what every report renders: one estimated model (or
// several, side by side), its headline metrics, the suggestions re-costing
// found, and the budgets and baselines a CI job gates on. The formats are
// the terminal, JSON (docs/report-schema.md), CSV, Markdown and HTML.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_REPORT_REPORT_H
#define CARBON_REPORT_REPORT_H

#include "carbon/Analysis/CostAnalysis.h"
#include "carbon/Analysis/Estimate.h"
#include "carbon/Report/Units.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <vector>

namespace carbon {

/// A change that re-costing the model found cheaper, e.g. "bf16" lowers
/// "energy per sample" by 41%.
struct Suggestion {
  /// What to change, as the flags that do it would say it: "bf16",
  /// "batch 8", "region gcp:europe-north1".
  std::string change;
  /// The metric it lowers (a MetricDef name) and the relative change.
  std::string metric;
  double ratio = 0;
};

/// One estimated model on one target.
struct ModelReport {
  std::string path;
  /// The column name in comparisons: the file's stem, or the target.
  std::string label;
  /// ONNX opset of the default domain, when the model says.
  std::optional<int64_t> opset;
  EstimateInputs inputs;
  const CostAnalysis *analysis = nullptr;
  Estimate estimate;
  std::vector<Suggestion> suggestions;
};

/// The run a metric is a figure of, beyond the model and a target.
enum class MetricRun { Any, Training, Serving, Generation, TrainingOrServing };

/// A headline metric: what budgets, baselines and comparisons speak of.
struct MetricDef {
  /// The --budget name (energy, co2e, latency, ...).
  llvm::StringRef name;
  /// Its key in the report's `summary` and the unit that key is in, as
  /// base units of `dimension` per unit (kWh: 3.6e6 J).
  llvm::StringRef key;
  double unitScale;
  Dimension dimension;
  llvm::StringRef label;
  bool higherIsBetter;
  /// The flags it needs (metricAbsence says which are missing).
  MetricRun run = MetricRun::Any;
};

/// Every metric, in report order.
llvm::ArrayRef<MetricDef> metricDefs();
const MetricDef *lookupMetric(llvm::StringRef name);
/// The value of `metric` in its base unit; absent when the report does not
/// have it (no target, no --train, a missing figure).
std::optional<double> metricValue(const ModelReport &report,
                                  const MetricDef &metric);
/// Why `report` has no value of `metric` (metricValue absent): the flag it
/// needs, or the figure the model or target lacks.
std::string metricAbsence(const ModelReport &report, const MetricDef &metric);

enum class ReportFormat { Terminal, JSON, CSV, Markdown, HTML };

struct RenderOptions {
  /// ANSI colours in the terminal report.
  bool color = false;
  /// Rows of the top-ops table.
  unsigned topOps = 10;
};

/// Writes `reports` in `format`: one report, or with several a side-by-side
/// comparison with deltas against the first.
void writeReport(llvm::raw_ostream &os, ReportFormat format,
                 llvm::ArrayRef<ModelReport> reports,
                 const RenderOptions &options);

/// The version of the JSON report schema; bump on any incompatible change.
constexpr int kReportSchemaVersion = 3;

/// The JSON document of one report (docs/report-schema.md), and of a
/// comparison (its rows, then every report).
void writeJSONReport(llvm::raw_ostream &os, const ModelReport &report);
void writeJSONComparison(llvm::raw_ostream &os,
                         llvm::ArrayRef<ModelReport> reports);
void writeTerminalReport(llvm::raw_ostream &os, const ModelReport &report,
                         const RenderOptions &options);
void writeCSVReport(llvm::raw_ostream &os, const ModelReport &report);
void writeMarkdownReport(llvm::raw_ostream &os, const ModelReport &report,
                         const RenderOptions &options);
void writeHTMLReport(llvm::raw_ostream &os,
                     llvm::ArrayRef<ModelReport> reports);
void writeComparison(llvm::raw_ostream &os, ReportFormat format,
                     llvm::ArrayRef<ModelReport> reports,
                     const RenderOptions &options);

/// One --budget limit.
struct Budget {
  const MetricDef *metric = nullptr;
  /// In the metric's base unit.
  double limit = 0;
  std::string text;
};

/// Parses `energy=500kWh,co2e=200kg,latency=5ms`; fails with `error`
/// naming the bad part and what is accepted.
bool parseBudgets(llvm::StringRef spec, std::vector<Budget> &budgets,
                  std::string &error);

/// Allowed growth per metric against a baseline: one fraction for all
/// (5%) or per metric (energy=5%,latency=10%).
struct MaxIncrease {
  std::optional<double> all;
  std::vector<std::pair<const MetricDef *, double>> perMetric;
};
bool parseMaxIncrease(llvm::StringRef spec, MaxIncrease &out,
                      std::string &error);

/// The `summary` of a saved JSON report: metric values in base units.
struct Baseline {
  std::string path;
  std::vector<std::pair<const MetricDef *, double>> values;
};
bool readBaseline(llvm::StringRef path, Baseline &baseline, std::string &error);

/// Checks every report against the budgets and the baseline; writes one
/// line per violation and returns how many there were.
unsigned checkLimits(llvm::raw_ostream &os, llvm::ArrayRef<ModelReport> reports,
                     llvm::ArrayRef<Budget> budgets, const Baseline *baseline,
                     const MaxIncrease &maxIncrease);

} // namespace carbon

#endif // CARBON_REPORT_REPORT_H
