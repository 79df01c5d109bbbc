//===- JSONReport.cpp - The --report=json document --------------*- C++ -*-===//
//
// This file writes carbon-opt's JSON report: model, forward and backward
// totals, coverage, and one row per op. Counts are exact integers; keys
// appear in a fixed order so the output is deterministic.
//
//===----------------------------------------------------------------------===//

#include "carbon/Report/Report.h"

#include "llvm/ADT/STLExtras.h"
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
    optional("dram_j_per_byte", t.memoryJoulesPerByte);
    optional("embodied_kgco2e", t.embodiedKgCO2e);
    optional("service_life_years", t.serviceLifeYears);
    optional("allreduce_latency_s", t.allReduceLatencySeconds);
  });
}

template <typename T>
static void optionalAttribute(llvm::json::OStream &j, llvm::StringRef key,
                              const std::optional<T> &value) {
  if (value)
    j.attribute(key, *value);
}

static void writeAssumptions(llvm::json::OStream &j, const EstimateInputs &in,
                             const Estimate &estimate) {
  j.attributeObject("assumptions", [&] {
    j.attribute("precision", in.precision ? precisionName(*in.precision)
                                          : llvm::StringRef("as in the model"));
    j.attribute("batch", in.batch);
    j.attribute("fusion", in.fusion ? "elementwise" : "none");
    if (!in.boundDims.empty())
      j.attributeObject("dims", [&] {
        for (const auto &[name, value] : in.boundDims)
          j.attribute(name, value);
      });
    if (llvm::any_of(in.boundDims,
                     [&](const auto &dim) { return dim.first == in.batchDim; }))
      j.attribute("batch_dim", in.batchDim);
    j.attributeObject("grid", [&] {
      if (in.region) {
        j.attribute("region", in.region->name);
        if (in.region->year)
          j.attribute("year", *in.region->year);
      }
      j.attribute("source", in.gridSource);
      j.attribute("g_co2e_per_kwh", in.gridIntensity);
    });
    j.attributeObject("pue", [&] {
      j.attribute("value", in.pue);
      j.attribute("source", in.pueSource);
    });
    if (!in.target)
      return;
    j.attributeObject("energy", [&] {
      j.attribute("power_model",
                  in.powerModel == PowerModel::TDP ? "tdp" : "physical");
      j.attribute("scope", estimate.scope.name());
      if (estimate.energyModel) {
        j.attribute("static_w", estimate.energyModel->staticWatts);
        j.attribute("tdp_w", estimate.energyModel->tdpWatts);
        j.attribute("dram_j_per_byte", estimate.energyModel->joulesPerByte);
      }
      if (estimate.scope.nodeOverheadWatts) {
        j.attribute("node", in.target->node.name);
        j.attribute("node_overhead_w_per_device",
                    *estimate.scope.nodeOverheadWatts);
      }
      if (!estimate.energyGap.empty())
        j.attribute("gap", estimate.energyGap);
    });
    if (in.training)
      j.attributeObject("training", [&] {
        const TrainingRun &run = *in.training;
        if (const auto &layout = estimate.layout) {
          j.attribute("devices", layout->devices);
          j.attribute("tensor_parallel", layout->tensorParallel);
          j.attribute("pipeline_stages", layout->pipelineStages);
          j.attribute("replicas", layout->replicas);
          j.attribute("state_bytes_per_device", layout->stateBytesPerDevice);
          if (!layout->reason.empty())
            j.attribute("layout_chosen", layout->reason);
        }
        if (run.globalBatch)
          j.attribute("global_batch", *run.globalBatch);
        if (estimate.layout)
          j.attribute("recompute", recomputeName(estimate.layout->recompute));
        if (estimate.layout)
          j.attribute("activation_bytes_per_device",
                      estimate.layout->activationBytesPerDevice);
        j.attribute("zero_stage", static_cast<int64_t>(run.zeroStage));
        j.attribute("comm_overlap", run.commOverlap);
        j.attribute("goodput", run.goodput);
        j.attribute("trials", run.trials);
      });
    if (in.serving)
      j.attributeObject("serving", [&] {
        j.attribute("utilization", in.serving->utilization);
        if (in.serving->ratePerSecond)
          j.attribute("rate_per_s", *in.serving->ratePerSecond);
        if (in.serving->days)
          j.attribute("days", *in.serving->days);
      });
    if (!in.training)
      j.attribute("tensor_parallel", in.tensorParallel);
    if (in.generation)
      j.attributeObject("generation", [&] {
        j.attribute("prompt_tokens", in.generation->promptTokens);
        j.attribute("output_tokens", in.generation->outputTokens);
      });
    j.attributeObject("launch", [&] {
      j.attribute("mode", in.graphLaunch ? "graph" : "stream");
      optionalAttribute(j, "s_per_kernel", in.target->launchOverheadSeconds);
    });
  });
}

