#!/usr/bin/python3
"""Checks that the HTML report renders in headless Chromium: one roofline
point per op that has FLOPs and bytes on the target, in each report of the
page, the energy bars and the op table.

Usage: check_html.py CARBON_OPT OUT_DIR MODEL [carbon-opt flags...]
"""
import json
import os
import re
import subprocess
import sys

carbon_opt, out, model, flags = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
page = os.path.join(out, "report.html")
subprocess.run([carbon_opt, model, *flags, "--report=html", "-o", page], check=True,
               stderr=subprocess.DEVNULL)
html = open(page).read()
# Self-contained: nothing fetched from anywhere.
external = re.findall(r'(?:src|href)\s*=\s*"[^"#]', html)
print(f"external references: {len(external)}")

# What the page should draw, from the same model's JSON report.
run = subprocess.run([carbon_opt, model, *flags, "--report=json"], check=True,
                     capture_output=True, text=True)
doc = json.loads(run.stdout)
reports = doc["reports"] if "reports" in doc else [doc]
expected = [sum(1 for o in r["ops"] if o["flops"] > 0 and o["bytes_read"] + o["bytes_written"] > 0
                and o.get("arithmetic_intensity", 0) > 0) for r in reports]

dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                      "--user-data-dir=" + os.path.join(out, "profile"),
                      "--dump-dom", "file://" + os.path.abspath(page)],
                     capture_output=True, text=True, timeout=120).stdout
print("rendered:", 'data-rendered="true"' in dom)
sections = dom.split('<section class="report"')[1:]
for i, (section, want) in enumerate(zip(sections, expected)):
    points = len(re.findall(r'<circle[^>]*class="op-point', section))
    bars = len(re.findall(r'<rect[^>]*class="bar"', section))
    rows = section.split("<tbody>")[-1].count("<tr>") if "<tbody>" in section else 0
    print(f"report {i}: {points} points, expected {want}; {bars} bars; {rows} op rows of {len(reports[i]['ops'])}")
print("comparison table:", 'id="comparison"' in dom)
