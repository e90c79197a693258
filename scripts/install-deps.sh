#!/usr/bin/env bash
# Installs the Debian packages Crible needs when they are missing. Usage: install-deps.sh runtime|test|bench
set -euo pipefail

runtime=(libyara9 bubblewrap 7zip strace)
test=(libyara9 yara clamav-testfiles zip bubblewrap 7zip qpdf strace gcc libc6-dev clamav clamav-daemon clamdscan c-icap python3-msoffcrypto-tool python3-olefile)
bench=(libyara9 yara clamav-testfiles zip time bubblewrap 7zip strace clamav clamav-daemon clamdscan c-icap xxd curl)

case "${1:-runtime}" in
  runtime) wanted=("${runtime[@]}") ;;
  test) wanted=("${test[@]}") ;;
  bench) wanted=("${bench[@]}") ;;
  *) echo "usage: $0 runtime|test|bench" >&2; exit 3 ;;
esac

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK (dotnet) is not installed; see https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 3
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