/// The headline metrics, each in the unit its key names.
static void writeSummary(llvm::json::OStream &j, const ModelReport &report) {
  j.attributeObject("summary", [&] {
    for (const MetricDef &m : metricDefs())
      if (std::optional<double> v = metricValue(report, m))
        j.attribute(m.key, *v / m.unitScale);
  });
}

/// What each device of an inference replica holds (MemoryEstimate).
static void writeMemory(llvm::json::OStream &j, const MemoryEstimate &m,
                        const Target *target) {
  j.attributeObject("memory", [&] {
    j.attribute("weight_bytes", m.forward.weightBytes);
    optionalAttribute(j, "activation_peak_bytes",
                      m.forward.peakActivationBytes);
    if (m.forward.peakActivationBytes)
      j.attribute("peak_op", m.forward.peakOp);
    else
      j.attribute("unknown_reason", m.forward.unknownReason);
    if (m.kvCacheBytes > 0)
      j.attribute("kv_cache_bytes", m.kvCacheBytes);
    j.attribute("devices", m.devices);
    optionalAttribute(j, "device_bytes", m.deviceBytes);
    if (target)
      optionalAttribute(j, "capacity_bytes", target->memoryCapacity);
    optionalAttribute(j, "fits_device_memory", m.fitsDeviceMemory);
    optionalAttribute(j, "largest_batch", m.largestBatch);
  });
}

