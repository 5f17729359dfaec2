#!/usr/bin/env bash
# Cross-checks FlashBench's `direct` read method against fio (ioengine=psync, direct=1, randread), and its
# `io_uring` method against fio's io_uring engine at the same depth (fixedbufs, registerfiles, direct=1), on the
# same test file and at the same grid points as a throughput run; writes fio.csv into the run folder and
# regenerates the report, which shows FlashBench ÷ fio per point against fio ÷ fio in the same rounds.
#
#   scripts/fio-crosscheck.sh results/<run-id> [--runtime SECONDS]
#
# Installs fio with apt-get when it is missing (needs root or sudo).
set -euo pipefail

if [[ $# -lt 1 || "$1" == "-h" || "$1" == "--help" ]]; then
  echo "usage: $0 results/<run-id> [--runtime SECONDS]" >&2
  exit 2
fi

if ! command -v fio >/dev/null 2>&1; then
  echo "fio not found; installing it (apt-get install fio)" >&2
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fio >/dev/null
fi

repo="$(cd "$(dirname "$0")/.." && pwd)"
exec dotnet run -c Release --project "$repo/bench" -- fio "$@"
