#!/usr/bin/env bash
# MD throughput, dwell vs LAMMPS (/usr/bin/lmp), serial, in atom-steps per second (N x steps
# / wall time of the steps), on the ternary LJ of [JCP23] (preset ka2, N = 1200, rho = 1.35)
# at T = 0.4, measured in one run of this script on the same configuration with the same
# cutoffs (2.5 s_ab), skin (0.3 sigma, rebuild on a displacement > skin/2 checked every step:
# LAMMPS neigh_modify every 1 delay 0 check yes) and time step (0.005 tau).
#
# Configuration: a ka2 glass made by `dwell glass` (hybrid swap MC/MD at T_f = 0.617 for
# BENCH_GLASS_BLOCKS blocks, instantaneous quench to T_exp = 0.4): the state the exploration
# runs in. bench_md exports it as a LAMMPS data file; both codes draw Maxwell-Boltzmann
# velocities at T = 0.4 and run STEPS steps (default 10000) after a short untimed start.
# The runs of the two codes alternate, REPEAT times (default 3); each row reports the best
# and the median of its repetitions (the ratios of the medians are the ones to quote on a
# noisy machine). Throughput is given per wall-clock second and per CPU second of the
# process (dwell: clock_gettime(CLOCK_PROCESS_CPUTIME_ID) around the steps; LAMMPS: its loop
# time times its "% CPU use"): on a shared, loaded machine the second is the one to compare.
#
# Pair styles. LAMMPS 29Sep2021 has no smoothed ternary LJ (the polynomial C0 + C2 x^2 +
# C4 x^4 that makes phi, phi' and phi'' vanish at 2.5 s_ab). The reference is lj/cut with the
# same parameters and the same per-pair cutoffs 2.5 s_ab (pair_modify shift yes): the same
# neighbour lists and pairs in range, LAMMPS's fastest analytic LJ kernel, lacking only the
# smoothing polynomial (a few flops per pair more in dwell), hence a conservative proxy for
# the cost of the same model. The exact model through pair_style table (linear, 5000 points,
# the table written by bench/forces_helper.py) is timed too, for information: a table's
# cost depends on its interpolation, not on the model.
# Runs: NVE (fix nve vs -md_thermostat none) and Nose-Hoover (fix nvt vs nosehoover, the
# thermostat of the glass equilibration). dwell computes no energy in the steps; LAMMPS
# only on thermo steps (every STEPS).
#
# usage: bench/md.sh [BUILD]   (BUILD: a configured build directory, default build/; the
#   bench_md target is built if needed). Environment: DWELL_CMD, DWELL_BENCH_MD (the
#   binaries), DWELL_LMP, BENCH_STEPS, BENCH_REPEAT, BENCH_GLASS_BLOCKS (default 400),
#   BENCH_DIR (work directory, default a new temporary one, kept).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
dwell=${DWELL_CMD:-$build/dwell}
bench=${DWELL_BENCH_MD:-$build/bench/bench_md}
lmp=${DWELL_LMP:-/usr/bin/lmp}
py=/usr/bin/python3
helper=$root/bench/forces_helper.py
steps=${BENCH_STEPS:-10000}
repeat=${BENCH_REPEAT:-3}
blocks=${BENCH_GLASS_BLOCKS:-400}
work=${BENCH_DIR:-$(mktemp -d /tmp/dwell-md-bench.XXXXXX)}
export OMP_NUM_THREADS=1

if [ ! -x "$bench" ]; then
  cmake --build "$build" --target bench_md
fi
for exe in "$dwell" "$bench" "$lmp"; do
  [ -x "$exe" ] || { echo "$0: $exe not found" >&2; exit 1; }
done
mkdir -p "$work"
cd "$work"
echo "bench/md.sh: work directory $work, ka2 N = 1200, T = 0.4, $steps steps, $(nproc --all) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

"$dwell" glass -model ka2 -N 1200 -T_f 0.617 -T_exp 0.4 -seed 1 -glass_blocks "$blocks" \
  -glass_progress_interval 0 -glass_checkpoint_interval 0 -out glass.h5 >glass.yaml 2>glass.err
"$py" "$helper" table ka2.table 5000

ljcut="pair_style lj/cut 2.5
pair_modify shift yes
pair_coeff 1 1 1.0 1.0 2.5
pair_coeff 1 2 1.5 0.8 2.0
pair_coeff 1 3 1.25 0.9 2.25
pair_coeff 2 2 0.5 0.88 2.2
pair_coeff 2 3 1.0 0.84 2.1
pair_coeff 3 3 0.75 0.94 2.35"
table="pair_style table linear 5000
$(for ab in 11 12 13 22 23 33; do printf 'pair_coeff %s %s ka2.table KA2_%s\n' "${ab:0:1}" "${ab:1:1}" "$ab"; done)"

