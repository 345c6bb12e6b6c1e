#!/usr/bin/env bash
# Cost of one converged double well: dwell's band methods (-neb_type ci and string) with each
# band optimiser (-neb_optimizer fire and lbfgs) against LAMMPS's neb (fix neb, min_style
# fire) at its best time step, on the same pairs, images, spring and tolerance, in one run.
# Pairs (PAIRS, words MODEL:WHICH):
#   pss:flutter, pss:kink  two pairs of the quickstart campaign (jobs/quickstart.sh, pss
#                          N = 250), tests/landscape/data/neb_{flutter,kink}_{a,b}.xyz;
#                          kink has intermediate minima (dwell splits it);
#   ka2:S, ka:S            neighbouring IS of ka2 (N = 256, rho = 1.35) or ka (N = 256,
#                          rho = 1.2) from a short exploration at T = 0.15, seed S
#                          (tests/landscape/neb_pair.h), minimised to |F|_inf <= 1e-10.
# LAMMPS: ka is exactly lj/cut 2.5 shift yes; ka2 is the smoothed ternary LJ tabulated
# (pair_style table spline, 20000 points in r^2, bench/forces_helper.py, as bench/minimize.sh);
# LAMMPS has no pss model: there the peer is dwell's own FIRE band with LAMMPS's FIRE 2.0
# (-neb_fire_alpha_min 0) at the same time steps ("fire-lmp" rows, also run on ka and ka2 to
# compare it with LAMMPS). LAMMPS and fire-lmp run at every time step of DTS (tau; FIRE's
# dt_max = 10 dt), and the best one per pair counts ("lammps-best", "fire-lmp-best").
# LAMMPS runs only on a pair that dwell's default (ci, fire) does not split (its single band
# cannot represent an intermediate minimum).
# Settings: M images (end points included, default 12), k = 0.125 eps/sigma^2, tolerance FTOL
# (1e-4 eps/sigma) on the largest force component (LAMMPS min_modify norm inf on the whole NEB
# force of every replica, both stages; dwell: plain band to 1e-3, then perpendicular and
# climbing forces to FTOL).
# Force evaluations: dwell counts every energy/force call (moving images, end points and their
# minimisations, intermediate minima), divided by its number of converged double wells; LAMMPS
# the sum over replicas of its minimiser's "force evaluations" (one double well). Caps: LAMMPS
# CAP iterations per stage, dwell 2 CAP per band; a run that hits its cap or does not converge
# is marked and left out of the means.
# usage: bench/neb.sh [BUILD] (default build/); env PAIRS ("pss:flutter pss:kink ka2:2 ka:1"),
# M (12), FTOL (1e-4), CAP (20000), LCAP (LAMMPS's CAP, default CAP), DTS ("0.005 0.01 0.02"),
# BENCH_DIR.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
dwell=$build/dwell
pair=$build/tests/neb_pair
data=$root/tests/landscape/data
pairs=${PAIRS:-pss:flutter pss:kink ka2:2 ka:1}
M=${M:-12}
ftol=${FTOL:-1e-4}
cap=${CAP:-20000}
lcap=${LCAP:-$cap} # LAMMPS's cap per stage (12 ranks on a loaded 2-core machine: ~0.2 s an iteration)
dts=${DTS:-0.005 0.01 0.02}
# LAMMPS runs M ranks on however many cores there are: without busy polling and binding
mpiflags="--oversubscribe --bind-to none --mca mpi_yield_when_idle 1"
[ "$(id -u)" -eq 0 ] && mpiflags="$mpiflags --allow-run-as-root"
[ -x "$pair" ] || cmake --build "$build" --target neb_pair >/dev/null
work=${BENCH_DIR:-$(mktemp -d /tmp/dwell-nebbench.XXXXXX)}
mkdir -p "$work"
cd "$work"
echo "bench/neb.sh: work directory $work, pairs $pairs, M = $M images, ftol = $ftol, dt $dts, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 "$root/bench/forces_helper.py" table ka2.table 20000

