#!/usr/bin/env bash
# Checks the power of the lockstep comparison with planted slowdowns: how often compare-commits.sh flags a known cost.
#
#   scripts/power-check.sh [--tries N] [--sizes "5 10 15"] [--window 15] [--lockstep "LOCKSTEP ARGS"] [--lock FILE]
#       [--read-ns NS --window-ns NS] [--data-dir DIR] [--out DIR] [<rev>]
#
#   e.g. scripts/power-check.sh --lock /work/measure.lock --lockstep "--benchmark read-path --benchmark window"
#
# How: <rev> (default HEAD) is built in a temporary worktree and measured against itself in lockstep for the 32 KiB
# direct warm read and the window bookkeeping (2 rounds): their per-read and per-token times calibrate the plants
# (--read-ns and --window-ns give them instead, e.g. from an earlier lockstep log of the same machine). For
# each size S of --sizes, a throwaway commit on a detached temporary worktree adds a spin of S % of the per-read time to
# DirectReadPath.Read (every direct read pays it; a 4 KiB read pays relatively more); the largest size also adds
# --window % of the per-token time to LayerWindow.Advance (another family, judged by its own gate). Each plant is built
# once and compared with <rev> as compare-commits.sh --no-rounds does (`flashbench lockstep`, then `flashbench compare
# --lockstep`), --tries times, and power-check.md tabulates
# how often the planted benchmark was flagged, with the family and the benchmark named. The planted commits are on no
# branch and their worktrees are removed on exit: they never land anywhere.
#
# Exit codes: 0 the table was written; 2 bad usage; 3 a build or a run failed.
set -euo pipefail
shopt -s inherit_errexit

tries=1
sizes="5 10 15"
window=15
lockstep_args=""
lock=""
data_dir=""
out=""
read_ns=""
window_ns=""

