//===- HTMLReport.cpp - The self-contained HTML report ----------*- C++ -*-===//
//
// This file writes --report=html: one page with no network access that
// draws, for each report, the ops on the target's roofline and the energy
// by op type, and lists the ops in a table sortable in the page. The page
// carries its data as JSON and draws it with a few lines of script.
//
//===----------------------------------------------------------------------===//

#include "carbon/Report/Report.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/JSON.h"

#include <map>

using namespace carbon;

/// The data the page draws: per report, the target's roofs and one entry
/// per op.
static llvm::json::Value pageData(llvm::ArrayRef<ModelReport> reports) {
  llvm::json::Array out;
  for (const ModelReport &r : reports) {
    const auto &records = r.analysis->getOpCosts();
    const Estimate &e = r.estimate;
    llvm::json::Array ops;
    std::map<std::string, double> joulesByType;
    for (size_t i = 0; i < records.size(); ++i) {
      const OpCostRecord &rec = records[i];
      llvm::json::Object op{
          {"name", rec.name},
          {"type", rec.type},
          {"flops", static_cast<double>(rec.forward.work.flops)},
          {"bytes", static_cast<double>(rec.forward.traffic.bytesRead +
                                        rec.forward.traffic.bytesWritten)},
          {"params", static_cast<double>(rec.params)}};
      if (i < e.ops.size() && e.ops[i].roofline.known) {
        const OpRoofline &p = e.ops[i].roofline;
        op["bound"] = p.computeBound ? "compute" : "memory";
        op["units"] = p.matrixUnits ? "matrix" : "vector";
        op["precision"] = precisionName(p.precision);
        op["intensity"] = p.arithmeticIntensity;
        op["roofline_time_s"] = p.seconds;
        op["peak"] = p.peakFlops;
        if (p.predictedSeconds)
          op["time_s"] = *p.predictedSeconds;
        if (e.ops[i].joules) {
          op["energy_j"] = *e.ops[i].joules;
          joulesByType[rec.type] += *e.ops[i].joules;
        }
      }
      ops.push_back(std::move(op));
    }
    llvm::json::Object report{
        {"label", r.label}, {"path", r.path}, {"ops", std::move(ops)}};
    if (const Target *t = r.inputs.target) {
      report["target"] = t->display;
      if (t->memoryBandwidth)
        report["bandwidth"] = *t->memoryBandwidth;
      // The roofs of the units and precisions the ops run at.
      llvm::json::Array roofs;
      for (auto &[precision, peak] : t->peaks)
        for (bool matrix : {true, false}) {
          std::optional<double> flops = matrix ? peak.matrix : peak.vector;
          bool used = llvm::any_of(e.ops, [&](const OpEstimate &op) {
            return op.roofline.known && op.roofline.precision == precision &&
                   op.roofline.matrixUnits == matrix &&
                   op.roofline.peakFlops > 0;
          });
          if (flops && used)
            roofs.push_back(llvm::json::Object{
                {"label", precisionName(precision).str() +
                              (matrix ? " matrix" : " vector")},
                {"flops", *flops}});
        }
      report["roofs"] = std::move(roofs);
    }
    llvm::json::Array energy;
    for (auto &[type, joules] : joulesByType)
      energy.push_back(
          llvm::json::Object{{"type", type}, {"energy_j", joules}});
    report["energy_by_type"] = std::move(energy);
    llvm::json::Array metrics;
    for (const MetricDef &m : metricDefs())
      if (std::optional<double> v = metricValue(r, m))
        metrics.push_back(
            llvm::json::Object{{"name", m.name},
                               {"label", m.label},
                               {"text", formatQuantity(*v, m.dimension)},
                               {"value", *v}});
    report["metrics"] = std::move(metrics);
    out.push_back(std::move(report));
  }
  return llvm::json::Value(std::move(out));
}

