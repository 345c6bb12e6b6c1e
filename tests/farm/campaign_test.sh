#!/usr/bin/env bash
# End-to-end tests of the campaign engine on tests/farm/tiny.yaml (issue 7). Each case runs
# an uninterrupted reference campaign and compares the library it must reproduce, dataset
# by dataset and bit for bit (tests/farm/compare_libraries.py):
#   ranks    the reference on 2 ranks and the same campaign on 3 ranks: identical libraries;
#            every dataset has units and a description; h5dump reads the file
#   kill     SIGKILL of the whole job during exploration, during NEB and during collect,
#            then `dwell run` again: the same library, and no task recorded twice (the
#            restart re-ran only what had no record: the tasks in flight)
#   corrupt  a flipped byte in a shard record and a truncated shard tail: detected, skipped,
#            the tasks re-run, the same library; a corrupted library.h5 rebuilt
#   sigterm  SIGUSR1 to mpiexec (forwarded to the ranks) and SIGTERM to every rank: exit 0,
#            work committed, INCOMPLETE and `dwell status` exit 3; then resumed to the same
#            library
#   bad      bad campaign files stop before any work with one line naming the key (or the
#            file and line), creating nothing: misspelt keys, numbers that overflow 32 bits,
#            non-numeric values, unsorted or repeated T_f, a 140-value T_f list kept whole,
#            per-T_f lists of the wrong length, empty or repeated unit sets, keys given twice,
#            YAML syntax errors, binary files, values that could only fail at run time
#   plan     a plan per T_f ([JCP23] Table I): T_f = [0.12, 0.13] with N_g = [2, 1],
#            runs = [3, 2], tau_total = [10, 6]; the library records the plan, every sample
#            has its T_f's runs, and the glasses of T_f = 0.12 (same seed, same plan as the
#            reference) give rows identical to the reference's bit for bit
# usage: campaign_test.sh CASE DWELL SOURCE_DIR
set -euo pipefail
case_=$1 dwell=$2 src=$3
py=/usr/bin/python3
compare="$py $src/tests/farm/compare_libraries.py"
flags="--oversubscribe"
[ "$(id -u)" -eq 0 ] && flags="$flags --allow-run-as-root"
work=$(mktemp -d /tmp/dwell-campaign.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
cp "$src/tests/farm/tiny.yaml" .
fail() { echo "FAIL: $*" >&2; exit 1; }

run() { # run NP DIR [options]: a campaign run in the foreground
  local np=$1 dir=$2; shift 2
  mpiexec $flags -n "$np" "$dwell" run tiny.yaml -dir "$dir" "$@" > "$dir.log" 2>&1
}

reference() { run 2 ref || fail "reference campaign: $(tail -5 ref.log)"; [ -e ref/library.h5 ] || fail "no ref/library.h5"; }

# Starts a campaign in its own process group, waits until `dwell status` shows KIND done
# count >= N, then kills the whole group with SIGKILL.
kill_when() { # kill_when DIR KIND N
  local dir=$1 kind=$2 n=$3 pid done_=0
  setsid mpiexec $flags -n 3 "$dwell" run tiny.yaml -dir "$dir" > "$dir.killed.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do
    if [ -e "$dir/campaign.opts" ]; then
      done_=$("$dwell" status "$dir" 2>/dev/null | awk -v k="$kind" '$1 == k {gsub(/[{},]/," "); print $3}' || true)
      [ -n "$done_" ] && [ "$done_" -ge "$n" ] && break
    fi
    sleep 0.2
  done
  kill -9 -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "killed $dir with $kind done = $done_"
}

no_duplicates() { # the restart re-ran only tasks without a record
  "$dwell" status "$1" > status.out || true
  grep -q 'complete: true' status.out || fail "$1 not complete: $(cat status.out)"
  local dup
  dup=$(awk '/^duplicates:/{print $2}' status.out)
  [ "$dup" = 0 ] || fail "$1: $dup tasks recorded twice (re-run although committed)"
}

# stop NAME SIGNAL WHO: start a campaign, wait for its first record, signal it (WHO: mpiexec,
# which forwards SIGUSR1 to every rank as SLURM's --signal=B:USR1 does, or ranks: each dwell
# process), check the clean stop, resume, compare.
stop() {
  local dir=$1 sig=$2 who=$3 pid rc
  setsid mpiexec $flags -n 3 "$dwell" run tiny.yaml -dir "$dir" > "$dir.stop.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do
    [ -e "$dir/shards" ] && [ "$(cat "$dir"/shards/*.dwj 2>/dev/null | wc -c)" -gt 0 ] && break
    sleep 0.1
  done
  if [ "$who" = mpiexec ]; then
    kill -"$sig" "$pid"
  else
    for p in $(pgrep -f -- "-dir $dir"); do
      [ "$(cat /proc/"$p"/comm 2>/dev/null)" = dwell ] && kill -"$sig" "$p"
    done
  fi
  set +e; wait "$pid"; rc=$?; set -e
  [ "$rc" = 0 ] || fail "$sig to $who: mpiexec exited with $rc: $(tail -5 "$dir.stop.log")"
  grep -q 'campaign stopped: work remains' "$dir.stop.log" || fail "$sig: no clean stop message: $(tail -5 "$dir.stop.log")"
  [ -e "$dir/INCOMPLETE" ] || fail "$sig: no $dir/INCOMPLETE after a stop"
  set +e; "$dwell" status "$dir" > /dev/null; rc=$?; set -e
  [ "$rc" = 3 ] || fail "dwell status of a stopped campaign exited $rc, not 3"
  run 3 "$dir" || fail "resume after $sig: $(tail -5 "$dir.log")"
  [ ! -e "$dir/INCOMPLETE" ] || fail "INCOMPLETE left after completion"
  no_duplicates "$dir"
  $compare ref/library.h5 "$dir/library.h5" || fail "stopped by $sig and resumed differs from the reference"
}

expect_error() { # expect_error PATTERN SED-EXPRESSION [OPTIONS]: the edited campaign file must fail so
  local pattern=$1 expr=$2
  shift 2
  sed "$expr" tiny.yaml > bad.yaml
  expect_file_error "$pattern" "$expr" "$@"
}

ranks=2 # bad files run on 2 ranks (one error line, not one per rank), or 1 (faster)
expect_file_error() { # expect_file_error PATTERN WHAT [OPTIONS]: bad.yaml must fail with one line
  local pattern=$1 what=$2
  shift 2
  rm -rf bad
  if [ "$ranks" = 2 ]; then
    if mpiexec $flags -n 2 "$dwell" run bad.yaml "$@" > bad.log 2>&1; then fail "accepted: $what"; fi
  elif "$dwell" run bad.yaml "$@" > bad.log 2>&1; then fail "accepted: $what"; fi
  grep -q -- "$pattern" bad.log || fail "for '$what' expected '$pattern', got: $(grep error bad.log | head -2)"
  [ "$(grep -c 'error' bad.log)" = 1 ] || fail "for '$what' not one error line: $(head -5 bad.log)"
  if grep -q 'PETSC ERROR' bad.log; then fail "for '$what' a PETSc traceback: $(head -3 bad.log)"; fi
  [ ! -e bad ] || fail "a bad campaign file created its directory ($what)"
}

# The T_f index of every sample, and whether the rows of samples 0 and 1 equal the
# reference's (ref has exactly the samples 0 and 1).
plan_checks() {
  $py - ref/library.h5 plan/library.h5 <<'PY'
import sys
import h5py
import numpy as np
ref, lib = (h5py.File(p, "r") for p in sys.argv[1:3])
bad = []
def expect(name, got, want):
    got, want = np.asarray(got), np.asarray(want)
    if not np.array_equal(got, want, equal_nan=got.dtype.kind == "f"):
        bad.append(f"{name}: {got!r}, expected {want!r}")
expect("/campaign/T_f", lib["campaign/T_f"][()], [0.12, 0.13])
expect("/campaign/N_g", lib["campaign/N_g"][()], [2, 1])
expect("/campaign/runs", lib["campaign/runs"][()], [3, 2])
expect("/campaign/tau_total", lib["campaign/tau_total"][()], [10.0, 6.0])
expect("/campaign/tau_cg", lib["campaign/tau_cg"][()], [1.0, 1.0])
expect("root attributes of a plan per T_f", sorted(k for k in ("N_g", "runs", "tau_total", "tau_cg") if k in lib.attrs), ["tau_cg"])
expect("/samples/T_f_index", lib["samples/T_f_index"][()], [0, 0, 1])
expect("/samples/replica", lib["samples/replica"][()], [0, 1, 0])
expect("/samples/T_f", lib["samples/T_f"][()], [0.12, 0.12, 0.13])
expect("/samples/n_runs", lib["samples/n_runs"][()], [3, 3, 2])
expect("/samples/status", lib["samples/status"][()], [1, 1, 1])
s2 = lib["is/sample"][()] == 2
if not s2.any():
    bad.append("sample 2 has no IS")
elif lib["is/first_time"][()][s2].max() > 6.0:
    bad.append(f"sample 2 found an IS at t = {lib['is/first_time'][()][s2].max()} > tau_total = 6")
# the glasses of T_f = 0.12: every table's rows of samples 0 and 1 as in the reference
for group in ("samples", "is", "transitions", "candidates", "dw"):
    for name, d in ref[group].items():
        if not isinstance(d, h5py.Dataset):
            continue
        keep = lib[group + "/sample"][()] < 2
        expect(f"/{group}/{name} of samples 0, 1", lib[group + "/" + name][()][keep], d[()])
for name in ref["dw/quantum/argon_prl20"]:
    keep = lib["dw/sample"][()] < 2
    expect(f"/dw/quantum/argon_prl20/{name}", lib["dw/quantum/argon_prl20/" + name][()][keep], ref["dw/quantum/argon_prl20/" + name][()])
print("\n".join(bad) if bad else f"plan: {len(lib['dw/sample'])} double wells, samples 0-1 identical to the reference")
sys.exit(1 if bad else 0)
PY
}

case $case_ in
ranks)
  reference
  run 3 three || fail "3 ranks: $(tail -5 three.log)"
  $compare ref/library.h5 three/library.h5 || fail "2 and 3 ranks give different libraries"
  ndw=$($py -c 'import h5py,sys; print(len(h5py.File(sys.argv[1])["dw/sample"]))' ref/library.h5)
  [ "$ndw" -ge 1 ] || fail "the reference found no double well"
  $py - ref/library.h5 <<'PY' || fail "a dataset without units"
