//===- JSONReport.h - The --report=json document ----------------*- C++ -*-===//
//
// This file declares the writer of carbon-opt's JSON report; its schema is
// docs/report-schema.md.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_REPORT_JSONREPORT_H
#define CARBON_REPORT_JSONREPORT_H

#include "carbon/Analysis/CostAnalysis.h"
#include "carbon/Targets/Target.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace carbon {

/// The version of the report schema; bump on any incompatible change.
constexpr int kReportSchemaVersion = 1;

/// Writes the JSON report of one model; `target` may be null.
void writeJSONReport(llvm::raw_ostream &os, llvm::StringRef modelPath,
                     const CostAnalysis &analysis, const Target *target);

} // namespace carbon

#endif // CARBON_REPORT_JSONREPORT_H
