//===- JSONReport.h - The --report=json document ----------------*- C++ -*-===//
//
// This file declares the writer of carbon-opt's JSON report; its schema is
// docs/report-schema.md.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_REPORT_JSONREPORT_H
#define CARBON_REPORT_JSONREPORT_H

#include "carbon/Analysis/CostAnalysis.h"
#include "carbon/Analysis/Estimate.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace carbon {

/// The version of the report schema; bump on any incompatible change.
constexpr int kReportSchemaVersion = 2;

/// What a report is about beyond the analysis.
struct ReportInputs {
  llvm::StringRef modelPath;
  /// What the estimate was told, and the estimate itself.
  const EstimateInputs *estimateInputs = nullptr;
  const Estimate *estimate = nullptr;
};

/// Writes the JSON report of one model.
void writeJSONReport(llvm::raw_ostream &os, const ReportInputs &inputs,
                     const CostAnalysis &analysis);

} // namespace carbon

#endif // CARBON_REPORT_JSONREPORT_H
