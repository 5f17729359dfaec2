#!/usr/bin/env bash
# Measures two commits on this machine and compares them with `flashbench compare`.
#
#   scripts/compare-commits.sh [--rounds N] [--threshold 5%] [--noise V] [--data-dir DIR] [--out DIR] \
#       <base-rev> <head-rev> [experiment [experiment options]]
#
#   e.g. scripts/compare-commits.sh --rounds 3 main HEAD throughput --quick --methods direct
#
# Both commits are built (Release) in git worktrees under a temporary folder, then run interleaved,
# A B A B … for N rounds (default 2), so slow drift of the device or the machine hits both sides alike.
# Every run uses the same --data-dir, so the data files are generated once and reused.
# Each side's rounds are then compared pooled: `compare` takes each side as a comma-separated list of run
# directories and treats all their iterations (or tokens) as one sample, so 2 rounds × 3 iterations give
# 6 samples per measurement (a Mann–Whitney test cannot reach p < 0.05 with 3 against 3).
# Script options go before <base-rev>; everything after <head-rev> is passed to the experiment command
# (default: throughput --quick). Runs and compare.md/compare.csv are kept in --out
# (default: results/compare-<base>-<head>-<UTC time>).
#
# Exit codes: those of `flashbench compare` (0 no regression, 1 regression, 2 bad input); 2 for bad usage;
# an experiment run's own non-zero code if it fails.
set -euo pipefail

usage() {
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

rounds=2
compare_options=()
data_dir=""
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage ;;
    --rounds) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "compare-commits: --rounds needs a positive whole number" >&2; exit 2; }; rounds="$2"; shift 2 ;;
    --threshold|--noise) [[ $# -ge 2 ]] || { echo "compare-commits: $1 needs a value" >&2; exit 2; }; compare_options+=("$1" "$2"); shift 2 ;;
    --data-dir) [[ $# -ge 2 ]] || { echo "compare-commits: --data-dir needs a folder" >&2; exit 2; }; data_dir="$2"; shift 2 ;;
    --out) [[ $# -ge 2 ]] || { echo "compare-commits: --out needs a folder" >&2; exit 2; }; out="$2"; shift 2 ;;
    --*) echo "compare-commits: unknown option $1 (script options go before <base-rev>)" >&2; exit 2 ;;
    *) break ;;
  esac
done
[[ $# -ge 2 ]] || usage
base_rev="$1"
head_rev="$2"
shift 2
experiment=("$@")
[[ ${#experiment[@]} -gt 0 ]] || experiment=(throughput --quick)

repo="$(cd "$(dirname "$0")/.." && pwd)"
resolve() {
  git -C "$repo" rev-parse --verify --quiet "$1^{commit}" || { echo "compare-commits: '$1' is not a commit in $repo" >&2; exit 2; }
}
base_commit="$(resolve "$base_rev")"
head_commit="$(resolve "$head_rev")"
data_dir="$(mkdir -p "${data_dir:-$repo/data}" && cd "${data_dir:-$repo/data}" && pwd)"
out="${out:-$repo/results/compare-${base_commit:0:8}-${head_commit:0:8}-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out/runs"
out="$(cd "$out" && pwd)"

work="$(mktemp -d "${TMPDIR:-/tmp}/flashbench-compare.XXXXXX")"
cleanup() {
  for side in base head; do
    [[ -d "$work/src-$side" ]] && git -C "$repo" worktree remove --force "$work/src-$side" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

build() { # side commit
  if [[ "$1" == head && "$base_commit" == "$head_commit" ]]; then
    ln -s "$work/bin-base" "$work/bin-head"
    return
  fi
  echo "== building $1 ($2)" >&2
  git -C "$repo" worktree add --detach --quiet "$work/src-$1" "$2"
  dotnet build -c Release -nologo -v quiet "$work/src-$1/bench/FlashBench.Bench.csproj" -o "$work/bin-$1" >&2
}
build base "$base_commit"
build head "$head_commit"

run() { # side round → prints the run directory
  local results="$out/runs/$1-r$2"
  echo "== round $2/$rounds: $1 — flashbench ${experiment[*]}" >&2
  # Run from the side's own worktree: run.json records the git commit of the current directory.
  local source="$work/src-$1"
  [[ -d "$source" ]] || source="$work/src-base"
  (cd "$source" && dotnet "$work/bin-$1/flashbench.dll" "${experiment[@]}" --data-dir "$data_dir" --out "$results") >&2
  local created
  created="$(find "$results" -mindepth 1 -maxdepth 1 -type d | sort | tail -n 1)"
  [[ -n "$created" ]] || { echo "compare-commits: $1 round $2 wrote no run directory under $results" >&2; exit 1; }
  echo "$created"
}
base_runs=()
head_runs=()
for ((round = 1; round <= rounds; round++)); do
  base_runs+=("$(run base "$round")")
  head_runs+=("$(run head "$round")")
done

join() { local IFS=,; echo "$*"; }
echo "== comparing (${#base_runs[@]} base runs vs ${#head_runs[@]} head runs) → $out" >&2
status=0
dotnet run -c Release --project "$repo/bench" -- compare "$(join "${base_runs[@]}")" "$(join "${head_runs[@]}")" --out "$out" "${compare_options[@]}" || status=$?
exit "$status"
