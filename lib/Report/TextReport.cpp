//===- TextReport.cpp - Terminal, Markdown and CSV reports ------*- C++ -*-===//
//
// This file lays a report out once as titled sections of fields and tables,
// then prints them for a terminal (aligned, coloured when asked) or as
// Markdown (a CI job summary, a pull-request comment); CSV is one row per
// op. Comparisons are one table of metrics with deltas against the first.
//
//===----------------------------------------------------------------------===//

#include "carbon/Report/Report.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

#include <algorithm>
#include <map>

using namespace carbon;
using llvm::StringRef;

namespace {
struct Table {
  std::vector<std::string> header;
  /// Columns printed flush right (numbers).
  std::vector<bool> numeric;
  std::vector<std::vector<std::string>> rows;
};

struct Section {
  std::string title;
  std::vector<std::pair<std::string, std::string>> fields;
  std::optional<Table> table;
  std::vector<std::string> lines;
};
} // namespace

static std::string quantity(std::optional<double> v, Dimension d) {
  return v ? formatQuantity(*v, d) : std::string("-");
}

/// Energy of every op's forward pass (device), and its share.
static double totalOpJoules(const Estimate &e) {
  double total = 0;
  for (const OpEstimate &op : e.ops)
    total += op.joules.value_or(0);
  return total;
}

/// The line that says `bytes` exceed the target's memory (`where`: one
/// device, a device) and that the times assume they did not.
static std::string doesNotFitLine(llvm::StringRef where, double bytes,
                                  const Target &target) {
  return ("does not fit " + where + ": ").str() +
         formatQuantity(bytes, Dimension::Bytes) + " over the " +
         formatQuantity(target.memoryCapacity.value_or(0), Dimension::Bytes) +
         " of " + target.name + " (timed as if it did)";
}

/// The memory field of the inference section, and a line when it does not
/// fit one device.
static void appendMemory(Section &inference, const MemoryEstimate &m,
                         const Target *target) {
  auto bytes = [](double b) { return formatQuantity(b, Dimension::Bytes); };
  std::string weights =
      m.forward.weightBytes == 0
          ? "no weights"
          : bytes(static_cast<double>(m.forward.weightBytes)) + " weights";
  std::string kv =
      m.kvCacheBytes > 0 ? ", " + bytes(m.kvCacheBytes) + " KV cache" : "";
  if (!m.deviceBytes) {
    inference.fields.push_back(
        {"memory",
         weights + kv + "; activations unknown: " + m.forward.unknownReason});
    return;
  }
  std::string perDevice = m.devices > 1
                              ? " a device (the replica's " +
                                    std::to_string(m.devices) + " split it)"
                              : "";
  inference.fields.push_back(
      {"memory",
       bytes(*m.deviceBytes) + perDevice + ": " + weights + ", " +
           bytes(static_cast<double>(*m.forward.peakActivationBytes)) +
           " activations at the peak (" + m.forward.peakOp + ")" + kv});
  if (m.largestBatch)
    inference.fields.push_back(
        {"", "fits a batch of up to " +
                 formatCountOf(*m.largestBatch,
                               m.kvCacheBytes > 0 ? "request" : "sample")});
  if (m.fitsDeviceMemory && !*m.fitsDeviceMemory)
    inference.lines.push_back(
        doesNotFitLine("one device", *m.deviceBytes, *target));
}

