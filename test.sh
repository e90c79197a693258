#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, checks formatting, builds with warnings as errors, runs every
# test project, and ends with one line "N passed, N failed, N skipped".
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
"$here/scripts/install-deps.sh" test || exit 1

results="$here/.artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

echo "== dotnet format --verify-no-changes"
if ! dotnet format Crible.slnx --verify-no-changes -v quiet; then
  echo "dotnet format found code to reformat: run 'dotnet format Crible.slnx'"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== build"
if ! dotnet build Crible.slnx -c Release -nologo -v quiet; then
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== tests"
dotnet test Crible.slnx -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
