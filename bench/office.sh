#!/usr/bin/env bash
# Office documents: files/s of `crible scan` over the Office files of the corpora (Strelka's fixtures and Debian's
# clamav-testfiles), each copied ROUNDS times so the run lasts long enough to measure, then a long run of the Office
# parser fuzz tests (CRIBLE_FUZZ_CASES mutations per parser). No olevba is packaged in Debian 12: our figures only.
#
# Usage: bench/office.sh [ROUNDS] [FUZZ_CASES]   (defaults: 20 rounds, 200000 cases; 0 cases skips the fuzz run)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-20}"
cases="${2:-200000}"
"$here/scripts/install-deps.sh" bench

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$here/crible" --help >/dev/null

strelka="$here/../shared/corpus/strelka-fixtures"
originals=("$strelka"/*.doc "$strelka"/*.docx "$strelka"/*.xls "$strelka"/test.vba "$strelka"/test.one
  /usr/share/clamav-testfiles/clam.ole.doc /usr/share/clamav-testfiles/clam.ppt /usr/share/clamav-testfiles/clam.exe.rtf)
for file in "${originals[@]}"; do
  [ -f "$file" ] || { echo "missing corpus file: $file (run scripts/install-deps.sh bench)" >&2; exit 1; }
done
for round in $(seq 1 "$rounds"); do
  mkdir -p "$work/corpus/$round"
  # One changed byte at the end of each copy: a distinct file each time, so nothing is answered from a cache.
  for file in "${originals[@]}"; do
    copy="$work/corpus/$round/$(basename "$file")"
    cp "$file" "$copy"
    printf '%s' "$round" >>"$copy"
  done
done

files=$(find "$work/corpus" -type f | wc -l)
bytes=$(find "$work/corpus" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')
/usr/bin/time -f '%e %M' -o "$work/scan.time" "$here/crible" scan --json "$work/corpus" >"$work/scan.out" 2>"$work/scan.err" || true
read -r seconds peak_kib < <(tail -n 1 "$work/scan.time")
malicious=$(grep -o '"verdict":"malicious"' "$work/scan.out" | wc -l)

echo "| what | files | MB | seconds | files/s | MB/s | peak RSS (MiB) | malicious |"
echo "|---|---|---|---|---|---|---|---|"
awk -v f="$files" -v b="$bytes" -v s="$seconds" -v k="$peak_kib" -v m="$malicious" -v n="${#originals[@]}" -v r="$rounds" 'BEGIN {
  printf "| crible scan, %d Office files x %d | %d | %.2f | %.1f | %.1f | %.2f | %.0f | %d |\n", n, r, f, b/1048576, s, f/s, b/1048576/s, k/1024, m }'

if [ "$cases" -eq 0 ]; then
  exit 0
fi

echo
echo "Fuzz: $cases cases per parser (OfficeParserFuzzTests)"
dotnet build "$here/tests/Crible.Tests" -c Release -nologo -v quiet >/dev/null
start=$(date +%s)
CRIBLE_FUZZ_CASES="$cases" dotnet test "$here/tests/Crible.Tests" -c Release --no-build --filter "FullyQualifiedName~OfficeParserFuzzTests" 2>&1 | grep -E "Passed!|Failed" || true
echo "fuzz run: $(( $(date +%s) - start )) s"