static std::vector<Section> layOut(const ModelReport &r,
                                   const RenderOptions &options) {
  const CostAnalysis &analysis = *r.analysis;
  const CostTotals &totals = analysis.getTotals();
  const Estimate &e = r.estimate;
  const EstimateInputs &in = r.inputs;
  std::vector<Section> sections;

  Section model;
  model.title = "Model";
  model.fields.push_back({"file", r.path});
  std::string ops = formatCountOf(totals.ops, "op");
  if (r.opset)
    ops += ", opset " + std::to_string(*r.opset);
  model.fields.push_back({"graph", ops});
  model.fields.push_back(
      {"parameters",
       formatQuantity(static_cast<double>(totals.params), Dimension::Count) +
           " (" +
           formatQuantity(static_cast<double>(totals.paramBytes),
                          Dimension::Bytes) +
           ")"});
  std::string assumptions = "batch " + std::to_string(in.batch) + ", ";
  for (const auto &[name, value] : in.boundDims)
    if (name != in.batchDim)
      assumptions += name + " " + std::to_string(value) + ", ";
  assumptions +=
      (in.precision ? precisionName(*in.precision).str() + " precision"
                    : std::string("precision as in the model")) +
      ", fusion " + (in.fusion ? "elementwise" : "none") +
      (in.graphLaunch ? ", kernels replayed from a graph" : "");
  model.fields.push_back({"assumptions", assumptions});
  if (in.target) {
    model.fields.push_back(
        {"target", in.target->display + " (" + in.target->name + ")"});
    std::string grid =
        (in.region ? in.region->name : std::string("--grid-intensity")) + ", " +
        formatQuantity(in.gridIntensity * 1e-3, Dimension::Mass) + " CO2e/kWh";
    model.fields.push_back({"grid", grid});
    std::string scope = llvm::formatv("{0}, PUE {1}", e.scope.name(),
                                      llvm::format("%.2f", in.pue))
                            .str();
    if (in.powerModel == PowerModel::TDP)
      scope += ", TDP power model";
    model.fields.push_back({"scope", scope});
  }
  sections.push_back(model);

  Section inference;
  // A generation's request is the prompt's pass (the counts) and its decode
  // steps (timed apart).
  bool generating = e.inference && e.inference->generation;
  inference.title = generating
                        ? "Generation (batch " + std::to_string(in.batch) +
                              ": the prompt's pass, then one token a step)"
                        : "Inference (batch " + std::to_string(in.batch) + ")";
  inference.fields.push_back(
      {generating ? "prompt FLOPs" : "FLOPs",
       formatQuantity(static_cast<double>(totals.forward.work.flops),
                      Dimension::Count)});
  inference.fields.push_back(
      {generating ? "prompt bytes" : "bytes",
       formatQuantity(static_cast<double>(totals.forward.traffic.bytesRead +
                                          totals.forward.traffic.bytesWritten),
                      Dimension::Bytes)});
  appendMemory(inference, e.memory, in.target);
  if (const auto &i = e.inference) {
    if (const auto &g = i->generation) {
      inference.fields.push_back(
          {"tokens", llvm::formatv("{0} prompt, {1} generated", g->promptTokens,
                                   g->outputTokens)
                         .str()});
      inference.fields.push_back(
          {"first token", formatQuantity(g->prefillSeconds, Dimension::Time)});
      if (g->outputTokens > 1)
        inference.fields.push_back(
            {"per token",
             formatQuantity(g->secondsPerOutputToken, Dimension::Time) +
                 " after the first"});
      inference.fields.push_back(
          {"output", formatQuantity(g->outputTokensPerSecond, Dimension::Rate) +
                         " tokens"});
      inference.fields.push_back(
          {"KV cache", formatQuantity(e.memory.kvCacheBytes, Dimension::Bytes) +
                           " at the end"});
    }
    if (i->devices > 1)
      inference.fields.push_back(
          {"devices", llvm::formatv("{0}, tensor-parallel ({1} a forward pass "
                                    "in their all-reduces)",
                                    i->devices,
                                    formatQuantity(i->tensorParallelSeconds,
                                                   Dimension::Time))
                          .str()});
    inference.fields.push_back(
        {"latency", formatQuantity(i->latencySeconds, Dimension::Time)});
    inference.fields.push_back(
        {"throughput", formatQuantity(i->throughputPerSecond, Dimension::Rate) +
                           (generating ? " requests" : "")});
    inference.fields.push_back(
        {"energy", quantity(i->joulesPerSample, Dimension::Energy) +
                       (i->generation ? " per request" : " per sample")});
    if (i->generation && i->generation->joulesPerOutputToken)
      inference.fields.push_back(
          {"",
           quantity(i->generation->joulesPerOutputToken, Dimension::Energy) +
               " per generated token"});
    inference.fields.push_back(
        {"emissions",
         (i->gramsCO2ePer1k
              ? formatQuantity(*i->gramsCO2ePer1k * 1e-3, Dimension::Mass)
              : std::string("-")) +
             " CO2e per 1,000 requests"});
  } else if (in.target) {
    inference.lines.push_back("no time prediction: " + e.timeGap);
  } else {
    inference.lines.push_back("no time or energy without --target");
  }
  if (in.target && !e.energyGap.empty())
    inference.lines.push_back("no energy: " + e.energyGap);
  sections.push_back(inference);

  if (const auto &s = e.serving) {
    Section serving;
    serving.title = "Serving";
    serving.fields.push_back(
        {"requests", formatQuantity(s->requests, Dimension::Count)});
    serving.fields.push_back(
        {"devices", std::to_string(s->devices) + " at " +
                        formatQuantity(s->utilization, Dimension::Ratio) +
                        " utilization, " +
                        formatQuantity(s->wallSeconds, Dimension::Time)});
    serving.fields.push_back(
        {"energy", quantity(s->joules, Dimension::Energy) + " (" +
                       quantity(s->joulesPer1k, Dimension::Energy) +
                       " per 1,000)"});
    serving.fields.push_back(
        {"emissions", quantity(s->kgCO2e, Dimension::Mass) + " CO2e, " +
                          quantity(s->embodiedKgCO2e, Dimension::Mass) +
                          " embodied"});
    sections.push_back(serving);
  }

  if (in.serving && !e.serving) {
    Section serving;
    serving.title = "Serving";
    serving.lines.push_back(
        "no estimate: " +
        (in.target ? "the batch has no predicted time (" + e.timeGap + ")"
                   : std::string("it needs --target")));
    sections.push_back(serving);
  }

  if (const auto &flops = e.training) {
    Section training;
    training.title = "Training";
    training.fields.push_back(
        {"FLOPs", formatQuantity(flops->flops, Dimension::Count) + " over " +
                      (in.training->trials > 1
                           ? std::to_string(in.training->trials) + " trials of "
                           : std::string()) +
                      formatQuantity(flops->steps, Dimension::Count) +
                      " steps (" + optimizerName(in.training->optimizer).str() +
                      ")"});
    // What each device holds, after the layout that decides it (or the
    // FLOPs, when there is no time and so no layout line).
    auto appendTrainingMemory = [&] {
      const TrainingLayout &layout = *e.layout;
      auto bytes = [](double b) { return formatQuantity(b, Dimension::Bytes); };
      training.fields.push_back(
          {"memory", bytes(layout.deviceBytes()) +
                         " a device: " + bytes(layout.stateBytesPerDevice) +
                         " training state, " +
                         bytes(layout.activationBytesPerDevice) +
                         " activations kept for the backward pass"});
      if (layout.largestMicroBatch)
        training.fields.push_back(
            {"", "fits a micro-batch of up to " +
                     formatCountOf(*layout.largestMicroBatch, "sample")});
      if (layout.fitsDeviceMemory && !*layout.fitsDeviceMemory)
        training.lines.push_back(
            doesNotFitLine("a device", layout.deviceBytes(), *in.target));
    };
    if (const auto &t = e.trainingTime) {
      const TrainingLayout &layout = *e.layout;
      std::string shape =
          formatCountOf(layout.devices, "device") + " (" +
          std::to_string(layout.tensorParallel) + " tensor-parallel x " +
          formatCountOf(layout.pipelineStages, "pipeline stage") + " x " +
          formatCountOf(layout.replicas, "replica") + ", " +
          (layout.recompute == Recompute::None
               ? std::string("no")
               : recomputeName(layout.recompute).str()) +
          " recomputation" +
          (in.training->zeroStage > 0
               ? ", ZeRO stage " + std::to_string(in.training->zeroStage)
               : std::string()) +
          (layout.reason.empty() ? std::string()
                                 : "; chosen: " + layout.reason) +
          ")";
      training.fields.push_back({"layout", shape});
      appendTrainingMemory();
      training.fields.push_back(
          {"time", formatQuantity(t->wallHours * 3600, Dimension::Time) +
                       " wall-clock, " +
                       formatQuantity(t->deviceHours, Dimension::Count) +
                       " device-hours"});
      training.fields.push_back(
          {"MFU", formatQuantity(t->mfu, Dimension::Ratio) + " (goodput " +
                      formatQuantity(in.training->goodput, Dimension::Ratio) +
                      ")"});
      training.fields.push_back(
          {"energy", quantity(t->joules, Dimension::Energy)});
      training.fields.push_back(
          {"emissions", quantity(t->kgCO2e, Dimension::Mass) + " CO2e, " +
                            quantity(t->embodiedKgCO2e, Dimension::Mass) +
                            " embodied"});
    } else {
      appendTrainingMemory();
      training.lines.push_back(
          in.target ? "no time prediction: " + e.timeGap
                    : std::string("no time, energy or emissions without "
                                  "--target"));
    }
    sections.push_back(training);
  }

  if (const auto &l = e.lifecycle) {
    Section lifecycle;
    lifecycle.title = "Lifecycle";
    lifecycle.fields.push_back(
        {"training",
         formatQuantity(l->trainingKgCO2e, Dimension::Mass) + " CO2e once"});
    lifecycle.fields.push_back(
        {"serving", formatQuantity(l->servingKgCO2e, Dimension::Mass) +
                        " CO2e over the deployment"});
    lifecycle.fields.push_back(
        {"crossover",
         "serving overtakes training after " +
             formatQuantity(l->crossoverRequests, Dimension::Count) +
             " requests"});
    sections.push_back(lifecycle);
  }

  // By op type, costliest first (by energy when known, else by FLOPs).
  const auto &records = analysis.getOpCosts();
  bool haveTime = llvm::any_of(e.ops, [](const OpEstimate &op) {
    return op.roofline.predictedSeconds.has_value();
  });
  double totalJoules = totalOpJoules(e);
  bool haveEnergy = totalJoules > 0;
  struct TypeRow {
    int64_t count = 0;
    double flops = 0, seconds = 0, joules = 0, kept = 0;
  };
  bool haveKept = !e.keptActivationBytes.empty();
  std::map<std::string, TypeRow> byType;
  for (size_t i = 0; i < records.size(); ++i) {
    TypeRow &row = byType[records[i].type];
    ++row.count;
    row.flops += static_cast<double>(records[i].forward.work.flops);
    if (i < e.ops.size()) {
      row.seconds += e.ops[i].roofline.predictedSeconds.value_or(0);
      row.joules += e.ops[i].joules.value_or(0);
    }
    if (haveKept)
      row.kept += e.keptActivationBytes[i];
  }
  std::vector<std::pair<std::string, TypeRow>> types(byType.begin(),
                                                     byType.end());
  std::stable_sort(types.begin(), types.end(), [&](auto &a, auto &b) {
    return haveEnergy ? a.second.joules > b.second.joules
                      : a.second.flops > b.second.flops;
  });
  Section byTypeSection;
  byTypeSection.title = "By op type";
  Table t;
  t.header = {"type", "ops", "FLOPs", "share"};
  t.numeric = {false, true, true, true};
  if (haveTime) {
    t.header.insert(t.header.end(), {"time", "energy"});
    t.numeric.insert(t.numeric.end(), {true, true});
  }
  if (haveKept) {
    t.header.push_back("kept");
    t.numeric.push_back(true);
  }
  double totalFlops = static_cast<double>(totals.forward.work.flops);
  for (auto &[type, row] : types) {
    double share = haveEnergy ? row.joules / totalJoules
                              : (totalFlops > 0 ? row.flops / totalFlops : 0);
    std::vector<std::string> cells = {
        type, std::to_string(row.count),
        formatQuantity(row.flops, Dimension::Count),
        formatQuantity(share, Dimension::Ratio)};
    if (haveTime) {
      cells.push_back(formatQuantity(row.seconds, Dimension::Time));
      cells.push_back(haveEnergy ? formatQuantity(row.joules, Dimension::Energy)
                                 : "-");
    }
    if (haveKept)
      cells.push_back(formatQuantity(row.kept, Dimension::Bytes));
    t.rows.push_back(cells);
  }
  byTypeSection.table = t;
  if (haveEnergy)
    byTypeSection.lines.push_back(
        e.inference && e.inference->generation
            ? "shares of the prompt's pass's device energy"
            : "shares of the forward pass's device energy");
  if (haveKept)
    byTypeSection.lines.push_back(
        "kept: the activations a micro-batch keeps for the backward pass, "
        "without recomputation");
  sections.push_back(byTypeSection);

  if (haveEnergy || haveTime) {
    std::vector<size_t> order;
    for (size_t i = 0; i < e.ops.size(); ++i)
      if (e.ops[i].roofline.known)
        order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return haveEnergy
                 ? e.ops[a].joules.value_or(0) > e.ops[b].joules.value_or(0)
                 : e.ops[a].roofline.seconds > e.ops[b].roofline.seconds;
    });
    Section top;
    top.title = std::string("Top ops by ") + (haveEnergy ? "energy" : "time");
    Table tt;
    tt.header = {"op", "type", "bound", "intensity", "time", "energy"};
    tt.numeric = {false, false, false, true, true, true};
    for (size_t k = 0; k < order.size() && k < options.topOps; ++k) {
      const OpEstimate &op = e.ops[order[k]];
      tt.rows.push_back(
          {records[order[k]].name, records[order[k]].type,
           op.roofline.computeBound ? "compute" : "memory",
           llvm::formatv("{0} F/B",
                         llvm::format("%.3g", op.roofline.arithmeticIntensity))
               .str(),
           quantity(op.roofline.predictedSeconds, Dimension::Time),
           quantity(op.joules, Dimension::Energy)});
    }
    top.table = tt;
    sections.push_back(top);
  }

  Section coverage;
  coverage.title = "Coverage";
  coverage.lines.push_back(std::to_string(totals.counted) + " of " +
                           std::to_string(totals.ops) + " ops counted");
  // A terminal shows the first few of each kind; the JSON report and
  // --strict name every one.
  constexpr size_t kListedPerKind = 10;
  auto listFirst = [&](const std::vector<std::string> &lines) {
    for (size_t i = 0; i < lines.size() && i < kListedPerKind; ++i)
      coverage.lines.push_back(lines[i]);
    if (lines.size() > kListedPerKind)
      coverage.lines.push_back("... and " +
                               std::to_string(lines.size() - kListedPerKind) +
                               " more (--report=json lists each)");
  };
  std::vector<std::string> uncounted, unplaced;
  for (const OpCostRecord *u : analysis.getUncounted())
    uncounted.push_back("not counted: " + u->name + " (" + u->type +
                        "): " + u->reason);
  for (size_t i = 0; i < e.ops.size(); ++i)
    if (records[i].counted && !e.ops[i].roofline.known)
      unplaced.push_back("not placed on the target: " + records[i].name + ": " +
                         e.ops[i].roofline.reason);
  listFirst(uncounted);
  listFirst(unplaced);
  sections.push_back(coverage);

  if (!r.suggestions.empty()) {
    Section suggestions;
    suggestions.title = "Suggestions (each re-costed)";
    for (const Suggestion &s : r.suggestions) {
      const MetricDef *m = lookupMetric(s.metric);
      suggestions.lines.push_back(s.change + ": " + formatChange(s.ratio) +
                                  " " + (m ? m->label.str() : s.metric));
    }
    sections.push_back(suggestions);
  }
  return sections;
}

