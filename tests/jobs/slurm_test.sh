#!/bin/bash
# ctest slurm (issue 13): jobs/slurm/*.sbatch on a real SLURM cluster of this one node.
# Brings up munged, slurmctld and slurmd (Debian's slurm-wlm and munge, installed by
# jobs/setup.sh) from a generated configuration in a temporary directory (own munge key and
# socket, free ports, proctrack/linuxproc, task/none, MpiDefault=pmix, one node with this
# machine's CPUs), then, from that directory as submission directory:
#   1. the reference of tests/farm/tiny.yaml, by `mpiexec dwell run`;
#   2. campaign.sbatch on the campaign C (tiny.yaml with 6 glasses and tau_total 80, about
#      100 s of one worker here, so that the chain has several segments that SLURM may stop) with --nodes=1 --ntasks=2 --ntasks-per-node=2 --time=1 on the
#      command line (the #SBATCH lines ask for 2 nodes x 32 tasks and 24 h, which this node
#      cannot give: a successor that lost them is refused or pends for ever) and USR1 30 s
#      before the end (SBATCH_SIGNAL); one segment is scancelled after the first record;
#      meanwhile C's reference by mpiexec. SLURM looks at time limits every 30 s, so with a
#      warning of 30 s or more in a 1-minute job USR1 comes at its first look, within 30 s of
#      the start: C's remaining ~55 s of work then always take a USR1 stop (a machine over
#      twice as fast would need a larger C). Checks: every segment ran with 1 node, 2 ranks
#      and 1:00, the scancelled one stopped and kept its successor, at least 3 segments and a
#      USR1 stop, the last segment completed the campaign, the library equals the reference
#      bit for bit;
#   3. scancel --name=dwell of a new chain (a directory name with a space): the log says
#      that no segment follows and prints a resume command, which is run as printed (no
#      --signal: the #SBATCH @300 fires at once in a 1-minute job, and the successor's
#      warning is scaled to 30 s) and completes the campaign, equal to the reference;
#   4. array.sbatch over a list (a new tiny campaign, and C's complete directory) with
#      mpirun as launcher; element 0 is scancelled mid-way: a stop with a resume hint, not a
#      failure (mpirun kills the ranks on TERM); the element resubmitted with the default
#      launcher (srun, PMIx) and report.sbatch after it (afterok): both reports and figures,
#      the library equal to the reference;
#   5. the queue ends empty (no segment left pending), and C's library is still the same.
# The daemons and whatever job is left are stopped by pid on exit, also on failure.
# Exit 77 (ctest SKIP_RETURN_CODE) only when not root or slurm-wlm/munge are not installed.
# usage: slurm_test.sh SOURCE_DIR DWELL
set -euo pipefail
src=$1 dwell=$2
py=/usr/bin/python3
export PATH=$PATH:/usr/sbin:/sbin
[ "$(id -u)" -eq 0 ] || { echo "SKIP: slurmd must run as root to start jobs"; exit 77; }
for b in munged mungekey slurmctld slurmd sbatch srun squeue scancel scontrol sinfo; do
  command -v "$b" > /dev/null || { echo "SKIP: no $b (jobs/setup.sh installs slurm-wlm and munge)"; exit 77; }
done
mapfile -t outer < <(compgen -e | grep -E '^(SLURM|SBATCH|SALLOC|SRUN)_' || true)
for v in "${outer[@]}"; do unset "$v"; done # in case ctest runs inside a job of another cluster