lmp_pair() { # MODEL
  case $1 in
  ka) printf 'pair_style lj/cut 2.5\npair_modify shift yes\npair_coeff 1 1 1.0 1.0 2.5\npair_coeff 1 2 1.5 0.8 2.0\npair_coeff 2 2 0.5 0.88 2.2\n' ;;
  ka2)
    printf 'pair_style table spline 20000\n'
    for ab in 11 12 13 22 23 33; do printf 'pair_coeff %s %s ../ka2.table KA2_%s\n' "${ab:0:1}" "${ab:1:1}" "$ab"; done ;;
  esac
}

# one row: pair code iterations evaluations double_wells evaluations/double_well V_a wall [mark]
row() { printf '%-12s %-17s %8s %10s %3s %10s %14s %8s%s\n' "$@"; }

dwell_row() { # PAIR CODE YAML
  awk -v p="$1" -v c="$2" '/^status:/{ok=($2 == "converged")} /^iterations:/{i=$2}
    /^force_evaluations:/{f=$2} /^wall_time:/{w=$2} /^    converged: true/{n++}
    /^    V_a:/ && !va {va=$2}
    END{printf "%-12s %-17s %8d %10d %3d %10.0f %14.9f %8.3f%s\n", p, c, i, f, n, n ? f / n : 0, va, w,
      ok ? "" : " (not converged)"}' "$3"
}

run_dwell() { # PAIR MODEL A B CODE OPTIONS...
  local p=$1 m=$2 a=$3 b=$4 code=$5
  shift 5
  "$dwell" neb -model "$m" -a "$a" -b "$b" -neb_images "$M" -neb_ftol "$ftol" -neb_maxit $((2 * cap)) \
    -neb_saddle_check 0 "$@" >"dwell_$code.yaml"
  dwell_row "$p" "$code" "dwell_$code.yaml"
}

run_lammps() { # PAIR MODEL DT
  { printf 'units lj\natom_style atomic\natom_modify map array sort 0 0.0\nboundary p p p\nread_data a.data\nmass * 1.0\n'
    lmp_pair "$2"
    printf 'neighbor 0.3 bin\nneigh_modify every 1 delay 0 check yes\nthermo_modify norm no\ntimestep %s\n' "$3"
    printf 'fix 1 all neb 0.125\nmin_style fire\nmin_modify norm inf\nneb 0.0 %s %s %s 10 final b.final\n' "$ftol" "$lcap" "$lcap"
  } >"in.neb.$3"
  rm -f log.lammps*
  /usr/bin/time -f %e -o lammps.time mpiexec $mpiflags -n "$M" lmp -partition "${M}x1" -in "in.neb.$3" -log log.lammps -screen none >/dev/null 2>&1 || true
  local evals
  evals=$(cat log.lammps.* | awk '/Iterations, force evaluations/{s += $NF} END{print s + 0}')
  awk -v p="$1" -v c="lammps-dt$3" -v f="$evals" -v w="$(cat lammps.time)" -v cap="$lcap" \
    '$1 ~ /^[0-9]+$/ {i=$1; e=$7} END{printf "%-12s %-17s %8d %10d %3d %10.0f %14.9f %8.3f%s\n", p, c, i, f, 1, f, e, w,
      ((i >= 2 * cap || i == 0) ? " (not converged)" : "")}' log.lammps
}

# the lowest converged evaluations per double well of the rows of PAIR whose code begins with
# PREFIX, as the row CODE
best_row() { # PAIR PREFIX CODE
  awk -v p="$1" -v pre="$2" -v c="$3" '$1 == p && index($2, pre) == 1 && !/not converged/ && (!n++ || $6 < b) {b=$6; r=$0}
    END{if (n) {split(r, f); printf "%-12s %-17s %8s %10s %3s %10s %14s %8s\n", p, c, f[3], f[4], f[5], f[6], f[7], f[8]}}' table.txt
}

