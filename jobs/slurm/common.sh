# Sourced by campaign.sbatch, array.sbatch and report.sbatch: the MPI launcher, and the
# launcher run under a signal trap so that SLURM's signals stop dwell cleanly.

# dwell_launcher: sets the array `launcher` (and says which in the log). DWELL_LAUNCHER wins;
# else srun, which starts Open MPI ranks only through a PMI plugin: the site's MpiDefault (or
# SLURM_MPI_TYPE) when it is not "none", else --mpi=pmix when `srun --mpi=list` offers it
# (Debian's Open MPI needs PMIx), else mpirun (Open MPI's own launcher, inside the allocation).
dwell_launcher() {
  local mpi
  if [ -n "${DWELL_LAUNCHER:-}" ]; then
    read -ra launcher <<< "$DWELL_LAUNCHER"
    echo "launcher: ${launcher[*]} (DWELL_LAUNCHER)"
    return
  fi
  mpi=${SLURM_MPI_TYPE:-$(scontrol show config 2> /dev/null | awk '$1 == "MpiDefault" {print $3}')}
  launcher=(srun)
  if [ "${mpi:-none}" = none ]; then
    if srun --mpi=list 2> /dev/null | grep -qw pmix; then launcher=(srun --mpi=pmix); else launcher=(mpirun); fi
  fi
  echo "launcher: ${launcher[*]} (MPI plugin ${mpi:-none}; DWELL_LAUNCHER overrides)"
}

# The trap, set first thing: a signal that comes before dwell runs (USR1 at once, when the
# time limit is not longer than the --signal warning time) is remembered and stops the job
# before any work instead of killing the shell. stop_signal: the last signal trapped.
stop_signal="" signals=0 dwell_pid=""
dwell_stop() {
  stop_signal=$1 signals=$((signals + 1))
  echo "$(date '+%F %T') signal $1: stopping dwell cleanly"
  if [ -n "$dwell_pid" ]; then kill -USR1 "$dwell_pid" 2> /dev/null || true; fi
}
trap 'dwell_stop USR1' USR1
trap 'dwell_stop TERM' TERM # TERM: scancel, or the time limit itself

# dwell_run COMMAND...: the launcher runs COMMAND in the background and is waited on: bash
# runs a trap only when its foreground command returns, so with a foreground launcher the
# USR1 trap would fire only after the time limit had killed everything, whereas `wait`
# returns as soon as a trapped signal arrives. The trap sends SIGUSR1 to the launcher (srun
# and Open MPI's mpirun pass it on to every rank; dwell treats it like SIGTERM: the master
# stops handing out work, the workers commit); then we wait for the launcher again.
# Sets rc, the launcher's exit status, and ran=1; nothing is started (ran=0) when a signal
# came already.
dwell_run() {
  local seen
  rc=0 ran=0
  if ((signals > 0)); then
    echo "signal $stop_signal before dwell started (is the time limit longer than --signal's warning time?): no work in this job"
    return
  fi
  ran=1
  "${launcher[@]}" "$@" &
  dwell_pid=$!
  while :; do
    seen=$signals rc=0
    wait "$dwell_pid" || rc=$?
    ((signals > seen && rc > 128)) || break # cut short by the trap: wait for the launcher
  done
  dwell_pid=""
}

# dwell_complete DIR: true when dwell ran to its end and left DIR complete (dwell keeps
# DIR/INCOMPLETE while work remains). Exit 4 is an end too: every task ran, some were given
# up (e.g. a NEB on its evaluation budget; `dwell status DIR` lists them, -campaign_retry_failed
# runs them again), and a next segment would find nothing to do.
dwell_complete() {
  ((ran && (rc == 0 || rc == 4))) && [ -d "$1" ] && [ ! -e "$1/INCOMPLETE" ]
}

# dwell_given_up DIR: the line that says tasks were given up, when dwell exited 4.
dwell_given_up() {
  if ((rc == 4)); then echo "tasks given up: \`dwell status $1\` lists them; run again with -campaign_retry_failed to retry them"; fi
}

# dwell_stopped: true when this job was stopped rather than failed: dwell exited 0, or a
# signal was trapped. scancel and the time limit send TERM to every process of the job,
# the launcher too: srun passes it to the ranks, which stop cleanly and exit 0 (the clean
# path), but mpirun kills its ranks before they commit and exits non-zero; the tasks they
# had in flight are lost and redone on resume, so that too is a stop, not a failure.
dwell_stopped() {
  ((rc == 0 || signals > 0))
}

# dwell_quote ARGS...: the arguments as one shell-quoted line, for a command to copy.
dwell_quote() {
  printf ' %q' "$@"
}
