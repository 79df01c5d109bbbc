//===- Metrics.cpp - Headline metrics, budgets and baselines ----*- C++ -*-===//
//
// This file defines the metrics that budgets, baselines and comparisons
// speak of, reads them off an estimate or a saved JSON report, and checks
// them against --budget and --baseline/--max-increase.
//
//===----------------------------------------------------------------------===//

#include "carbon/Report/Report.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace carbon;
using llvm::StringRef;

llvm::ArrayRef<MetricDef> carbon::metricDefs() {
  static const MetricDef defs[] = {
      {"params", "params", 1, Dimension::Count, "parameters", false},
      {"flops", "forward_flops", 1, Dimension::Count, "forward FLOPs per batch",
       false},
      {"bytes", "forward_bytes", 1, Dimension::Bytes, "forward bytes per batch",
       false},
      {"memory", "device_memory_bytes", 1, Dimension::Bytes,
       "memory per device", false},
      {"latency", "latency_s", 1, Dimension::Time, "latency per batch", false},
      {"throughput", "throughput_per_s", 1, Dimension::Rate, "throughput",
       true},
      {"first-token", "time_to_first_token_s", 1, Dimension::Time,
       "time to the first token", false, MetricRun::Generation},
      {"per-token", "time_per_output_token_s", 1, Dimension::Time,
       "time per output token", false, MetricRun::Generation},
      {"energy-per-sample", "energy_j_per_sample", 1, Dimension::Energy,
       "energy per sample", false},
      {"co2e-per-1k", "co2e_g_per_1k", 1e-3, Dimension::Mass,
       "CO2e per 1,000 samples", false},
      {"training-flops", "training_flops", 1, Dimension::Count,
       "training FLOPs", false, MetricRun::Training},
      {"training-memory", "training_device_memory_bytes", 1, Dimension::Bytes,
       "training memory per device", false, MetricRun::Training},
      {"device-hours", "device_hours", 1, Dimension::Count, "device-hours",
       false, MetricRun::Training},
      {"wall-time", "wall_hours", 3600, Dimension::Time, "training wall-clock",
       false, MetricRun::Training},
      {"mfu", "mfu", 1, Dimension::Ratio, "MFU", true, MetricRun::Training},
      {"training-energy", "training_energy_kwh", 3.6e6, Dimension::Energy,
       "training energy", false, MetricRun::Training},
      {"training-co2e", "training_co2e_kg", 1, Dimension::Mass,
       "training CO2e (operational)", false, MetricRun::Training},
      {"serving-energy", "serving_energy_kwh", 3.6e6, Dimension::Energy,
       "serving energy", false, MetricRun::Serving},
      {"serving-co2e", "serving_co2e_kg", 1, Dimension::Mass,
       "serving CO2e (operational)", false, MetricRun::Serving},
      {"embodied-co2e", "embodied_co2e_kg", 1, Dimension::Mass, "embodied CO2e",
       false, MetricRun::TrainingOrServing},
      {"energy", "energy_kwh", 3.6e6, Dimension::Energy,
       "energy (training + serving)", false, MetricRun::TrainingOrServing},
      {"co2e", "co2e_kg", 1, Dimension::Mass, "CO2e (operational + embodied)",
       false, MetricRun::TrainingOrServing},
  };
  return defs;
}

const MetricDef *carbon::lookupMetric(StringRef name) {
  for (const MetricDef &m : metricDefs())
    if (m.name == name)
      return &m;
  return nullptr;
}

/// The sum of the present values; absent when all are.
static std::optional<double>
sumPresent(std::initializer_list<std::optional<double>> values) {
  std::optional<double> sum;
  for (const std::optional<double> &v : values)
    if (v)
      sum = sum.value_or(0) + *v;
  return sum;
}

