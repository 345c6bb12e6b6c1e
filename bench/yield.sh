#!/usr/bin/env bash
# TLS per core-hour of the two campaign protocols (issue 16): the same campaign run with
# `protocol: paper` (every candidate pair to the NEB, [JCP23]) and with `protocol: fast` (the
# learned pre-screen: warm-up samples run every pool pair, later rounds only the pairs the
# model picks plus a random fraction), on the glasses of the papers at reduced size:
#   pss (inputs/pss.yaml, [PRL20]) at T_f = 0.092, N = N_PSS, N_g = NG_PSS glasses,
#     RUNS_PSS exploration runs of TAU_PSS tau per glass (the paper: N = 1500);
#   ka2 (inputs/ka2.yaml, [JCP23]) at T_f = 0.617, N = N_KA2, N_g = NG_KA2, RUNS_KA2 runs of
#     TAU_KA2 tau (the paper: N = 1200).
# BASELINE=engine (the default): both runs on inputs/pss.yaml / inputs/ka2.yaml with dwell's
# methods, only `protocol` differs: the pre-screen's share alone, as the issue measures it.
# BASELINE=papers: the paper run is the papers' campaign file as written
# (inputs/prl20.yaml for pss: CI-NEB + FIRE, 40 images; inputs/jcp23_set1.yaml for ka2: CG
# minimised every tau_cg = 11 MD steps, CI-NEB + FIRE, 64 images), reduced only in N, N_g, runs
# and tau_total; the fast run is the same file with dwell's fast path, `-protocol fast -neb_type
# string` (the learned pre-screen and the climbing string + L-BFGS), every other key equal.
# Either way the glasses, explorations and IS labels of the two runs are identical (same seed,
# same exploration keys), so the double wells of the two libraries match by (sample, is_a, is_b).
# Printed per model (bench/yield_report.py): TLS per unit set (E < k_B T_Q, converged), NEBs
# run, core-hours (wall x ranks, CPU time of all ranks, and the workers' busy time), where the workers' time goes
# (from -log_view events of the worker ranks), TLS per core-hour and the ratio fast/paper
# (issue goal >= 10x) on the whole campaign and on the NEB stage alone, the recall of the
# paper protocol's TLS by the fast run (goal >= 95%), and the fast run's TLS from added pairs
# (IS never seen in transition, /screen flag 8) that the paper protocol cannot find.
# usage: bench/yield.sh [BUILD] (default build/); env SMALL=1 (a ~5 min smoke run), N_PSS,
# NG_PSS, RUNS_PSS, TAU_PSS, N_KA2, NG_KA2, RUNS_KA2, TAU_KA2, BASELINE (engine | papers),
# IMAGES (NEB images of both models; BASELINE=engine only: the papers' files keep theirs),
# GLASS_TAU_ALPHA (equilibration length in tau_alpha of the swap dynamics; the campaign files:
# 10), RANKS (default 2: a master and one worker), ONLY=pss|ka2, FAST_EXTRA (options of the fast
# runs only, e.g. "-screen_multiple 3 -screen_p_min 0.5"; then printed as a third variant beside
# the default fast run), EXTRA (options of every run), WORK (work directory;
# a second call with the same WORK reuses the finished campaigns).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
dwell=$build/dwell
ranks=${RANKS:-2}
baseline=${BASELINE:-engine}
if [ "${SMALL:-0}" = 1 ]; then
  n_pss=${N_PSS:-250} ng_pss=${NG_PSS:-4} runs_pss=${RUNS_PSS:-3} tau_pss=${TAU_PSS:-20}
  n_ka2=${N_KA2:-300} ng_ka2=${NG_KA2:-3} runs_ka2=${RUNS_KA2:-3} tau_ka2=${TAU_KA2:-10}
  images=${IMAGES:-12} glass_tau_alpha=${GLASS_TAU_ALPHA:-1}
elif [ "$baseline" = papers ]; then
  n_pss=${N_PSS:-400} ng_pss=${NG_PSS:-12} runs_pss=${RUNS_PSS:-6} tau_pss=${TAU_PSS:-40}
  n_ka2=${N_KA2:-400} ng_ka2=${NG_KA2:-6} runs_ka2=${RUNS_KA2:-1} tau_ka2=${TAU_KA2:-40}
  glass_tau_alpha=${GLASS_TAU_ALPHA:-1}
