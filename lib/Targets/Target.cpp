//===- Target.cpp - Hardware targets and their published figures -*- C++ -*-//
//
// This file reads target databases with LLVM's YAML I/O and looks targets
// up by name, alias or closest spelling. Figures in YAML are in the units
// datasheets use (TFLOP/s, GB, GB/s, MB, W); they are converted to base
// units here.
//
//===----------------------------------------------------------------------===//

#include "carbon/Targets/Target.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"

#include <algorithm>
#include <cmath>

using namespace carbon;
using llvm::StringRef;

namespace {
/// The YAML shape of one target, in datasheet units.
struct TargetRecord {
  std::string name, display, kind;
  std::vector<std::string> aliases;
  std::optional<int> year;
  struct Peak {
    std::optional<double> vector, matrix;
  };
  std::map<std::string, Peak> peakTflops;
  std::optional<double> allReduceLatencyUs;
  std::optional<double> memoryGB, bandwidthGBs, cacheMB, interconnectGBs, tdpW,
      idleW, memoryPjPerBit, embodiedKg, lifeYears, launchUs, graphLaunchUs;
  struct Node {
    std::string name;
    std::optional<int> devices;
    std::optional<double> overheadW, networkGBs;
  };
  std::optional<Node> node;
  struct Point {
    double macs = 0, efficiency = 0;
  };
  struct Efficiency {
    std::optional<double> matrix, vector, memory;
    std::vector<Point> matrixByMacs;
  };
  std::optional<Efficiency> efficiency;
  std::map<std::string, std::string> sources;
};
} // namespace

LLVM_YAML_IS_SEQUENCE_VECTOR(TargetRecord)
LLVM_YAML_IS_FLOW_SEQUENCE_VECTOR(TargetRecord::Point)

namespace llvm::yaml {
template <> struct MappingTraits<TargetRecord::Peak> {
  static void mapping(IO &io, TargetRecord::Peak &p) {
    io.mapOptional("vector", p.vector);
    io.mapOptional("matrix", p.matrix);
  }
};
/// Maps keyed by string (peaks by precision, sources by field).
template <typename T> struct CustomMappingTraits<std::map<std::string, T>> {
  static void inputOne(IO &io, StringRef key, std::map<std::string, T> &map) {
    io.mapRequired(key.str().c_str(), map[key.str()]);
  }
  static void output(IO &io, std::map<std::string, T> &map) {
    for (auto &[key, value] : map)
      io.mapRequired(key.c_str(), value);
  }
};
template <> struct MappingTraits<TargetRecord::Node> {
  static void mapping(IO &io, TargetRecord::Node &n) {
    io.mapRequired("name", n.name);
    io.mapOptional("devices", n.devices);
    io.mapOptional("overhead_w", n.overheadW);
    io.mapOptional("network_gbs", n.networkGBs);
  }
};
template <> struct MappingTraits<TargetRecord::Point> {
  static void mapping(IO &io, TargetRecord::Point &p) {
    io.mapRequired("macs", p.macs);
    io.mapRequired("efficiency", p.efficiency);
  }
};
template <> struct MappingTraits<TargetRecord::Efficiency> {
  static void mapping(IO &io, TargetRecord::Efficiency &e) {
    io.mapOptional("matrix", e.matrix);
    io.mapOptional("matrix_by_macs", e.matrixByMacs);
    io.mapOptional("vector", e.vector);
    io.mapOptional("memory", e.memory);
  }
};
template <> struct MappingTraits<TargetRecord> {
  static void mapping(IO &io, TargetRecord &t) {
    io.mapRequired("name", t.name);
    io.mapOptional("display", t.display);
    io.mapOptional("aliases", t.aliases);
    io.mapOptional("kind", t.kind);
    io.mapOptional("year", t.year);
    io.mapOptional("peak_tflops", t.peakTflops);
    io.mapOptional("memory_gb", t.memoryGB);
    io.mapOptional("memory_bandwidth_gbs", t.bandwidthGBs);
    io.mapOptional("cache_mb", t.cacheMB);
    io.mapOptional("interconnect_gbs", t.interconnectGBs);
    io.mapOptional("allreduce_latency_us", t.allReduceLatencyUs);
    io.mapOptional("tdp_w", t.tdpW);
    io.mapOptional("idle_w", t.idleW);
    io.mapOptional("memory_pj_per_bit", t.memoryPjPerBit);
    io.mapOptional("node", t.node);
    io.mapOptional("embodied_kgco2e", t.embodiedKg);
    io.mapOptional("service_life_years", t.lifeYears);
    io.mapOptional("efficiency", t.efficiency);
    io.mapOptional("launch_overhead_us", t.launchUs);
    io.mapOptional("graph_launch_overhead_us", t.graphLaunchUs);
    io.mapOptional("sources", t.sources);
  }
};
} // namespace llvm::yaml

StringRef carbon::precisionName(Precision p) {
  switch (p) {
  case Precision::FP64:
    return "fp64";
  case Precision::FP32:
    return "fp32";
  case Precision::TF32:
    return "tf32";
  case Precision::FP16:
    return "fp16";
  case Precision::BF16:
    return "bf16";
  case Precision::FP8:
    return "fp8";
  case Precision::INT8:
    return "int8";
  }
  return "";
}