dwell_run() { # NAME THERMOSTAT -> "wall cpu" atom-steps per second
  "$bench" -in glass.h5 -model ka2 -steps "$steps" -T 0.4 -md_dt 0.005 -nl_skin 0.3 \
    -md_thermostat "$2" -write_data glass.data >"$1.yaml"
  awk '/^atom_steps_per_second:/ {w = $2} /^atom_steps_per_cpu_second/ {c = $2} END {print w, c}' "$1.yaml"
}

lammps_run() { # NAME PAIR FIX -> "wall cpu" atom-steps per second
  cat >"$1.in" <<EOF
units lj
atom_style atomic
boundary p p p
read_data glass.data
mass * 1.0
$2
neighbor 0.3 bin
neigh_modify every 1 delay 0 check yes
velocity all create 0.4 1 dist gaussian mom yes
$3
timestep 0.005
thermo $steps
run 100
run $steps
EOF
  "$lmp" -in "$1.in" -log "$1.log" -screen none -nocite || {
    echo "$0: LAMMPS failed, end of $1.log:" >&2
    tail -n 5 "$1.log" >&2
    exit 1
  }
  # wall: N steps / loop time; CPU: the loop time times LAMMPS's "% CPU use"
  awk '/^Loop time of/ {t = $4; n = $9; a = $12} /% CPU use/ {c = $1 + 0}
       END {printf "%.6e %.6e\n", n * a / t, n * a / (t * c / 100)}' "$1.log"
}

best() { # COLUMN then "wall cpu" pairs: the largest value of that column
  local col=$1
  shift
  printf '%s\n' "$@" | awk -v c="$col" '{print $c}' | sort -g | tail -n 1
}

runs=(dwell-nve lammps-ljcut-nve lammps-table-nve dwell-nvt lammps-ljcut-nvt)
declare -A res
for r in $(seq "$repeat"); do
  res[dwell-nve]+="$(dwell_run dwell-nve none);"
  res[lammps-ljcut-nve]+="$(lammps_run lammps-ljcut-nve "$ljcut" "fix 1 all nve");"
  res[lammps-table-nve]+="$(lammps_run lammps-table-nve "$table" "fix 1 all nve");"
  res[dwell-nvt]+="$(dwell_run dwell-nvt nosehoover);"
  res[lammps-ljcut-nvt]+="$(lammps_run lammps-ljcut-nvt "$ljcut" "fix 1 all nvt temp 0.4 0.4 0.1");"
  echo "repetition $r done, load $(cut -d' ' -f1 /proc/loadavg)"
done

median() { # COLUMN then "wall cpu" pairs: the median of that column
  local col=$1
  shift
  printf '%s\n' "$@" | awk -v c="$col" '{print $c}' | sort -g |
    awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'
}

declare -A wall cpu cpumed
for k in "${runs[@]}"; do
  IFS=';' read -r -a pairs <<<"${res[$k]}"
  wall[$k]=$(best 1 "${pairs[@]}")
  cpu[$k]=$(best 2 "${pairs[@]}")
  cpumed[$k]=$(median 2 "${pairs[@]}")
done
ratio() { "$py" -c "print('%.2f' % ($1 / $2))"; }

echo
echo "ka2 N = 1200, T = 0.4, $steps steps; atom-steps per second, best (and median) of $repeat repetitions"
echo "(wall: per wall-clock second; cpu: per CPU second of the process, the idle-machine rate)"
printf '%-44s %12s %12s %12s %10s %10s %10s\n' "run" "wall" "cpu" "cpu" "dwell/x" "dwell/x" "dwell/x"
printf '%-44s %12s %12s %12s %10s %10s %10s\n' "" "(best)" "(best)" "(median)" "(wall)" "(cpu)" "(cpu med.)"
row() { # LABEL KEY REFERENCE
  printf '%-44s %12.4e %12.4e %12.4e %10s %10s %10s\n' "$1" "${wall[$2]}" "${cpu[$2]}" "${cpumed[$2]}" \
    "$(ratio "${wall[$3]}" "${wall[$2]}")" "$(ratio "${cpu[$3]}" "${cpu[$2]}")" \
    "$(ratio "${cpumed[$3]}" "${cpumed[$2]}")"
}
row "dwell NVE" dwell-nve dwell-nve
row "LAMMPS lj/cut NVE (proxy, same cutoffs)" lammps-ljcut-nve dwell-nve
row "LAMMPS table linear 5000 NVE (exact model)" lammps-table-nve dwell-nve
row "dwell Nose-Hoover" dwell-nvt dwell-nvt
row "LAMMPS lj/cut fix nvt" lammps-ljcut-nvt dwell-nvt
echo "dwell NVE check: $(grep -E '^(temperature_end|conserved_per_particle_(start|end))' dwell-nve.yaml | tr '\n' ' ')"
echo "neighbour builds: dwell $(awk '/^neighbor_builds/ {print $2}' dwell-nve.yaml), LAMMPS lj/cut $(awk '/^Neighbor list builds/ {n = $5} END {print n}' lammps-ljcut-nve.log) (NVE, $steps steps)"
