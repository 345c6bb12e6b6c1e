#!/usr/bin/env bash
# What swap buys on the ternary glass former (issue 12; [JCP23] II.C, Fig. 1): the structural
# relaxation time tau_alpha, F_s(k = 7.2, tau_alpha) = 1/e over all particles, of the hybrid
# swap MC/MD dynamics of [JCP23] II.C (blocks of 10 MD steps at dt = 5e-3 with a Nose-Hoover
# thermostat + 1.75 N attempted swaps of the species of two particles of different species)
# and of plain Nose-Hoover MD at dt = 5e-3, at T = 0.70, 0.65 and 0.62 (T_mct ~ 0.62), from
# equilibrated starts. A benchmark, not a test: it prints a table and takes ~40 min of CPU.
#
# For each case T:EQUIL:RUN_SWAP:RUN_MD (times in tau), bench_swap (bench/bench_swap.c)
#   1. equilibrates a random configuration of ka2 (N particles) at T with the hybrid swap
#      dynamics for EQUIL tau, saves it, and continues the same chain for RUN_SWAP tau while
#      measuring F_s (every 0.05 tau, log-spaced lags, up to 128 time origins spread over the
#      run) and the swap acceptance per pair type: tau_alpha(swap);
#   2. from the saved configuration (fresh Maxwell-Boltzmann velocities), RUN_MD tau of plain
#      MD: tau_alpha(MD). When F_s has not fallen below 1/e within the run, tau_alpha(MD) is
#      reported as a lower bound "> t" (t the longest lag, F_s there in the raw outputs), and
#      the gain as "> tau_MD_bound / tau_swap".
# The equilibration should span >= 10 tau_alpha(swap): the column EQUIL/tau_swap says whether
# it did. Gains are ratios of simulated times; the CPU cost per tau of each dynamics is
# printed too (the swap blocks cost about as much as the MD steps they interleave).
#
# usage: bench/swap_gain.sh [BUILD]   (BUILD: a configured build directory, default build/;
#   the script builds its target bench_swap). Environment: CASES (default below), N (default
#   1200), SEED (default 1), BENCH_DIR (work directory, default a new temporary one, kept).
set -euo pipefail

build=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../build}" && pwd)
cmake --build "$build" --target bench_swap >/dev/null
exe=$build/bench/bench_swap
work=${BENCH_DIR:-$(mktemp -d /tmp/dwell-swap-gain.XXXXXX)}
seed=${SEED:-1} N=${N:-1200}
cases=${CASES:-"0.70:200:100:300 0.65:400:300:1500 0.62:800:600:4000"}
mkdir -p "$work"

field() { awk -v k="$1:" '$1 == k { print $2 }' "$2"; }
# tau_alpha, or "> last lag" when F_s stayed above 1/e
tau_or_bound() {
  local tau
  tau=$(field tau_alpha "$1")
  if awk -v t="$tau" 'BEGIN { exit !(t > 0) }'; then printf '%.4g' "$tau"; else printf '>%.4g' "$(field last_lag "$1")"; fi
}

echo "bench/swap_gain.sh: ka2 N = $N, seed $seed, work directory $work, $(nproc --all) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
rows=()
for c in $cases; do
  IFS=: read -r T equil runs runm <<<"$c"
  tag=$work/T$T
  common=(-model ka2 -N "$N" -T "$T" -md_dt 0.005 -md_thermostat nosehoover)
  /usr/bin/time -f "%U" -o "$tag.swap.cpu" "$exe" "${common[@]}" -seed "$seed" -equil "$equil" \
    -run "$runs" -out "$tag.h5" >"$tag.swap.yaml"
  /usr/bin/time -f "%U" -o "$tag.md.cpu" "$exe" "${common[@]}" -in "$tag.h5" -seed "$((seed + 1))" \
    -equil 0 -run "$runm" -dynamics md >"$tag.md.yaml"
  taus=$(tau_or_bound "$tag.swap.yaml")
  taum=$(tau_or_bound "$tag.md.yaml")
  gain=$(awk -v m="$taum" -v s="$taus" 'BEGIN {
    b = (substr(m, 1, 1) == ">"); if (b) m = substr(m, 2);
    if (substr(s, 1, 1) == ">" || s <= 0) { print "-"; exit }
    printf "%s%.3g", b ? ">" : "", m / s }')
  ratio=$(awk -v e="$equil" -v s="$taus" 'BEGIN { if (substr(s, 1, 1) == ">") print "-"; else printf "%.3g", e / s }')
  acc=$(printf '%s/%s/%s' "$(field swap_acceptance_AB "$tag.swap.yaml")" \
    "$(field swap_acceptance_AC "$tag.swap.yaml")" "$(field swap_acceptance_BC "$tag.swap.yaml")")
  cpu=$(printf '%.3g/%.3g' "$(awk -v a="$(cat "$tag.swap.cpu")" -v t="$((equil + runs))" 'BEGIN { print a / t }')" \
    "$(awk -v a="$(cat "$tag.md.cpu")" -v t="$runm" 'BEGIN { print a / t }')")
  rows+=("$(printf '%5s | %10s %10s %8s | %9s %9s | %7s | %-24s | %s' "$T" "$taum" "$taus" "$gain" "$runm" "$runs" "$ratio" "$acc" "$cpu")")
  printf 'done T = %s: tau_MD %s, tau_swap %s (cpu %s s, %s s)\n' "$T" "$taum" "$taus" "$(cat "$tag.swap.cpu")" "$(cat "$tag.md.cpu")"
done
echo
echo "tau_alpha (tau) from F_s(k = 7.2, t) = 1/e, ka2 N = $N; MD: Nose-Hoover dt = 5e-3; swap: [JCP23] II.C hybrid"
printf '%5s | %10s %10s %8s | %9s %9s | %7s | %-24s | %s\n' T tau_MD tau_swap gain run_MD run_swap eq/tau_s "swap acc AB/AC/BC" "cpu s/tau swap/MD"
for r in "${rows[@]}"; do echo "$r"; done
echo "outputs in $work"
