//===- JSONReport.h - The --report=json document ----------------*- C++ -*-===//
//
// This file declares the writer of carbon-opt's JSON report; its schema is
// docs/report-schema.md.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_REPORT_JSONREPORT_H
#define CARBON_REPORT_JSONREPORT_H

#include "carbon/Analysis/CostAnalysis.h"
#include "carbon/Analysis/Training.h"
#include "carbon/Targets/Grid.h"
#include "carbon/Targets/Target.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace carbon {

/// The version of the report schema; bump on any incompatible change.
constexpr int kReportSchemaVersion = 1;

/// What a report is about beyond the analysis.
struct ReportInputs {
  llvm::StringRef modelPath;
  /// The hardware target, or null.
  const Target *target = nullptr;
  /// The precision the model is re-costed in (--precision), if any.
  std::optional<Precision> precision;
  /// Samples per forward pass (--batch), for throughput.
  std::optional<int64_t> batch;
  /// The grid (--region, or --grid-intensity alone) and the PUE in use.
  const GridRegion *region = nullptr;
  std::optional<double> gridIntensity;
  double pue = 1;
  std::string pueSource;
  /// The training run (--train), when one is asked for.
  std::optional<TrainingRun> training;
  std::optional<TrainingEstimate> trainingEstimate;
};

/// Writes the JSON report of one model.
void writeJSONReport(llvm::raw_ostream &os, const ReportInputs &inputs,
                     const CostAnalysis &analysis);

} // namespace carbon

#endif // CARBON_REPORT_JSONREPORT_H
