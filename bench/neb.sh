#!/usr/bin/env bash
# Cost of one converged double well: dwell's climbing-image NEB (and its string method)
# against LAMMPS's neb (fix neb, min_style fire) on the same ka pairs, same images, spring and
# tolerance, in one run.
# Pairs: neighbouring IS of ka (N = 256, rho = 1.2, LAMMPS lj/cut 2.5 shift yes) from a short
# exploration at T = 0.15 (tests/landscape/neb_pair.h, seeds 1..NPAIR), minimised to
# |F|_inf <= 1e-10; a pair that dwell splits at an intermediate minimum is skipped (LAMMPS's
# single band cannot represent it). Settings: M images (end points included, default 16),
# k = 0.125 eps/sigma^2, FIRE 2.0 with the LAMMPS defaults (dt 0.005 tau), tolerance FTOL
# (default 1e-4 eps/sigma) on the largest force component (LAMMPS min_modify norm inf, applied
# to the whole NEB force of every replica and to both of its stages; dwell: plain band to
# 1e-3, then perpendicular and climbing forces to FTOL).
# Force evaluations: dwell counts every energy/force call (moving images, the end points,
# the minimisations of the end points); LAMMPS the sum over replicas of its minimiser's
# "force evaluations" (all M replicas compute forces every iteration). Wall time: dwell on
# one rank; LAMMPS on M ranks, one per replica (oversubscribed when M exceeds the cores).
# Iteration caps: LAMMPS CAP per stage, dwell 2 CAP per band; a run that hits its cap is
# marked "(not converged)" and left out of the means.
# usage: bench/neb.sh [BUILD] (default build/); env NPAIR (3), M (16), FTOL (1e-4), CAP (50000).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
dwell=$build/dwell
pair=$build/tests/neb_pair
npair=${NPAIR:-3}
M=${M:-16}
ftol=${FTOL:-1e-4}
cap=${CAP:-50000}
mpiflags="--oversubscribe"
[ "$(id -u)" -eq 0 ] && mpiflags="$mpiflags --allow-run-as-root"
[ -x "$pair" ] || cmake --build "$build" --target neb_pair >/dev/null
work=$(mktemp -d /tmp/dwell-nebbench.XXXXXX)
cd "$work"
echo "bench/neb.sh: work directory $work, $npair pairs, M = $M images, ftol = $ftol, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

cat > in.neb <<IN
units lj
atom_style atomic
atom_modify map array sort 0 0.0
boundary p p p
read_data a.data
mass * 1.0
pair_style lj/cut 2.5
pair_modify shift yes
pair_coeff 1 1 1.0 1.0 2.5
pair_coeff 1 2 1.5 0.8 2.0
pair_coeff 2 2 0.5 0.88 2.2
neighbor 0.3 bin
neigh_modify every 1 delay 0 check yes
thermo_modify norm no
fix 1 all neb 0.125
min_style fire
min_modify norm inf
neb 0.0 $ftol $cap $cap 10 final b.final
IN

printf '%-5s %-13s %8s %10s %9s %14s\n' pair code iters fevals wall_s V_a_from_a
for s in $(seq 1 "$npair"); do
  mkdir -p "p$s" && cd "p$s"
  "$pair" -model ka -N 256 -seed "$s" -a a.data -b b.data >/dev/null
  for t in ci string; do
    "$dwell" neb -model ka -a a.data -b b.data -neb_type $t -neb_images "$M" -neb_ftol "$ftol" -neb_maxit $((2 * cap)) -neb_saddle_check 0 > "dwell_$t.yaml"
  done
  if ! grep -q '^splits: 0' dwell_ci.yaml; then
    echo "pair $s: skipped ($(grep -E '^(status|splits)' dwell_ci.yaml | tr '\n' ' '))" >&2
    cd ..
    continue
  fi
  awk 'f && NF >= 5 {print $1, $3, $4, $5} /^Atoms/ {f = 1}' b.data > b.xyz
  { wc -l < b.xyz; cat b.xyz; } > b.final
  /usr/bin/time -f %e -o lammps.time mpiexec $mpiflags -n "$M" lmp -partition "${M}x1" -in ../in.neb -log log.lammps -screen none >/dev/null 2>&1
  for t in ci string; do
    awk -v p="$s" -v t="dwell-$t" '/^status:/{c=($2 == "converged")} /^iterations:/{i=$2} /^force_evaluations:/{f=$2} /^wall_time:/{w=$2} /^  - \{id: 0,/{gsub(/[},]/,""); e0=$5} /^    E_a:/{ea=$2} /^    V_a:/{va=$2} END{printf "%-5s %-13s %8d %10d %9.3f %14.9f%s\n", p, t, i, f, w, ea + va - e0, c ? "" : " (not converged)"}' "dwell_$t.yaml"
  done
  evals=$(cat log.lammps.* | awk '/Iterations, force evaluations/{s += $NF} END{print s}')
  awk -v p="$s" -v f="$evals" -v w="$(cat lammps.time)" -v cap="$cap" '$1 ~ /^[0-9]+$/ {i=$1; e=$7} END{printf "%-5s %-13s %8d %10d %9.3f %14.9f%s\n", p, "lammps-neb", i, f, w, e, ((i >= 2 * cap) ? " (not converged)" : "")}' log.lammps
  cd ..
done | tee table.txt
awk '!/not converged/ {n[$2]++; f[$2]+=$4; w[$2]+=$5} END{
  if (!n["lammps-neb"]) exit;
  printf "\nper converged double well (mean over the converged runs):\n";
  for (c in n) printf "  %-12s %10.0f force evaluations %9.3f s\n", c, f[c]/n[c], w[c]/n[c];
  printf "ratios LAMMPS / dwell CI-NEB: %.1fx force evaluations, %.1fx wall time\n", f["lammps-neb"]/f["dwell-ci"], w["lammps-neb"]/w["dwell-ci"];
  printf "ratios LAMMPS / dwell string: %.1fx force evaluations, %.1fx wall time\n", f["lammps-neb"]/f["dwell-string"], w["lammps-neb"]/w["dwell-string"] }' table.txt