import sys, h5py
bad = []
h5py.File(sys.argv[1]).visititems(lambda n, o: bad.append(n) if isinstance(o, h5py.Dataset) and not ("units" in o.attrs and "description" in o.attrs) else None)
print("datasets without units or description:", bad)
sys.exit(1 if bad else 0)
PY
  h5dump -H ref/library.h5 > /dev/null || fail "h5dump cannot read the library"
  ;;
kill)
  reference
  kill_when k1 explore 1
  kill_when k2 merge 1
  [ -e k2/shards ] || fail "k2 never started"
  for d in k1 k2; do
    run 3 "$d" || fail "restart of $d: $(tail -5 "$d.log")"
    grep -q 'records in the shards' "$d.log" || fail "restart of $d did not read its shards"
    no_duplicates "$d"
    $compare ref/library.h5 "$d/library.h5" || fail "$d: killed and restarted differs from the reference"
  done
  # during collect: the ranks die while writing library.h5.tmp; library.h5 is never
  # half-written, and the next run rebuilds it
  cp -r ref k3 && rm -f k3/library.h5
  DWELL_TEST_KILL_IN_COLLECT=1 mpiexec $flags -n 3 "$dwell" collect k3 > k3.killed.log 2>&1 && fail "collect was not killed"
  [ ! -e k3/library.h5 ] || fail "a killed collect left k3/library.h5"
  run 3 k3 || fail "run after a killed collect: $(tail -5 k3.log)"
  $compare ref/library.h5 k3/library.h5 || fail "k3: library after a killed collect differs"
  ;;
