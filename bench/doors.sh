#!/usr/bin/env bash
# Throughput of the protocol doors, side by side with Debian's clamd on the same files.
# Starts `crible serve --clamd --icap` (fresh data folder, so nothing is cached) and Debian's clamd (a database of
# two test signatures this script writes), both on free ports of 127.0.0.1, then sends every file with CLIENTS
# parallel clients: clamdscan --stream to Crible's clamd door, clamdscan --stream to clamd, c-icap-client to
# Crible's ICAP door. Prints files/s and MiB/s per door. Every process started is stopped by its PID.
#
# Usage: bench/doors.sh [CLIENTS] [CLEAN_FILES]
#   Files: the 44 files of /usr/share/clamav-testfiles plus CLEAN_FILES distinct generated text files (8 KiB each).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
clients="${1:-8}"; clean="${2:-200}"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

mkdir -p "$work/files" "$work/db" "$work/tmp"
cp /usr/share/clamav-testfiles/* "$work/files/"
for i in $(seq 1 "$clean"); do head -c 6000 /dev/urandom | base64 -w 76 | sed "1s/^/document $i /" | head -c 8192 > "$work/files/doc-$i.txt"; done
count=$(ls "$work/files" | wc -l); bytes=$(du -sb "$work/files" | cut -f1)

"$here/crible" --help >/dev/null
http=$(free_port); cport=$(free_port); iport=$(free_port); dport=$(free_port)
dotnet "$here/.artifacts/cli/Crible.Cli.dll" serve --urls "http://127.0.0.1:$http" --data "$work/data" --clamd "127.0.0.1:$cport" --icap "127.0.0.1:$iport" >"$work/server.log" 2>&1 &
pids+=($!); crible_pid=$!
echo "71e7b604d18aefd839e51a39c88df8383bb4c071dc31f87f00a2b5df580d4495:544:Crible.Test.ClamExe" > "$work/db/bench.hdb"
echo "Crible.Test.EICAR:0:*:$(printf 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE' | xxd -p | tr -d '\n')" > "$work/db/bench.ndb"
printf 'Foreground yes\nTCPSocket %s\nTCPAddr 127.0.0.1\nDatabaseDirectory %s\nTemporaryDirectory %s\n' "$dport" "$work/db" "$work/tmp" > "$work/clamd.conf"
clamd --config-file="$work/clamd.conf" >"$work/clamd.log" 2>&1 &
pids+=($!)
printf 'TCPSocket %s\nTCPAddr 127.0.0.1\n' "$cport" > "$work/to-crible.conf"
printf 'TCPSocket %s\nTCPAddr 127.0.0.1\n' "$dport" > "$work/to-clamd.conf"
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$http/health" >/dev/null && break; sleep 0.2; done
for _ in $(seq 1 150); do clamdscan --config-file="$work/to-clamd.conf" --ping 1 >/dev/null 2>&1 && break; sleep 0.2; done

run() { # name, command reading file names from stdin
  local name="$1"; shift
  local start end
  start=$(date +%s.%N)
  ls "$work"/files/* | xargs -P "$clients" -n 4 "$@" > "$work/$name.out" 2>&1 || true
  end=$(date +%s.%N)
  python3 - "$name" "$start" "$end" "$count" "$bytes" "$work/$name.out" <<'PY'
import sys
name, start, end, count, size, out = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
text = open(out, errors="replace").read()
found = text.count(" FOUND") + text.count("X-Infection-Found")
s = end - start
print(f"| {name} | {count} | {s:.1f} | {count/s:.1f} | {size/s/1048576:.2f} | {found} |")
PY
}
icap_each() { for f in "$@"; do c-icap-client -i 127.0.0.1 -p "$iport" -s avscan -f "$f" -v 2>&1 | grep -E "X-Infection-Found|204 No Content|403" | head -2; done; }
export -f icap_each; export iport

echo "$count files, $((bytes / 1024)) KiB, $clients parallel clients, $(nproc) cores"
echo "| door | files | seconds | files/s | MiB/s | infected answers |"
echo "|---|---|---|---|---|---|"
run "Debian clamd 1.4.6, clamdscan --stream" clamdscan --stream --no-summary --config-file="$work/to-clamd.conf"
run "Crible clamd door, clamdscan --stream" clamdscan --stream --no-summary --config-file="$work/to-crible.conf"
run "Crible ICAP door, c-icap-client RESPMOD" bash -c 'icap_each "$@"' _
echo "Crible peak RSS: $(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/$crible_pid/status)"
