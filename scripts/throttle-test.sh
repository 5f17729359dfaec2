#!/usr/bin/env bash
# Tests the device watch against a disk slowed on purpose: runs a short suite twice — plain, then with the
# benchmark process's block reads capped for a window mid-run — and checks that
#   1. every case measured (partly) inside the window is marked degraded or replaced by a steady re-measurement
#      (device_cases.csv, mapped to UTC through device_probe.csv's time_utc/run_s), and no case far from it is degraded;
#   2. the throttled run's headline ratios agree with the plain run's within 15 %:
#      bundling: the median of separate ÷ bundled io_ms paired by pass and token (rows that count only);
#      latency: table2.csv's paired io_ratio (Naive ÷ All) for OPT 6.7B.
#
#   sudo scripts/throttle-test.sh [--data-dir DIR] [--out DIR] [--no-prime]
#
# Each command first runs once unchecked (prime; --no-prime skips it) so that the plain and throttled runs find its
# files equally warm in a cache below the guest; they then run back to back.
#
# How: builds once (dotnet build -c Release) and runs the built bench/bin/Release/net10.0/flashbench directly, so the
# pid it starts is the benchmark's. THROTTLE_AFTER_S after the run's device settled (its console says so),
# it creates a child cgroup (cgroup v2 io.max where the io controller is available, else v1 blkio.throttle.*), moves
# the benchmark into it, caps reads of the data disk at CAP_IOPS, lifts the cap WINDOW_S later and moves it back.
# Needs root, python3 and the device watch (device_probe.csv, device_cases.csv): without it, it says so and fails.
# Exit codes: 0 PASS; 1 FAIL (a check failed, or a run ended without the device watch's files); 2 cannot run here.
set -euo pipefail

# The device watch's options; check `flashbench --help` once it is in (added with the device watch).
WATCH_ARGS="--settle-max 30 --degraded-wait 120"
# The suite: one flashbench command line per entry, each run into its own run folder; --data-dir and --out are appended.
# bundling and latency at full size for OPT 6.7B (about a minute each; latency is one case: its
# five configurations interleaved token by token)
SUITE=(
  "bundling $WATCH_ARGS"
  "latency --model opt-6.7b $WATCH_ARGS"
)
THROTTLE_AFTER_S=20      # the window opens this long after the device settled (the console says "device steady")
WINDOW_S=20              # and stays open this long
CAP_IOPS=200             # read IOPS allowed inside the window (the disk does tens of thousands)
MARGIN_S=5               # cases within this of the window may go either way (probes sit at case boundaries)
RATIO_TOLERANCE=0.15     # throttled ÷ plain ratio within 1 ± this
PROBE_WAIT_S=900         # how long to wait for the device to settle (the first run writes the data files)

repo=$(cd "$(dirname "$0")/.." && pwd)
data_dir="$repo/data"
out="$repo/results/throttle-test-$(date -u +%Y%m%d-%H%M%S)"
prime=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data-dir) data_dir=$(realpath -m "$2"); shift 2 ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    --no-prime) prime=0; shift ;;
    *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done

die() { echo "throttle-test: $*" >&2; exit 2; }
fail() { echo "FAIL: $*" >&2; exit 1; }
utc_now() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }

[[ $(id -u) -eq 0 ]] || die "needs root (it creates a cgroup and moves the benchmark into it)"
command -v python3 >/dev/null || die "needs python3"

# --- the disk and the cgroup hierarchy -------------------------------------------------------------------------------

mkdir -p "$data_dir" "$out"
disk=$(findmnt -no MAJ:MIN -T "$data_dir" | tr -d ' ')
[[ $disk != 0:* ]] || die "$data_dir is on $(findmnt -no FSTYPE -T "$data_dir"), which has no block device to throttle"
sys=$(readlink -f "/sys/dev/block/$disk")
# the kernel takes throttle limits only for whole disks
[[ -e $sys/partition ]] && disk=$(cat "$sys/../dev")

