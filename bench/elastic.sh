#!/usr/bin/env bash
# G and K of a ka2 configuration (N = 1200) by athermal quasistatic deformation ([JCP23] IV.C,
# eq. 17; include/dwell/elastic.h): bench_elastic minimises it (L-BFGS to |F|_inf <= 1e-10),
# then shears it (Lees-Edwards, BENCH_NSTEPS steps of dgamma = 1e-4) and compresses it
# (the same number of steps of deps = 1e-4), and prints G, K with their fit errors, the
# stress-strain curves and the CPU and wall time of each. The configuration is the inherent
# structure of a random `dwell init` configuration (an instantaneous quench: a glass in the
# sense of the protocol, not a T_f-annealed one); pass a glass (e.g. from `dwell glass`) as
# BENCH_IN to time that instead. The Born minus non-affine values of the same IS follow, from
# `dwell elastic` with its wall time (G_xy = C_xyxy + sigma_yy is the one to compare with the
# AQS shear slope, K with the AQS compression slope).
#
# usage: bench/elastic.sh [BUILD]   (BUILD: a configured build directory, default build/;
#   the bench target is built if needed). Environment: BENCH_IN (a configuration file),
#   BENCH_NSTEPS (default 10), BENCH_DIR (work directory, default a new temporary one, kept).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
dwell=$build/dwell
bench=$build/bench/bench_elastic
nsteps=${BENCH_NSTEPS:-10}
work=${BENCH_DIR:-$(mktemp -d /tmp/dwell-bench-elastic.XXXXXX)}
export OMP_NUM_THREADS=1

[ -x "$bench" ] || cmake --build "$build" --target bench_elastic
mkdir -p "$work"
cd "$work"
echo "bench/elastic.sh: work directory $work, $nsteps steps, load $(cut -d' ' -f1-3 /proc/loadavg)"
in=${BENCH_IN:-}
if [ -z "$in" ]; then
  "$dwell" init -model ka2 -N 1200 -seed 1 -out start.h5 >/dev/null
  in=start.h5
fi
"$dwell" minimize -model ka2 -in "$in" -out is.h5 >/dev/null
"$bench" -model ka2 -in is.h5 -bench_nsteps "$nsteps" -bench_dgamma 1e-4 -bench_deps 1e-4 | tee elastic.yaml
# the same IS by Born minus non-affine (six CG solves on the Hessian), timed as a whole process
start=$(date +%s.%N)
"$dwell" elastic -model ka2 -in is.h5 | grep -E '^  (P|G|K|G_xy|G_born|G_na|K_born|K_na|ksp_its):' | tee born.yaml
echo "born_wall_time: $(echo "$(date +%s.%N) - $start" | bc) s"