/// Column widths of a table (cells and header).
static std::vector<size_t> widths(const Table &t) {
  std::vector<size_t> w(t.header.size(), 0);
  for (size_t c = 0; c < t.header.size(); ++c)
    w[c] = t.header[c].size();
  for (const auto &row : t.rows)
    for (size_t c = 0; c < row.size() && c < w.size(); ++c)
      w[c] = std::max(w[c], row[c].size());
  return w;
}

static void printTerminalTable(llvm::raw_ostream &os, const Table &t,
                               bool color) {
  std::vector<size_t> w = widths(t);
  auto cell = [&](const std::string &s, size_t c) {
    std::string pad(w[c] - std::min(w[c], s.size()), ' ');
    return t.numeric[c] ? pad + s : s + pad;
  };
  os << "  ";
  {
    llvm::WithColor h(os, llvm::raw_ostream::CYAN, /*Bold=*/false,
                      /*BG=*/false,
                      color ? llvm::ColorMode::Enable
                            : llvm::ColorMode::Disable);
    for (size_t c = 0; c < t.header.size(); ++c)
      h << (c ? "  " : "") << cell(t.header[c], c);
  }
  os << "\n";
  for (const auto &row : t.rows) {
    os << "  ";
    for (size_t c = 0; c < row.size(); ++c)
      os << (c ? "  " : "") << cell(row[c], c);
    os << "\n";
  }
}

