#!/usr/bin/env bash
# IS found per CPU-second of exploration, and the growth of N_IS(t), for a pss glass
# (issue 4, "Measured"). The glass: GLASS if given, else `dwell glass -model pss -T_f T_F
# -N N` (swap MC equilibration at T_f, proven by F_s, quenched to T_exp = 0.04); when that
# command is unavailable, a proxy: a random configuration minimised (an infinitely fast
# quench, T_f = infinity), which the output says. Then `dwell explore` with RUNS runs of
# TAU_TOTAL tau at T_exp = 0.04, minimised every TAU_CG tau, on RANKS MPI ranks.
#
# cpu_time is the CPU time of the runs (clock_gettime(CLOCK_PROCESS_CPUTIME_ID) around each
# run, summed), so is_per_cpu_second = n_is / cpu_time does not depend on how busy the
# machine is or on the number of ranks; N_IS(t) counts the distinct IS found by all runs
# by their MD time t (total MD time RUNS x t).
#
# usage: bench/explore.sh [BUILD]   (BUILD: a build directory, default build/). Environment:
#   DWELL_CMD, GLASS, N (1500), T_F (0.092), RUNS (8), TAU_CG (1), TAU_TOTAL (100),
#   RANKS (2), SEED (1), BENCH_DIR (work directory, default a new temporary one, kept),
#   EXTRA (more dwell explore options, e.g. "-explore_bisect_depth 3 -min_type fire").
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
dwell=${DWELL_CMD:-$build/dwell}
N=${N:-1500} T_F=${T_F:-0.092} RUNS=${RUNS:-8} TAU_CG=${TAU_CG:-1} TAU_TOTAL=${TAU_TOTAL:-100}
RANKS=${RANKS:-2} SEED=${SEED:-1} EXTRA=${EXTRA:-}
dir=${BENCH_DIR:-$(mktemp -d /tmp/dwell-bench-explore.XXXXXX)}
mkdir -p "$dir"
mpi=(mpiexec --oversubscribe -n "$RANKS")
[ "$(id -u)" = 0 ] && mpi+=(--allow-run-as-root)

glass=${GLASS:-}
if [ -z "$glass" ]; then
  glass=$dir/glass.h5
  if "$dwell" glass -help > /dev/null 2>&1; then
    echo "glass: dwell glass -model pss -T_f $T_F -N $N -seed $SEED" >&2
    "$dwell" glass -model pss -T_f "$T_F" -N "$N" -seed "$SEED" -out "$glass" > "$dir/glass.yaml"
    cat "$dir/glass.yaml" >&2
  else
    echo "glass: PROXY (no dwell glass): random configuration minimised, T_f = infinity" >&2
    "$dwell" init -model pss -N "$N" -seed "$SEED" -out "$dir/random.h5" > /dev/null
    "$dwell" minimize -model pss -in "$dir/random.h5" -out "$glass" > /dev/null
  fi
fi

echo "explore: $RUNS runs x $TAU_TOTAL tau, tau_cg $TAU_CG, $RANKS ranks, in $dir" >&2
# shellcheck disable=SC2086
"${mpi[@]}" "$dwell" explore -model pss -in "$glass" -out "$dir/islib.h5" -runs "$RUNS" \
  -tau_cg "$TAU_CG" -tau_total "$TAU_TOTAL" -seed "$SEED" -explore_progress_interval 60 $EXTRA \
  | tee "$dir/explore.yaml"
grep -E '^(n_is|n_candidates|transitions|cpu_time|wall_time|is_per_cpu_second|n_is_growth):' "$dir/explore.yaml" >&2
echo "results in $dir" >&2
