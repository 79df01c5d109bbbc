//===- Grid.h - Grid carbon intensity and PUE -------------------*- C++ -*-===//
//
// This file declares the electricity data of the emissions model: the
// carbon intensity of the grid in countries and cloud regions, and the PUE
// of deployment kinds, each with its source and year. The built-in data is
// lib/Targets/regions.yaml, compiled into the binary.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_TARGETS_GRID_H
#define CARBON_TARGETS_GRID_H

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace carbon {

/// The grid where a job runs.
struct GridRegion {
  /// usa, france, gcp:us-central1, aws:us-east-1, azure:westeurope, ...
  std::string name;
  std::vector<std::string> aliases;
  std::string location;
  /// Carbon intensity of the electricity, gCO2e per kWh.
  double gramsPerKWh = 0;
  std::optional<int> year;
  std::string source;
};

/// A kind of data center, with its power usage effectiveness.
struct Deployment {
  std::string name;
  double pue = 1;
  std::string source;
};

class GridDatabase {
public:
  static const GridDatabase &builtin();
  bool addYAML(llvm::StringRef yaml, std::string &error);

  const GridRegion *lookupRegion(llvm::StringRef name) const;
  const Deployment *lookupDeployment(llvm::StringRef name) const;
  /// Region names closest to `name`, best first.
  std::vector<std::string> suggestRegions(llvm::StringRef name,
                                          unsigned limit = 3) const;
  const std::vector<GridRegion> &regions() const { return regionList; }
  const std::vector<Deployment> &deployments() const { return deploymentList; }

private:
  std::vector<GridRegion> regionList;
  std::vector<Deployment> deploymentList;
};

} // namespace carbon

#endif // CARBON_TARGETS_GRID_H
