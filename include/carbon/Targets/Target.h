//===- Target.h - Hardware targets and their published figures --*- C++ -*-===//
//
// This file declares the hardware targets the cost model runs on: peak
// throughput per element type, memory, cache, interconnect, power and
// embodied carbon, each figure optional and sourced. The built-in database
// is lib/Targets/targets.yaml, compiled into the binary; users add targets
// with --target-file.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_TARGETS_TARGET_H
#define CARBON_TARGETS_TARGET_H

#include "llvm/ADT/StringRef.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace carbon {

/// Element types a target's peaks are published for.
enum class Precision { FP64, FP32, TF32, FP16, BF16, FP8, INT8 };

/// The spelling of a precision in target files and on the command line.
llvm::StringRef precisionName(Precision p);
std::optional<Precision> parsePrecision(llvm::StringRef name);
/// Every precision, in declaration order.
const std::vector<Precision> &allPrecisions();

/// Dense peak throughput of one element type, in FLOP/s (OP/s for int8):
/// on the vector units, and on the matrix units (tensor cores, MXUs, AMX),
/// which only contractions use.
struct PeakThroughput {
  std::optional<double> vector;
  std::optional<double> matrix;
};

/// One hardware target. Every figure is optional: a target states what its
/// sources support, and a figure without a source is absent, not guessed.
struct Target {
  /// Canonical name, e.g. nvidia-a100-sxm4-40gb.
  std::string name;
  /// Name for people, e.g. "NVIDIA A100 SXM4 40GB".
  std::string display;
  /// Short names that pick this target (a100 picks the most common variant).
  std::vector<std::string> aliases;
  /// gpu, tpu, accelerator, cpu or edge.
  std::string kind;
  std::optional<int> year;
  std::map<Precision, PeakThroughput> peaks;
  /// Bytes and bytes per second.
  std::optional<double> memoryCapacity;
  std::optional<double> memoryBandwidth;
  std::optional<double> cacheBytes;
  /// Bandwidth to the other devices of a node, bytes per second.
  std::optional<double> interconnectBandwidth;
  /// Time of a small (8-byte) all-reduce across the node's devices over the
  /// interconnect: the latency every collective pays before its bytes.
  std::optional<double> allReduceLatencySeconds;
  std::optional<double> tdpWatts;
  /// Board power with nothing running: the static power of the energy model.
  std::optional<double> idleWatts;
  /// Energy of moving one byte across the DRAM interface, joules.
  std::optional<double> memoryJoulesPerByte;
  /// The server the device is deployed in (a DGX for NVIDIA's SXM parts):
  /// devices per node, the power of everything else in it (host CPUs,
  /// memory, NICs, fans) per device, and each device's share of the
  /// network between nodes (bytes per second).
  struct Node {
    std::string name;
    std::optional<int> devices;
    std::optional<double> overheadWatts;
    std::optional<double> networkBandwidth;
  } node;
  /// Manufacturing footprint of one device, kgCO2e, and its service life.
  std::optional<double> embodiedKgCO2e;
  std::optional<double> serviceLifeYears;
  /// Fractions of the peaks that real kernels achieve: large contractions
  /// on the matrix units, other arithmetic on the vector units, streaming
  /// memory traffic; and the fixed cost of launching one kernel (seconds).
  /// Sourced measurements (docs/targets.md); absent where none is known.
  std::optional<double> matrixEfficiency;
  /// Measured matrix efficiency by contraction size: (MACs, fraction)
  /// points, increasing in MACs; used instead of matrixEfficiency when
  /// present (see matrixEfficiencyFor).
  std::vector<std::pair<double, double>> matrixEfficiencyByMacs;
  std::optional<double> vectorEfficiency;
  std::optional<double> memoryEfficiency;
  std::optional<double> launchOverheadSeconds;
  /// What a kernel costs beyond its run time when the kernels are replayed
  /// from a captured graph (CUDA graphs) instead of launched one by one by
  /// the host: the device's gap between consecutive kernels (--launch
  /// graph).
  std::optional<double> graphLaunchOverheadSeconds;
  /// Where each figure comes from, by field name (peaks, memory, cache,
  /// interconnect, tdp, idle, memory_energy, node, embodied, service_life).
  std::map<std::string, std::string> sources;
};

/// Whether `name` is `canonical` or one of `aliases`, case folded.
bool matchesName(llvm::StringRef name, llvm::StringRef canonical,
                 const std::vector<std::string> &aliases);

/// The `limit` candidates closest to `name` by edit distance (case folded),
/// best first, ties in candidate order: the suggestions for a wrong name.
std::vector<std::string> closestNames(llvm::StringRef name,
                                      const std::vector<std::string> &candidates,
                                      unsigned limit);

/// The achievable matrix efficiency of a contraction of `macs` on `target`:
/// linear in log(MACs) between its measured points, clamped to the nearest
/// point outside them; else its flat matrixEfficiency.
std::optional<double> matrixEfficiencyFor(const Target &target, double macs);

/// `target` as it runs kernels replayed from a captured graph (--launch
/// graph): each kernel costs graphLaunchOverheadSeconds beyond its run
/// instead of a host launch. Empty when the target has no such figure.
std::optional<Target> withGraphLaunches(const Target &target);

/// A set of targets, looked up by name or alias.
class TargetDatabase {
public:
  /// The targets compiled into carbon-opt.
  static const TargetDatabase &builtin();

  /// Adds the targets of a YAML document (the format of targets.yaml).
  /// Returns false with `error` set on a malformed document, a target
  /// without a name, or a name that is already taken.
  bool addYAML(llvm::StringRef yaml, llvm::StringRef bufferName,
               std::string &error);
  /// Adds the targets of the YAML file at `path` (--target-file); false
  /// with `error` (which names the file) when it cannot be read or added.
  bool addFile(llvm::StringRef path, std::string &error);

  /// The target a name or alias picks; null when none does.
  const Target *lookup(llvm::StringRef name) const;
  /// Names and aliases closest to `name` (by edit distance), best first.
  std::vector<std::string> suggest(llvm::StringRef name,
                                   unsigned limit = 3) const;
  /// "unknown target 'NAME'; closest: A B C", for an error message.
  std::string unknownTargetMessage(llvm::StringRef name) const;
  const std::vector<Target> &all() const { return targets; }

private:
  std::vector<Target> targets;
};

} // namespace carbon

#endif // CARBON_TARGETS_TARGET_H
