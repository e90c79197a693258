#!/usr/bin/env bash
# Starts `crible serve` on 127.0.0.1 with a fresh data folder, sends a bounded mix of small documents from
# concurrent clients (every one analysed: rescan=true), and prints analyses/s, p50/p99 latency and the server's
# peak memory. The server is stopped by its PID at the end.
#
# Usage: bench/load.sh [FOLDER] [CLIENTS] [REQUESTS] [SECONDS]
#   FOLDER defaults to a set of small Strelka fixtures (documents, PDF, HTML, text) copied to a temporary folder.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
clients="${2:-8}"; requests="${3:-400}"; seconds="${4:-60}"
work="$(mktemp -d)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

folder="${1:-}"
if [ -z "$folder" ]; then
  folder="$work/mix"; mkdir -p "$folder"
  for f in test.doc test.docx test.xlsx test.pptx test.pdf test.html test.txt test.rtf test.json test.eml test.zip; do
    [ -f "$here/../shared/corpus/strelka-fixtures/$f" ] && cp "$here/../shared/corpus/strelka-fixtures/$f" "$folder/"
  done
fi

"$here/crible" --help >/dev/null
dotnet build "$here/bench/Crible.LoadBench" -c Release -o "$work/bench" -nologo -v quiet >/dev/null
key=$("$here/crible" keys add bench --data "$work/data" 2>/dev/null)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
dotnet "$here/.artifacts/cli/Crible.Cli.dll" serve --urls "http://127.0.0.1:$port" --data "$work/data" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done

echo "Folder: $folder ($(ls "$folder" | wc -l) files, $(du -sh "$folder" | cut -f1)); $(nproc) cores"
dotnet "$work/bench/Crible.LoadBench.dll" "http://127.0.0.1:$port" "$key" "$folder" "$clients" "$requests" "$seconds"
echo "server peak RSS: $(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/$server_pid/status)"