corrupt)
  reference
  cp -r ref c1
  # flip a byte in the middle of the largest shard, cut the smallest one's tail by 7 bytes,
  # and overwrite the library with junk
  big=$(ls -S c1/shards/*.dwj | head -1)
  small=$(ls -S c1/shards/*.dwj | tail -1)
  size=$(stat -c %s "$big")
  printf '\xff' | dd of="$big" bs=1 seek=$((size / 2)) conv=notrunc status=none
  if [ "$small" != "$big" ]; then truncate -s -7 "$small"; fi
  echo "garbage" > c1/library.h5
  run 3 c1 || fail "run on corrupted shards: $(tail -5 c1.log)"
  grep -E 'records in the shards \([1-9][0-9]* corrupt' c1.log > /dev/null || fail "the flipped byte was not reported: $(grep 'records in' c1.log)"
  $compare ref/library.h5 c1/library.h5 || fail "library rebuilt from repaired shards differs"
  ;;
sigterm)
  reference
  stop t1 USR1 mpiexec
  stop t2 TERM ranks
  ;;
bad)
  expect_error "unknown option -N_glass" 's/^N_g:/N_glass:/'
  expect_error "N_g = -2" 's/^N_g: 2/N_g: -2/'
  expect_error "T_f\[0\] = 0.5 is above the onset" 's/^T_f: .*/T_f: [0.5]/'
  expect_error "campaign key model is missing" '/^model:/d'
  expect_error "campaign key N: 'many' is not an integer" 's/^N: 200/N: many/'
  # numbers that overflow 32 bits are errors, not wrapped (seed 4294967297 ran as seed 1)
  ranks=1
  expect_error "campaign key seed = 4294967297: the campaign seed must lie in 0 .. 2147483647" 's/^seed: 1/seed: 4294967297/'
  expect_error "campaign key N = 4294967496: the number of particles must lie in 1 .. 10000000" 's/^N: 200/N: 4294967496/'
  expect_error "campaign key neb_images = 4294967308" 's/^neb_images: 12/neb_images: 4294967308/'
  expect_error "campaign key neb_images: 'many' is not an integer" 's/^neb_images: 12/neb_images: many/'
  expect_error "campaign key neb_saddle_check: 'maybe' is not true or false" '$a neb_saddle_check: maybe'
  expect_error "campaign key tau_total: 'long' is not a number" 's/^tau_total: 10/tau_total: long/'
  # T_f: sorted, no repeats, lists of any length (140 values were cut to 36)
  expect_error "campaign key T_f is not sorted: T_f\[2\] = 0.125 after T_f\[1\] = 0.13" 's/^T_f: .*/T_f: [0.12, 0.13, 0.125]/'
  expect_error "campaign key T_f\[1\] = 0.12 repeats T_f\[0\]" 's/^T_f: .*/T_f: [0.12, 0.12]/'
  tf=$(seq 0 139 | awk '{printf "%s%.4f", (NR > 1 ? ", " : ""), 0.17 - 0.0005 * $1}')
  ng=$(seq 0 139 | awk '{printf "%s1", (NR > 1 ? ", " : "")}')
  sed "s/^T_f: .*/T_f: [$tf]/; s/^N_g: .*/N_g: [$ng]/" tiny.yaml > long.yaml
  mpiexec $flags -n 2 "$dwell" run long.yaml -dry_run > long.log 2>&1 || fail "140 T_f and 140 N_g refused: $(grep error long.log)"
  expect_error "campaign key N_g has 139 values but T_f has 140" "s/^T_f: .*/T_f: [$tf]/; s/^N_g: .*/N_g: [${ng#1, }]/"
  # per-T_f lists of the wrong length
  expect_error "campaign key runs has 3 values but T_f has 2" 's/^T_f: .*/T_f: [0.13, 0.12]/; s/^runs: .*/runs: [3, 2, 1]/'
  expect_error "campaign key tau_total has 2 values but T_f has 1" 's/^tau_total: .*/tau_total: [10, 20]/'
  # unit sets: none, repeated
  expect_error "campaign key units is empty" 's/^units: .*/units: []/'
  expect_error "campaign key units: 'argon_prl20' is given twice" 's/^units: .*/units: [argon_prl20, argon_prl20]/'
  # a key given twice (the last one used to win), also through a nested mapping
  expect_error "campaign file bad.yaml line 16: key N_g is given twice (first given at line 8" '$a N_g: 3'
  expect_error "key neb_images is given twice (first given at line 12" '$a neb: {images: 14}'
  # YAML syntax errors and binary files: one line with the file and line, no traceback,
  # also on 2 ranks
  ranks=2
  expect_error "campaign file bad.yaml line [0-9]*: did not find expected ',' or ']' (column [0-9]*, while parsing a flow sequence that starts on line 7)" 's/^T_f: .*/T_f: [0.12/'
  printf -- '- model\n- pss\n' > bad.yaml
  expect_file_error "campaign file bad.yaml line 1: not a YAML mapping" "a list"
  sed '$a N_g: 3' tiny.yaml > dup.yaml # the same check for -options_file_yaml of any command
  if "$dwell" init -options_file_yaml dup.yaml -out dup.xyz > dup.log 2>&1; then fail "init accepted a key given twice"; fi
  grep -q "dwell: error: options file dup.yaml line 16: key N_g is given twice" dup.log || fail "init: $(head -3 dup.log)"
  head -c 4000 "$dwell" > bad.yaml
  expect_file_error "campaign file bad.yaml is not a text file" "a binary file"
  # values that can only fail at run time are checked up front (also by -dry_run)
  ranks=1
  expect_error "campaign key neb_images = 100000000: images of a band" 's/^neb_images: 12/neb_images: 100000000/' -dry_run
  expect_error "N_cg = tau_total / tau_cg = 1e+300 minimisations per run" 's/^tau_total: 10/tau_total: 1e300/' -dry_run
  expect_error "tau_total >= tau_cg" 's/^tau_cg: 1/tau_cg: 20/' -dry_run
  expect_error "campaign key tunnel_n_xi = 100000000" '$a tunnel_n_xi: 100000000' -dry_run
  expect_error "campaign key glass_quench_time = 1e300" '$a glass_quench_time: 1e300' -dry_run
  expect_error "campaign key tau_cg = 0.0011 at T_f = 0.12 is not a whole number of exploration MD steps" 's/^tau_cg: 1/tau_cg: 0.0011/' -dry_run
  # the exploration's own time step (explore_md_dt, [JCP23] II.D): 3 steps of 0.0025, not
  # a whole number of the glass preparation's md_dt = 0.005
  expect_error "tau_cg = 0.0075 at T_f = 0.12 is not a whole number of exploration MD steps of 0.005 (md_dt)" 's/^tau_cg: 1/tau_cg: 0.0075/' -dry_run
  "$dwell" run tiny.yaml -tau_cg 0.0075 -explore_md_dt 0.0025 -dry_run > dt.log 2>&1 || fail "explore_md_dt not used: $(cat dt.log)"
  if "$dwell" run missing.yaml > bad.log 2>&1; then fail "missing file accepted"; fi
  grep -q 'campaign file missing.yaml does not exist' bad.log || fail "missing file: $(cat bad.log)"
  if mpiexec $flags -n 1 "$dwell" run tiny.yaml -dir one > bad.log 2>&1; then fail "1 rank accepted"; fi
  grep -q 'at least 2 ranks' bad.log || fail "1 rank: $(grep error bad.log)"
  [ ! -e one ] || fail "1 rank created its directory"
  ;;
plan)
  reference
  sed 's/^T_f: .*/T_f: [0.12, 0.13]/; s/^N_g: .*/N_g: [2, 1]/; s/^runs: .*/runs: [3, 2]/; s/^tau_total: .*/tau_total: [10, 6]/' tiny.yaml > plan.yaml
  mpiexec $flags -n 3 "$dwell" run plan.yaml -dir plan > plan.log 2>&1 || fail "plan campaign: $(tail -5 plan.log)"
  plan_checks || fail "the library of a plan per T_f"
  "$dwell" status plan > status.out || fail "status of the plan campaign"
  grep -q 'glasses per T_f: 2, 1' status.out || fail "status does not show the plan: $(head -4 status.out)"
  "$dwell" report plan > report.out 2>&1 || fail "report of the plan campaign: $(tail -3 report.out)"
  grep -q '^N_g_planned: null' report.out || fail "report: N_g_planned is not null for a plan per T_f"
  grep -Eq '^# 0.13 +1 +2 +1 +6 +6$' report.out || fail "report: no plan row for T_f = 0.13: $(grep '^#' report.out | head -4)"
  ;;
*) fail "unknown case $case_" ;;
esac
echo "campaign_test $case_: passed"
