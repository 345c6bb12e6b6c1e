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
#   bad      bad campaign files stop before any work, naming the key, creating nothing
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

expect_error() { # expect_error PATTERN SED-EXPRESSION: the edited campaign file must fail so
  local pattern=$1 expr=$2
  sed "$expr" tiny.yaml > bad.yaml
  rm -rf bad
  if mpiexec $flags -n 2 "$dwell" run bad.yaml > bad.log 2>&1; then fail "accepted: $expr"; fi
  grep -q -- "$pattern" bad.log || fail "for '$expr' expected '$pattern', got: $(grep error bad.log | head -2)"
  [ ! -e bad ] || fail "a bad campaign file created its directory ($expr)"
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
  if "$dwell" run missing.yaml > bad.log 2>&1; then fail "missing file accepted"; fi
  grep -q 'campaign file missing.yaml does not exist' bad.log || fail "missing file: $(cat bad.log)"
  if mpiexec $flags -n 1 "$dwell" run tiny.yaml -dir one > bad.log 2>&1; then fail "1 rank accepted"; fi
  grep -q 'at least 2 ranks' bad.log || fail "1 rank: $(grep error bad.log)"
  [ ! -e one ] || fail "1 rank created its directory"
  ;;
*) fail "unknown case $case_" ;;
esac
echo "campaign_test $case_: passed"