else
  n_pss=${N_PSS:-400} ng_pss=${NG_PSS:-6} runs_pss=${RUNS_PSS:-3} tau_pss=${TAU_PSS:-30}
  n_ka2=${N_KA2:-400} ng_ka2=${NG_KA2:-6} runs_ka2=${RUNS_KA2:-4} tau_ka2=${TAU_KA2:-25}
  images=${IMAGES:-16} glass_tau_alpha=${GLASS_TAU_ALPHA:-1}
fi
case $baseline in
  papers) images_opt=() fast_path=(-neb_type string) ;;
  engine) images_opt=(-neb_images "${images:-16}") fast_path=() ;;
  *) echo "bench/yield.sh: BASELINE must be papers or engine, not '$baseline'" >&2; exit 2 ;;
esac
read -r -a extra <<<"${EXTRA:-}"
read -r -a fast_extra <<<"${FAST_EXTRA:-}"
flags="--oversubscribe"
[ "$(id -u)" -eq 0 ] && flags="$flags --allow-run-as-root"
work=${WORK:-$(mktemp -d /tmp/dwell-yield.XXXXXX)}
mkdir -p "$work"
cd "$work"
echo "bench/yield.sh: baseline $baseline, work directory $work, $(nproc) cores, $ranks ranks, load $(cut -d' ' -f1-3 /proc/loadavg)"

campaign() { # campaign DIR FILE [options]: runs a campaign unless DIR holds a finished one
  local dir=$1 file=$2
  shift 2
  [ -f "$dir.wall" ] && return 0
  rm -rf "$dir"
  local t0=$SECONDS status=0
  rm -f "$dir.time"
  mpiexec $flags -n "$ranks" /usr/bin/time -a -o "$dir.time" -f "%e %U %S" "$dwell" run "$file" -dir "$dir" -campaign_progress_interval 300 \
    -glass_progress_interval 0 -glass_tau_alpha "$glass_tau_alpha" "${images_opt[@]}" \
    -log_view ":$dir.csv:ascii_csv" "$@" "${extra[@]}" > "$dir.log" 2>&1 || status=$?
  # 4: finished with tasks given up (e.g. a NEB that does not converge); the library holds the rest
  if [ $status -ne 0 ] && [ $status -ne 4 ]; then
    tail -5 "$dir.log"
    exit 1
  fi
  echo $((SECONDS - t0)) > "$dir.wall"
  echo "  $dir: $(cat "$dir.wall") s wall"
}

model() { # model NAME FILE [options]: the paper, fast (and FAST_EXTRA) runs, then the report
  local name=$1 file=$2
  shift 2
  echo "== $name: $*"
  campaign "$name-paper" "$file" -protocol paper "$@"
  campaign "$name-fast" "$file" -protocol fast "${fast_path[@]}" "$@"
  local runs=("$name-paper" "$name-fast")
  if [ ${#fast_extra[@]} -gt 0 ]; then
    campaign "$name-variant" "$file" -protocol fast "${fast_path[@]}" "$@" "${fast_extra[@]}"
    runs+=("$name-variant")
  fi
  /usr/bin/python3 "$root/bench/yield_report.py" --ranks "$ranks" "${runs[@]}"
}

if [ "${ONLY:-pss}" = pss ]; then
  pss_file=$root/inputs/pss.yaml
  [ "$baseline" = papers ] && pss_file=$root/inputs/prl20.yaml
  model pss "$pss_file" -N "$n_pss" -T_f 0.092 -N_g "$ng_pss" -runs "$runs_pss" \
    -tau_total "$tau_pss"
fi
if [ "${ONLY:-ka2}" = ka2 ]; then
  if [ "$baseline" = papers ]; then # [JCP23] Table I, Dataset 1 at T_f = 0.617: tau_cg 11 steps
    model ka2 "$root/inputs/jcp23_set1.yaml" -N "$n_ka2" -T_f 0.617 -N_g "$ng_ka2" \
      -runs "$runs_ka2" -tau_cg 0.0275 -tau_total "$tau_ka2"
  else
    model ka2 "$root/inputs/ka2.yaml" -N "$n_ka2" -T_f 0.617 -N_g "$ng_ka2" -runs "$runs_ka2" \
      -tau_total "$tau_ka2"
  fi
fi
