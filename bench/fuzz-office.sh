#!/usr/bin/env bash
# Runs every loop of the Office parser fuzz tests (OfficeParserFuzzTests: compound file, RTF objects, VBA, dir
# stream, BIFF/XLSB formulas, macro classifier and fields, MTEF, OLE1/Package, Excel and PowerPoint decryption, and
# whole analyses of mutated Flat OPC, ActiveMime, .xlsm, .xlsb and .ppt files) for SECONDS each, and prints how many
# mutated cases each test ran. A crash, an escaped exception or a runaway allocation fails the test.
# Usage: bench/fuzz-office.sh [SECONDS]   (default 120)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-120}"
dotnet build "$here/tests/Crible.Tests" -c Release -nologo -v quiet >/dev/null
start=$(date +%s)
CRIBLE_FUZZ_SECONDS="$seconds" dotnet test "$here/tests/Crible.Tests" -c Release --no-build \
  --filter "FullyQualifiedName~OfficeParserFuzzTests" --logger "console;verbosity=detailed" 2>&1 \
  | grep -E "cases in|Total tests|Passed:|Failed:|^\s+Failed " || true
echo "fuzz run: $(( $(date +%s) - start )) s, $seconds s per loop"
