#!/usr/bin/env bash
# Runs a dwell campaign on this workstation; when it is complete, prints its report and draws
# its figures:
#   jobs/run-local.sh CAMPAIGN.yaml [NP] [-key value ...]      e.g. jobs/run-local.sh inputs/pss.yaml
# NP MPI ranks, default cores + 1: rank 0 is the master, which mostly sleeps, so every core
# runs a worker. The campaign directory is ./NAME for NAME.yaml, or -dir DIR; options after NP
# override the file. Ctrl-C (or kill -TERM of this script) stops the campaign cleanly: the
# workers commit their results and the run exits with work remaining; the same command
# resumes it. Builds first (jobs/setup.sh, incremental); on a fresh machine run
# jobs/quickstart.sh once, which also installs the Debian packages.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
if (($# < 1)); then echo "usage: $0 CAMPAIGN.yaml [NP] [-key value ...]" >&2; exit 2; fi
campaign=$1; shift
np=$(($(nproc) + 1))
if (($#)) && [[ $1 =~ ^[0-9]+$ ]]; then np=$1; shift; fi
dir=$(basename "$campaign" .yaml)                 # dwell run's default directory, unless -dir
args=("$@")
for ((i = 0; i + 1 < ${#args[@]}; i++)); do [[ ${args[i]} == -dir ]] && dir=${args[i + 1]}; done

dwell_build
DWELL="$DWELL_BUILD/dwell"
flags=()
if ((np > $(nproc))); then flags+=(--oversubscribe); fi  # more ranks than cores: the master sleeps
if [ "$(id -u)" -eq 0 ]; then flags+=(--allow-run-as-root); fi

# mpirun runs in its own session (setsid), out of reach of the terminal's Ctrl-C: on SIGINT or
# SIGTERM mpirun kills the ranks a second later, before they can commit. This script catches
# them instead and sends mpirun SIGUSR1, which Open MPI forwards to every rank and which
# dwell treats like SIGTERM: a clean stop. A second Ctrl-C sends SIGTERM (stop now; the tasks
# in flight are lost and redone on resume).
setsid mpirun "${flags[@]}" -n "$np" "$DWELL" run "$campaign" "$@" &
pid=$!
signals=0
stop() {
  signals=$((signals + 1))
  if ((signals == 1)); then
    echo "run-local: stopping cleanly (Ctrl-C again to kill)" >&2
    kill -USR1 "$pid" 2>/dev/null || true
  else
    kill -TERM "$pid" 2>/dev/null || true
  fi
}
trap stop INT TERM
# A trapped signal cuts `wait` short (status > 128) while mpirun still runs: wait again.
while :; do
  seen=$signals; rc=0
  wait "$pid" || rc=$?
  ((signals > seen && rc > 128)) || break
done
trap - INT TERM

echo "== dwell status $dir"
st=0
"$DWELL" status "$dir" || st=$?
if ((rc == 4)); then echo "run-local: finished with tasks given up (listed above); report and figures of the rest follow" >&2; fi
if ((rc != 0 && rc != 4)); then echo "run-local: mpirun failed (exit $rc); the same command resumes" >&2; exit "$rc"; fi
if ((st == 3)) || [ -e "$dir/INCOMPLETE" ]; then
  echo "run-local: work remains in $dir; the same command resumes it"
  exit 3
fi
((st == 0 || st == 4)) || exit "$st"
echo "== dwell report $dir"
"$DWELL" report "$dir"
echo "== dwell-plot $dir/library.h5 -> $dir/plots"
/usr/bin/python3 "$DWELL_ROOT/src/plot/dwell-plot" "$dir/library.h5" -o "$dir/plots"
exit "$st"