void carbon::writeTerminalReport(llvm::raw_ostream &os, const ModelReport &r,
                                 const RenderOptions &options) {
  llvm::ColorMode mode =
      options.color ? llvm::ColorMode::Enable : llvm::ColorMode::Disable;
  bool first = true;
  for (const Section &s : layOut(r, options)) {
    if (!first)
      os << "\n";
    first = false;
    llvm::WithColor(os, llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true,
                    /*BG=*/false, mode)
        << s.title << "\n";
    size_t keyWidth = 0;
    for (auto &[k, v] : s.fields)
      keyWidth = std::max(keyWidth, k.size());
    for (auto &[k, v] : s.fields)
      os << "  " << k << std::string(keyWidth - k.size() + 2, ' ') << v << "\n";
    if (s.table)
      printTerminalTable(os, *s.table, options.color);
    for (const std::string &line : s.lines)
      os << "  " << line << "\n";
  }
}

/// Markdown table cells cannot hold a bare '|'.
static std::string mdEscape(StringRef s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else
      out += c;
  }
  return out;
}

static void printMarkdownTable(llvm::raw_ostream &os, const Table &t) {
  os << "|";
  for (const std::string &h : t.header)
    os << " " << mdEscape(h) << " |";
  os << "\n|";
  for (size_t c = 0; c < t.header.size(); ++c)
    os << (t.numeric[c] ? "---:|" : "---|");
  os << "\n";
  for (const auto &row : t.rows) {
    os << "|";
    for (const std::string &cell : row)
      os << " " << mdEscape(cell) << " |";
    os << "\n";
  }
}

