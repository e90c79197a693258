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
import json, re, statistics, sys
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
PY