v2_mount=$(findmnt -rno TARGET -t cgroup2 | head -n 1 || true)
v1_mount=$(findmnt -rno TARGET,OPTIONS -t cgroup | awk '$2 ~ /(^|,)blkio(,|$)/ { print $1; exit }' || true)
if [[ -n $v2_mount ]] && grep -qw io "$v2_mount/cgroup.controllers"; then
  cgroup_version=2
elif [[ -n $v1_mount && -e $v1_mount/blkio.throttle.read_iops_device ]]; then
  cgroup_version=1
else
  die "no cgroup hierarchy can throttle reads here (v2 without the io controller, no v1 blkio with throttling)"
fi

throttle_cgroup=""      # the child cgroup while it exists
original_cgroup=""
io_enabled_here=""      # v2: the subtree_control we switched io on in

# The cgroup directory process $1 is in, in the hierarchy used.
cgroup_of() {
  local path
  if [[ $cgroup_version == 2 ]]; then
    path="$v2_mount$(sed -n 's/^0:://p' "/proc/$1/cgroup")"
  else
    path="$v1_mount$(awk -F: '$2 ~ /(^|,)blkio(,|$)/ { print $3 }' "/proc/$1/cgroup")"
  fi
  echo "${path%/}"
}

# Caps process $1's reads of the disk: a child cgroup (v1: under its own; v2: under the root, since a v2 cgroup with
# processes cannot hand io to a child), the process moved in, the cap written.
throttle_on() {
  local pid=$1 parent
  original_cgroup=$(cgroup_of "$pid")
  parent=$original_cgroup
  if [[ $cgroup_version == 2 ]]; then
    parent=$v2_mount
    if ! grep -qw io "$parent/cgroup.subtree_control"; then
      echo "+io" > "$parent/cgroup.subtree_control"
      io_enabled_here=$parent
    fi
  fi
  throttle_cgroup="$parent/flashbench-throttle-$pid"
  mkdir "$throttle_cgroup"
  echo "$pid" > "$throttle_cgroup/cgroup.procs"   # cgroup.procs: the whole process, every thread
  if [[ $cgroup_version == 2 ]]; then
    echo "$disk riops=$CAP_IOPS" > "$throttle_cgroup/io.max"
  else
    echo "$disk $CAP_IOPS" > "$throttle_cgroup/blkio.throttle.read_iops_device"
  fi
}

# Lifts the cap, moves everything in the child cgroup back and removes it. Safe to call twice (also the exit trap).
throttle_off() {
  [[ -n $throttle_cgroup && -d $throttle_cgroup ]] || return 0
  if [[ $cgroup_version == 2 ]]; then
    echo "$disk riops=max" > "$throttle_cgroup/io.max"
  else
    echo "$disk 0" > "$throttle_cgroup/blkio.throttle.read_iops_device"
  fi
  local pid
  for pid in $(cat "$throttle_cgroup/cgroup.procs"); do
    echo "$pid" > "$original_cgroup/cgroup.procs" 2>/dev/null || true   # it may have exited meanwhile
  done
  rmdir "$throttle_cgroup"
  [[ -z $io_enabled_here ]] || echo "-io" > "$io_enabled_here/cgroup.subtree_control" 2>/dev/null || true
  throttle_cgroup=""
  io_enabled_here=""
}

bench_pid=""
cleanup() {
  throttle_off || echo "throttle-test: could not remove $throttle_cgroup: remove it by hand" >&2
  [[ -z $bench_pid ]] || kill "$bench_pid" 2>/dev/null || true
}
trap cleanup EXIT

# --- the runs ---------------------------------------------------------------------------------------------------------

echo "== building"
(cd "$repo" && dotnet build -c Release -nologo -v quiet >/dev/null) || die "the build failed"
flashbench="$repo/bench/bin/Release/net10.0/flashbench"

# The run folder flashbench creates under $1 (its only child folder).
run_folder_in() { find "$1" -mindepth 1 -maxdepth 1 -type d | head -n 1; }

