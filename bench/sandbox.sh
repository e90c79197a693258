#!/usr/bin/env bash
# Per-run overhead of the dynamic-analysis sandbox: a trivial ELF (puts("hello")) built with gcc is analysed N times
# by `crible scan --json -j 1` (one analysis each) and the script prints, from the reports, the sandbox engine's time
# (sandbox start to its findings: copy in, bwrap, strace, the run, parsing, collecting) and the run's own wall time
# as measured around bwrap, as median, p90 and max; then the same files with dynamic analysis off, for the
# whole-analysis time without it.
#
# Usage: bench/sandbox.sh [RUNS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-20}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

printf '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n' > "$work/hello.c"
gcc -O0 -o "$work/hello" "$work/hello.c"
mkdir -p "$work/samples"
for i in $(seq 1 "$runs"); do cp "$work/hello" "$work/samples/hello-$i"; done
echo '{ "Dynamic": { "Enabled": false } }' > "$work/off.json"

"$here/crible" --help >/dev/null
"$here/crible" scan --json -j 1 "$work/samples" > "$work/on.jsonl"
"$here/crible" scan --json -j 1 --config "$work/off.json" "$work/samples" > "$work/off.jsonl"

python3 - "$work/on.jsonl" "$work/off.jsonl" <<'PY'
import json, sys, statistics
def stats(values):
    values = sorted(values)
    p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
    return f"{statistics.median(values):8.1f} {p90:8.1f} {max(values):8.1f}"
on = [json.loads(line) for line in open(sys.argv[1])]
off = [json.loads(line) for line in open(sys.argv[2])]
engine = [e["duration_ms"] for r in on for e in r["engines"] if e["name"] == "sandbox"]
run = [float(f["meta"]["seconds"]) * 1000 for r in on for n in r["nodes"] for f in n["findings"] if f["scanner"] == "sandbox" and f["id"] == "behaviour"]
verdicts = {r["verdict"] for r in on}
print(f"{len(on)} analyses of a trivial ELF, verdicts {sorted(verdicts)}")
print(f"{'ms':34} {'median':>8} {'p90':>8} {'max':>8}")
print(f"{'sandbox engine (start to findings)':34} {stats(engine)}")
print(f"{'  of which the bwrap+strace run':34} {stats(run)}")
print(f"{'whole analysis, dynamic on':34} {stats([r['duration_ms'] for r in on])}")
print(f"{'whole analysis, dynamic off':34} {stats([r['duration_ms'] for r in off])}")
PY
