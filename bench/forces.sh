#!/usr/bin/env bash
# Force evaluations per second, dwell vs LAMMPS (/usr/bin/lmp), serial, on the same
# configuration with the same cutoffs and the same Verlet skin (0.3 sigma, rebuild on a
# displacement > skin/2: LAMMPS neigh_modify every 1 delay 0 check yes), and the peak
# memory of dwell for pss N = 1500.
#
# Systems: ka (N = 1000, rho = 1.2) and the ternary ka2 preset (N = 1200, rho = 1.35).
# Each configuration is a liquid at T = 0.4 made by LAMMPS from the random `dwell init`
# configuration (minimise, then 2000 NVT steps, dt = 0.005) and written back as a data
# file that both codes read.
#
# Pair styles. ka: lj/cut 2.5 + pair_modify shift yes, exactly dwell's model. ka2: LAMMPS
# 29Sep2021 has no smoothed ternary LJ. The liquid is made with pair_style table (the
# exact ka2 potential, tabulated), and the timing reference is lj/cut with the SAME
# cutoffs 2.5 s_ab and parameters: the same neighbour lists and number of pairs in range,
# and LAMMPS's fastest analytic LJ kernel, which lacks only the smoothing polynomial
# (3 flops more per pair in dwell), so the ratio is a conservative measure of dwell. A
# tabulated kernel's cost depends on the table's length and interpolation, not on the
# model, so `table linear` (5000 points) is timed too, for information.
#
# Timing, in CPU seconds (the machine may be shared). LAMMPS: the "Pair" (and "Neigh") lines
# of its timing breakdown for an NVE run of STEPS steps (default 5000) from the liquid, times
# the run's "% CPU use"; LAMMPS starts its timers after the setup force evaluation, so these
# cover exactly STEPS evaluations. dwell: bench/bench_forces makes STEPS + 1 calls of
# DWPotentialComputeEnergyForces() and times (thread CPU time) the pair part and
# the neighbour-list part (displacement check + rebuilds) separately, with the particles
# moving between calls: mode md (velocity Verlet from Maxwell velocities at T = 0.4, the
# same motion as LAMMPS) and mode random (random rattling, no forces; see bench_forces.c).
# Neither code computes the energy except on output steps (dwell: forces only).
#
# usage: bench/forces.sh [BUILD]     (BUILD: a configured build directory, default build/;
#   the `bench` target is built if needed). Environment: DWELL_CMD, DWELL_BENCH_FORCES
#   (the binaries), DWELL_LMP, BENCH_STEPS, BENCH_DIR (work directory, default a new
#   temporary one, kept).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
dwell=${DWELL_CMD:-$build/dwell}
bench=${DWELL_BENCH_FORCES:-$build/bench/bench_forces}
lmp=${DWELL_LMP:-/usr/bin/lmp}
py=/usr/bin/python3
helper=$root/bench/forces_helper.py
steps=${BENCH_STEPS:-5000}
work=${BENCH_DIR:-$(mktemp -d /tmp/dwell-bench.XXXXXX)}
ncores=$(nproc)
export OMP_NUM_THREADS=1

if [ ! -x "$bench" ]; then
  cmake --build "$build" --target bench
fi
for exe in "$dwell" "$bench" "$lmp" /usr/bin/time; do
  [ -x "$exe" ] || { echo "$0: $exe not found" >&2; exit 1; }
done
mkdir -p "$work"
cd "$work"
echo "bench/forces.sh: work directory $work, $steps steps, $ncores cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

lammps() { # INPUT LOG
  "$lmp" -in "$1" -log "$2" -screen none -nocite || {
    echo "$0: LAMMPS failed, end of $2:" >&2
    tail -n 5 "$2" >&2
    exit 1
  }
}