no_device_watch() {
  fail "no device_probe.csv in $1: the device watch is not in this build, or its options ($WATCH_ARGS) are not (it writes device_probe.csv and device_cases.csv)"
}

# Runs suite entry $2 into $1; "throttled" as $3 opens the window mid-run and writes window.txt into the run folder.
run_one() {
  local parent=$1 command=$2 mode=$3 run="" start
  mkdir -p "$parent"
  # shellcheck disable=SC2086 # the command line is split into arguments on purpose
  "$flashbench" $command --data-dir "$data_dir" --out "$parent" > "$parent/console.log" 2>&1 &
  bench_pid=$!
  if [[ $mode == throttled ]]; then
    start=$SECONDS
    until grep -q "device steady after\|device not steady after" "$parent/console.log"; do
      kill -0 "$bench_pid" 2>/dev/null || { [[ -n $run && -f $run/device_probe.csv ]] || no_device_watch "${run:-$parent}"; fail "'$command' ended before its window opened (lower THROTTLE_AFTER_S)"; }
      (( SECONDS - start < PROBE_WAIT_S )) || fail "the device did not settle in ${run:-$parent} within $PROBE_WAIT_S s"
      sleep 1
      run=$(run_folder_in "$parent")
    done
    sleep "$THROTTLE_AFTER_S"
    kill -0 "$bench_pid" 2>/dev/null || fail "'$command' ended before its window opened (lower THROTTLE_AFTER_S)"
    throttle_on "$bench_pid"
    local window_start; window_start=$(utc_now)
    echo "   window open  $window_start: $CAP_IOPS read IOPS on $disk for pid $bench_pid in $throttle_cgroup"
    sleep "$WINDOW_S"
    throttle_off
    local window_end; window_end=$(utc_now)
    echo "   window shut  $window_end"
    echo "$window_start $window_end" > "$run/window.txt"
  fi
  if ! wait "$bench_pid"; then
    bench_pid=""
    tail -n 5 "$parent/console.log" >&2
    run=$(run_folder_in "$parent")
    [[ -n $run && -f $run/device_probe.csv ]] || no_device_watch "${run:-$parent}"
    fail "'$command' exited with an error (see $parent/console.log)"
  fi
  bench_pid=""
  run=$(run_folder_in "$parent")
  [[ -n $run && -f $run/device_probe.csv ]] || no_device_watch "${run:-$parent}"
}

# Each command runs prime (unless --no-prime), plain, throttled, back to back. The prime run is not checked: it reads
# the command's files once, so that the plain and throttled runs, minutes apart, find the same files equally warm in a
# cache below the guest (a virtual disk's host page cache serves what was read minutes before at several times the
# device's rate, and the first run of two would otherwise read colder files than the second) and differ by the throttle.
modes=(plain throttled)
[[ $prime == 1 ]] && modes=(prime plain throttled)
for i in "${!SUITE[@]}"; do
  for mode in "${modes[@]}"; do
    echo "== $mode: flashbench ${SUITE[$i]}"
    run_one "$out/$mode/$i" "${SUITE[$i]}" "$mode"
  done
done

# --- the checks -------------------------------------------------------------------------------------------------------

echo "== checking $out"
python3 - "$out" "${#SUITE[@]}" "$MARGIN_S" "$RATIO_TOLERANCE" <<'PY'
import csv, statistics, sys
from datetime import datetime, timezone
from pathlib import Path

out, commands, margin, tolerance = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
COUNTS = {"", "steady", "unwatched"}   # device states whose rows count in ratios (DeviceStates.Counts)
failures = []

def check(ok, message):
    print(("PASS " if ok else "FAIL ") + message)
    if not ok:
        failures.append(message)

def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))

def utc(text):
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = datetime.strptime(text, "%m/%d/%Y %H:%M:%S")   # CsvHelper's invariant DateTime
    return moment.replace(tzinfo=moment.tzinfo or timezone.utc).timestamp()

def run_folder(mode, i):
    return next(p for p in (out / mode / str(i)).iterdir() if p.is_dir())

