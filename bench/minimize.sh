#!/usr/bin/env bash
# Minimisation cost per inherent structure (IS): dwell's minimisers against the best-tuned
# peers on the same starts, in one run (issue 17). Every start is minimised to
# |F|_inf <= 1e-10 eps/sigma; reported per method: force evaluations and CPU seconds per IS,
# and the ratios of the best peer to dwell.
#
# Models and starts (NSTART seeds each): ka (N = 1000, rho = 1.2), ka2 (N = 1200, rho = 1.35)
# and pss (N = 1500, rho = 1), each from two kinds of configuration made by `dwell glass`
# with a short equilibration (-glass_blocks 400; not a proven equilibrium, which the
# minimisation cost does not need):
#   glass   equilibrated at T_f (ka 0.45 with MD, ka2 0.617 and pss 0.092 with swap MC), then
#           quenched to the exploration temperature and run there for 5 tau (ka 0.2, ka2 0.4,
#           pss 0.04): the configurations that `dwell explore` minimises;
#   liquid  the equilibrium liquid at ka 0.45, ka2 0.8, pss 0.15 (far from any IS).
#
# dwell (bench_minimize, CPU time of the minimisation alone): L-BFGS (m = 10) without
# preconditioner and with each preconditioner (-min_lbfgs_precond hessian|newton|blocks|exp), CG,
# and FIRE 2.0 at each DT of the scan (the only peer FIRE on pss: LAMMPS has no pss model).
# Peers, each tuned by scanning its main parameter (the best setting per model and kind is
# the one with the fewest mean evaluations):
#   LAMMPS FIRE (min_style fire, min_modify norm inf) at dt in DTS (ka and ka2), LAMMPS CG
#   (min_style cg); ka is exactly LAMMPS lj/cut 2.5 with shift yes; ka2 is the smoothed
#   ternary LJ tabulated (pair_style table spline, 20000 points in r^2, forces_helper.py),
#   whose minima differ from dwell's by the table error only;
#   scipy L-BFGS-B (maxcor 10 and 30) and PETSc TAO BLMVM (history 5 and 20) and BNCG (its
#   default ssml_bfgs, and hz), all three on dwell's own forces (bench_minimize:
#   -bench_method tao, and an evaluation server that minimize_scipy.py drives through a pipe),
#   so the comparison is between the algorithms only. Their energy line searches stall once
#   the energy change is below rounding (near |F|_inf ~ 1e-7): such a run counts as not
#   converged at 1e-10, and the table also compares the evaluations to |F|_inf <= 1e-6 (first
#   evaluation below it; dwell: a second run with -min_ftol 1e-6, a prefix of the first).
# CPU seconds: dwell and TAO the minimisation's process CPU time, scipy its process plus the
# server's, LAMMPS its "Loop time" times its "% CPU use".
# usage: bench/minimize.sh [BUILD] (default build/; builds the bench target if needed);
#   env NSTART (2), MODELS ("ka ka2 pss"), DTS ("0.001 0.002 0.003 0.005"), BENCH_DIR;
#   ONLY=dwell (or a prefix such as dwell-lbfgs) with the BENCH_DIR of a full run: keeps its
#   starts and the other methods' results and measures again the dwell methods whose name
#   starts with it (after a change of dwell; the peers do not change).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
dwell=$build/dwell
bench=$build/bench/bench_minimize
py=/usr/bin/python3
nstart=${NSTART:-2}
models=${MODELS:-ka ka2 pss}
dts=${DTS:-0.001 0.002 0.003 0.005}
only=${ONLY:-all}
case $only in all | dwell*) ;; *) echo "$0: ONLY=$only: not all or dwell[-METHOD]" >&2; exit 1 ;; esac
export OMP_NUM_THREADS=1
[ -x "$bench" ] || cmake --build "$build" --target bench_minimize >/dev/null
for exe in "$dwell" "$bench" /usr/bin/lmp "$py"; do
  [ -x "$exe" ] || { echo "$0: $exe not found" >&2; exit 1; }
