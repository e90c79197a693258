#!/usr/bin/env bash
# Extraction throughput and peak memory: Crible against Debian's `7zz t` and `clamscan` on the same files, on two
# named inputs, printed as a Markdown table.
#
#   1. libarchive's test corpus (../shared/corpus/libarchive-testfiles: 523 archives, damaged ones included);
#   2. a generated ZIP of 1 GiB of expanded data (16 members of 64 MiB, half random, half text, deflated).
#
# Usage: bench/extract.sh [CORPUS_DIR] [--skip-big]
# Each tool counts its own expanded bytes: Crible the size of every sub-file it analysed (a .tar.gz counts the tar
# and its members), 7-Zip the unpacked size it tested (outer layer only), ClamAV its "Data scanned". clamscan runs
# with a one-line database of our own (no official signatures can be downloaded here) and raised size limits.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="$here/../shared/corpus/libarchive-testfiles"
big=1
for argument in "$@"; do
  case "$argument" in
    --skip-big) big=0 ;;
    *) corpus="$argument" ;;
  esac
done
"$here/scripts/install-deps.sh" bench

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$here/crible" --help >/dev/null # build once, outside the measurement

# ClamAV refuses to run without a database: one hash signature (clam.exe) is enough to make it open everything.
echo "71e7b604d18aefd839e51a39c88df8383bb4c071dc31f87f00a2b5df580d4495:544:ClamAV-Test-File" >"$work/crible-bench.hsb"
clam_limits=(--max-filesize=2000M --max-scansize=2000M --max-files=100000 --max-recursion=16 --max-embeddedpe=100M)

measure() { # name, command...: runs the command under /usr/bin/time, prints "seconds peak_kib"
  local name="$1"; shift
  /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || true
  tail -n 1 "$work/$name.time"
}

mib() { awk -v b="$1" 'BEGIN {printf "%.1f", b/1048576}'; }
rate() { awk -v b="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.1f", b/1048576/s; else print "n/a" }'; }

crible_expanded() { # JSON Lines reports: bytes of every node below a root
  python3 -c 'import json,sys
total=0
for line in open(sys.argv[1]):
    try: report=json.loads(line)
    except ValueError: continue
    total+=sum(n["size"] for n in report["nodes"] if n.get("parent") is not None)
print(total)' "$1"
}

sevenzip_expanded() { # 7zz t prints "Size:       N" once per archive it tested
  awk '/^Size:/ {s+=$2} END {print s+0}' "$1"
}

clamscan_expanded() { # "Data scanned: 12.34 MiB" (or KiB/GiB, or MB in older versions)
  awk -F': ' '/^Data scanned/ {split($2,a," "); u=a[2]; m=(u ~ /^K/)?1024:(u ~ /^M/)?1048576:(u ~ /^G/)?1073741824:1; printf "%d", a[1]*m}' "$1"
}

row() { # label, input bytes, seconds, peak KiB, expanded bytes, notes
  echo "| $1 | $(mib "$2") | $3 | $(mib "$5") | $(rate "$5" "$3") | $(($4 / 1024)) | $6 |"
}

echo "| tool and input | input MiB | wall s | expanded MiB | expanded MB/s | peak RSS MiB | notes |"
echo "|---|---|---|---|---|---|---|"

# 1. libarchive's corpus.
files=$(find "$corpus" -type f ! -name labels.tsv ! -name MANIFEST.txt | sort)
count=$(wc -l <<<"$files")
bytes=$(xargs -d '\n' stat -c %s <<<"$files" | awk '{s+=$1} END {print s+0}')
read -r s kib < <(measure crible "$here/crible" scan --json -j "$(nproc)" $(cat <<<"$files"))
row "crible scan, libarchive corpus ($count files)" "$bytes" "$s" "$kib" "$(crible_expanded "$work/crible.out")" "every member of every level analysed (signatures, identification, recursion)"
# The same run with the GC held to 512 MiB of heap: what the analyses need, rather than what a lazy GC keeps.
read -r s kib < <(measure crible-capped env DOTNET_GCHeapHardLimit=0x20000000 "$here/crible" scan --json -j "$(nproc)" $(cat <<<"$files"))
row "crible scan, same corpus, GC heap capped at 512 MiB" "$bytes" "$s" "$kib" "$(crible_expanded "$work/crible-capped.out")" "$(grep -c OutOfMemory "$work/crible-capped.out" || true) reports with an out-of-memory reason"
printf '%s\n' "$files" >"$work/list"
read -r s kib < <(measure sevenzip bash -c 'while IFS= read -r f; do 7zz t -p- -bd "$f" </dev/null; done <"$1"' _ "$work/list")
row "7zz t, libarchive corpus (one process per file)" "$bytes" "$s" "$kib" "$(sevenzip_expanded "$work/sevenzip.out")" "tests the outer layer only; no analysis"
read -r s kib < <(measure clamscan clamscan -d "$work/crible-bench.hsb" "${clam_limits[@]}" -f "$work/list")
row "clamscan, libarchive corpus" "$bytes" "$s" "$kib" "$(clamscan_expanded "$work/clamscan.out")" "one hash signature; recursion into every format ClamAV opens"

if [ "$big" -eq 1 ]; then
  # 2. A generated 1 GiB archive: 16 members of 64 MiB, each half random bytes (base64) and half repeated text, so
  # deflate has work on both sides.
  mkdir -p "$work/big"
  python3 - "$work/big" <<'PY'
import base64, os, sys
for i in range(1, 17):
    noise = base64.encodebytes(os.urandom(25165824))[:33554432]
    text = (b"line %02d of a generated member, repeated to fill it\n" % i) * 700000
    with open(os.path.join(sys.argv[1], "member-%02d.txt" % i), "wb") as out:
        out.write(noise + text[:67108864 - len(noise)])
PY
  (cd "$work/big" && zip -q -1 "$work/big.zip" member-*.txt)
  rm -rf "$work/big"
  big_bytes=$(stat -c %s "$work/big.zip")
  read -r s kib < <(measure crible-big "$here/crible" scan --json "$work/big.zip")
  row "crible scan, generated 1 GiB zip" "$big_bytes" "$s" "$kib" "$(crible_expanded "$work/crible-big.out")" "16 members of 64 MiB, each analysed"
  read -r s kib < <(measure sevenzip-big 7zz t -bd "$work/big.zip")
  row "7zz t, generated 1 GiB zip" "$big_bytes" "$s" "$kib" "$(sevenzip_expanded "$work/sevenzip-big.out")" "decompresses and checks CRCs"
  read -r s kib < <(measure clamscan-big clamscan -d "$work/crible-bench.hsb" "${clam_limits[@]}" "$work/big.zip")
  row "clamscan, generated 1 GiB zip" "$big_bytes" "$s" "$kib" "$(clamscan_expanded "$work/clamscan-big.out")" "one hash signature"
fi
echo
echo "$(nproc) cores; $(date -u +%Y-%m-%d)"