def check_window(run):
    start_utc, end_utc = (utc(t) for t in (run / "window.txt").read_text().split())
    probes = rows(run / "device_probe.csv")
    # run_s = time_utc - origin; the latest estimate is the best when time_utc is cut to whole seconds
    origin = max(utc(p["time_utc"]) - float(p["run_s"]) for p in probes)
    start, end = start_utc - origin, end_utc - origin
    cases = rows(run / "device_cases.csv")
    key = lambda c: (c["experiment"], c["case"], c["pass"])
    # A latency case's row spans its engines' set-up, warm-up and BenchmarkDotNet's jitting pass, none of which is kept;
    # its measured tokens are bracketed by the probes taken between its token pairs. Such a case is judged over that span.
    for c in cases:
        between = sorted(float(p["run_s"]) for p in probes if p["kind"] == "inside" and p["case"] == c["case"]
                         and float(c["start_s"]) <= float(p["run_s"]) <= float(c["end_s"]))
        if len(between) >= 2:
            c["start_s"] = str(between[0] - statistics.median(b - a for a, b in zip(between, between[1:])))
    inside = [c for c in cases if float(c["start_s"]) < end and float(c["end_s"]) > start]
    far = [c for c in cases if float(c["end_s"]) < start - margin or float(c["start_s"]) > end + margin]
    name = f"{run.parent.name}/{run.name}"
    check(len(inside) > 0, f"{name}: {len(inside)} case rows overlap the window {start:.1f}–{end:.1f} s")
    for c in inside:
        later_steady = any(key(o) == key(c) and int(o["attempt"]) > int(c["attempt"]) and o["state"] == "steady" for o in cases)
        ok = c["state"] == "degraded" or (c["state"] == "replaced" and later_steady)
        check(ok, f"{name}: {c['case']} pass {c['pass']} attempt {c['attempt']} [{float(c['start_s']):.1f}, {float(c['end_s']):.1f}] s "
                  f"inside the window is {c['state']}" + (" with a steady re-measurement" if later_steady else ""))
    degraded_far = [c for c in far if c["state"] == "degraded"]
    check(not degraded_far, f"{name}: {len(degraded_far)} of {len(far)} case rows more than {margin:g} s from the window are degraded"
          + "".join(f"\n     {c['case']} pass {c['pass']} [{c['start_s']}, {c['end_s']}] s" for c in degraded_far))

def bundling_ratio(run):
    counted = [r for r in rows(run / "bundling.csv") if r.get("device_state", "") in COUNTS]
    side = lambda layout: {(r["pass"], r["token"]): float(r["io_ms"]) for r in counted if r["layout"] == layout}
    separate, bundled = side("separate"), side("bundled")
    pairs = [separate[k] / bundled[k] for k in separate.keys() & bundled.keys() if bundled[k] > 0]
    return f"bundling io_ms separate ÷ bundled (median of {len(pairs)} pairs)", statistics.median(pairs) if pairs else None

def table2_ratio(run):
    row = next((r for r in rows(run / "table2.csv") if r["model"].startswith("opt-6.7b") and r["config"] == "all"), None)
    if row is None:
        return "table2 opt-6.7b I/O naive ÷ all", None
    return f"table2 {row['model']} I/O naive ÷ all (paired, {row['io_ratio_pairs']} pairs)", float(row["io_ratio"])

RATIOS = {"bundling.csv": bundling_ratio, "table2.csv": table2_ratio}