work=$(mktemp -d /tmp/dwell-slurm.XXXXXX)
chmod 755 "$work" # munged wants the path to its socket searchable by all
mkdir -m 755 "$work/run" && mkdir -m 700 "$work/munge" && mkdir "$work/state" "$work/spool" "$work/log"
pids=() ref_pid="" # the daemons in start order; the reference run while it runs
fail() {
  echo "FAIL: $*" >&2
  for f in "$work"/log/*.log "$work"/*.out; do [ -e "$f" ] && { echo "== $f" >&2; tail -25 "$f" >&2; }; done
  exit 1
}
stop_pid() { # TERM, then KILL after 5 s
  kill "$1" 2> /dev/null
  for _ in $(seq 1 50); do kill -0 "$1" 2> /dev/null || break; sleep 0.1; done
  kill -9 "$1" 2> /dev/null
  wait "$1" 2> /dev/null
}
cleanup() { # jobs first (while slurmctld and slurmd run), then the daemons, last started first
  set +e
  [ -n "$ref_pid" ] && stop_pid "$ref_pid"
  if ((${#pids[@]} == 3)) && kill -0 "${pids[1]}" 2> /dev/null; then
    timeout 10 scancel --user=root 2> /dev/null
    for _ in $(seq 1 20); do [ -z "$(timeout 5 squeue -h 2> /dev/null)" ] && break; sleep 1; done
    for p in $(timeout 5 scontrol listpids 2> /dev/null | awk 'NR > 1 && $1 ~ /^[0-9]+$/ {print $1}'); do kill -9 "$p"; done
  fi
  for ((k = ${#pids[@]} - 1; k >= 0; k--)); do stop_pid "${pids[k]}"; done
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

# The cluster.
free_ports() { $py -c 'import socket
s = [socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1", 0)) for x in s]
print(*[x.getsockname()[1] for x in s])'; }
read -r ctld_port d_port < <(free_ports)
node=$(hostname -s)
cat > slurm.conf << EOF
ClusterName=dwelltest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/run/munge.sock
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/run/slurmctld.pid
SlurmdPidFile=$work/run/slurmd.pid
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=pmix
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MailProg=/bin/true
ReturnToService=2
KillWait=10
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$work/slurm.conf
mungekey -c -k munge/munge.key
munged -F --key-file=munge/munge.key --socket="$work/run/munge.sock" --pid-file="$work/run/munged.pid" \
  --seed-file=munge/seed --log-file="$work/log/munged.log" > log/munged.out 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do munge -S "$work/run/munge.sock" -n > /dev/null 2>&1 && break; sleep 0.2; done
munge -S "$work/run/munge.sock" -n > /dev/null || fail "munged does not answer"
slurmctld -D -f "$SLURM_CONF" > log/slurmctld.log 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" > log/slurmd.log 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do [ "$(sinfo -h -o %T 2> /dev/null)" = idle ] && break; sleep 0.5; done
[ "$(sinfo -h -o %T)" = idle ] || fail "node $node not idle: $(sinfo -h -o '%T %E')"
srun --mpi=list 2>&1 | grep -qw pmix || fail "srun has no pmix plugin: $(srun --mpi=list 2>&1)"
echo "cluster up: node $node, $(nproc) CPUs, ports $ctld_port/$d_port"

# Helpers. Every wait ends by the deadline, well before ctest's TIMEOUT would kill this
# script without its cleanup.
deadline=$((SECONDS + 700))
tick() { ((SECONDS < deadline)) || fail "still waiting after 700 s"; sleep "$1"; }
flags=(--oversubscribe --allow-run-as-root)
compare() { $py "$src/tests/farm/compare_libraries.py" "$1" "$2" || fail "$2 differs from $1"; }
records() { "$dwell" status "$1" 2> /dev/null | awk '$1 == "records:" {gsub(/[{},]/, " "); print $3}' || true; }
until_records() { # until_records DIR: wait for DIR's first committed record
  local r
  for _ in $(seq 1 300); do r=$(records "$1"); [ -n "$r" ] && ((r >= 1)) && return; tick 0.2; done
  fail "no record in $1 after 60 s"
}
mid_segment() { # mid_segment: the running segment, once it has submitted its successor
  local j
  for _ in $(seq 1 300); do
    j=$(squeue -h -t R -n dwell -o %i | head -1)
    [ -n "$j" ] && grep -q '^next segment: job' "dwell-$j.out" 2> /dev/null && { echo "$j"; return; }
    tick 0.2
  done
  fail "no running segment with a successor"
}
until_empty() { # until_empty SECONDS: the queue empties (nothing pending for ever)
  for _ in $(seq 1 "$1"); do [ -z "$(squeue -h)" ] && return; tick 1; done
  fail "queue not empty after $1 s: $(squeue -o '%i %j %T %r')"
}
summary() { # the job logs' key lines, into the test's output
  local f
  for f in "$@"; do
    echo "  $f:"
    grep -Eh '^(dwell (segment|array)|launcher|next segment|resume|campaign )|signal (TERM|USR1)|exited [0-9]|failed \(exit' "$f" | sed 's/^/    /'
  done
}
# A campaign whose only tasks given up are NEBs (exit 4) has done all its work: whether a NEB
# of the tiny glasses spends its evaluation budget depends on the glasses, which change with
# any rounding change of the force kernel (chaotic MD); what is tested here does not.
finished() { # finished STATUS LOG: exit 0, or 4 with NEBs only given up
  [ "$1" = 0 ] || { [ "$1" = 4 ] && grep -q 'tasks given up (.*): glass 0, explore 0, merge 0, neb [1-9]' "$2"; }
}
complete() {
  "$dwell" status "$1" > status.txt || [ $? = 4 ] || fail "$1 is not complete: $(cat status.txt)"
  grep -q '^duplicates: 0' status.txt || fail "$1: tasks recorded twice: $(grep duplicates status.txt)"
}
export DWELL_ROOT=$src DWELL=$dwell
campaign=(tiny.yaml -N_g 6 -tau_total 80)
scripts=$src/jobs/slurm
res=(--nodes=1 --ntasks=2 --ntasks-per-node=2)
cp "$src/tests/farm/tiny.yaml" .

# 1. The reference of tiny.yaml.
mpiexec "${flags[@]}" -n 3 "$dwell" run tiny.yaml -dir ref_tiny > ref_tiny.log 2>&1 || finished $? ref_tiny.log || fail "tiny reference: $(tail -3 ref_tiny.log)"

# 2. A chain of segments, one of them scancelled; C's reference meanwhile on the core the
#    chain leaves idle (its master sleeps), on 3 ranks (the library must not depend on them).
t0=$SECONDS
SBATCH_SIGNAL=B:USR1@30 sbatch --parsable "${res[@]}" --time=1 "$scripts/campaign.sbatch" "${campaign[@]}" -dir chain > /dev/null
mpiexec "${flags[@]}" -n 3 "$dwell" run "${campaign[@]}" -dir ref > ref.log 2>&1 &
ref_pid=$!
until_records chain
cancelled=$(mid_segment)
scancel "$cancelled"
until_empty 400
rc=0 && wait "$ref_pid" || rc=$?
ref_pid=""
finished "$rc" ref.log || fail "reference: $(tail -3 ref.log)"
mapfile -t segs < <(ls -v dwell-*.out)             # in job order
echo "chain: ${#segs[@]} segments in $((SECONDS - t0)) s, job $cancelled scancelled"
summary "${segs[@]}"
((${#segs[@]} >= 3)) || fail "only ${#segs[@]} segments"
for f in "${segs[@]}"; do
  grep -q 'segment [0-9]*/20, job [0-9]*, 1 nodes, 2 ranks, time limit 1:00, campaign chain' "$f" ||
    fail "$f: not 1 node, 2 ranks, 1:00 (lost the command line's resources?)"
  if grep -Eq 'failed \(exit|no segment follows' "$f"; then fail "$f: the chain broke"; fi
done
log=dwell-$cancelled.out
grep -q 'signal TERM' "$log" || fail "$log: scancel's TERM not trapped"
grep -q 'segment [0-9]* follows' "$log" || fail "$log: the scancelled segment lost its successor"
grep -l 'signal USR1' "${segs[@]}" > /dev/null || fail "no segment was stopped by SLURM's USR1"
grep -l 'campaign stopped: work remains' "${segs[@]}" > /dev/null || fail "no clean stop by dwell"
grep -q 'campaign chain is complete' "${segs[-1]}" || fail "${segs[-1]}: the last segment did not complete the campaign"
complete chain
compare ref/library.h5 chain/library.h5

# 3. scancel --name=dwell stops the chain; its resume command, as printed, resumes it.
mkdir stop && mv dwell-*.out stop/
SBATCH_SIGNAL=B:USR1@15 sbatch --parsable "${res[@]}" --time=1 "$scripts/campaign.sbatch" tiny.yaml -dir "stop me" > /dev/null
until_records "stop me"
mid_segment > /dev/null
scancel --name=dwell
until_empty 60
log=$(ls dwell-*.out)
grep -q 'no segment follows (job [0-9]* cancelled)' "$log" || fail "$log: says a segment follows a cancelled chain"
resume=$(sed -n 's/^resume: //p' "$log")
[[ $resume == *"-dir stop\\ me"* ]] || fail "$log: resume command without quoting: $resume"
summary "$log"
mv "$log" stop/
eval "$resume" > /dev/null
until_empty 200
mapfile -t segs < <(ls -v dwell-*.out)
summary "${segs[@]}"
grep -q 'next segment: job [0-9]* (.*--signal=B:USR1@30' dwell-*.out || fail "the successor's warning is not scaled to the limit"
grep -q 'campaign stop me is complete' dwell-*.out || fail "the resumed chain did not complete"
complete "stop me"
compare ref_tiny/library.h5 "stop me/library.h5"

# 4. Array (mpirun, one element scancelled, then resumed with srun) and report.
printf '# dir campaign options\narr tiny.yaml\nchain %s\n' "${campaign[*]}" > list.txt
aid=$(DWELL_LAUNCHER="mpirun --allow-run-as-root" sbatch --parsable --array=0-1 "${res[@]}" --time=2 \
  --signal=B:USR1@30 "$scripts/array.sbatch" list.txt)
until_records arr
scancel "${aid}_0"
until_empty 120
log=dwell-array-${aid}_0.out
grep -q 'signal TERM' "$log" || fail "$log: scancel's TERM not trapped"
if grep -q 'dwell run failed' "$log"; then fail "$log: scancel with mpirun taken for a failure"; fi
grep -q 'stopped with work remaining; resume: sbatch --array=0 ' "$log" || fail "$log: no resume command"
grep -q 'campaign chain is complete' "dwell-array-${aid}_1.out" || fail "element 1 did not find chain complete"
summary dwell-array-*.out
aid=$(sbatch --parsable --array=0 "${res[@]}" --time=2 --signal=B:USR1@30 "$scripts/array.sbatch" list.txt)
rid=$(sbatch --parsable --dependency="afterok:$aid" --kill-on-invalid-dep=yes "$scripts/report.sbatch" list.txt)
until_empty 200
summary "dwell-array-${aid}_0.out"
grep -q 'campaign arr is complete' "dwell-array-${aid}_0.out" || fail "the resumed element did not complete"
scontrol show job "$rid" | grep -q 'JobState=COMPLETED .*' || fail "report job: $(scontrol show job "$rid" | grep JobState)"
for d in arr chain; do
  grep -q "===== $d" "dwell-report-$rid.out" || fail "no report of $d"
  [ -s "$d/report.yaml" ] || fail "no $d/report.yaml"
  ls "$d"/plots/*.png > /dev/null || fail "no figures in $d/plots"
done
complete arr
compare ref_tiny/library.h5 arr/library.h5

# 5. Nothing left.
[ -z "$(squeue -h)" ] || fail "queue not empty: $(squeue)"
compare ref/library.h5 chain/library.h5
echo "slurm: all checks passed in $SECONDS s"