static const char *const pageStyle = R"css(
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { padding: 2px 8px; border-bottom: 1px solid #ddd; text-align: right; }
th:first-child, td:first-child, td.text { text-align: left; }
th.sortable { cursor: pointer; } th.sortable:hover { background: #eef; }
svg text { font: 11px system-ui, sans-serif; }
.roof { stroke: #888; fill: none; } .axis { stroke: #444; }
.op-point.compute { fill: #d9534f; } .op-point.memory { fill: #337ab7; }
.bar { fill: #5cb85c; }
)css";

static const char *const pageScript = R"js(
const data = JSON.parse(document.getElementById('carbon-data').textContent);
const NS = 'http://www.w3.org/2000/svg';
function el(name, attrs, parent) {
  const e = document.createElementNS(NS, name);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (parent) parent.appendChild(e);
  return e;
}
function fmt(v, unit) {
  if (v === undefined) return '-';
  const p = [[1e-9, 'n'], [1e-6, 'u'], [1e-3, 'm'], [1, ''], [1e3, 'K'], [1e6, 'M'], [1e9, 'G'], [1e12, 'T'], [1e15, 'P']];
  let s = p[0];
  for (const q of p) if (Math.abs(v) >= q[0]) s = q;
  return (v / s[0]).toPrecision(3) + ' ' + s[1] + unit;
}
function roofline(report, host) {
  const W = 640, H = 400, L = 60, B = 40;
  const svg = el('svg', {width: W, height: H, class: 'roofline'}, host);
  const pts = report.ops.filter(o => o.flops > 0 && o.bytes > 0 && o.intensity > 0);
  const rate = o => o.flops / (o.time_s || o.roofline_time_s);
  const xs = pts.map(o => o.intensity), ys = pts.map(rate);
  const peaks = (report.roofs || []).map(r => r.flops);
  const x0 = Math.log10(Math.min(...xs, 0.1)) - 0.5, x1 = Math.log10(Math.max(...xs, 1000)) + 0.5;
  const y0 = Math.log10(Math.min(...ys, 1e9)) - 0.5, y1 = Math.log10(Math.max(...ys, ...peaks, 1e12)) + 0.3;
  const X = v => L + (Math.log10(v) - x0) / (x1 - x0) * (W - L - 10);
  const Y = v => H - B - (Math.log10(v) - y0) / (y1 - y0) * (H - B - 10);
  el('line', {x1: L, y1: H - B, x2: W - 10, y2: H - B, class: 'axis'}, svg);
  el('line', {x1: L, y1: 10, x2: L, y2: H - B, class: 'axis'}, svg);
  for (let e = Math.ceil(x0); e <= x1; e++) el('text', {x: X(10 ** e) - 8, y: H - B + 14}, svg).textContent = '1e' + e;
  for (let e = Math.ceil(y0); e <= y1; e++) el('text', {x: 4, y: Y(10 ** e) + 4}, svg).textContent = '1e' + e;
  el('text', {x: W / 2 - 80, y: H - 6}, svg).textContent = 'arithmetic intensity (FLOP/byte)';
  el('text', {x: L + 4, y: 22}, svg).textContent = 'FLOP/s';
  for (const r of report.roofs || []) {
    if (!report.bandwidth) break;
    const knee = r.flops / report.bandwidth;
    const a = 10 ** x0, b = 10 ** x1;
    el('polyline', {class: 'roof', points: [X(a), Y(Math.max(a * report.bandwidth, 10 ** y0)), X(knee), Y(r.flops), X(b), Y(r.flops)].join(' ')}, svg);
    el('text', {x: W - 110, y: Y(r.flops) - 3}, svg).textContent = r.label;
  }
  for (const o of pts) {
    const c = el('circle', {cx: X(o.intensity), cy: Y(rate(o)), r: 3, class: 'op-point ' + o.bound}, svg);
    el('title', {}, c).textContent = o.name + ' (' + o.type + '): ' + fmt(rate(o), 'FLOP/s') + ', ' + o.bound + '-bound';
  }
  return pts.length;
}
function energyBars(report, host) {
  const rows = report.energy_by_type.slice().sort((a, b) => b.energy_j - a.energy_j);
  const W = 640, R = 18, L = 200;
  const svg = el('svg', {width: W, height: R * rows.length + 10, class: 'energy'}, host);
  const max = Math.max(...rows.map(r => r.energy_j), 1e-30);
  rows.forEach((r, i) => {
    el('text', {x: 0, y: i * R + 13}, svg).textContent = r.type;
    el('rect', {x: L, y: i * R + 2, height: R - 5, width: Math.max(1, (W - L - 90) * r.energy_j / max), class: 'bar'}, svg);
    el('text', {x: L + (W - L - 90) * r.energy_j / max + 4, y: i * R + 13}, svg).textContent = fmt(r.energy_j, 'J');
  });
}
function opTable(report, host) {
  const cols = [['name', 'op', 0], ['type', 'type', 0], ['bound', 'bound', 0], ['flops', 'FLOPs', ''],
                ['bytes', 'bytes', 'B'], ['intensity', 'FLOP/B', ''], ['time_s', 'time', 's'], ['energy_j', 'energy', 'J']];
  const table = document.createElement('table');
  table.className = 'ops';
  const head = table.createTHead().insertRow();
  const body = table.createTBody();
  for (const o of report.ops) {
    const row = body.insertRow();
    for (const [k, , num] of cols) {
      const td = row.insertCell();
      const v = o[k];
      td.textContent = v === undefined ? '-' : (num !== 0 ? (v === 0 ? '0' : fmt(Number(v), num)) : v);
      td.dataset.value = v === undefined ? '' : v;
      if (num === 0) td.className = 'text';
    }
  }
  cols.forEach(([k, label, num], i) => {
    const th = document.createElement('th');
    th.textContent = label;
    th.className = 'sortable';
    let asc = false;
    th.onclick = () => {
      asc = !asc;
      const rows = Array.from(body.rows);
      rows.sort((a, b) => {
        const x = a.cells[i].dataset.value, y = b.cells[i].dataset.value;
        const c = num !== 0 ? (Number(x === '' ? -Infinity : x) - Number(y === '' ? -Infinity : y))
                            : String(x).localeCompare(String(y));
        return asc ? c : -c;
      });
      rows.forEach(r => body.appendChild(r));
    };
    head.appendChild(th);
  });
  host.appendChild(table);
}
const main = document.getElementById('reports');
if (data.length > 1) {
  // Side by side, with the change against the first.
  const h = document.createElement('h2');
  h.textContent = 'Comparison (changes against ' + data[0].label + ')';
  main.appendChild(h);
  const t = document.createElement('table');
  t.id = 'comparison';
  const head = t.createTHead().insertRow();
  head.appendChild(document.createElement('th')).textContent = 'metric';
  for (const r of data) head.appendChild(document.createElement('th')).textContent = r.label;
  const names = [];
  for (const r of data) for (const m of r.metrics) if (!names.includes(m.name)) names.push(m.name);
  for (const n of names) {
    const row = t.insertRow();
    const find = r => r.metrics.find(m => m.name === n);
    row.insertCell().textContent = (data.map(find).find(m => m) || {}).label;
    const base = find(data[0]);
    data.forEach((r, i) => {
      const m = find(r);
      let text = m ? m.text : '-';
      if (i > 0 && m && base && base.value) {
        const c = (m.value / base.value - 1) * 100;
        text += ' (' + (c >= 0 ? '+' : '') + c.toFixed(Math.abs(c) >= 10 ? 0 : 1) + '%)';
      }
      row.insertCell().textContent = text;
    });
  }
  main.appendChild(t);
}
for (const report of data) {
  const sec = document.createElement('section');
  sec.className = 'report';
  sec.innerHTML = '<h2></h2><table class="metrics"></table><h3>Roofline</h3><div class="plot"></div>' +
                  '<h3>Energy by op type (forward pass, device)</h3><div class="bars"></div><h3>Ops</h3>';
  sec.querySelector('h2').textContent = report.label + ' - ' + report.path + (report.target ? ' on ' + report.target : '');
  const mt = sec.querySelector('table.metrics');
  for (const m of report.metrics) {
    const r = mt.insertRow();
    r.insertCell().textContent = m.label;
    r.insertCell().textContent = m.text;
  }
  main.appendChild(sec);
  const n = report.roofs ? roofline(report, sec.querySelector('.plot')) : 0;
  sec.dataset.points = n;
  energyBars(report, sec.querySelector('.bars'));
  opTable(report, sec);
}
document.body.dataset.rendered = 'true';
)js";

void carbon::writeHTMLReport(llvm::raw_ostream &os,
                             llvm::ArrayRef<ModelReport> reports) {
  std::string json;
  llvm::raw_string_ostream js(json);
  js << pageData(reports);
  // JSON inside a script element must not close it.
  std::string safe;
  for (size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '<' && i + 1 < json.size() && json[i + 1] == '/')
      safe += "<\\";
    else
      safe += json[i];
  }
  os << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
        "charset=\"utf-8\">\n"
     << "<title>carbon-opt report</title>\n<style>" << pageStyle
     << "</style>\n</head>\n<body>\n<h1>carbon-opt report</h1>\n"
     << "<main id=\"reports\"></main>\n"
     << "<script type=\"application/json\" id=\"carbon-data\">" << safe
     << "</script>\n<script>" << pageScript << "</script>\n</body>\n</html>\n";
}