printf '%-12s %-17s %8s %10s %3s %10s %14s %8s\n' pair code iters fevals dws fevals/dw V_a_first wall_s | tee table.txt
for pm in $pairs; do
  m=${pm%%:*} w=${pm#*:}
  mkdir -p "$m-$w" && cd "$m-$w"
  if [ "$m" = pss ]; then
    a=$data/neb_${w}_a.xyz b=$data/neb_${w}_b.xyz
  else
    "$pair" -model "$m" -N 256 -seed "$w" -a a.data -b b.data >/dev/null
    a=a.data b=b.data
  fi
  for t in ci string; do
    for o in fire lbfgs; do run_dwell "$pm" "$m" "$a" "$b" "$t-$o" -neb_type "$t" -neb_optimizer "$o"; done
  done | tee -a ../table.txt
  for dt in $dts; do
    run_dwell "$pm" "$m" "$a" "$b" "fire-lmp-dt$dt" -neb_type ci -neb_optimizer fire -neb_fire_alpha_min 0 -neb_fire_dt "$dt"
  done | tee -a ../table.txt
  (cd .. && best_row "$pm" fire-lmp-dt fire-lmp-best | tee -a table.txt)
  if [ "$m" != pss ] && grep -q '^splits: 0' dwell_ci-fire.yaml; then
    awk 'f && NF >= 5 {print $1, $3, $4, $5} /^Atoms/ {f = 1}' b.data >b.xyz
    { wc -l <b.xyz; cat b.xyz; } >b.final
    for dt in $dts; do run_lammps "$pm" "$m" "$dt"; done | tee -a ../table.txt
    (cd .. && best_row "$pm" lammps-dt lammps-best | tee -a table.txt)
  fi
  cd ..
done
# per model and code: mean evaluations per double well over the pairs where the code converged;
# ratios of the peer (lammps-best, else fire-lmp-best) to each dwell code on the pairs both converged
awk '!/not converged/ && $1 != "pair" {split($1, pm, ":"); k = pm[1] SUBSEP $2; e[k] += $6; n[k]++; v[$1, $2] = $6; codes[$2]; models[pm[1]]; pairs[$1] = pm[1]}
  END{
    printf "\nper converged double well (mean over the converged runs) and peer / dwell ratios:\n";
    for (m in models) {
      peer = (n[m, "lammps-best"] ? "lammps-best" : "fire-lmp-best");
      for (c in codes) if (n[m, c] && c !~ /-dt/) {
        r = 0; np = 0;
        for (p in pairs) if (pairs[p] == m && ((p, c) in v) && ((p, peer) in v)) {r += v[p, peer] / v[p, c]; np++}
        printf "  %-4s %-15s %10.0f force evaluations per double well (%d pairs)", m, c, e[m, c] / n[m, c], n[m, c];
        if (np && c != peer) printf "   %s / %s: %.1fx (mean over %d pairs)", peer, c, r / np, np;
        printf "\n";
      }
    }
  }' table.txt
# a pair LAMMPS converged at no time step: its largest evaluation count (capped) is a lower bound
awk '$2 ~ /^lammps-dt/ && /not converged/ {if ($4 > lb[$1]) lb[$1] = $4} $2 ~ /^lammps-dt/ && !/not converged/ {ok[$1] = 1}
  !/not converged/ && $1 != "pair" && $2 !~ /-dt|-best/ {v[$1, $2] = $6; codes[$2]}
  END{for (p in lb) if (!ok[p]) {
    printf "  %s: LAMMPS converged at no time step (> %d force evaluations)", p, lb[p];
    for (c in codes) if ((p, c) in v) printf ", / %s >= %.1fx", c, lb[p] / v[p, c];
    printf "\n"}}' table.txt
