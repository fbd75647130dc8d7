#!/usr/bin/env python3
"""Prints a Markdown table from JMH JSON files: mean, median of the iteration scores, and allocation (-prof gc)."""
import json
import statistics
import sys


def rows(path):
    for r in json.load(open(path)):
        name = r["benchmark"].replace("dev.agentguard.bench.", "")
        params = ",".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
        pm = r["primaryMetric"]
        raw = [x for fork in pm.get("rawData", []) for x in fork]
        pct = pm.get("scorePercentiles") or {}
        if r.get("mode") == "sample" and "50.0" in pct:
            median = pct["50.0"]  # the median of every sampled call
        else:
            median = statistics.median(raw) if raw else pm["score"]
        sm = r.get("secondaryMetrics", {})
        alloc = sm.get("gc.alloc.rate.norm") or sm.get("·gc.alloc.rate.norm")
        yield name, params, pm["score"], pm.get("scoreError"), median, pm["scoreUnit"], alloc


def fmt(x):
    if x is None or x != x:
        return "-"
    return f"{x:,.1f}" if x < 1000 else f"{x:,.0f}"


print("| benchmark | params | mean | ± (99.9%) | median | unit | B/op |")
print("|---|---|---:|---:|---:|---|---:|")
for path in sys.argv[1:]:
    for name, params, score, err, median, unit, alloc in rows(path):
        a = fmt(alloc["score"]) if alloc else "-"
        print(f"| {name} | {params} | {fmt(score)} | {fmt(err)} | {fmt(median)} | {unit} | {a} |")
