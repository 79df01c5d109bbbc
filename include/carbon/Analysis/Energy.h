//===- Energy.h - Energy of kernels on a target -----------------*- C++ -*-===//
//
// This file declares the device energy model: static power over a kernel's
// time plus dynamic energy per FLOP and per DRAM byte, never above TDP over
// that time; then the node and facility scopes (docs/cost-model.md).
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_ANALYSIS_ENERGY_H
#define CARBON_ANALYSIS_ENERGY_H

#include "carbon/Targets/Target.h"

#include <optional>
#include <string>

namespace carbon {

/// The energy coefficients of one target, derived from its published
/// figures:
///   static power      = the measured idle board power (idle_w);
///   joules per byte   = the DRAM interface energy (memory_pj_per_bit x 8);
///   joules per FLOP   = (TDP - static) / (peak x best achievable efficiency)
///                       for the precision and units: a dense GEMM at the top
///                       of the efficiency curve runs at the power limit
///                       (docs/cost-model.md gives the measurements).
struct DeviceEnergyModel {
  double staticWatts = 0;
  double tdpWatts = 0;
  double joulesPerByte = 0;
};

/// The energy model of `target`; absent, with `gap` naming the missing
/// figure, when the target lacks TDP, idle power or memory energy.
std::optional<DeviceEnergyModel> deviceEnergyModel(const Target &target,
                                                   std::string &gap);

/// Dynamic joules per FLOP on `target` at `precision` on its matrix units
/// (or vector units); absent when the peak or its efficiency is unknown.
std::optional<double> joulesPerFlop(const Target &target,
                                    const DeviceEnergyModel &model,
                                    Precision precision, bool matrixUnits);

/// Energy of a kernel that runs `seconds`, doing `flops` at `joulesPerFlop`
/// and moving `bytes` through DRAM: static x time + dynamic, capped at
/// TDP x time.
double kernelJoules(const DeviceEnergyModel &model, double seconds,
                    double flops, double joulesPerFlop, double bytes);

/// How device energy becomes the energy a job draws from the grid.
struct EnergyScope {
  /// Power of the node's other parts per device while the device works
  /// (absent: the target has no node figures and the node scope is not
  /// counted).
  std::optional<double> nodeOverheadWatts;
  /// Power usage effectiveness of the facility.
  double pue = 1;

  /// What the facility energies count, for reports.
  const char *name() const {
    return nodeOverheadWatts ? "facility (device + node) x PUE"
                             : "facility (device only) x PUE";
  }

  /// Facility energy of `deviceJoules` spent over `deviceSeconds`.
  double facilityJoules(double deviceJoules, double deviceSeconds) const {
    return (deviceJoules + nodeOverheadWatts.value_or(0) * deviceSeconds) * pue;
  }
};

/// Kilograms CO2e of `joules` drawn from a grid of `gramsPerKWh`.
inline double operationalKgCO2e(double joules, double gramsPerKWh) {
  return joules / 3.6e6 * gramsPerKWh / 1000;
}

/// The embodied carbon a job's `deviceHours` use: the device's footprint
/// times the share of its service life they are (absent without both).
std::optional<double> embodiedKgCO2e(const Target &target, double deviceHours);

} // namespace carbon

#endif // CARBON_ANALYSIS_ENERGY_H
