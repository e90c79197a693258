#!/usr/bin/env bash
# Files/s of Crible's default engine on text-bearing files (scripts, pages, PDFs), and how many come out malicious.
# Usage: bench/text-scanners.sh [droppers]
#   Without argument: Strelka's PDF, HTML, script and text fixtures. With "droppers": the 302 JScript droppers of
#   ../shared/corpus/js-droppers, extracted to a temporary folder (never run) and deleted afterwards.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$here/crible" --help >/dev/null
if [ "${1:-}" = droppers ]; then
  7zz x -y -pinfected -o"$work/files" "$here/../shared/corpus/js-droppers/samples.zip" >/dev/null
else
  mkdir -p "$work/files"
  for f in "$here"/../shared/corpus/strelka-fixtures/*.{pdf,html,js,bat,vba,txt,xml,json,yaml,ini,eml}; do cp "$f" "$work/files/"; done
fi
files=$(find "$work/files" -type f | wc -l)
/usr/bin/time -f '%e %M' -o "$work/time" "$here/crible" scan --json "$work/files" >"$work/out" 2>/dev/null || true
read -r seconds kib <"$work/time"
malicious=$(grep -c '"verdict":"malicious"' "$work/out" || true)
flagged=$(python3 -c 'import json,sys; print(sum(any(f["severity"]!="info" for n in r["nodes"] for f in n["findings"]) for r in map(json.loads, open(sys.argv[1]))))' "$work/out")
echo "| files | wall s | files/s | peak RSS MiB | malicious | flagged (suspicious or worse) | load average |"
echo "|---|---|---|---|---|---|---|"
echo "| $files | $seconds | $(awk -v n="$files" -v s="$seconds" 'BEGIN{printf "%.1f", n/s}') | $((kib / 1024)) | $malicious | $flagged | $(cut -d' ' -f1 /proc/loadavg) |"
