#!/usr/bin/env bash
# Swap acceptance and the swap speed-up of structural relaxation (issue 3), serial.
#
# For each case MODEL:T:N:EQUIL:RUN_HYBRID:RUN_MD (times in tau), bench_swap (bench_swap.c)
#   1. equilibrates a random configuration at T with hybrid swap MC/MD for EQUIL tau
#      (Andersen MD, nu = 1/tau, dt = 0.005, blocks of 10 steps + 1.75 N swap attempts) and
#      saves it;
#   2. from that configuration, measures F_s(k, t) (k = 7.0 pss, 7.2 ternary) and tau_alpha
#      (F_s = 1/e) over RUN_HYBRID tau of hybrid dynamics, with the swap acceptance;
#   3. from the same configuration, the same over RUN_MD tau of plain Andersen MD
#      (RUN_MD = 0: skipped); tau_alpha = -1 means F_s did not reach 1/e within the run;
#   4. pure MC (swap fraction 0.2, delta tuned in the first fifth) for MC_SWEEPS sweeps:
#      swap and translation acceptances.
# The speed-up is tau_alpha(MD) / tau_alpha(hybrid), in simulated time; the wall time per
# tau of each dynamics is printed too. The default cases take about an hour on one idle core
# (pss T = 0.10: 3000 tau of MD, tau_alpha(MD) ~ 250 tau there).
#
# usage: bench/swap_speedup.sh [BUILD]   (BUILD: a build directory holding libdwell.a,
#   default build/; bench_swap is compiled by hand against it). Environment: CASES (space
#   separated, default below), MC_SWEEPS (default 2000), BENCH_DIR (work directory, default a
#   new temporary one, kept), SEED.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
work=${BENCH_DIR:-$(mktemp -d /tmp/dwell-swap-bench.XXXXXX)}
seed=${SEED:-1}
sweeps=${MC_SWEEPS:-2000}
cases=${CASES:-"pss:0.10:1500:300:300:3000 pss:0.13:1500:200:100:1000 pss:0.15:1500:60:40:300 tlj:0.70:1200:100:100:400 ka2:0.70:1200:100:100:400"}
mkdir -p "$work"
exe=$work/bench_swap

mpicc -O3 -std=c17 -D_POSIX_C_SOURCE=200809L -I"$root/include" $(pkg-config --cflags PETSc) \
  "$root/bench/bench_swap.c" -o "$exe" "$build/libdwell.a" \
  $(pkg-config --libs SLEPc PETSc hdf5-openmpi lapack blas) -lm

field() { awk -v k="$1:" '$1 == k { print $2 }' "$2"; }

printf '%-5s %5s %5s | %9s %9s %8s | %8s %8s %8s | %8s %8s\n' model T N tau_hyb tau_md speedup acc_hyb acc_mc trans_mc s/tau_hyb s/tau_md
for c in $cases; do
  IFS=: read -r model T N equil runh runm <<<"$c"
  tag=$work/${model}_T${T}_N${N}
  "$exe" -model "$model" -T "$T" -N "$N" -seed "$seed" -equil "$equil" -run "$runh" \
    -out "$tag.h5" >"$tag.hybrid.yaml"
  tauh=$(field tau_alpha "$tag.hybrid.yaml")
  acch=$(field swap_acceptance "$tag.hybrid.yaml")
  wallh=$(field wall_seconds_per_tau "$tag.hybrid.yaml")
  taum=- wallm=- speed=-
  if [ "$runm" != 0 ]; then
    "$exe" -model "$model" -T "$T" -in "$tag.h5" -seed "$((seed + 1))" -equil 0 -run "$runm" \
      -dynamics md >"$tag.md.yaml"
    taum=$(field tau_alpha "$tag.md.yaml")
    wallm=$(field wall_seconds_per_tau "$tag.md.yaml")
    speed=$(awk -v a="$taum" -v b="$tauh" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "-" }')
  fi
  "$exe" -model "$model" -T "$T" -in "$tag.h5" -seed "$((seed + 2))" -equil 0 -run "$sweeps" \
    -dynamics mc >"$tag.mc.yaml"
  accm=$(field swap_acceptance "$tag.mc.yaml")
  transm=$(field translation_acceptance "$tag.mc.yaml")
  printf '%-5s %5s %5s | %9s %9s %8s | %8s %8s %8s | %8s %8s\n' "$model" "$T" "$N" "$tauh" "$taum" "$speed" "$acch" "$accm" "$transm" "$wallh" "$wallm"
done
echo "outputs in $work"