const std::vector<Precision> &carbon::allPrecisions() {
  static const std::vector<Precision> all = {
      Precision::FP64, Precision::FP32, Precision::TF32, Precision::FP16,
      Precision::BF16, Precision::FP8,  Precision::INT8};
  return all;
}

std::optional<Precision> carbon::parsePrecision(StringRef name) {
  for (Precision p : allPrecisions())
    if (name.equals_insensitive(precisionName(p)))
      return p;
  return std::nullopt;
}

static std::optional<double> scaled(std::optional<double> v, double factor) {
  return v ? std::optional<double>(*v * factor) : std::nullopt;
}

/// Figures of a target file: YAML reads 1e400 as infinity and lets NaN
/// compare false both ways, so each range check also asks for finite.
static bool isPositiveFinite(double v) { return v > 0 && std::isfinite(v); }
static bool isNonNegativeFinite(double v) { return v >= 0 && std::isfinite(v); }

bool TargetDatabase::addYAML(StringRef yaml, StringRef bufferName,
                             std::string &error) {
  std::vector<TargetRecord> records;
  std::string diagnostics;
  llvm::raw_string_ostream diagStream(diagnostics);
  llvm::yaml::Input in(yaml, nullptr,
                       [](const llvm::SMDiagnostic &d, void *ctx) {
                         d.print(nullptr, *static_cast<llvm::raw_ostream *>(ctx),
                                 /*ShowColors=*/false);
                       },
                       &diagStream);
  in >> records;
  if (in.error()) {
    error = diagnostics.empty() ? "not a list of targets" : diagnostics;
    return false;
  }
  for (TargetRecord &r : records) {
    if (r.name.empty()) {
      error = "a target has no name";
      return false;
    }
    std::vector<std::string> names = {r.name};
    names.insert(names.end(), r.aliases.begin(), r.aliases.end());
    for (const std::string &n : names)
      if (lookup(n)) {
        error = "target name '" + n + "' is already taken";
        return false;
      }
    Target t;
    t.name = r.name;
    t.display = r.display.empty() ? r.name : r.display;
    t.aliases = r.aliases;
    t.kind = r.kind;
    t.year = r.year;
    for (auto &[key, peak] : r.peakTflops) {
      std::optional<Precision> p = parsePrecision(key);
      if (!p) {
        error = "target '" + r.name + "': unknown precision '" + key +
                "' (fp64, fp32, tf32, fp16, bf16, fp8, int8)";
        return false;
      }
      for (auto [unit, value] :
           {std::pair{"vector", peak.vector}, std::pair{"matrix", peak.matrix}})
        if (value && !isPositiveFinite(*value)) {
          error = "target '" + r.name + "': peak_tflops." + key + "." + unit +
                  " must be positive and finite";
          return false;
        }
      t.peaks[*p] = {scaled(peak.vector, 1e12), scaled(peak.matrix, 1e12)};
    }
    t.memoryCapacity = scaled(r.memoryGB, 1e9);
    t.memoryBandwidth = scaled(r.bandwidthGBs, 1e9);
    t.cacheBytes = scaled(r.cacheMB, 1e6);
    t.interconnectBandwidth = scaled(r.interconnectGBs, 1e9);
    t.allReduceLatencySeconds = scaled(r.allReduceLatencyUs, 1e-6);
    t.tdpWatts = r.tdpW;
    t.idleWatts = r.idleW;
    if (t.idleWatts && t.tdpWatts && *t.idleWatts >= *t.tdpWatts) {
      error = "target '" + r.name + "': idle_w must be below tdp_w";
      return false;
    }
    // Figures that must be positive (a zero bandwidth or energy would
    // divide by zero or price work at nothing) and finite (YAML reads 1e400
    // as infinity, which would make memory free).
    for (auto [key, value] :
         {std::pair{"memory_gb", r.memoryGB}, std::pair{"cache_mb", r.cacheMB},
          std::pair{"memory_bandwidth_gbs", r.bandwidthGBs},
          std::pair{"tdp_w", r.tdpW},
          std::pair{"memory_pj_per_bit", r.memoryPjPerBit},
          std::pair{"interconnect_gbs", r.interconnectGBs},
          std::pair{"allreduce_latency_us", r.allReduceLatencyUs},
          std::pair{"launch_overhead_us", r.launchUs},
          std::pair{"graph_launch_overhead_us", r.graphLaunchUs},
          std::pair{"service_life_years", r.lifeYears}})
      if (value && !isPositiveFinite(*value)) {
        error =
            "target '" + r.name + "': " + key + " must be positive and finite";
        return false;
      }
    for (auto [key, value] : {std::pair{"idle_w", r.idleW},
                              std::pair{"embodied_kgco2e", r.embodiedKg}})
      if (value && !isNonNegativeFinite(*value)) {
        error = "target '" + r.name + "': " + key +
                " must not be negative and must be finite";
        return false;
      }
    t.memoryJoulesPerByte = scaled(r.memoryPjPerBit, 8e-12);
    if (r.node) {
      if (r.node->devices && *r.node->devices < 1) {
        error = "target '" + r.name + "': node.devices must be at least 1";
        return false;
      }
      if ((r.node->overheadW && !isNonNegativeFinite(*r.node->overheadW)) ||
          (r.node->networkGBs && !isPositiveFinite(*r.node->networkGBs))) {
        error = "target '" + r.name +
                "': node.overhead_w must not be negative and "
                "node.network_gbs must be positive (both finite)";
        return false;
      }
      t.node = {r.node->name, r.node->devices, r.node->overheadW,
                scaled(r.node->networkGBs, 1e9)};
    }
    t.embodiedKgCO2e = r.embodiedKg;
    t.serviceLifeYears = r.lifeYears;
    if (r.efficiency) {
      for (auto [name, value] : {std::pair{"matrix", r.efficiency->matrix},
                                 std::pair{"vector", r.efficiency->vector},
                                 std::pair{"memory", r.efficiency->memory}})
        if (value && !(*value > 0 && *value <= 1)) {
          error = "target '" + r.name + "': efficiency." + name +
                  " must be in (0, 1]";
          return false;
        }
      double lastMacs = 0;
      for (const TargetRecord::Point &p : r.efficiency->matrixByMacs) {
        if (!(p.macs > lastMacs && isPositiveFinite(p.macs)) ||
            !(p.efficiency > 0 && p.efficiency <= 1)) {
          error = "target '" + r.name +
                  "': efficiency.matrix_by_macs needs increasing MACs and "
                  "efficiencies in (0, 1]";
          return false;
        }
        lastMacs = p.macs;
        t.matrixEfficiencyByMacs.emplace_back(p.macs, p.efficiency);
      }
      t.matrixEfficiency = r.efficiency->matrix;
      t.vectorEfficiency = r.efficiency->vector;
      t.memoryEfficiency = r.efficiency->memory;
    }
    t.launchOverheadSeconds = scaled(r.launchUs, 1e-6);
    t.graphLaunchOverheadSeconds = scaled(r.graphLaunchUs, 1e-6);
    t.sources = r.sources;
    targets.push_back(std::move(t));
  }
  (void)bufferName;
  return true;
}