# pair settings of each system: the model (for making the liquid) and the timed styles
ka_pair="pair_style lj/cut 2.5
pair_modify shift yes
pair_coeff 1 1 1.0 1.0 2.5
pair_coeff 1 2 1.5 0.8 2.0
pair_coeff 2 2 0.5 0.88 2.2"
ka2_ljcut="pair_style lj/cut 2.5
pair_modify shift yes
pair_coeff 1 1 1.0 1.0 2.5
pair_coeff 1 2 1.5 0.8 2.0
pair_coeff 1 3 1.25 0.9 2.25
pair_coeff 2 2 0.5 0.88 2.2
pair_coeff 2 3 1.0 0.84 2.1
pair_coeff 3 3 0.75 0.94 2.35"
ka2_table() { # STYLE
  printf 'pair_style table %s 5000\n' "$1"
  for ab in 11 12 13 22 23 33; do printf 'pair_coeff %s %s ka2.table KA2_%s\n' "${ab:0:1}" "${ab:1:1}" "$ab"; done
}
"$py" "$helper" table ka2.table 5000

run_system() { # NAME MODEL N SEED MODEL_PAIR; then pairs of CODE PAIR for the timing
  local name=$1 model=$2 n=$3 seed=$4 model_pair=$5
  shift 5
  "$dwell" init -model "$model" -N "$n" -seed "$seed" -out "$name.random.data" >/dev/null
  cat >"$name.liquid.in" <<EOF
# $name: a liquid at T = 0.4 from the random configuration
units lj
atom_style atomic
boundary p p p
read_data $name.random.data
mass * 1.0
$model_pair
neighbor 0.3 bin
neigh_modify every 1 delay 0 check yes
thermo 500
minimize 1e-8 1e-8 10000 100000
reset_timestep 0
velocity all create 0.4 $seed dist gaussian mom yes
fix nvt all nvt temp 0.4 0.4 0.5
timestep 0.005
run 2000
write_data $name.liquid.data nocoeff
EOF
  lammps "$name.liquid.in" "$name.liquid.log"
  while [ $# -gt 0 ]; do
    local code=$1 pair=$2
    shift 2
    cat >"$name.$code.in" <<EOF
# $name: timing of $code
units lj
atom_style atomic
boundary p p p
read_data $name.liquid.data
mass * 1.0
$pair
neighbor 0.3 bin
neigh_modify every 1 delay 0 check yes
fix nve all nve
timestep 0.005
thermo 1000
run $steps
EOF
    lammps "$name.$code.in" "$name.$code.log"
    "$py" "$helper" lammps "$name.$code.log" >"$name.$code.timing.yaml"
  done
  for mode in md random; do
    "$bench" -in "$name.liquid.data" -model "$model" -steps "$steps" -mode "$mode" \
      -T 0.4 -dt 0.005 -nl_skin 0.3 >"$name.dwell-$mode.timing.yaml"
  done
}

run_system ka ka 1000 1 "$ka_pair" lammps-lj-cut "$ka_pair"
run_system ka2 ka2 1200 2 "$(ka2_table spline)" lammps-lj-cut "$ka2_ljcut" \
  lammps-table-linear-5000 "$(ka2_table linear)"

echo
"$py" "$helper" report .
for f in ka ka2; do
  grep -H -E "^energy_per_particle_(start|end)|^temperature_end" "$f.dwell-md.timing.yaml" | sed "s|^|  md check: |"
done

# peak memory of dwell for pss N = 1500 (the papers' size)
"$dwell" init -model pss -N 1500 -seed 1 -out pss.data >/dev/null
/usr/bin/time -v "$dwell" eval -model pss -in pss.data 2>pss.eval.time >/dev/null
/usr/bin/time -v "$dwell" eval -help 2>help.time >/dev/null # the runtime alone: PETSc, MPI, HDF5
/usr/bin/time -v "$bench" -in pss.data -model pss -steps 1000 -mode random \
  >pss.bench.yaml 2>pss.bench.time
echo
echo "peak memory (max RSS), pss N = 1500:"
echo "  dwell eval -help (no system):        $(awk -F': ' '/Maximum resident/ {print $2}' help.time) KiB"
echo "  dwell eval:                          $(awk -F': ' '/Maximum resident/ {print $2}' pss.eval.time) KiB"
echo "  bench_forces (1001 evaluations):     $(awk -F': ' '/Maximum resident/ {print $2}' pss.bench.time) KiB" \
  "(getrusage: $(awk '/^max_rss_kib/ {print $2}' pss.bench.yaml) KiB; pss $(awk '/^evals_per_second_pair/ {print $2}' pss.bench.yaml) pair evals/s)"