static void writeReportObject(llvm::json::OStream &j,
                              const ModelReport &report) {
  const EstimateInputs &in = report.inputs;
  const Estimate &estimate = report.estimate;
  const CostAnalysis &analysis = *report.analysis;
  const Target *target = in.target;
  const CostTotals &totals = analysis.getTotals();
  j.object([&] {
    j.attribute("schema_version", kReportSchemaVersion);
    j.attributeObject("model", [&] {
      j.attribute("path", report.path);
      if (report.opset)
        j.attribute("opset", *report.opset);
      j.attribute("ops", totals.ops);
      j.attribute("params", totals.params);
      j.attribute("param_bytes", totals.paramBytes);
    });
    writeAssumptions(j, in, estimate);
    writeSummary(j, report);
    writeMemory(j, estimate.memory, target);
    if (target) {
      writeTarget(j, *target);
      j.attributeObject("roofline", [&] {
        double seconds = 0;
        int64_t computeBound = 0, memoryBound = 0;
        for (const OpEstimate &op : estimate.ops) {
          if (!op.roofline.known)
            continue;
          seconds += op.roofline.seconds;
          computeBound += op.roofline.computeBound;
          memoryBound += !op.roofline.computeBound;
        }
        j.attribute("time_s", seconds);
        // The forward pass's (a generation's prompt pass).
        if (const auto &inference = estimate.inference)
          j.attribute("predicted_time_s",
                      inference->generation
                          ? inference->generation->prefillSeconds
                          : inference->latencySeconds);
        j.attribute("compute_bound_ops", computeBound);
        j.attribute("memory_bound_ops", memoryBound);
        j.attributeArray("unplaced", [&] {
          const auto &records = analysis.getOpCosts();
          for (size_t i = 0; i < estimate.ops.size(); ++i)
            if (!estimate.ops[i].roofline.known)
              j.object([&] {
                j.attribute("name", records[i].name);
                j.attribute("reason", estimate.ops[i].roofline.reason);
              });
        });
        // Why times are not predicted: the first gap is enough to act on.
        if (!estimate.timeGap.empty())
          j.attribute("prediction_gap", estimate.timeGap);
      });
      if (const auto &inference = estimate.inference)
        j.attributeObject("inference", [&] {
          j.attribute("batch", inference->batch);
          j.attribute("latency_s", inference->latencySeconds);
          j.attribute("throughput_per_s", inference->throughputPerSecond);
          optionalAttribute(j, "device_energy_j_per_batch",
                            inference->deviceJoulesPerBatch);
          optionalAttribute(j, "energy_j_per_sample",
                            inference->joulesPerSample);
          optionalAttribute(j, "co2e_g_per_1k", inference->gramsCO2ePer1k);
          j.attribute("devices", inference->devices);
          if (inference->devices > 1)
            j.attribute("tensor_parallel_s", inference->tensorParallelSeconds);
          if (const auto &g = inference->generation)
            j.attributeObject("generation", [&] {
              j.attribute("prompt_tokens", g->promptTokens);
              j.attribute("output_tokens", g->outputTokens);
              j.attribute("time_to_first_token_s", g->prefillSeconds);
              j.attribute("decode_s", g->decodeSeconds);
              j.attribute("time_per_output_token_s", g->secondsPerOutputToken);
              j.attribute("output_tokens_per_s", g->outputTokensPerSecond);
              optionalAttribute(j, "prefill_device_energy_j",
                                g->prefillDeviceJoules);
              optionalAttribute(j, "decode_device_energy_j",
                                g->decodeDeviceJoules);
              optionalAttribute(j, "energy_j_per_output_token",
                                g->joulesPerOutputToken);
              j.attribute("kv_cache_bytes", estimate.memory.kvCacheBytes);
            });
        });
      if (const auto &serving = estimate.serving)
        j.attributeObject("serving", [&] {
          j.attribute("requests", serving->requests);
          j.attribute("devices", serving->devices);
          j.attribute("utilization", serving->utilization);
          j.attribute("busy_hours", serving->busySeconds / 3600);
          j.attribute("wall_hours", serving->wallSeconds / 3600);
          j.attribute("device_hours", serving->deviceHours);
          if (serving->joules)
            j.attribute("energy_kwh", *serving->joules / 3.6e6);
          optionalAttribute(j, "energy_j_per_1k", serving->joulesPer1k);
          optionalAttribute(j, "co2e_kg", serving->kgCO2e);
          optionalAttribute(j, "co2e_g_per_1k", serving->gramsCO2ePer1k);
          optionalAttribute(j, "embodied_co2e_kg", serving->embodiedKgCO2e);
        });
    }
    if (const auto &flops = estimate.training)
      j.attributeObject("training", [&] {
        j.attribute("optimizer", optimizerName(in.training->optimizer));
        j.attribute("micro_batches", flops->microBatches);
        j.attribute("steps", flops->steps);
        j.attribute("step_flops", flops->stepFlops);
        j.attribute("optimizer_flops_per_step", flops->optimizerFlopsPerStep);
        j.attribute("flops", flops->flops);
        if (const auto &layout = estimate.layout) {
          j.attribute("device_memory_bytes", layout->deviceBytes());
          if (target)
            optionalAttribute(j, "capacity_bytes", target->memoryCapacity);
          optionalAttribute(j, "fits_device_memory", layout->fitsDeviceMemory);
          optionalAttribute(j, "largest_micro_batch",
                            layout->largestMicroBatch);
        }
        if (const auto &t = estimate.trainingTime) {
          j.attribute("step_time_s", t->stepSeconds);
          j.attribute("bubble_s_per_step", t->bubbleSeconds);
          j.attribute("tensor_parallel_s_per_micro_batch",
                      t->tensorParallelSeconds);
          j.attribute("allreduce_s_per_step", t->allReduceSeconds);
          j.attribute("exposed_comm_s_per_step", t->exposedCommSeconds);
          j.attribute("device_hours", t->deviceHours);
          j.attribute("wall_hours", t->wallHours);
          j.attribute("mfu", t->mfu);
          if (t->joules)
            j.attribute("energy_kwh", *t->joules / 3.6e6);
          optionalAttribute(j, "co2e_kg", t->kgCO2e);
          optionalAttribute(j, "embodied_co2e_kg", t->embodiedKgCO2e);
        }
      });
    // Emissions of everything the report covers, operational and embodied
    // apart (the sections above hold each part).
    if (const MetricDef *total = lookupMetric("co2e"))
      if (std::optional<double> kg = metricValue(report, *total))
        j.attributeObject("emissions", [&] {
          j.attribute("g_co2e_per_kwh", in.gridIntensity);
          std::optional<double> embodied =
              metricValue(report, *lookupMetric("embodied-co2e"));
          j.attribute("operational_co2e_kg", *kg - embodied.value_or(0));
          if (embodied)
            j.attribute("embodied_co2e_kg", *embodied);
          j.attribute("total_co2e_kg", *kg);
        });
    if (const auto &lifecycle = estimate.lifecycle)
      j.attributeObject("lifecycle", [&] {
        j.attribute("training_co2e_kg", lifecycle->trainingKgCO2e);
        j.attribute("serving_co2e_kg", lifecycle->servingKgCO2e);
        j.attribute("total_co2e_kg",
                    lifecycle->trainingKgCO2e + lifecycle->servingKgCO2e);
        j.attribute("crossover_requests", lifecycle->crossoverRequests);
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
          if (i < estimate.keptActivationBytes.size())
            j.attribute("kept_bytes", estimate.keptActivationBytes[i]);
          if (r.fused)
            j.attribute("fused", true);
          if (r.folded == Folded::ShapeArithmetic)
            j.attribute("shape_arithmetic", true);
          if (r.folded == Folded::View)
            j.attribute("view", true);
          if (r.folded == Folded::Constant)
            j.attribute("constant", true);
          if (i < estimate.ops.size() && estimate.ops[i].roofline.known) {
            const OpEstimate &op = estimate.ops[i];
            const OpRoofline &p = op.roofline;
            j.attribute("bound", p.computeBound ? "compute" : "memory");
            if (p.cacheReadBytes > 0)
              j.attribute("cache_read_bytes", p.cacheReadBytes);
            j.attribute("arithmetic_intensity", p.arithmeticIntensity);
            j.attribute("roofline_time_s", p.seconds);
            optionalAttribute(j, "time_s", p.predictedSeconds);
            optionalAttribute(j, "energy_j", op.joules);
            if (in.training) {
              optionalAttribute(j, "backward_time_s",
                                p.backwardPredictedSeconds);
              optionalAttribute(j, "backward_energy_j", op.backwardJoules);
            }
            j.attribute("units", p.matrixUnits ? "matrix" : "vector");
            j.attribute("precision", precisionName(p.precision));
          }
        });
      }
    });
    j.attributeArray("suggestions", [&] {
      for (const Suggestion &sg : report.suggestions)
        j.object([&] {
          j.attribute("change", sg.change);
          j.attribute("metric", sg.metric);
          j.attribute("relative_change", sg.ratio);
        });
    });
  });
}