done
"$py" -c 'import scipy' 2>/dev/null || { echo "$0: python3-scipy is missing (jobs/setup.sh installs it)" >&2; exit 1; }
work=${BENCH_DIR:-$(mktemp -d /tmp/dwell-minbench.XXXXXX)}
mkdir -p "$work"
cd "$work"
t0=$(date +%s)
echo "bench/minimize.sh: work directory $work, $nstart starts per model and kind, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

declare -A N=([ka]=1000 [ka2]=1200 [pss]=1500)
declare -A GLASS=([ka]="-glass_dynamics md -T_f 0.45 -T_exp 0.2" [ka2]="-T_f 0.617 -T_exp 0.4"
  [pss]="-T_f 0.092 -T_exp 0.04")
declare -A LIQUID=([ka]="-glass_dynamics md -T_f 0.45 -T_exp 0.45" [ka2]="-T_f 0.8 -T_exp 0.8"
  [pss]="-T_f 0.15 -T_exp 0.15")
"$py" "$root/bench/forces_helper.py" table ka2.table 20000
lmp_pair() { # MODEL
  case $1 in
  ka) printf 'pair_style lj/cut 2.5\npair_modify shift yes\npair_coeff 1 1 1.0 1.0 2.5\npair_coeff 1 2 1.5 0.8 2.0\npair_coeff 2 2 0.5 0.88 2.2\n' ;;
  ka2)
    printf 'pair_style table spline 20000\n'
    for ab in 11 12 13 22 23 33; do printf 'pair_coeff %s %s ka2.table KA2_%s\n' "${ab:0:1}" "${ab:1:1}" "$ab"; done ;;
  esac
}

# one result line: model kind start method evals(1e-10, 0: not reached) evals(1e-6) converged cpu U/N fmax
record() { echo "$*" >>results.txt; }
yaml() { awk -v k="$1" '$1 == k":" {print $2}' "$2"; }

run_dwell() { # MODEL KIND START NAME OPTIONS...
  local m=$1 k=$2 s=$3 name=$4
  shift 4
  [ "$only" = all ] || [ "${name#"$only"}" != "$name" ] || return 0
  "$bench" -model "$m" -in "$k$s.$m.h5" "$@" >"$name.yaml"
  "$bench" -model "$m" -in "$k$s.$m.h5" "$@" -min_ftol 1e-6 >"$name.1e-6.yaml"
  local e=$(yaml force_evaluations "$name.yaml") c=$(yaml converged "$name.yaml")
  [ "$c" = 1 ] || e=0
  record "$m $k $s ${name%".$m.$k$s"} $e $(yaml force_evaluations "$name.1e-6.yaml") $c" \
    "$(yaml cpu_time "$name.yaml") $(yaml energy_per_particle "$name.yaml") $(yaml max_force_component "$name.yaml")"
}

run_peer() { # MODEL KIND START METHOD YAML (bench_minimize or minimize_scipy.py output)
  local first c e
  first=$(awk -F'[][]' '/^evaluations_to/{print $2}' "$5" | tr -d ' ')
  c=$(yaml converged "$5")
  e=$(echo "$first" | cut -d, -f4)
  record "$1 $2 $3 $4 $e $(echo "$first" | cut -d, -f2) $c $(yaml cpu_time "$5") $(yaml energy_per_particle "$5") $(yaml max_force_component "$5")"
}

run_lammps() { # MODEL KIND START STYLE DT
  local m=$1 k=$2 s=$3 style=$4 dt=$5 name=lmp.$1.$2$3.$4.$5
  cat >"$name.in" <<IN
units lj
atom_style atomic
boundary p p p
read_data $k$s.$m.data
mass * 1.0
$(lmp_pair "$m")
neighbor 0.3 bin
neigh_modify every 1 delay 0 check yes
thermo_modify norm yes
timestep $dt
min_style $style
min_modify norm inf
minimize 0 1e-10 1000000 1000000
print "UN \$(pe:%.15f) FMAX \$(fmax:%.6e)"
IN
  /usr/bin/lmp -in "$name.in" -log none -nocite >"$name.out" 2>&1 || {
    echo "$0: LAMMPS failed, end of $work/$name.out:" >&2
    tail -n 5 "$name.out" >&2
    exit 1
  }
  awk -v m="$m" -v k="$k" -v s="$s" -v meth="lammps-$style$([ "$style" = fire ] && echo "-dt$dt")" '
    /Iterations, force evaluations/ {f = $6}
    /^Loop time of/ {loop = $4}
    /% CPU use/ {cpu = $1 + 0}
    /^UN / {u = $2; fm = $4}
    END {conv = (fm + 0 <= 1e-10); printf "%s %s %s %s %d - %d %.4f %s %s\n", m, k, s, meth, conv ? f : 0, conv, loop * cpu / 100, u, fm}' "$name.out" >>results.txt
}

