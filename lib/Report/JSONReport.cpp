//===- JSONReport.cpp - The --report=json document --------------*- C++ -*-===//
//
// This file writes carbon-opt's JSON report: model, forward and backward
// totals, coverage, and one row per op. Counts are exact integers; keys
// appear in a fixed order so the output is deterministic.
//
//===----------------------------------------------------------------------===//

#include "carbon/Report/JSONReport.h"

#include "carbon/Analysis/Roofline.h"

#include "llvm/Support/JSON.h"

using namespace carbon;

static void writePass(llvm::json::OStream &j, llvm::StringRef key,
                      const PassCost &pass) {
  j.attributeObject(key, [&] {
    j.attribute("flops", pass.work.flops);
    j.attribute("macs", pass.work.macs);
    j.attribute("transcendentals", pass.work.transcendentals);
    j.attribute("bytes_read", pass.traffic.bytesRead);
    j.attribute("bytes_written", pass.traffic.bytesWritten);
  });
}

/// A target's published figures, in base units; absent figures are absent.
static void writeTarget(llvm::json::OStream &j, const Target &t) {
  auto optional = [&](llvm::StringRef key, std::optional<double> v) {
    if (v)
      j.attribute(key, *v);
  };
  j.attributeObject("target", [&] {
    j.attribute("name", t.name);
    j.attribute("display", t.display);
    j.attribute("kind", t.kind);
    j.attributeObject("peak_flops", [&] {
      for (Precision p : allPrecisions()) {
        auto it = t.peaks.find(p);
        if (it == t.peaks.end())
          continue;
        j.attributeObject(precisionName(p), [&] {
          optional("vector", it->second.vector);
          optional("matrix", it->second.matrix);
        });
      }
    });
    optional("memory_bytes", t.memoryCapacity);
    optional("memory_bandwidth_bytes_per_s", t.memoryBandwidth);
    optional("cache_bytes", t.cacheBytes);
    optional("interconnect_bytes_per_s", t.interconnectBandwidth);
    optional("tdp_w", t.tdpWatts);
    optional("idle_w", t.idleWatts);
    optional("embodied_kgco2e", t.embodiedKgCO2e);
    optional("service_life_years", t.serviceLifeYears);
  });
}

