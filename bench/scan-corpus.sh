#!/usr/bin/env bash
# Scans a named corpus with Crible and with Debian's `yara -r`, using the same signature-base rules, and prints a
# Markdown table of files/s, MB/s and peak memory for each.
#
# Usage: bench/scan-corpus.sh [CORPUS_DIR] [RULES_DIR]
#   CORPUS_DIR defaults to ../shared/corpus/strelka-fixtures, RULES_DIR to ../shared/rules/signature-base/yara.
# Crible also opens archives and analyses their members; yara looks at each file as it is. Both are told to use
# every core.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${1:-$here/../shared/corpus/strelka-fixtures}"
rules="${2:-$here/../shared/rules/signature-base/yara}"
"$here/scripts/install-deps.sh" bench

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Build once, outside the measurement.
"$here/crible" --help >/dev/null

files=$(find "$corpus" -type f | wc -l)
bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')
mb=$(awk -v b="$bytes" 'BEGIN {printf "%.2f", b/1048576}')

measure() { # name, command...: runs the command under /usr/bin/time, prints "seconds peak_kib"
  local name="$1"; shift
  /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || true
  cat "$work/$name.time" | tail -n 1
}

read -r crible_s crible_kib < <(measure crible "$here/crible" scan --json --rules "$rules" "$corpus")
crible_reports=$(wc -l <"$work/crible.out")
crible_nodes=$(python3 -c 'import json,sys; print(sum(len(json.loads(l)["nodes"]) for l in open(sys.argv[1])))' "$work/crible.out")
crible_detected=$(grep -c '"verdict":"malicious"' "$work/crible.out" || true)

# The same rules compiled once by yarac, then `yara -r` over the same files with the same externals.
externals=(-d filename= -d filepath= -d extension= -d filetype= -d owner=)
find "$rules" -type f \( -name '*.yar' -o -name '*.yara' \) | sort >"$work/rule-files"
read -r compile_s _ < <(measure yarac yarac -w "${externals[@]}" $(cat "$work/rule-files") "$work/rules.compiled")
read -r yara_s yara_kib < <(measure yara yara -C -w -r -p "$(nproc)" "${externals[@]}" "$work/rules.compiled" "$corpus")
yara_detected=$(awk '{print $2}' "$work/yara.out" | sort -u | wc -l)

rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.1f", n/s; else print "n/a" }'; }

echo "Corpus: $corpus ($files files, $mb MB); rules: $rules ($(wc -l <"$work/rule-files") files); $(nproc) cores"
echo
echo "| engine | wall s | files/s | MB/s | peak RSS MiB | files flagged | notes |"
echo "|---|---|---|---|---|---|---|"
echo "| crible scan | $crible_s | $(rate "$files" "$crible_s") | $(rate "$mb" "$crible_s") | $((crible_kib / 1024)) | $crible_detected | verdict malicious; $crible_reports reports, $crible_nodes nodes (members included); rules compiled at start-up |"
echo "| yara -r (precompiled) | $yara_s | $(rate "$files" "$yara_s") | $(rate "$mb" "$yara_s") | $((yara_kib / 1024)) | $yara_detected | files with any rule match, whatever its score; top-level files only; yarac took ${compile_s} s |"