if [ "$only" != all ]; then # the other methods' lines stay, these are measured again
  [ -s results.txt ] || { echo "$0: ONLY=$only needs the results.txt of a full run in $work" >&2; exit 1; }
  awk -v p="$only" 'index($4, p) != 1' results.txt >results.kept
  mv results.kept results.txt
fi
for m in $models; do
  for s in $(seq 1 "$nstart"); do
    for k in glass liquid; do
      if [ "$k" = glass ]; then opts=${GLASS[$m]}; qt=5; else opts=${LIQUID[$m]}; qt=2; fi
      if [ "$only" = all ]; then
        # shellcheck disable=SC2086
        "$dwell" glass -model "$m" -N "${N[$m]}" -seed "$((100 + s))" $opts -glass_blocks 400 \
          -glass_min_blocks 100 -glass_quench_time "$qt" -glass_progress_interval 0 \
          -glass_checkpoint_interval 0 -out "$k$s.$m.h5" >"$k$s.$m.glass.yaml" 2>/dev/null
        "$bench" -in "$k$s.$m.h5" -bench_method convert -out "$k$s.$m.data" >/dev/null
      fi
      run_dwell "$m" "$k" "$s" "dwell-lbfgs.$m.$k$s" -min_type lbfgs -min_lbfgs_precond none
      for pc in hessian newton blocks exp; do
        run_dwell "$m" "$k" "$s" "dwell-lbfgs-$pc.$m.$k$s" -min_type lbfgs -min_lbfgs_precond "$pc"
      done
      run_dwell "$m" "$k" "$s" "dwell-cg.$m.$k$s" -min_type cg
      for dt in $dts; do run_dwell "$m" "$k" "$s" "dwell-fire-dt$dt.$m.$k$s" -min_type fire -min_fire_dt "$dt"; done
      if [ "$only" != all ]; then
        echo "  $m $k $s done ($(($(date +%s) - t0)) s)"
        continue
      fi
      if [ "$m" != pss ]; then
        for dt in $dts; do run_lammps "$m" "$k" "$s" fire "$dt"; done
        run_lammps "$m" "$k" "$s" cg 0.005
      fi
      for mc in 10 30; do
        "$py" "$root/bench/minimize_scipy.py" "$bench" "$m" "$k$s.$m.h5" "$mc" >"scipy$mc.$m.$k$s.yaml"
        run_peer "$m" "$k" "$s" "scipy-lbfgsb-m$mc" "scipy$mc.$m.$k$s.yaml"
      done
      for tao in "blmvm-m5 -tao_type blmvm -tao_blmvm_mat_lmvm_hist_size 5" \
        "blmvm-m20 -tao_type blmvm -tao_blmvm_mat_lmvm_hist_size 20" \
        "bncg -tao_type bncg" "bncg-hz -tao_type bncg -tao_bncg_type hz"; do
        set -- $tao
        name=$1
        shift
        "$bench" -model "$m" -in "$k$s.$m.h5" -bench_method tao -bench_maxevals 10000 "$@" >"tao-$name.$m.$k$s.yaml"
        run_peer "$m" "$k" "$s" "tao-$name" "tao-$name.$m.$k$s.yaml"
      done
      echo "  $m $k $s done ($(($(date +%s) - t0)) s)"
    done
  done
done
"$py" "$root/bench/minimize_report.py" results.txt | tee report.txt
echo "bench/minimize.sh: $(($(date +%s) - t0)) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