std::optional<Target> carbon::withGraphLaunches(const Target &target) {
  if (!target.graphLaunchOverheadSeconds)
    return std::nullopt;
  Target replayed = target;
  replayed.launchOverheadSeconds = target.graphLaunchOverheadSeconds;
  return replayed;
}

std::optional<double> carbon::matrixEfficiencyFor(const Target &target,
                                                  double macs) {
  const auto &points = target.matrixEfficiencyByMacs;
  if (points.empty())
    return target.matrixEfficiency;
  if (macs <= points.front().first)
    return points.front().second;
  if (macs >= points.back().first)
    return points.back().second;
  for (size_t i = 1; i < points.size(); ++i)
    if (macs <= points[i].first) {
      double x0 = std::log(points[i - 1].first), x1 = std::log(points[i].first);
      double t = (std::log(macs) - x0) / (x1 - x0);
      return points[i - 1].second + t * (points[i].second - points[i - 1].second);
    }
  return points.back().second;
}

bool carbon::matchesName(StringRef name, StringRef canonical,
                         const std::vector<std::string> &aliases) {
  return name.equals_insensitive(canonical) ||
         llvm::any_of(aliases, [&](const std::string &alias) {
           return name.equals_insensitive(alias);
         });
}

const Target *TargetDatabase::lookup(StringRef name) const {
  for (const Target &t : targets)
    if (matchesName(name, t.name, t.aliases))
      return &t;
  return nullptr;
}

std::vector<std::string>
carbon::closestNames(StringRef name, const std::vector<std::string> &candidates,
                     unsigned limit) {
  std::vector<std::pair<unsigned, std::string>> scored;
  std::string lower = name.lower();
  for (const std::string &candidate : candidates)
    scored.emplace_back(StringRef(candidate).edit_distance(lower), candidate);
  std::stable_sort(scored.begin(), scored.end(),
                   [](auto &a, auto &b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (auto &[distance, candidate] : scored)
    if (out.size() < limit)
      out.push_back(candidate);
  return out;
}

std::vector<std::string> TargetDatabase::suggest(StringRef name,
                                                 unsigned limit) const {
  std::vector<std::string> names;
  for (const Target &t : targets) {
    names.push_back(t.name);
    names.insert(names.end(), t.aliases.begin(), t.aliases.end());
  }
  return closestNames(name, names, limit);
}

std::string TargetDatabase::unknownTargetMessage(StringRef name) const {
  std::string message = "unknown target '" + name.str() + "'; closest:";
  for (const std::string &s : suggest(name))
    message += " " + s;
  return message;
}

bool TargetDatabase::addFile(StringRef path, std::string &error) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer) {
    error = path.str() + ": cannot read: " + buffer.getError().message();
    return false;
  }
  if (!addYAML((*buffer)->getBuffer(), path, error)) {
    error = path.str() + ": " + error;
    return false;
  }
  return true;
}
