#!/usr/bin/env bash
# Measures two commits on this machine, round by round, and compares them with `flashbench compare`.
#
#   scripts/compare-commits.sh [--rounds N] [--experiment "COMMAND ARGS"]... [--no-rounds] [--lockstep "LOCKSTEP ARGS"]
#       [--no-lockstep] [--lock FILE] [--min-effect 5%] [--point-min-effect 10%] [--allow-different] [--data-dir DIR]
#       [--out DIR] [--history] [--db FILE] <base-rev> <head-rev>
#
#   e.g. scripts/compare-commits.sh main HEAD
#        scripts/compare-commits.sh --rounds 5 --experiment "throughput --quick --methods direct,buffered --passes 1 --reference fio" main HEAD
#        scripts/compare-commits.sh --no-rounds --lockstep "--rounds 12 --benchmark read-path" main HEAD
#
# The micro benchmarks (read loop, window bookkeeping, slots, kernels) are measured in lockstep first: `flashbench
# lockstep` runs both builds' `micro-worker`s in alternating slices of a few milliseconds on one core, in fresh processes
# every round (--lockstep passes it options, e.g. "--rounds 12"; a base without micro-worker falls back to "micro --quick"
# in the rounds). Then the device experiments run in rounds, as below. --lock FILE holds FILE (flock) around each of the
# two measurement parts, not around the builds.
#
# How: each side is checked out in its own git worktree and built once (dotnet build -c Release, its own output
# folder); the comparison runs the head side's prebuilt binary. A settle round (base's binary, discarded) writes
# and syncs the data files first. Then N round pairs alternate A B B A (base head, head base, …) so slow drift of
# the device hits both sides alike. A round runs every experiment command of the list, each into its own run
# directory; every run's exit status and run.json completed_utc are checked. Base and head runs are then
# compared round by round (`flashbench compare`); --history also adds every measured run to the history database
# (default: history.db at the top of the repository).
#
# Exit codes: 0 no family regressed (compare.md says which passed and which were under-powered); 1 a family regressed (compare names it); 2 bad usage, or runs that cannot be
# compared (compare says why); 3 a build, an experiment run, the history or the comparison itself failed, or a run
# was partial — nothing was compared; 130 interrupted. Worktrees and temporary folders are removed on every exit.
set -euo pipefail
shopt -s inherit_errexit

# The experiment command lines of one round, in order; each gets --data-dir and --out appended.
# --experiment (repeatable) replaces this list. Budget: the whole script (2 builds, settle, 2 × rounds side-rounds)
# stays under 15 minutes on the 2-core reference VM when one side-round takes at most ~1.5 minutes.
default_experiments=(
  "throughput --quick --methods direct --passes 1 --reference fio"
)
# 4 pairs (A B B A A B B A): base and head then sit at the same mean position in time, so a steady drift of the device
# over the script cancels — with 3 pairs head runs one slot later on average, and same-commit compares on the
# reference VM read x1.08-1.09 in two of three tries. About 7 minutes on the reference VM.
rounds=4

