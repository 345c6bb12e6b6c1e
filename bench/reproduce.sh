#!/usr/bin/env bash
# A reduced-scale reproduction of the papers' landscape statistics (issue 12), about an hour
# on 2 cores: the papers' own campaign files (inputs/jcp23_set2.yaml, inputs/prl20.yaml) run
# as printed except for the sizes below, then the ratios of [JCP23] Table I printed next to
# the papers' values.
#   ternary LJ (ka2, N = 1200, [JCP23] Table I data set 2 protocol: swap-equilibrated glasses
#     at T_f = 0.617 and 0.558, exploration at T_exp = 0.4 with dt = 2.5e-3, Berendsen,
#     a CG minimisation every tau_cg = 2 and 3 MD steps, climbing-image NEB with 64 images)
#     with N_g = NG_KA2 glasses per T_f and a run of TAU_KA2 tau per glass (the paper:
#     N_g = 128, 256 and tau_total = 500, 750 tau);
#   pss (N = 1500, [PRL20] protocol: T_f = 0.092 and 0.07, T_exp = 0.04, NEB with 40 images)
#     with N_g = NG_PSS glasses per T_f and RUNS_PSS runs of TAU_PSS tau per glass (the paper:
#     N_g = 15, 50 and up to 200 runs per glass).
# Printed per T_f: tau_alpha of the glasses (swap dynamics), N_g, N_IS/N_g, N_DW/N_IS and
# N_TLS/N_DW with Poisson errors (sqrt(K)/M for a count K among M), beside [JCP23] Table I
# (data sets 1 and 2) and, for pss, [PRL20]/[PRM21]'s N_DW and argon TLS counts (no N_IS is
# published for pss). Expected trends: N_IS/N_g falls with T_f; N_DW/N_IS of order
# 0.15-0.4; N_TLS/N_DW of order 0.3% (ternary). The exploration is much shorter than the
# papers' (N_IS grows as t^beta, beta = 0.4-0.8, [JCP23] eq. 8), so N_IS/N_g is expected
# below the paper's; the ratios N_DW/N_IS and N_TLS/N_DW depend little on t ([JCP23] Fig. 4).
# The glasses are equilibrated over GLASS_TAU_ALPHA (default 3) tau_alpha of the swap dynamics
# instead of the campaign files' 10: at T_f = 0.558 the swap tau_alpha of ka2 is several
# hundred tau (bench/swap_gain.sh), and 10 tau_alpha per glass would alone take the hour.
# usage: bench/reproduce.sh [BUILD] (default build/); env NG_KA2, TAU_KA2, NG_PSS, RUNS_PSS,
# TAU_PSS, GLASS_TAU_ALPHA, IMAGES_KA2 (NEB images, default the paper's 64; one ka2 NEB of 64
# images takes minutes), MAX_TIME_KA2 and MAX_TIME_PSS (s: a campaign stops cleanly then and
# its table covers what was done; default none), RANKS (default 3: a master and 2 workers), ONLY=ka2|pss, WORK (the
# work directory; a second call with the same WORK resumes the campaigns), EXTRA (more options
# for both campaigns).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
dwell=$build/dwell
ranks=${RANKS:-3}
ng_ka2=${NG_KA2:-3} tau_ka2=${TAU_KA2:-25}
ng_pss=${NG_PSS:-2} runs_pss=${RUNS_PSS:-8} tau_pss=${TAU_PSS:-50}
glass_tau_alpha=${GLASS_TAU_ALPHA:-3} images_ka2=${IMAGES_KA2:-64}
max_time_ka2=${MAX_TIME_KA2:-0} max_time_pss=${MAX_TIME_PSS:-0}
read -r -a extra <<<"${EXTRA:-}"
flags="--oversubscribe"
[ "$(id -u)" -eq 0 ] && flags="$flags --allow-run-as-root"
work=${WORK:-$(mktemp -d /tmp/dwell-reproduce.XXXXXX)}
mkdir -p "$work"
cd "$work"
echo "bench/reproduce.sh: work directory $work, $(nproc) cores, $ranks ranks, load $(cut -d' ' -f1-3 /proc/loadavg)"

campaign() { # campaign DIR FILE [options]: runs (or resumes) a campaign, prints its wall time
  local dir=$1 file=$2
  shift 2
  local t0=$SECONDS
  mpiexec $flags -n "$ranks" "$dwell" run "$file" -dir "$dir" -campaign_progress_interval 300 \
    -glass_progress_interval 0 -glass_tau_alpha "$glass_tau_alpha" "$@" "${extra[@]}" > "$dir.log" 2>&1 || {
    local status=$?
    # 4: finished, with tasks given up (a NEB with too many intermediate minima, ...): the
    # library holds the rest, and the report counts the failures by reason
    if [ $status -ne 4 ]; then
      tail -5 "$dir.log"
      exit 1
    fi
    grep -A3 "given up after" "$dir.log" | sed 's/^/  /'
  }
  echo "$dir: $((SECONDS - t0)) s wall"
}

if [ "${ONLY:-ka2}" = ka2 ]; then
  echo "== ternary LJ (ka2), [JCP23] data set 2 protocol, N_g = $ng_ka2, tau_total = $tau_ka2 tau"
  campaign ka2 "$root/inputs/jcp23_set2.yaml" -T_f 0.617,0.558 -N_g "$ng_ka2" \
    -tau_cg 0.005,0.0075 -tau_total "$tau_ka2" -glass_checkpoint_interval 0 \
    -neb_images "$images_ka2" -max_time "$max_time_ka2"
fi
if [ "${ONLY:-pss}" = pss ]; then
  echo "== pss, [PRL20] protocol, N_g = $ng_pss, $runs_pss runs of $tau_pss tau"
  campaign pss "$root/inputs/prl20.yaml" -T_f 0.092,0.07 -N_g "$ng_pss" -runs "$runs_pss" \
    -tau_total "$tau_pss" -glass_checkpoint_interval 0 -max_time "$max_time_pss"
fi

/usr/bin/python3 "$root/bench/reproduce_table.py" ka2/library.h5 pss/library.h5
