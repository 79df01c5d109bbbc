//===- Units.h - Quantities with units, parsed and printed ------*- C++ -*-===//
//
// This file declares how carbon-opt reads quantities on the command line
// (300B tokens, 500kWh, 5ms, 200kg, 5%) and prints them for people, scaled
// to a readable unit (mJ, kWh, t).
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_REPORT_UNITS_H
#define CARBON_REPORT_UNITS_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace carbon {

/// What a quantity measures; its base unit in brackets.
enum class Dimension {
  Count,  // [1]: FLOPs, parameters, requests
  Bytes,  // [B]
  Energy, // [J]
  Mass,   // [kg] of CO2e
  Time,   // [s]
  Rate,   // [1/s]
  Ratio,  // [1]: a fraction such as MFU
};

/// A positive count with an optional SI-like suffix: K, M, B or G, T
/// (3e12, 300B, 1.2T).
std::optional<double> parseCount(llvm::StringRef text);

/// A quantity of `dimension` in its base unit: a number and a unit
/// (500kWh, 2.5MWh, 3 J, 5ms, 200kg, 1.5t, 12h); counts take parseCount's
/// suffixes. Absent on a malformed value or a unit of another dimension.
std::optional<double> parseQuantity(llvm::StringRef text, Dimension dimension);

/// The units parseQuantity accepts for `dimension`, for error messages.
llvm::StringRef acceptedUnits(Dimension dimension);

/// A percentage or fraction: "5%" or "0.05".
std::optional<double> parseFraction(llvm::StringRef text);

/// `value` (in the base unit of `dimension`) with three significant
/// digits in a unit scaled for reading: 412 mJ, 1.29 MWh, 552 t, 3.6 ms,
/// 4.1 h, 1.81 G.
std::string formatQuantity(double value, Dimension dimension);

/// A relative change as a signed percentage: +12%, -41%, +0.4%.
std::string formatChange(double ratio);

/// `count` and `noun`, plural unless the count is one: "1 device",
/// "8 devices", "1 pipeline stage". Nouns take a plain "s".
std::string formatCountOf(int64_t count, llvm::StringRef noun);

} // namespace carbon

#endif // CARBON_REPORT_UNITS_H