void carbon::writeJSONReport(llvm::raw_ostream &os, const ModelReport &report) {
  llvm::json::OStream j(os, /*IndentSize=*/2);
  writeReportObject(j, report);
  os << "\n";
}

void carbon::writeJSONComparison(llvm::raw_ostream &os,
                                 llvm::ArrayRef<ModelReport> reports) {
  llvm::json::OStream j(os, /*IndentSize=*/2);
  j.object([&] {
    j.attribute("schema_version", kReportSchemaVersion);
    j.attributeObject("comparison", [&] {
      j.attribute("baseline", reports.front().label);
      j.attributeArray("columns", [&] {
        for (const ModelReport &r : reports)
          j.value(r.label);
      });
      j.attributeArray("rows", [&] {
        for (const MetricDef &m : metricDefs()) {
          std::vector<std::optional<double>> values;
          for (const ModelReport &r : reports)
            values.push_back(metricValue(r, m));
          if (llvm::none_of(values, [](auto &v) { return v.has_value(); }))
            continue;
          j.object([&] {
            j.attribute("metric", m.key);
            j.attributeArray("values", [&] {
              for (const auto &v : values)
                v ? j.value(*v / m.unitScale) : j.value(nullptr);
            });
            j.attributeArray("change_vs_baseline", [&] {
              for (const auto &v : values)
                v &&values.front() && *values.front() != 0
                    ? j.value(*v / *values.front() - 1)
                    : j.value(nullptr);
            });
          });
        }
      });
    });
    j.attributeArray("reports", [&] {
      for (const ModelReport &r : reports)
        writeReportObject(j, r);
    });
  });
  os << "\n";
}
