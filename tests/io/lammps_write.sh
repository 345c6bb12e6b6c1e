#!/bin/bash
# Fixture of test_io_lammps.c: files written by LAMMPS itself (Debian lammps).
#   native.data        lammps_native.in: 6 atoms at known positions, box [-2, 8)^3, two
#                      types, nonzero image flags, a Pair Coeffs section.
#   ka_out.data        dwell init -model ka, then every 5th/7th/11th atom moved 2.7 L /
#                      -3.3 L / 11.9 L out of the box (unwrapped positions, as dwell keeps them).
#   ka_lmp.data        LAMMPS read_data ka_out.data (it wraps them, with image flags) + write_data.
#   pss_out.data, pss_lmp.data  the same for pss, written by dwell as atom_style sphere.
# Usage: lammps_write.sh LMP DWELL DIR
set -euo pipefail
lmp=$1 dwell=$2 dir=$3
src=$(cd "$(dirname "$0")" && pwd)
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"

"$lmp" -in "$src/lammps_native.in" -log none -screen none

# Moves atoms out of the box in a dwell data file: columns x y z are the last three.
unwrap() {
  awk '/xlo xhi/ { L = $2 - $1 }
       /^Atoms/ { atoms = 1; print; next }
       atoms && (NF == 5 || NF == 7) {
         if ($1 % 5 == 0) $(NF - 2) = sprintf("%.17g", $(NF - 2) + 2.7 * L)
         if ($1 % 7 == 0) $(NF - 1) = sprintf("%.17g", $(NF - 1) - 3.3 * L)
         if ($1 % 11 == 0) $NF = sprintf("%.17g", $NF + 11.9 * L)
       }
       { print }' "$1" > "$2"
}
for style in "ka atomic" "pss sphere"; do
  set -- $style
  "$dwell" init -model "$1" -N 400 -seed 3 -out "$1.data" > /dev/null
  unwrap "$1.data" "$1_out.data"
  printf 'units lj\natom_style %s\nread_data %s_out.data\nwrite_data %s_lmp.data\n' "$2" "$1" "$1" > "in.$1"
  "$lmp" -in "in.$1" -log none -screen none
done
echo "LAMMPS wrote native.data, ka_lmp.data and pss_lmp.data in $dir"