usage() {
  sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
die() { # code message
  echo "compare-commits: $2" >&2
  exit "$1"
}

experiments=()
compare_options=()
lockstep=1
lockstep_args=""
no_rounds=0
lock=""

data_dir=""
out=""
history=0
db=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage ;;
    --rounds) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ && "$2" -ge 2 ]] || die 2 "--rounds needs a whole number of at least 2"; rounds="$2"; shift 2 ;;
    --experiment) [[ $# -ge 2 && -n "$2" ]] || die 2 "--experiment needs a command line, e.g. \"throughput --quick\""; experiments+=("$2"); shift 2 ;;
    --min-effect|--point-min-effect) [[ $# -ge 2 ]] || die 2 "$1 needs a value"; compare_options+=("$1" "$2"); shift 2 ;;
    --allow-different) compare_options+=("$1"); shift ;;
    --no-rounds) no_rounds=1; shift ;;
    --lockstep) [[ $# -ge 2 ]] || die 2 "--lockstep needs options for flashbench lockstep, e.g. \"--rounds 12\""; lockstep_args="$2"; shift 2 ;;
    --no-lockstep) lockstep=0; shift ;;
    --lock) [[ $# -ge 2 ]] || die 2 "--lock needs a file"; lock="$2"; shift 2 ;;
    --data-dir) [[ $# -ge 2 ]] || die 2 "--data-dir needs a folder"; data_dir="$2"; shift 2 ;;
    --out) [[ $# -ge 2 ]] || die 2 "--out needs a folder"; out="$2"; shift 2 ;;
    --history) history=1; shift ;;
    --db) [[ $# -ge 2 ]] || die 2 "--db needs a file"; db="$2"; history=1; shift 2 ;;
    --*) die 2 "unknown option $1 (options go before <base-rev>)" ;;
    *) break ;;
  esac
done
[[ $# -eq 2 ]] || usage
[[ ${#experiments[@]} -gt 0 ]] || experiments=("${default_experiments[@]}")
[[ $no_rounds -eq 0 ]] || experiments=()
[[ $lockstep -eq 1 || ${#experiments[@]} -gt 0 ]] || die 2 "--no-rounds with --no-lockstep leaves nothing to measure"

repo="$(cd "$(dirname "$0")/.." && pwd)"
resolve() {
  git -C "$repo" rev-parse --verify --quiet "$1^{commit}" || die 2 "'$1' is not a commit in $repo"
}
base_commit="$(resolve "$1")"
head_commit="$(resolve "$2")"
command -v dotnet >/dev/null || die 3 "dotnet is not installed"
data_dir="${data_dir:-$repo/data}"
mkdir -p "$data_dir"
data_dir="$(cd "$data_dir" && pwd)"
out="${out:-$repo/results/compare-${base_commit:0:8}-${head_commit:0:8}-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out/runs"
out="$(cd "$out" && pwd)"
db="${db:-$repo/history.db}"

work="$(mktemp -d "${TMPDIR:-/tmp}/flashbench-compare.XXXXXX")"
# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
  local side
  for side in base head; do
    if [[ -d "$work/src-$side" ]]; then
      git -C "$repo" worktree remove --force "$work/src-$side" >/dev/null 2>&1 || true
    fi
  done
  git -C "$repo" worktree prune >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "compare-commits: interrupted" >&2; exit 130' INT TERM

echo "== base $base_commit, head $head_commit; lockstep: $([[ $lockstep -eq 1 ]] && echo "yes $lockstep_args" || echo no); $rounds round pairs of: $(printf '[%s] ' ${experiments[@]+"${experiments[@]}"})" >&2
echo "== runs and logs → $out" >&2

build() { # side commit
  local side="$1" commit="$2"
  git -C "$repo" worktree add --detach --quiet "$work/src-$side" "$commit" || die 3 "cannot check out $commit"
  echo "== building $side ($commit) → $work/bin-$side (log: $out/build-$side.log)" >&2
  if ! dotnet build -c Release -nologo "$work/src-$side/bench/FlashBench.Bench.csproj" -o "$work/bin-$side" >"$out/build-$side.log" 2>&1; then
    tail -n 20 "$out/build-$side.log" >&2
    die 3 "the $side build failed (see $out/build-$side.log): nothing compared"
  fi
}
build base "$base_commit"
if [[ "$head_commit" == "$base_commit" ]]; then
  # Same commit on both sides: one checkout and one build serve both.
  ln -s "$work/bin-base" "$work/bin-head"
  head_source="$work/src-base"
else
  build head "$head_commit"
  head_source="$work/src-head"
fi
source_of() { if [[ "$1" == base ]]; then echo "$work/src-base"; else echo "$head_source"; fi; }

# Runs one experiment command of one side into a fresh results root; prints the run directory it made.
# A non-zero exit, no run directory, or a run.json without completed_utc is a failed run: exit 3.
run_experiment() { # side label command-line results-root
  local side="$1" label="$2" line="$3" root="$4" words created status=0
  read -r -a words <<<"$line"
  echo "== $label: $side — flashbench $line" >&2
  mkdir -p "$root"
  # Run from the side's own checkout: run.json records the git commit of the current directory.
  (cd "$(source_of "$side")" && dotnet "$work/bin-$side/flashbench.dll" "${words[@]}" --data-dir "$data_dir" --out "$root") \
    >"$root.log" 2>&1 || status=$?
  if [[ $status -ne 0 ]]; then
    tail -n 20 "$root.log" >&2
    die 3 "$label: $side run of '$line' failed with exit code $status (log: $root.log): nothing compared"
  fi
  created="$(find "$root" -mindepth 1 -maxdepth 1 -type d)"
  [[ -n "$created" && "$(wc -l <<<"$created")" -eq 1 ]] || die 3 "$label: $side run of '$line' left no single run directory in $root"
  grep -q '"completed_utc"' "$created/run.json" 2>/dev/null || die 3 "$label: $side run of '$line' is partial ($created/run.json has no completed_utc): nothing compared"
  echo "$created"
}

base_runs=()
head_runs=()
run_round() { # side label round-name → appends the side's run directories
  local side="$1" label="$2" name="$3" index created
  for index in "${!experiments[@]}"; do
    created="$(run_experiment "$side" "$label" "${experiments[$index]}" "$name-e$((index + 1))")"
    if [[ "$side" == base ]]; then base_runs+=("$created"); else head_runs+=("$created"); fi
  done
}

# Holds --lock (when given) around one measurement part: fd 9 stays open on the lock file while the part runs.
lock_hold() { if [[ -n "$lock" ]]; then exec 9>>"$lock"; flock 9; fi; }
lock_release() { if [[ -n "$lock" ]]; then flock -u 9; exec 9>&-; fi; }

lockstep_csv=""
if [[ $lockstep -eq 1 ]]; then
  if dotnet "$work/bin-base/flashbench.dll" micro-worker --help >/dev/null 2>&1; then
    read -r -a lockstep_words <<<"$lockstep_args"
    echo "== lockstep: micro benchmarks of base and head in alternating slices (log: $out/lockstep.log)" >&2
    lock_hold
    status=0
    dotnet "$work/bin-head/flashbench.dll" lockstep --base-bin "$work/bin-base" --head-bin "$work/bin-head" --data-dir "$data_dir" \
      --out "$out/lockstep" ${lockstep_words[@]+"${lockstep_words[@]}"} >"$out/lockstep.log" 2>&1 || status=$?
    lock_release
    if [[ $status -ne 0 ]]; then
      tail -n 20 "$out/lockstep.log" >&2
      die 3 "the lockstep run failed with exit code $status (log: $out/lockstep.log): nothing compared"
    fi
    lockstep_csv="$out/lockstep/lockstep.csv"
  else
    echo "== lockstep: the base build has no micro-worker command; its micro benchmarks run in the rounds instead" >&2
    experiments+=("micro --quick")
  fi
fi

if [[ ${#experiments[@]} -gt 0 ]]; then
  lock_hold
  # Settle round: base's binary writes (and the experiments sync) the data files and starts the device from the
  # same state for both sides; its results (in $out/settle) are not compared.
  for index in "${!experiments[@]}"; do
    run_experiment base "settle round" "${experiments[$index]}" "$out/settle/e$((index + 1))" >/dev/null
  done
  sync

  for ((pair = 1; pair <= rounds; pair++)); do
    if ((pair % 2 == 1)); then order=(base head); else order=(head base); fi
    for side in "${order[@]}"; do
      run_round "$side" "round $pair/$rounds" "$out/runs/r$pair-$side"
    done
  done
  lock_release
fi

join() { local IFS=,; echo "$*"; }
compare=(dotnet "$work/bin-head/flashbench.dll")
if [[ $history -eq 1 && ${#base_runs[@]} -gt 0 ]]; then
  echo "== adding ${#base_runs[@]} base and ${#head_runs[@]} head runs to $db" >&2
  "${compare[@]}" history add "${base_runs[@]}" "${head_runs[@]}" --db "$db" >"$out/history.log" 2>&1 \
    || { cat "$out/history.log" >&2; die 3 "history add failed (log: $out/history.log)"; }
fi

echo "== comparing ${#base_runs[@]} base runs with ${#head_runs[@]} head runs → $out/compare.md" >&2
status=0
sides=()
[[ ${#base_runs[@]} -eq 0 ]] || sides=("$(join "${base_runs[@]}")" "$(join "${head_runs[@]}")")
[[ -z "$lockstep_csv" ]] || compare_options+=(--lockstep "$lockstep_csv")
"${compare[@]}" compare ${sides[@]+"${sides[@]}"} --out "$out" ${compare_options[@]+"${compare_options[@]}"} || status=$?
# compare exits 1 for a regression, but the CLI also exits 1 when it crashes: only a written report tells them apart.
if [[ $status -eq 1 ]] && ! grep -q '^\*\*Regressed: ' "$out/compare.md" 2>/dev/null; then
  die 3 "compare failed (exit 1 without a regression report): nothing decided"
fi
if [[ $status -gt 2 ]]; then
  die 3 "compare failed with exit code $status"
fi
echo "== report: $out/compare.md, $out/compare.csv; runs: $out/runs (settle round: $out/settle); build logs: $out/build-*.log" >&2
[[ $history -eq 0 ]] || echo "== history: $db" >&2
exit "$status"
