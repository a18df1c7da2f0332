#!/usr/bin/env python3
"""Lists the metric names that the Prometheus alert rules and the Grafana dashboards use, and checks them
against ops/prometheus/exported-metrics.txt (what the apps export; MonitoringIT-style tests compare that list
with live scrapes). Exit 1 naming each unknown metric. Usage: promql_names.py REPO_ROOT"""
import json
import pathlib
import re
import sys

import yaml  # python3-yaml

KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan"}
SUFFIXES = ("_bucket", "_count", "_sum", "_max")


def names(expr):
    e = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)            # string literals
    e = re.sub(r"\{[^}]*\}", "", e)                          # label matchers
    e = re.sub(r"\[[^\]]*\]", "", e)                         # range selectors
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", e)  # label lists
    out = set()
    for m in re.finditer(r"(?<![\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?", e):
        name, call = m.group(1), m.group(2)
        if call or name.lower() in KEYWORDS:
            continue
        out.add(name)
    return out


def exported(root):
    known = {}
    for line in (root / "ops/prometheus/exported-metrics.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            parts = line.split()
            known[parts[0]] = parts[1:]
    return known


def family(name, known):
    if name in known:
        return name
    for s in SUFFIXES:
        if name.endswith(s) and name[: -len(s)] in known:
            return name[: -len(s)]
    return None


def main():
    root = pathlib.Path(sys.argv[1])
    known = exported(root)
    used = {}
    for group in yaml.safe_load((root / "ops/prometheus/alerts.yml").read_text())["groups"]:
        for rule in group["rules"]:
            for n in names(rule["expr"]):
                used.setdefault(n, set()).add("alert " + rule.get("alert", rule.get("record", "?")))
    for f in sorted((root / "ops/grafana/dashboards").glob("*.json")):
        d = json.loads(f.read_text())
        for p in d["panels"]:
            for t in p.get("targets", []):
                for n in names(t["expr"]):
                    used.setdefault(n, set()).add(f"{f.name}: {p['title']}")
        for v in d.get("templating", {}).get("list", []):
            query = re.sub(r"label_values\((.*),\s*\w+\)", r"\1", v.get("query", ""))  # Grafana's function
            for n in names(query):
                used.setdefault(n, set()).add(f"{f.name}: variable {v['name']}")
    unknown = {n: w for n, w in used.items() if family(n, known) is None}
    for n, where in sorted(unknown.items()):
        print(f"unknown metric {n}, used by {sorted(where)}", file=sys.stderr)
    print(f"{len(used)} metric names used by alerts and dashboards, {len(unknown)} unknown")
    return 1 if unknown else 0


if __name__ == "__main__":
    sys.exit(main())
