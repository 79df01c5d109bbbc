//===- Passes.h - carbon passes ---------------------------------*- C++ -*-===//
//
// This file declares the passes of carbon-opt and their registration.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_TRANSFORMS_PASSES_H
#define CARBON_TRANSFORMS_PASSES_H

#include "carbon/Analysis/Training.h"
#include "carbon/Dialect/Carbon/CarbonDialect.h"

#include "mlir/Pass/Pass.h"

namespace carbon {

#define GEN_PASS_DECL
#include "carbon/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "carbon/Transforms/Passes.h.inc"

} // namespace carbon

#endif // CARBON_TRANSFORMS_PASSES_H