std::optional<double> carbon::metricValue(const ModelReport &report,
                                          const MetricDef &metric) {
  const Estimate &e = report.estimate;
  const CostTotals &totals = report.analysis->getTotals();
  StringRef n = metric.name;
  const auto &inf = e.inference;
  const auto &train = e.trainingTime;
  const auto &serve = e.serving;
  std::optional<double> trainingJoules = train ? train->joules : std::nullopt;
  std::optional<double> servingJoules = serve ? serve->joules : std::nullopt;
  std::optional<double> trainingKg = train ? train->kgCO2e : std::nullopt;
  std::optional<double> servingKg = serve ? serve->kgCO2e : std::nullopt;
  std::optional<double> embodied =
      sumPresent({train ? train->embodiedKgCO2e : std::nullopt,
                  serve ? serve->embodiedKgCO2e : std::nullopt});
  if (n == "params")
    return static_cast<double>(totals.params);
  if (n == "flops")
    return static_cast<double>(totals.forward.work.flops);
  if (n == "bytes")
    return static_cast<double>(totals.forward.traffic.bytesRead +
                               totals.forward.traffic.bytesWritten);
  if (n == "memory")
    return e.memory.deviceBytes;
  if (n == "latency")
    return inf ? std::optional(inf->latencySeconds) : std::nullopt;
  if (n == "throughput")
    return inf ? std::optional(inf->throughputPerSecond) : std::nullopt;
  if (n == "first-token" || n == "per-token") {
    if (!inf || !inf->generation)
      return std::nullopt;
    return n == "first-token" ? inf->generation->prefillSeconds
                              : inf->generation->secondsPerOutputToken;
  }
  if (n == "energy-per-sample")
    return inf ? inf->joulesPerSample : std::nullopt;
  if (n == "co2e-per-1k")
    return inf && inf->gramsCO2ePer1k
               ? std::optional(*inf->gramsCO2ePer1k / 1000)
               : std::nullopt;
  if (n == "training-flops")
    return e.training ? std::optional(e.training->flops) : std::nullopt;
  if (n == "training-memory")
    return e.layout ? std::optional(e.layout->deviceBytes()) : std::nullopt;
  if (n == "device-hours")
    return train ? std::optional(train->deviceHours) : std::nullopt;
  if (n == "wall-time")
    return train ? std::optional(train->wallHours * 3600) : std::nullopt;
  if (n == "mfu")
    return train ? std::optional(train->mfu) : std::nullopt;
  if (n == "training-energy")
    return trainingJoules;
  if (n == "training-co2e")
    return trainingKg;
  if (n == "serving-energy")
    return servingJoules;
  if (n == "serving-co2e")
    return servingKg;
  if (n == "embodied-co2e")
    return embodied;
  if (n == "energy")
    return sumPresent({trainingJoules, servingJoules});
  if (n == "co2e") {
    std::optional<double> operational = sumPresent({trainingKg, servingKg});
    return operational ? sumPresent({operational, embodied}) : std::nullopt;
  }
  return std::nullopt;
}

std::string carbon::metricAbsence(const ModelReport &report,
                                  const MetricDef &metric) {
  const Estimate &e = report.estimate;
  const EstimateInputs &in = report.inputs;
  // The one figure a model can lack on its own: a tensor of unknown size.
  if (metric.name == "memory")
    return e.memory.forward.unknownReason;
  switch (metric.run) {
  case MetricRun::Any:
    break;
  case MetricRun::Training:
    if (!in.training)
      return "it needs --train";
    break;
  case MetricRun::Serving:
    if (!in.serving)
      return "it needs a deployment: --requests, or --rate and --days";
    break;
  case MetricRun::Generation:
    if (!in.generation)
      return "it needs --generate";
    break;
  case MetricRun::TrainingOrServing:
    if (!in.training && !in.serving)
      return "it needs --train or a deployment (--requests, or --rate and "
             "--days)";
    break;
  }
  if (!in.target)
    return "it needs --target";
  bool energy = metric.dimension == Dimension::Energy ||
                metric.dimension == Dimension::Mass;
  if (energy && !e.energyGap.empty())
    return e.energyGap;
  if (!e.timeGap.empty())
    return e.timeGap;
  return energy ? "the target has no energy figures"
                : "the target has no timing figures";
}

/// All metric names, for error messages.
static std::string metricNames() {
  std::vector<std::string> names;
  for (const MetricDef &m : metricDefs())
    names.push_back(m.name.str());
  return llvm::join(names, ", ");
}

bool carbon::parseBudgets(StringRef spec, std::vector<Budget> &budgets,
                          std::string &error) {
  llvm::SmallVector<StringRef> parts;
  spec.split(parts, ',', -1, /*KeepEmpty=*/false);
  if (parts.empty()) {
    error =
        "--budget expects METRIC=LIMIT[,...], e.g. energy=500kWh,co2e=200kg,"
        "latency=5ms";
    return false;
  }
  for (StringRef part : parts) {
    auto [name, value] = part.trim().split('=');
    const MetricDef *metric = lookupMetric(name.trim());
    if (!metric) {
      error = "--budget: unknown metric '" + name.trim().str() +
              "'; known: " + metricNames();
      return false;
    }
    std::optional<double> limit = parseQuantity(value, metric->dimension);
    if (value.trim().empty() || !limit) {
      error = "--budget: '" + part.trim().str() + "': " + metric->name.str() +
              " takes " + acceptedUnits(metric->dimension).str();
      return false;
    }
    budgets.push_back({metric, *limit, part.trim().str()});
  }
  return true;
}

