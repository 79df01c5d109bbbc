//===- Energy.cpp - Energy of kernels on a target ---------------*- C++ -*-===//
//
// This file derives a target's energy coefficients from its TDP, idle power,
// DRAM energy per bit, peaks and achievable efficiencies, and prices kernels
// with them. The derivations and their sources are in docs/cost-model.md.
//
//===----------------------------------------------------------------------===//

#include "carbon/Analysis/Energy.h"

#include <algorithm>

using namespace carbon;

std::optional<DeviceEnergyModel> carbon::deviceEnergyModel(const Target &target,
                                                           std::string &gap) {
  if (!target.tdpWatts) {
    gap = target.name + " has no published TDP";
    return std::nullopt;
  }
  if (!target.idleWatts) {
    gap = target.name + " has no published idle power";
    return std::nullopt;
  }
  if (!target.memoryJoulesPerByte) {
    gap = target.name + " has no published DRAM energy per bit";
    return std::nullopt;
  }
  return DeviceEnergyModel{*target.idleWatts, *target.tdpWatts,
                           *target.memoryJoulesPerByte};
}

/// The best efficiency the target's matrix units reach at any size.
static std::optional<double> bestMatrixEfficiency(const Target &target) {
  if (target.matrixEfficiencyByMacs.empty())
    return target.matrixEfficiency;
  double best = 0;
  for (auto [macs, efficiency] : target.matrixEfficiencyByMacs)
    best = std::max(best, efficiency);
  return best;
}

std::optional<double> carbon::joulesPerFlop(const Target &target,
                                            const DeviceEnergyModel &model,
                                            Precision precision,
                                            bool matrixUnits) {
  auto it = target.peaks.find(precision);
  if (it == target.peaks.end())
    return std::nullopt;
  std::optional<double> peak =
      matrixUnits ? it->second.matrix : it->second.vector;
  if (!peak && !matrixUnits)
    peak = it->second.matrix;
  std::optional<double> efficiency =
      matrixUnits ? bestMatrixEfficiency(target) : target.vectorEfficiency;
  if (!peak || !efficiency)
    return std::nullopt;
  return (model.tdpWatts - model.staticWatts) / (*peak * *efficiency);
}

double carbon::kernelJoules(const DeviceEnergyModel &model, double seconds,
                            double flops, double joulesPerFlop, double bytes) {
  double joules = model.staticWatts * seconds + joulesPerFlop * flops +
                  model.joulesPerByte * bytes;
  return std::min(joules, model.tdpWatts * seconds);
}

std::optional<double> carbon::embodiedKgCO2e(const Target &target,
                                             double deviceHours) {
  if (!target.embodiedKgCO2e || !target.serviceLifeYears)
    return std::nullopt;
  constexpr double hoursPerYear = 365.25 * 24;
  return *target.embodiedKgCO2e * deviceHours /
         (*target.serviceLifeYears * hoursPerYear);
}
