#!/usr/bin/env bash
# Measures the executables family (PE, ELF, Mach-O, Donut, LNK and the Windows carriers) on the executables of the
# corpora: Debian's clamav-testfiles programs and Strelka's executable, shortcut and carrier fixtures. Prints, per
# scanner, the files it read and its own time (from the report's per-engine durations), so start-up, YARA and the
# other engines do not count; and the wall time of the whole `crible scan`.
#
# Usage: bench/scan-executables.sh [ROUNDS]   (each round scans every file once; default 5)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-5}"
"$here/scripts/install-deps.sh" bench

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
strelka="$here/../shared/corpus/strelka-fixtures"
for round in $(seq 1 "$rounds"); do
  mkdir -p "$work/files/$round"
  # Each round's copies differ by one appended byte so no result is reused across rounds.
  for file in /usr/share/clamav-testfiles/clam*.exe "$strelka"/test.exe "$strelka"/test_*.exe "$strelka"/test.elf \
              "$strelka"/test.macho "$strelka"/test_pyinstaller "$strelka"/test.lnk "$strelka"/test.iqy \
              "$strelka"/test.jnlp "$strelka"/test_donut*.bin; do
    { cat "$file"; printf '%s' "$round"; } >"$work/files/$round/$(basename "$file")"
  done
done

"$here/crible" --help >/dev/null
files=$(find "$work/files" -type f | wc -l)
/usr/bin/time -f '%e %M' -o "$work/time" "$here/crible" scan --json --no-builtin -j 1 "$work/files" >"$work/reports" 2>"$work/err" || true
read -r wall kib < <(tail -n 1 "$work/time")

python3 - "$work/reports" "$files" "$wall" "$((kib / 1024))" <<'PY'
import json, sys
kinds = {"pe": {"pe"}, "elf": {"elf"}, "macho": {"macho"}, "lnk": {"lnk"}, "donut": {"binary"},
         "internet-shortcut": {"internet-shortcut", "scf"}, "iqy": {"iqy"}, "jnlp": {"jnlp"}}
ms = {name: 0.0 for name in kinds}
seen = {name: 0 for name in kinds}
for line in open(sys.argv[1]):
    report = json.loads(line)
    for engine in report["engines"]:
        if engine["name"] in ms:
            ms[engine["name"]] += engine["duration_ms"]
    for node in report["nodes"]:
        for name, accepted in kinds.items():
            if node["kind"] in accepted and node.get("duplicate_of") is None:
                seen[name] += 1
print(f"{sys.argv[2]} top-level files, crible scan -j 1 wall {sys.argv[3]} s, peak RSS {sys.argv[4]} MiB")
print()
print("| scanner | files read | scanner ms total | files/s |")
print("|---|---|---|---|")
for name in kinds:
    if seen[name]:
        rate = seen[name] / (ms[name] / 1000) if ms[name] > 0 else float("inf")
        print(f"| {name} | {seen[name]} | {ms[name]:.1f} | {rate:.0f} |")
PY