void carbon::writeJSONReport(llvm::raw_ostream &os, const ReportInputs &inputs,
                             const CostAnalysis &analysis) {
  const Target *target = inputs.target;
  const CostTotals &totals = analysis.getTotals();
  llvm::json::OStream j(os, /*IndentSize=*/2);
  j.object([&] {
    j.attribute("schema_version", kReportSchemaVersion);
    j.attributeObject("model", [&] {
      j.attribute("path", inputs.modelPath);
      j.attribute("ops", totals.ops);
      j.attribute("params", totals.params);
      j.attribute("param_bytes", totals.paramBytes);
    });
    j.attributeObject("assumptions", [&] {
      j.attribute("precision", inputs.precision
                                   ? precisionName(*inputs.precision)
                                   : llvm::StringRef("as in the model"));
      if (inputs.gridIntensity)
        j.attributeObject("grid", [&] {
          if (inputs.region) {
            j.attribute("region", inputs.region->name);
            if (inputs.region->year)
              j.attribute("year", *inputs.region->year);
            j.attribute("source", inputs.region->source);
          } else {
            j.attribute("source", "--grid-intensity");
          }
          j.attribute("g_co2e_per_kwh", *inputs.gridIntensity);
        });
      j.attributeObject("pue", [&] {
        j.attribute("value", inputs.pue);
        j.attribute("source", inputs.pueSource);
      });
    });
    std::vector<OpRoofline> roofline;
    if (target) {
      writeTarget(j, *target);
      roofline = placeOnRoofline(analysis, *target, inputs.precision);
      // The predicted time of the whole graph, when every op has one: the
      // roofline section's total and one batch's inference latency (the ops
      // run one after another).
      std::optional<double> predicted = roofline.empty() ? std::nullopt
                                                         : std::optional(0.0);
      for (const OpRoofline &p : roofline)
        predicted = predicted && p.predictedSeconds
                        ? std::optional(*predicted + *p.predictedSeconds)
                        : std::nullopt;
      j.attributeObject("roofline", [&] {
        double seconds = 0;
        int64_t computeBound = 0, memoryBound = 0;
        for (const OpRoofline &p : roofline) {
          if (!p.known)
            continue;
          seconds += p.seconds;
          computeBound += p.computeBound;
          memoryBound += !p.computeBound;
        }
        j.attribute("time_s", seconds);
        if (predicted)
          j.attribute("predicted_time_s", *predicted);
        j.attribute("compute_bound_ops", computeBound);
        j.attribute("memory_bound_ops", memoryBound);
        j.attributeArray("unplaced", [&] {
          const auto &records = analysis.getOpCosts();
          for (size_t i = 0; i < roofline.size(); ++i)
            if (!roofline[i].known)
              j.object([&] {
                j.attribute("name", records[i].name);
                j.attribute("reason", roofline[i].reason);
              });
        });
        // Why times are not predicted: the first gap is enough to act on.
        for (const OpRoofline &p : roofline)
          if (p.known && !p.predictedSeconds) {
            j.attribute("prediction_gap", p.predictionGap);
            break;
          }
      });
      if (predicted && *predicted > 0) {
        int64_t batch = inputs.batch.value_or(1);
        j.attributeObject("inference", [&] {
          j.attribute("batch", batch);
          j.attribute("latency_s", *predicted);
          j.attribute("throughput_per_s", batch / *predicted);
        });
      }
    }
    if (inputs.trainingEstimate)
      j.attributeObject("training", [&] {
        const TrainingEstimate &t = *inputs.trainingEstimate;
        j.attribute("optimizer", optimizerName(inputs.training->optimizer));
        j.attribute("steps", t.steps);
        j.attribute("step_flops", t.stepFlops);
        j.attribute("optimizer_flops_per_step", t.optimizerFlopsPerStep);
        j.attribute("flops", t.flops);
      });
    writePass(j, "forward", totals.forward);
    writePass(j, "backward", totals.backward());
    j.attributeObject("backward_split", [&] {
      writePass(j, "data", totals.backwardData);
      writePass(j, "weights", totals.backwardWeights);
    });
    j.attributeObject("coverage", [&] {
      j.attribute("ops", totals.ops);
      j.attribute("counted", totals.counted);
      j.attribute("certain_flops", totals.certainFlops);
      j.attributeArray("uncounted", [&] {
        for (const OpCostRecord *r : analysis.getUncounted())
          j.object([&] {
            j.attribute("name", r->name);
            j.attribute("type", r->type);
            j.attribute("reason", r->reason);
          });
      });
    });
    j.attributeArray("ops", [&] {
      const auto &records = analysis.getOpCosts();
      for (size_t i = 0; i < records.size(); ++i) {
        const OpCostRecord &r = records[i];
        j.object([&] {
          j.attribute("name", r.name);
          j.attribute("type", r.type);
          j.attribute("counted", r.counted);
          j.attribute("flops", r.forward.work.flops);
          j.attribute("macs", r.forward.work.macs);
          j.attribute("transcendentals", r.forward.work.transcendentals);
          j.attribute("bytes_read", r.forward.traffic.bytesRead);
          j.attribute("bytes_written", r.forward.traffic.bytesWritten);
          j.attribute("params", r.params);
          PassCost backward = r.backwardData;
          backward += r.backwardWeights;
          j.attribute("backward_flops", backward.work.flops);
          j.attribute("saves_activations", r.savesActivations);
          if (i < roofline.size() && roofline[i].known) {
            const OpRoofline &p = roofline[i];
            j.attribute("bound", p.computeBound ? "compute" : "memory");
            j.attribute("arithmetic_intensity", p.arithmeticIntensity);
            j.attribute("roofline_time_s", p.seconds);
            if (p.predictedSeconds)
              j.attribute("time_s", *p.predictedSeconds);
            j.attribute("units", p.matrixUnits ? "matrix" : "vector");
            j.attribute("precision", precisionName(p.precision));
          }
        });
      }
    });
  });
  os << "\n";
}