bool carbon::parseMaxIncrease(StringRef spec, MaxIncrease &out,
                              std::string &error) {
  llvm::SmallVector<StringRef> parts;
  spec.split(parts, ',', -1, /*KeepEmpty=*/false);
  for (StringRef part : parts) {
    part = part.trim();
    if (!part.contains('=')) {
      out.all = parseFraction(part);
      if (!out.all) {
        error = "--max-increase expects a percentage (5%) or METRIC=PCT,..., "
                "got '" +
                part.str() + "'";
        return false;
      }
      continue;
    }
    auto [name, value] = part.split('=');
    const MetricDef *metric = lookupMetric(name.trim());
    std::optional<double> fraction = parseFraction(value);
    if (!metric || !fraction) {
      error = metric ? "--max-increase: '" + part.str() +
                           "' needs a percentage (5%) or fraction (0.05)"
                     : "--max-increase: unknown metric '" + name.trim().str() +
                           "'; known: " + metricNames();
      return false;
    }
    out.perMetric.emplace_back(metric, *fraction);
  }
  if (!out.all && out.perMetric.empty()) {
    error = "--max-increase expects a percentage (5%) or METRIC=PCT,...";
    return false;
  }
  return true;
}

bool carbon::readBaseline(StringRef path, Baseline &baseline,
                          std::string &error) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer) {
    error = path.str() + ": cannot read: " + buffer.getError().message();
    return false;
  }
  llvm::Expected<llvm::json::Value> json =
      llvm::json::parse((*buffer)->getBuffer());
  if (!json) {
    error =
        path.str() + ": not a JSON report: " + llvm::toString(json.takeError());
    return false;
  }
  const llvm::json::Object *root = json->getAsObject();
  // A comparison holds its reports in `reports`; the first is the baseline.
  if (root && root->getArray("reports") && !root->getArray("reports")->empty())
    root = (*root->getArray("reports"))[0].getAsObject();
  const llvm::json::Object *summary =
      root ? root->getObject("summary") : nullptr;
  if (!summary) {
    error = path.str() +
            ": no 'summary' object (write the baseline with --report=json)";
    return false;
  }
  baseline.path = path.str();
  for (const MetricDef &m : metricDefs())
    if (std::optional<double> v = summary->getNumber(m.key))
      baseline.values.emplace_back(&m, *v * m.unitScale);
  return true;
}

unsigned carbon::checkLimits(llvm::raw_ostream &os,
                             llvm::ArrayRef<ModelReport> reports,
                             llvm::ArrayRef<Budget> budgets,
                             const Baseline *baseline,
                             const MaxIncrease &maxIncrease) {
  unsigned violations = 0;
  for (const ModelReport &r : reports) {
    std::string where =
        r.path +
        (r.inputs.target ? " on " + r.inputs.target->name : std::string());
    for (const Budget &b : budgets) {
      std::optional<double> value = metricValue(r, *b.metric);
      if (!value) {
        os << "error: budget " << b.text << ": " << where << " has no "
           << b.metric->label << " (" << metricAbsence(r, *b.metric) << ")\n";
        ++violations;
        continue;
      }
      bool exceeded =
          b.metric->higherIsBetter ? *value < b.limit : *value > b.limit;
      if (exceeded) {
        os << "error: budget exceeded: " << b.metric->name << " "
           << formatQuantity(*value, b.metric->dimension)
           << (b.metric->higherIsBetter ? " < " : " > ")
           << formatQuantity(b.limit, b.metric->dimension) << " (" << where
           << ")\n";
        ++violations;
      }
    }
    if (!baseline)
      continue;
    for (auto [metric, old] : baseline->values) {
      std::optional<double> allowed = maxIncrease.all;
      for (auto [m, f] : maxIncrease.perMetric)
        if (m == metric)
          allowed = f;
      std::optional<double> value = metricValue(r, *metric);
      if (!allowed || !value || old == 0)
        continue;
      double change = *value / old - 1;
      double growth = metric->higherIsBetter ? -change : change;
      if (growth > *allowed + 1e-12) {
        os << "error: " << metric->name << " "
           << (metric->higherIsBetter ? "fell" : "grew") << " "
           << formatChange(change) << " against " << baseline->path << " ("
           << formatQuantity(old, metric->dimension) << " -> "
           << formatQuantity(*value, metric->dimension) << "; allowed "
           << formatChange(metric->higherIsBetter ? -*allowed : *allowed)
           << ") (" << where << ")\n";
        ++violations;
      }
    }
  }
  return violations;
}
