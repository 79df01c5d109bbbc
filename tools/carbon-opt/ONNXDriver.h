//===- ONNXDriver.h - carbon-opt on ONNX models -----------------*- C++ -*-===//
//
// This file declares carbon-opt's ONNX mode (import, cost, report, gate).
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_TOOLS_CARBON_OPT_ONNXDRIVER_H
#define CARBON_TOOLS_CARBON_OPT_ONNXDRIVER_H

namespace carbon {
/// Runs carbon-opt on the ONNX models of the command line; the exit status.
int runONNXDriver(int argc, char **argv);
} // namespace carbon

#endif // CARBON_TOOLS_CARBON_OPT_ONNXDRIVER_H
