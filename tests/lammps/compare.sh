#!/usr/bin/env bash
# Cross-check of dwell against LAMMPS on one random configuration: `dwell init` makes it
# (LAMMPS data file), `dwell eval` and LAMMPS (`run 0`, units lj, atom_style atomic) each
# compute the total energy, the virial pressure W/V and every per-atom force, and
# compare.py compares them (and exits non-zero beyond the tolerance).
#
# usage: compare.sh DWELL MODEL N SEED        (run in a scratch directory)
#   MODEL: ka   pair_style lj/cut 2.5 + pair_modify shift yes, explicit pair_coeff per pair
#          lj   pair_style lj/smooth/linear 2.5
#          harmonic  pair_style table spline (LAMMPS 29Sep2021 has no harmonic/cut): the
#               table is written by compare.py, see its header for the tolerance.
# environment: DWELL_LMP (default /usr/bin/lmp), DWELL_PYTHON (default /usr/bin/python3),
#   DWELL_EVAL_OPTS (extra options for `dwell eval`, e.g. a perturbed -ka_eps, to check
#   that the comparison fails).
set -euo pipefail

if [ $# -ne 4 ]; then
  echo "usage: $0 DWELL MODEL N SEED" >&2
  exit 2
fi
dwell=$1 model=$2 N=$3 seed=$4
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lmp=${DWELL_LMP:-/usr/bin/lmp}
py=${DWELL_PYTHON:-/usr/bin/python3}
tag=${model}_N${N}_s${seed}

# harmonic table: inner radius (random configurations have no pair closer than 0.7 sigma,
# compare.py checks the actual minimum) and number of points, uniform in r^2
table_rlo=0.6
table_n=2001

case $model in
ka)
  pair="pair_style lj/cut 2.5
pair_modify shift yes
pair_coeff 1 1 1.0 1.0 2.5
pair_coeff 1 2 1.5 0.8 2.0
pair_coeff 2 2 0.5 0.88 2.2"
  ;;
lj)
  pair="pair_style lj/smooth/linear 2.5
pair_coeff 1 1 1.0 1.0 2.5"
  ;;
harmonic)
  "$py" "$here/compare.py" table "$tag.table" "$table_rlo" "$table_n"
  pair="pair_style table spline $table_n
pair_coeff 1 1 $tag.table HARMONIC"
  ;;
*)
  echo "$0: no LAMMPS pair style for model '$model' (ka, lj, harmonic)" >&2
  exit 2
  ;;
esac

rm -f "$tag".{data,dump,log} "$tag".dwell.{yaml,forces}
"$dwell" init -model "$model" -N "$N" -seed "$seed" -out "$tag.data" >"$tag.init.yaml"
# shellcheck disable=SC2086
"$dwell" eval -model "$model" -in "$tag.data" -forces_out "$tag.dwell.forces" \
  ${DWELL_EVAL_OPTS:-} >"$tag.dwell.yaml"

cat >"$tag.in" <<EOF
# dwell cross-check: $model, N = $N, seed $seed
units           lj
atom_style      atomic
boundary        p p p
read_data       $tag.data
mass            * 1.0
$pair
neighbor        0.3 bin
neigh_modify    every 1 delay 0 check yes
compute         pv all pressure NULL virial
thermo_style    custom step pe c_pv
thermo_modify   norm no format float %.17g
dump            d all custom 1 $tag.dump id fx fy fz
dump_modify     d sort id format float %.17g
run             0
EOF
"$lmp" -in "$tag.in" -log "$tag.log" -screen none -nocite || {
  echo "$0: LAMMPS failed, end of $tag.log:" >&2
  tail -n 5 "$tag.log" >&2
  exit 1
}

args=(check "$tag" "$model" "$N")
[ "$model" = harmonic ] && args+=("$table_rlo" "$table_n")
"$py" "$here/compare.py" "${args[@]}"