usage() {
  sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
die() { # code message
  echo "power-check: $2" >&2
  exit "$1"
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage ;;
    --tries) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die 2 "--tries needs a whole number of at least 1"; tries="$2"; shift 2 ;;
    --sizes) [[ $# -ge 2 && "$2" =~ ^[0-9\ ]+$ && -n "${2// /}" ]] || die 2 "--sizes needs whole percentages, e.g. \"5 10 15\""; sizes="$2"; shift 2 ;;
    --window) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || die 2 "--window needs a whole percentage (0: no window plant)"; window="$2"; shift 2 ;;
    --lockstep) [[ $# -ge 2 ]] || die 2 "--lockstep needs options for flashbench lockstep"; lockstep_args="$2"; shift 2 ;;
    --lock) [[ $# -ge 2 ]] || die 2 "--lock needs a file"; lock="$2"; shift 2 ;;
    --read-ns) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die 2 "--read-ns needs whole nanoseconds"; read_ns="$2"; shift 2 ;;
    --window-ns) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die 2 "--window-ns needs whole nanoseconds"; window_ns="$2"; shift 2 ;;
    --data-dir) [[ $# -ge 2 ]] || die 2 "--data-dir needs a folder"; data_dir="$2"; shift 2 ;;
    --out) [[ $# -ge 2 ]] || die 2 "--out needs a folder"; out="$2"; shift 2 ;;
    --*) die 2 "unknown option $1" ;;
    *) break ;;
  esac
done
[[ $# -le 1 ]] || usage
[[ -z "$read_ns" && -z "$window_ns" || -n "$read_ns" && -n "$window_ns" ]] || die 2 "--read-ns and --window-ns go together"

repo="$(cd "$(dirname "$0")/.." && pwd)"
commit="$(git -C "$repo" rev-parse --verify --quiet "${1:-HEAD}^{commit}")" || die 2 "'${1:-HEAD}' is not a commit in $repo"
command -v dotnet >/dev/null || die 3 "dotnet is not installed"
data_dir="${data_dir:-$repo/data}"
out="${out:-$repo/results/power-${commit:0:8}-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/flashbench-power.XXXXXX")"
# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
  local tree
  for tree in "$work"/src-*; do
    [[ -d "$tree" ]] && git -C "$repo" worktree remove --force "$tree" >/dev/null 2>&1
  done
  git -C "$repo" worktree prune >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "power-check: interrupted" >&2; exit 130' INT TERM

# Calibration: the base's own per-operation times, measured as the comparison will see them.
git -C "$repo" worktree add --detach --quiet "$work/src-base" "$commit"
echo "== building $commit (log: $out/build.log)" >&2
dotnet build -c Release -nologo "$work/src-base/bench/FlashBench.Bench.csproj" -o "$work/bin-base" >"$out/build.log" 2>&1 \
  || die 3 "the build failed (see $out/build.log)"
if [[ -z "$read_ns" ]]; then
  echo "== calibrating: 32 KiB direct warm read and window bookkeeping, base against itself (log: $out/calibration.log)" >&2
  calibrate=(dotnet "$work/bin-base/flashbench.dll" lockstep --base-bin "$work/bin-base" --head-bin "$work/bin-base" --rounds 2
    --benchmark "read-path/direct 32K warm" --benchmark "window/" --data-dir "$data_dir" --out "$work/calibration")
  if [[ -n "$lock" ]]; then calibrate=(flock "$lock" "${calibrate[@]}"); fi
  "${calibrate[@]}" >"$out/calibration.log" 2>&1 || die 3 "the calibration run failed (see $out/calibration.log)"
  mean_base_ns() { # benchmark-key: the mean over rounds of the base side's median ns/op
    awk -v key="$1" '$4 == key { for (i = 1; i <= NF; i++) if ($i == "base") { s += $(i + 1); n++ } } END { if (n) printf "%.0f", s / n }' "$out/calibration.log"
  }
  read_ns="$(mean_base_ns "read-path/direct")"
  [[ -n "$read_ns" ]] || die 3 "the calibration found no 32 KiB direct read (see $out/calibration.log)"
  window_ns="$(mean_base_ns "window/advance")"
  [[ -n "$window_ns" ]] || die 3 "the calibration found no window bookkeeping (see $out/calibration.log)"
fi
echo "== per 32 KiB direct warm read: $read_ns ns; per window token: $window_ns ns" >&2

# A statement that spins for N nanoseconds (no slash in it: it goes through sed).
spin() { echo "{ long plantedUntil = System.Diagnostics.Stopwatch.GetTimestamp() + (long)($1 * 1e-9 * System.Diagnostics.Stopwatch.Frequency); while (System.Diagnostics.Stopwatch.GetTimestamp() < plantedUntil) { } }"; }

plant() { # size-percent window-percent → prints the planted commit
  local size="$1" window_size="$2" tree="$work/src-plant-$1" read_file window_file
  git -C "$repo" worktree add --detach --quiet "$tree" "$commit"
  read_file="$tree/src/FlashBench.Core/ReadPaths/DirectReadPath.cs"
  window_file="$tree/src/FlashBench.Core/Loading/LayerWindow.cs"
  grep -q 'CheckRange(offset, length);' "$read_file" || die 3 "cannot find where to plant in $read_file"
  sed -i "0,/CheckRange(offset, length);/s//CheckRange(offset, length); $(spin $((read_ns * size / 100)))/" "$read_file"
  if [[ "$window_size" -gt 0 ]]; then
    grep -q '_lastToken = token;' "$window_file" || die 3 "cannot find where to plant in $window_file"
    sed -i "0,/_lastToken = token;/s//_lastToken = token; $(spin $((window_ns * window_size / 100)))/" "$window_file"
  fi
  git -C "$tree" -c user.name=power-check -c user.email=power-check@localhost commit -qam \
    "planted: ${size} % of a 32 KiB direct read ($((read_ns * size / 100)) ns) per direct read; ${window_size} % of a window token" >&2
  git -C "$tree" rev-parse HEAD
}

declare -A planted
builds=()
sizes_list=()
read -r -a sizes_list <<<"$sizes"
largest="$(printf '%s\n' "${sizes_list[@]}" | sort -n | tail -n 1)"
for size in "${sizes_list[@]}"; do
  window_size=0
  [[ "$size" != "$largest" ]] || window_size="$window"
  planted[$size]="$(plant "$size" "$window_size")"
  echo "== plant $size % (window $window_size %): ${planted[$size]}; building (log: $out/build-plant$size.log)" >&2
  dotnet build -c Release -nologo "$work/src-plant-$size/bench/FlashBench.Bench.csproj" -o "$work/bin-plant-$size" >"$out/build-plant$size.log" 2>&1 &
  builds+=($!)
done
for build in "${builds[@]}"; do
  wait "$build" || die 3 "a plant's build failed (see $out/build-plant*.log)"
done

# One row per run: try, size, exit code, whether the planted benchmark and the window were flagged, what else was.
results="$out/power-runs.tsv"
printf 'try\tsize\texit\tdirect_32k_flagged\twindow_planted\twindow_flagged\tregressed_line\n' >"$results"
for ((try = 1; try <= tries; try++)); do
  for size in "${sizes_list[@]}"; do
    window_size=0
    [[ "$size" != "$largest" ]] || window_size="$window"
    run_out="$out/try$try-plant$size"
    echo "== try $try/$tries, plant $size %: lockstep and compare (log: $run_out.log)" >&2
    lockstep_words=()
    read -r -a lockstep_words <<<"$lockstep_args"
    measure=(dotnet "$work/bin-base/flashbench.dll" lockstep --base-bin "$work/bin-base" --head-bin "$work/bin-plant-$size"
      --data-dir "$data_dir" --out "$run_out" ${lockstep_words[@]+"${lockstep_words[@]}"})
    if [[ -n "$lock" ]]; then measure=(flock "$lock" "${measure[@]}"); fi
    "${measure[@]}" >"$run_out.log" 2>&1 || { tail -n 20 "$run_out.log" >&2; die 3 "the lockstep run of plant $size % failed"; }
    status=0
    dotnet "$work/bin-base/flashbench.dll" compare --lockstep "$run_out/lockstep.csv" --out "$run_out" >>"$run_out.log" 2>&1 || status=$?
    [[ $status -le 1 ]] || { tail -n 20 "$run_out.log" >&2; die 3 "the comparison of plant $size % failed with exit code $status"; }
    direct=no
    grep -q '^| micro read-path/direct 32K warm |.*| direct 32K warm ×' "$run_out/compare.md" && direct=yes
    window_flagged=no
    grep -q '^| micro window/.*| advance .* ×' "$run_out/compare.md" && window_flagged=yes
    regressed="$(grep -m1 '^\*\*' "$run_out/compare.md" || true)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$try" "$size" "$status" "$direct" "$window_size" "$window_flagged" "$regressed" >>"$results"
    echo "   exit $status; 32 KiB direct flagged: $direct; window flagged: $window_flagged (planted $window_size %)" >&2
  done
done

# The table: planted size × detection rate.
{
  echo "# Power check of the lockstep comparison"
  echo
  echo "Base: $commit. Per 32 KiB direct warm read: $read_ns ns; per window token: $window_ns ns (calibration, base against itself)."
  echo "Lockstep options: ${lockstep_args:-defaults}. Tries: $tries."
  echo
  echo "| planted | where | flagged | exit codes |"
  echo "|---|---|---:|---|"
  for size in "${sizes_list[@]}"; do
    awk -F'\t' -v s="$size" -v ns="$((read_ns * size / 100))" 'NR > 1 && $2 == s { n++; if ($4 == "yes") k++; codes = codes (codes ? " " : "") $3 }
      END { printf "| %s %% of a 32 KiB read (%s ns per direct read) | micro read-path / direct 32K warm | %d of %d | %s |\n", s, ns, k, n, codes }' "$results"
  done
  if [[ "$window" -gt 0 ]]; then
    awk -F'\t' -v s="$window" -v ns="$((window_ns * window / 100))" 'NR > 1 && $5 == s { n++; if ($6 == "yes") k++; codes = codes (codes ? " " : "") $3 }
      END { printf "| %s %% of a window token (%s ns per token) | micro window / advance | %d of %d | %s |\n", s, ns, k, n, codes }' "$results"
  fi
  awk -F'\t' 'NR > 1 && $5 == 0 && $6 == "yes" { f++ } END { printf "\nWindow flagged where nothing was planted in it: %d time(s).\n", f }' "$results"
} >"$out/power-check.md"
cat "$out/power-check.md"
echo "== runs: $results; reports: $out/try*-plant*/compare.md" >&2
