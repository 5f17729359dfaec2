#!/usr/bin/env bash
# Installs the system packages FlashBench uses beyond the .NET SDK, only where missing (Debian/Ubuntu):
#   fonts-dejavu-core  text in the charts (ScottPlot/SkiaSharp read font files directly)
#   fio                the cross-check of the direct read method (scripts/fio-crosscheck.sh)
set -euo pipefail

missing=()
if ! (command -v fc-list >/dev/null 2>&1 && fc-list | grep -qi dejavu) && [[ ! -d /usr/share/fonts/truetype/dejavu ]]; then
  missing+=(fonts-dejavu-core)
fi
command -v fio >/dev/null 2>&1 || missing+=(fio)

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: nothing to install"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: please install ${missing[*]} with your package manager" >&2
  exit 1
fi
SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
