//===- Grid.cpp - Grid carbon intensity and PUE -----------------*- C++ -*-===//
//
// This file reads regions.yaml with LLVM's YAML I/O and looks regions and
// deployment kinds up by name or alias.
//
//===----------------------------------------------------------------------===//

#include "carbon/Targets/Grid.h"
#include "carbon/Targets/Target.h"

#include "llvm/Support/YAMLTraits.h"


using namespace carbon;
using llvm::StringRef;

namespace {
struct GridFile {
  std::vector<GridRegion> regions;
  std::vector<Deployment> deployments;
};
} // namespace

LLVM_YAML_IS_SEQUENCE_VECTOR(GridRegion)
LLVM_YAML_IS_SEQUENCE_VECTOR(Deployment)

namespace llvm::yaml {
template <> struct MappingTraits<GridRegion> {
  static void mapping(IO &io, GridRegion &r) {
    io.mapRequired("name", r.name);
    io.mapOptional("aliases", r.aliases);
    io.mapOptional("location", r.location);
    io.mapRequired("g_per_kwh", r.gramsPerKWh);
    io.mapOptional("year", r.year);
    io.mapRequired("source", r.source);
  }
};
template <> struct MappingTraits<Deployment> {
  static void mapping(IO &io, Deployment &d) {
    io.mapRequired("name", d.name);
    io.mapRequired("pue", d.pue);
    io.mapRequired("source", d.source);
  }
};
template <> struct MappingTraits<GridFile> {
  static void mapping(IO &io, GridFile &f) {
    io.mapOptional("regions", f.regions);
    io.mapOptional("deployments", f.deployments);
  }
};
} // namespace llvm::yaml

bool GridDatabase::addYAML(StringRef yaml, std::string &error) {
  GridFile file;
  llvm::yaml::Input in(yaml);
  in >> file;
  if (in.error()) {
    error = "malformed regions file";
    return false;
  }
  for (GridRegion &r : file.regions) {
    if (r.gramsPerKWh < 0) {
      error = "region '" + r.name + "' has a negative carbon intensity";
      return false;
    }
    regionList.push_back(std::move(r));
  }
  for (Deployment &d : file.deployments) {
    if (d.pue < 1) {
      error = "deployment '" + d.name + "' has a PUE below 1";
      return false;
    }
    deploymentList.push_back(std::move(d));
  }
  return true;
}

const GridRegion *GridDatabase::lookupRegion(StringRef name) const {
  for (const GridRegion &r : regionList)
    if (matchesName(name, r.name, r.aliases))
      return &r;
  return nullptr;
}

const Deployment *GridDatabase::lookupDeployment(StringRef name) const {
  for (const Deployment &d : deploymentList)
    if (name.equals_insensitive(d.name))
      return &d;
  return nullptr;
}

std::vector<std::string> GridDatabase::suggestRegions(StringRef name,
                                                      unsigned limit) const {
  std::vector<std::string> names;
  for (const GridRegion &r : regionList)
    names.push_back(r.name);
  return closestNames(name, names, limit);
}
