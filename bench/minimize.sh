#!/usr/bin/env bash
# Minimisation cost per inherent structure: dwell FIRE 2.0, dwell L-BFGS and LAMMPS FIRE
# (min_style fire, min_modify norm inf) on the same configurations, measured in one run.
# Starts: ka (N = 1000, rho = 1.2, LAMMPS lj/cut shift yes, i.e. dwell's model exactly)
# configurations from an NVT run at T = 0.4 made by LAMMPS (snapshots 1 tau apart), each
# minimised to |F|_inf <= 1e-10 eps/sigma. Reported: force evaluations and wall time per IS,
# the final U/N, and the ratios LAMMPS FIRE / dwell.
# usage: bench/minimize.sh [BUILD] (default build/); env NSNAP (default 4).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
dwell=$build/dwell
nsnap=${NSNAP:-4}
work=$(mktemp -d /tmp/dwell-minbench.XXXXXX)
cd "$work"
echo "bench/minimize.sh: work directory $work, $nsnap configurations, load $(cut -d' ' -f1-3 /proc/loadavg)"

"$dwell" init -model ka -N 1000 -seed 11 -out start.data >/dev/null
pair='pair_style lj/cut 2.5
pair_modify shift yes'
coeff='pair_coeff 1 1 1.0 1.0 2.5
pair_coeff 1 2 1.5 0.8 2.0
pair_coeff 2 2 0.5 0.88 2.2'
cat > make.in <<IN
units lj
atom_style atomic
boundary p p p
$pair
read_data start.data
mass * 1.0
$coeff
neighbor 0.3 bin
neigh_modify every 1 delay 0 check yes
minimize 0 1e-4 1000 10000
velocity all create 0.4 7 loop geom
fix 1 all nvt temp 0.4 0.4 0.5
run 2000
IN
for s in $(seq 1 "$nsnap"); do printf 'run 200\nwrite_data snap%d.data nocoeff\n' "$s" >> make.in; done
lmp -in make.in -log none -screen none

printf '%-6s %-12s %8s %8s %10s %20s\n' snap code iters fevals wall_s U/N
for s in $(seq 1 "$nsnap"); do
  for type in fire lbfgs; do
    "$dwell" minimize -model ka -in "snap$s.data" -out "is_$type$s.xyz" -min_type "$type" > "dwell_$type$s.yaml"
    awk -v s="$s" -v t="dwell-$type" '/^iterations/{i=$2} /^force_evaluations/{f=$2} /^wall_time/{w=$2} /^energy_per_particle/{u=$2} END{printf "%-6s %-12s %8d %8d %10.3f %20.15f\n", s, t, i, f, w, u}' "dwell_$type$s.yaml"
  done
  cat > fire$s.in <<IN
units lj
atom_style atomic
boundary p p p
$pair
read_data snap$s.data
mass * 1.0
$coeff
neighbor 0.3 bin
neigh_modify every 1 delay 0 check yes
thermo_modify norm yes
min_style fire
min_modify norm inf
minimize 0 1e-10 1000000 1000000
print "UN \$(pe:%.15f)"
IN
  lmp -in "fire$s.in" -log none > "lmp$s.out"
  awk -v s="$s" '/Iterations, force evaluations/{i=$5; f=$6} /^Loop time of/{w=$4} /^UN /{u=$2} END{printf "%-6s %-12s %8d %8d %10.3f %20.15f\n", s, "lammps-fire", i, f, w, u}' "lmp$s.out"
done | tee table.txt
awk '$2=="dwell-fire"{ff+=$4; fw+=$5} $2=="dwell-lbfgs"{lf+=$4; lw+=$5} $2=="lammps-fire"{mf+=$4; mw+=$5} END{
  printf "\nper IS (mean over configurations):\n";
  printf "  dwell FIRE : %8.0f force evaluations, %.3f s\n", ff/NR*3, fw/NR*3;
  printf "  dwell L-BFGS: %8.0f force evaluations, %.3f s\n", lf/NR*3, lw/NR*3;
  printf "  LAMMPS FIRE : %8.0f force evaluations, %.3f s\n", mf/NR*3, mw/NR*3;
  printf "ratios LAMMPS FIRE / dwell L-BFGS: %.1fx force evaluations, %.1fx wall time\n", mf/lf, mw/lw;
  printf "ratios LAMMPS FIRE / dwell FIRE:   %.1fx force evaluations, %.1fx wall time\n", mf/ff, mw/fw }' table.txt
