//===- CostOpInterface.cpp - Ops that report their cost ---------*- C++ -*-===//
//
// This file holds the generated definitions of CostOpInterface.
//
//===----------------------------------------------------------------------===//

#include "carbon/Interfaces/CostOpInterface.h"

#include "carbon/Interfaces/CostOpInterface.cpp.inc"