void carbon::writeMarkdownReport(llvm::raw_ostream &os, const ModelReport &r,
                                 const RenderOptions &options) {
  os << "## carbon-opt: " << mdEscape(llvm::sys::path::filename(r.path))
     << "\n";
  for (const Section &s : layOut(r, options)) {
    os << "\n### " << s.title << "\n\n";
    if (!s.fields.empty()) {
      Table t;
      t.header = {"", ""};
      t.numeric = {false, false};
      // A field without a key continues the one above it.
      for (auto &[k, v] : s.fields)
        t.rows.push_back({k.empty() ? k : "**" + k + "**", v});
      printMarkdownTable(os, t);
    }
    if (s.table) {
      if (!s.fields.empty())
        os << "\n";
      printMarkdownTable(os, *s.table);
    }
    if (!s.lines.empty() && (s.table || !s.fields.empty()))
      os << "\n";
    for (const std::string &line : s.lines)
      os << "- " << mdEscape(line) << "\n";
  }
}

/// A CSV field, quoted when it holds a comma, quote or newline (RFC 4180).
static std::string csvField(StringRef s) {
  if (s.find_first_of(",\"\n") == StringRef::npos)
    return s.str();
  std::string out = "\"";
  for (char c : s)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

/// A number as CSV: exact integers, doubles at full precision.
static std::string csvNumber(double v) {
  return llvm::formatv("{0}", llvm::format("%.17g", v)).str();
}

void carbon::writeCSVReport(llvm::raw_ostream &os, const ModelReport &r) {
  os << "name,type,counted,flops,macs,transcendentals,bytes_read,"
        "bytes_written,params,backward_flops,bound,arithmetic_intensity,"
        "roofline_time_s,time_s,energy_j,units,precision,fused\n";
  const auto &records = r.analysis->getOpCosts();
  for (size_t i = 0; i < records.size(); ++i) {
    const OpCostRecord &op = records[i];
    PassCost backward = op.backwardData;
    backward += op.backwardWeights;
    os << csvField(op.name) << "," << csvField(op.type) << ","
       << (op.counted ? "true" : "false") << "," << op.forward.work.flops << ","
       << op.forward.work.macs << "," << op.forward.work.transcendentals << ","
       << op.forward.traffic.bytesRead << "," << op.forward.traffic.bytesWritten
       << "," << op.params << "," << backward.work.flops << ",";
    const OpEstimate *e =
        i < r.estimate.ops.size() && r.estimate.ops[i].roofline.known
            ? &r.estimate.ops[i]
            : nullptr;
    if (e) {
      os << (e->roofline.computeBound ? "compute" : "memory") << ","
         << csvNumber(e->roofline.arithmeticIntensity) << ","
         << csvNumber(e->roofline.seconds) << ","
         << (e->roofline.predictedSeconds
                 ? csvNumber(*e->roofline.predictedSeconds)
                 : "")
         << "," << (e->joules ? csvNumber(*e->joules) : "") << ","
         << (e->roofline.matrixUnits ? "matrix" : "vector") << ","
         << precisionName(e->roofline.precision);
    } else {
      os << ",,,,,,";
    }
    os << "," << (op.fused ? "true" : "false") << "\n";
  }
}

void carbon::writeComparison(llvm::raw_ostream &os, ReportFormat format,
                             llvm::ArrayRef<ModelReport> reports,
                             const RenderOptions &options) {
  Table t;
  t.header = {"metric"};
  t.numeric = {false};
  for (const ModelReport &r : reports) {
    t.header.push_back(r.label);
    t.numeric.push_back(true);
  }
  std::vector<const MetricDef *> shown;
  for (const MetricDef &m : metricDefs()) {
    std::optional<double> first = metricValue(reports.front(), m);
    std::vector<std::string> row = {m.label.str()};
    bool any = false;
    for (size_t k = 0; k < reports.size(); ++k) {
      std::optional<double> v = metricValue(reports[k], m);
      any |= v.has_value();
      std::string cell = quantity(v, m.dimension);
      if (k > 0 && v && first && *first != 0)
        cell += " (" + formatChange(*v / *first - 1) + ")";
      row.push_back(cell);
    }
    if (!any)
      continue;
    shown.push_back(&m);
    t.rows.push_back(row);
  }
  switch (format) {
  case ReportFormat::Terminal: {
    llvm::WithColor(os, llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true,
                    /*BG=*/false,
                    options.color ? llvm::ColorMode::Enable
                                  : llvm::ColorMode::Disable)
        << "Comparison (changes against " << reports.front().label << ")\n";
    printTerminalTable(os, t, options.color);
    for (const ModelReport &r : reports)
      os << "  " << r.label << ": " << r.path
         << (r.inputs.target ? " on " + r.inputs.target->name : std::string())
         << "\n";
    break;
  }
  case ReportFormat::Markdown:
    os << "## carbon-opt comparison (changes against "
       << mdEscape(reports.front().label) << ")\n\n";
    printMarkdownTable(os, t);
    os << "\n";
    for (const ModelReport &r : reports)
      os << "- **" << mdEscape(r.label) << "**: `" << r.path << "`"
         << (r.inputs.target ? " on " + r.inputs.target->name : std::string())
         << "\n";
    break;
  case ReportFormat::CSV: {
    // Machine-readable: values in the summary keys' units, and the change
    // against the first column.
    os << "metric,unit_key";
    for (const ModelReport &r : reports)
      os << "," << csvField(r.label);
    for (size_t k = 1; k < reports.size(); ++k)
      os << "," << csvField("change_" + reports[k].label);
    os << "\n";
    for (const MetricDef *m : shown) {
      os << m->name << "," << m->key;
      std::optional<double> first = metricValue(reports.front(), *m);
      std::vector<std::optional<double>> values;
      for (const ModelReport &r : reports)
        values.push_back(metricValue(r, *m));
      for (const auto &v : values)
        os << "," << (v ? csvNumber(*v / m->unitScale) : "");
      for (size_t k = 1; k < values.size(); ++k)
        os << ","
           << (values[k] && first && *first != 0
                   ? csvNumber(*values[k] / *first - 1)
                   : "");
      os << "\n";
    }
    break;
  }
  case ReportFormat::JSON:
    writeJSONComparison(os, reports);
    break;
  case ReportFormat::HTML:
    writeHTMLReport(os, reports);
    break;
  }
}

void carbon::writeReport(llvm::raw_ostream &os, ReportFormat format,
                         llvm::ArrayRef<ModelReport> reports,
                         const RenderOptions &options) {
  // Escapes go into the stream whatever it is (a file, a string) when
  // colour is asked for.
  if (options.color && format == ReportFormat::Terminal)
    os.enable_colors(true);
  if (reports.size() > 1) {
    writeComparison(os, format, reports, options);
    return;
  }
  const ModelReport &r = reports.front();
  switch (format) {
  case ReportFormat::Terminal:
    writeTerminalReport(os, r, options);
    break;
  case ReportFormat::JSON:
    writeJSONReport(os, r);
    break;
  case ReportFormat::CSV:
    writeCSVReport(os, r);
    break;
  case ReportFormat::Markdown:
    writeMarkdownReport(os, r, options);
    break;
  case ReportFormat::HTML:
    writeHTMLReport(os, reports);
    break;
  }
}
