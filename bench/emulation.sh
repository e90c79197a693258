#!/usr/bin/env bash
# Emulates every dropper of ../shared/corpus/js-droppers with `crible scan` and prints the share that comes out
# malicious with a recovered URL or dropped file, and the median emulation time (from the emulation-summary finding).
# The samples are extracted into a temporary folder (deleted on exit) and only read by Crible: nothing is executed.
# Usage: bench/emulation.sh [-j N]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs="${2:-$(nproc)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
7zz x -pinfected -y -o"$work/samples" "$here/../shared/corpus/js-droppers/samples.zip" >/dev/null
"$here/crible" --help >/dev/null
start=$(date +%s.%N)
"$here/crible" scan --json -j "$jobs" "$work/samples" >"$work/reports.jsonl" || true
end=$(date +%s.%N)
python3 - "$work/reports.jsonl" "$start" "$end" <<'PY'
import collections, json, re, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
good, times = 0, []
for r in rows:
    recovered = any(i["kind"] == "url" for i in r.get("iocs", [])) or any(n.get("relation") == "dropped" for n in r["nodes"])
    good += r["verdict"] == "malicious" and recovered
    for f in r["nodes"][0].get("findings", []):
        if f["id"] == "emulation-summary":
            times.append(int(re.search(r"ran (\d+) ms", f["evidence"]).group(1)))
print(f"| droppers | malicious with URL or dropped file | median emulation ms | wall s |")
print(f"|---|---|---|---|")
print(f"| {len(rows)} | {good} ({100 * good / len(rows):.1f} %) | {statistics.median(times):.0f} | {float(sys.argv[3]) - float(sys.argv[2]):.0f} |")
# Why the others were not: how their emulation ended, or what it saw.
misses = collections.Counter()
for r in rows:
    recovered = any(i["kind"] == "url" for i in r.get("iocs", [])) or any(n.get("relation") == "dropped" for n in r["nodes"])
    if r["verdict"] == "malicious" and recovered:
        continue
    findings = {f["id"]: f["evidence"] for f in r["nodes"][0].get("findings", [])}
    summary = findings.get("emulation-summary", "")
    if "emulation-summary" not in findings:
        misses["not emulated (not read as JScript)"] += 1
    elif "stopped (" in summary:
        misses["stopped: " + summary.split("stopped (", 1)[1].split(":", 1)[0]] += 1
    elif "ended with an error: " in summary:
        error = summary.split("ended with an error: ", 1)[1].split("\n", 1)[0]
        misses["error: " + re.sub(r"(\d+|'[^']*'|\"[^\"]*\")", "…", error)[:60]] += 1
    else:
        seen = [k for k in ("emulation-command", "emulation-download", "emulation-file-written") if k in findings]
        misses["ran to its end, " + (", ".join(seen) if seen else "nothing done")] += 1
print()
print("| not recovered | droppers |")
print("|---|---|")
for reason, count in misses.most_common():
    print(f"| {reason} | {count} |")
PY