def above_curve(run, file):
    """Why a ratio may follow a cache, not the flash: Table 2's Naive or All rows of OPT read faster than 1.5x the cold curve
    (Table2Row.AboveCurve) or than 1.5x their I/O control (Table2Row.AboveControl), or a bundling layout above 1.5x its
    I/O control; the report's verdict says the same."""
    if file == "bundling.csv":
        return bundling_off_control(run, below=False)
    if file != "table2.csv":
        return []
    ends = [r for r in rows(run / file) if r["model"].startswith("opt-6.7b") and r["config"] in ("naive", "all")]
    return ([f"{r['config']} read {float(r['throughput_gb_s']):.2f} GB/s, {float(r['throughput_gb_s']) / float(r['curve_gb_s']):.1f}x the cold curve"
             for r in ends if r.get("curve_gb_s") and float(r["curve_gb_s"]) > 0 and float(r["throughput_gb_s"]) > 1.5 * float(r["curve_gb_s"])]
            + [f"{r['config']} read {float(r['device_gb_s']):.2f} GB/s, {float(r['device_gb_s']) / float(r['control_gb_s']):.2f}x its I/O control"
               for r in ends if r.get("control_gb_s") and r.get("device_gb_s") and float(r["control_gb_s"]) > 0
               and float(r["device_gb_s"]) > 1.5 * float(r["control_gb_s"])])

def bundling_off_control(run, below):
    """Bundling's layouts whose tokens read, at the median, below half (or above 1.5x) the I/O control read right after
    each token (HeadlineCaveats.Bundling; the report's verdict says the same)."""
    counted = [r for r in rows(run / "bundling.csv") if r.get("device_state", "") in COUNTS and r.get("control_gb_s")]
    found = []
    for layout in sorted({r["layout"] for r in counted}):
        ofs = [float(r["effective_gb_s"]) / float(r["control_gb_s"]) for r in counted
               if r["layout"] == layout and float(r["control_gb_s"]) > 0]
        of = statistics.median(ofs) if ofs else 1.0
        if (of < 0.5) if below else (of > 1.5):
            found.append(f"{layout} read at {of:.2f}x its I/O control")
    return found

def below_control(run, file):
    """The other way a ratio leaves the flash: Table 2's Naive or All rows of OPT read below half their own I/O control
    (Table2Row.BelowControl): their files were colder below the guest than the control's, or the loader stalled."""
    if file == "bundling.csv":
        return bundling_off_control(run, below=True)
    if file != "table2.csv":
        return []
    return [f"{r['config']} read {float(r['device_gb_s']):.2f} GB/s, {float(r['device_gb_s']) / float(r['control_gb_s']):.2f}x its I/O control"
            for r in rows(run / file)
            if r["model"].startswith("opt-6.7b") and r["config"] in ("naive", "all") and r.get("control_gb_s") and r.get("device_gb_s")
            and float(r["control_gb_s"]) > 0 and 0 < float(r["device_gb_s"]) < 0.5 * float(r["control_gb_s"])]

for i in range(commands):
    plain, throttled = run_folder("plain", i), run_folder("throttled", i)
    check_window(throttled)
    for file, ratio in RATIOS.items():
        if (plain / file).exists():
            label, expected = ratio(plain)
            _, measured = ratio(throttled)
            missing = [side for side, value in (("plain", expected), ("throttled", measured)) if value is None]
            if missing:
                # every measurement of the case was left marked (the device did not come back): nothing to compare
                check(False, f"{label}: no counted row in the {' and '.join(missing)} run (its case was left marked degraded)")
                continue
            cached = [f"{side} run: {why}" for side, run in (("plain", plain), ("throttled", throttled)) for why in above_curve(run, file)]
            cold = [f"{side} run: {why}" for side, run in (("plain", plain), ("throttled", throttled)) for why in below_control(run, file)]
            check(abs(measured / expected - 1) <= tolerance,
                  f"{label}: plain {expected:.3f}, throttled {measured:.3f} (x{measured / expected:.3f}, allowed ±{tolerance:.0%})"
                  + "".join(f"\n     not a flash ratio ({c}: a cache below the guest served the re-reads)" for c in cached)
                  + "".join(f"\n     not a flash ratio ({c}: its files colder below the guest than the control's)" for c in cold))

print()
if failures:
    print(f"FAIL: {len(failures)} check(s) failed (runs in {out})")
    sys.exit(1)
print(f"PASS: the device watch caught the throttled window and the ratios held (runs in {out})")
PY
