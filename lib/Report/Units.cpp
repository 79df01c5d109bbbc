//===- Units.cpp - Quantities with units, parsed and printed ----*- C++ -*-===//
//
// This file parses the quantities of command-line flags and scales the
// numbers of the human-readable reports.
//
//===----------------------------------------------------------------------===//

#include "carbon/Report/Units.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <vector>

using namespace carbon;
using llvm::StringRef;

std::optional<double> carbon::parseCount(StringRef text) {
  text = text.trim();
  double scale = 1;
  if (!text.empty()) {
    switch (llvm::toUpper(text.back())) {
    case 'K':
      scale = 1e3;
      break;
    case 'M':
      scale = 1e6;
      break;
    case 'B':
    case 'G':
      scale = 1e9;
      break;
    case 'T':
      scale = 1e12;
      break;
    default:
      break;
    }
    if (scale != 1)
      text = text.drop_back().rtrim();
  }
  double value;
  if (text.getAsDouble(value) || !(value > 0) || !std::isfinite(value))
    return std::nullopt;
  return value * scale;
}

namespace {
struct Unit {
  StringRef name;
  double scale;
};
} // namespace

/// Units of each dimension, in base units each. Spelled as people write
/// them; matched case-sensitively (mJ is not MJ).
static const std::vector<Unit> &unitsOf(Dimension dimension) {
  static const std::vector<Unit> energy = {
      {"J", 1},       {"mJ", 1e-3},   {"kJ", 1e3},
      {"MJ", 1e6},    {"GJ", 1e9},    {"Wh", 3.6e3},
      {"kWh", 3.6e6}, {"MWh", 3.6e9}, {"GWh", 3.6e12}};
  static const std::vector<Unit> mass = {{"mg", 1e-6}, {"g", 1e-3},
                                         {"kg", 1},    {"t", 1e3},
                                         {"kt", 1e6},  {"Mt", 1e9}};
  static const std::vector<Unit> time = {
      {"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1},
      {"min", 60},  {"h", 3600},  {"d", 86400}};
  static const std::vector<Unit> bytes = {
      {"B", 1},     {"KB", 1e3},   {"MB", 1e6},        {"GB", 1e9},
      {"TB", 1e12}, {"KiB", 1024}, {"MiB", 1048576.0}, {"GiB", 1073741824.0}};
  static const std::vector<Unit> rate = {{"/s", 1}, {"/h", 1.0 / 3600}};
  static const std::vector<Unit> none = {};
  switch (dimension) {
  case Dimension::Energy:
    return energy;
  case Dimension::Mass:
    return mass;
  case Dimension::Time:
    return time;
  case Dimension::Bytes:
    return bytes;
  case Dimension::Rate:
    return rate;
  case Dimension::Count:
  case Dimension::Ratio:
    return none;
  }
  return none;
}

StringRef carbon::acceptedUnits(Dimension dimension) {
  switch (dimension) {
  case Dimension::Energy:
    return "J, mJ, kJ, MJ, Wh, kWh, MWh, GWh";
  case Dimension::Mass:
    return "mg, g, kg, t, kt (of CO2e)";
  case Dimension::Time:
    return "ns, us, ms, s, min, h, d";
  case Dimension::Bytes:
    return "B, KB, MB, GB, TB, KiB, MiB, GiB";
  case Dimension::Rate:
    return "/s, /h";
  case Dimension::Count:
    return "a count with K, M, B/G or T";
  case Dimension::Ratio:
    return "a fraction (0.4) or a percentage (40%)";
  }
  return "";
}

std::optional<double> carbon::parseFraction(StringRef text) {
  text = text.trim();
  double scale = 1;
  if (text.consume_back("%"))
    scale = 0.01;
  double value;
  if (text.trim().getAsDouble(value) || value < 0 || !std::isfinite(value))
    return std::nullopt;
  return value * scale;
}

std::optional<double> carbon::parseQuantity(StringRef text,
                                            Dimension dimension) {
  text = text.trim();
  if (dimension == Dimension::Count)
    return parseCount(text);
  if (dimension == Dimension::Ratio)
    return parseFraction(text);
  // The longest unit that ends the text wins (kWh over Wh, ms over s).
  const Unit *best = nullptr;
  for (const Unit &u : unitsOf(dimension))
    if (text.ends_with(u.name) && (!best || u.name.size() > best->name.size()))
      best = &u;
  if (!best)
    return std::nullopt;
  StringRef number = text.drop_back(best->name.size()).rtrim();
  double value;
  if (number.getAsDouble(value)) {
    // Rates and sizes read naturally with a count suffix: 500K/s.
    std::optional<double> count = parseCount(number);
    if (!count)
      return std::nullopt;
    value = *count;
  }
  if (value < 0 || !std::isfinite(value))
    return std::nullopt;
  return value * best->scale;
}

/// Three significant digits, no exponent for the scaled range.
static std::string threeDigits(double v) {
  double a = std::fabs(v);
  const char *fmt = a >= 100  ? "%.0f"
                    : a >= 10 ? "%.1f"
                    : a >= 1  ? "%.2f"
                              : "%.3g";
  return llvm::formatv("{0}", llvm::format(fmt, v)).str();
}

std::string carbon::formatQuantity(double value, Dimension dimension) {
  double a = std::fabs(value);
  auto scaled = [&](const std::vector<Unit> &ladder) {
    const Unit *pick = &ladder.front();
    for (const Unit &u : ladder)
      if (a >= u.scale * 0.9995)
        pick = &u;
    return threeDigits(value / pick->scale) + " " + pick->name.str();
  };
  if (value == 0)
    return "0";
  switch (dimension) {
  case Dimension::Energy: {
    // Joules up to a kilowatt-hour, then watt-hours: kWh is how energy is
    // billed.
    static const std::vector<Unit> ladder = {
        {"nJ", 1e-9},    {"uJ", 1e-6},   {"mJ", 1e-3},   {"J", 1},
        {"kJ", 1e3},     {"MJ", 1e6},    {"kWh", 3.6e6}, {"MWh", 3.6e9},
        {"GWh", 3.6e12}, {"TWh", 3.6e15}};
    return scaled(ladder);
  }
  case Dimension::Mass: {
    static const std::vector<Unit> ladder = {{"ug", 1e-9}, {"mg", 1e-6},
                                             {"g", 1e-3},  {"kg", 1},
                                             {"t", 1e3},   {"kt", 1e6}};
    return scaled(ladder);
  }
  case Dimension::Time: {
    static const std::vector<Unit> ladder = {{"ns", 1e-9},
                                             {"us", 1e-6},
                                             {"ms", 1e-3},
                                             {"s", 1},
                                             {"h", 3600},
                                             {"days", 86400},
                                             {"years", 365.25 * 86400}};
    // Minutes read worse than seconds or hours; skip them.
    return scaled(ladder);
  }
  case Dimension::Bytes: {
    static const std::vector<Unit> ladder = {{"B", 1},     {"KB", 1e3},
                                             {"MB", 1e6},  {"GB", 1e9},
                                             {"TB", 1e12}, {"PB", 1e15}};
    return scaled(ladder);
  }
  case Dimension::Rate:
  case Dimension::Count: {
    static const std::vector<Unit> ladder = {
        {"", 1}, {"K", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12}, {"P", 1e15}};
    if (a < 1)
      return threeDigits(value) + (dimension == Dimension::Rate ? "/s" : "");
    // Past peta, prefixes stop reading well: 9.23e+22.
    if (a >= 1e18)
      return llvm::formatv("{0}", llvm::format("%.3g", value)).str() +
             (dimension == Dimension::Rate ? "/s" : "");
    std::string s = scaled(ladder);
    if (!s.empty() && s.back() == ' ')
      s.pop_back();
    return dimension == Dimension::Rate ? s + "/s" : s;
  }
  case Dimension::Ratio:
    return threeDigits(value * 100) + "%";
  }
  return threeDigits(value);
}

std::string carbon::formatChange(double ratio) {
  double pct = ratio * 100;
  // Whole percents from 10% on, but never round a near-total cut to 100%.
  double a = std::fabs(pct);
  const char *fmt = a >= 10 && (a < 99.5 || a >= 100) ? "%+.0f%%" : "%+.1f%%";
  return llvm::formatv("{0}", llvm::format(fmt, pct)).str();
}

std::string carbon::formatCountOf(int64_t count, llvm::StringRef noun) {
  return std::to_string(count) + " " + noun.str() + (count == 1 ? "" : "s");
}
