#!/usr/bin/env bash
# Cross-check of dwell's triclinic box against LAMMPS (issue 15): lammps_triclinic writes a
# random ka configuration in a box tilted by (xy, xz, yz) = t L (LAMMPS data file with the
# "xy xz yz" line) with dwell's energy, pressure tensor (W_ab / V) and forces; LAMMPS reads the
# same file (it remaps the unwrapped positions into its cell) and computes them with run 0
# (pair_style lj/cut 2.5, shift yes: exactly dwell's ka). Both add the same pair terms in
# different orders and with image vectors that differ by rounding (~1e-16 L), so they agree to
# 1e-12 relative: energy |dU| / |U|, forces max |df| / max |f|, pressure tensor
# max_ab |dP_ab| / max_ab |P_ab|.
#
# usage: triclinic.sh PROGRAM N SEED TXY TXZ TYZ      (run in a scratch directory)
# environment: DWELL_LMP (default /usr/bin/lmp), DWELL_PYTHON (default /usr/bin/python3)
set -euo pipefail

if [ $# -ne 6 ]; then
  echo "usage: $0 PROGRAM N SEED TXY TXZ TYZ" >&2
  exit 2
fi
prog=$1 N=$2 seed=$3
lmp=${DWELL_LMP:-/usr/bin/lmp}
py=${DWELL_PYTHON:-/usr/bin/python3}
tag=tri_N${N}_s${seed}_$4_$5_$6

rm -f "$tag".{data,dwell,dump,log}
"$prog" -out "$tag" -N "$N" -seed "$seed" -tilt "$4,$5,$6"
cat >"$tag.in" <<EOI
units           lj
atom_style      atomic
boundary        p p p
read_data       $tag.data
mass            * 1.0
pair_style      lj/cut 2.5
pair_modify     shift yes
pair_coeff      1 1 1.0 1.0 2.5
pair_coeff      1 2 1.5 0.8 2.0
pair_coeff      2 2 0.5 0.88 2.2
neighbor        0.3 bin
compute         pv all pressure NULL virial
thermo_style    custom step pe c_pv[1] c_pv[2] c_pv[3] c_pv[4] c_pv[5] c_pv[6]
thermo_modify   norm no format float %.17g
dump            d all custom 1 $tag.dump id fx fy fz
dump_modify     d sort id format float %.17g
run             0
EOI
"$lmp" -in "$tag.in" -log "$tag.log" -screen none -nocite || {
  echo "$0: LAMMPS failed, end of $tag.log:" >&2
  tail -n 5 "$tag.log" >&2
  exit 1
}

"$py" - "$tag" <<'EOP'
import sys
import numpy as np

tag = sys.argv[1]
rows = open(tag + ".dwell").read().split("\n")
U = float(rows[0])
P = np.array(rows[1].split(), dtype=float)
f = np.loadtxt(tag + ".dwell", skiprows=2)
log = open(tag + ".log").read().split("\n")
k = next(i for i, l in enumerate(log) if l.split()[:2] == ["Step", "PotEng"])
vals = np.array(log[k + 1].split()[1:], dtype=float)
Ul, Pl = vals[0], vals[1:7]
d = np.loadtxt(tag + ".dump", skiprows=9)
fl = d[np.argsort(d[:, 0]), 1:4]
errs = {
    "energy": abs(U - Ul) / abs(Ul),
    "pressure tensor": np.max(np.abs(P - Pl)) / np.max(np.abs(Pl)),
    "forces": np.max(np.abs(f - fl)) / np.max(np.abs(fl)),
}
bad = 0
for name, e in errs.items():
    ok = e <= 1e-12
    bad += not ok
    print("%s %-16s %.3e (tolerance 1e-12)" % ("ok  " if ok else "FAIL", name, e))
print("U = %.12g (dwell) %.12g (LAMMPS); P_xy = %.6g %.6g" % (U, Ul, P[3], Pl[3]))
sys.exit(1 if bad else 0)
EOP
