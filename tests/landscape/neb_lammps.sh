#!/usr/bin/env bash
# dwell's climbing-image NEB and LAMMPS's (fix neb + neb, LAMMPS 29Sep2021: one partition per
# replica, `mpiexec -n M lmp -partition Mx1`) find the same saddle of a ka pair.
# ka is exactly LAMMPS lj/cut 2.5 with pair_modify shift yes. The pair: two neighbouring IS
# (N = 256) from a short exploration at T = 0.15 (neb_pair, tests/landscape/neb_pair.h),
# already minimised to |F|_inf <= 1e-10. Same settings on both sides: M = 8 images (end points
# included), spring k = 0.125 eps/sigma^2 (LAMMPS default "parallel neigh", the same spring
# force k (|x_{i+1} - x_i| - |x_i - x_{i-1}|) along the improved tangent), FIRE 2.0 with the
# LAMMPS defaults, tolerance 1e-4 eps/sigma on the largest force component (LAMMPS
# min_modify norm inf; LAMMPS applies it to the whole NEB force of every replica, dwell to
# the perpendicular forces and the climbing force).
# Checked: the energy of a agrees to 1e-8 eps (same positions, same potential); dV agrees
# to 1e-7 eps (LAMMPS prints the barriers EBF, EBR with 8 digits); the forward and backward
# barriers (saddle energy minus the energy of a, of b) agree to 1e-5 eps. Both are climbing images, not interpolations: the residual force 1e-4 leaves an
# energy error ~ |F|^2 / |lambda_1| < 1e-7, but ka's force jumps at rc (kinks of V along the
# path) move a climbing image converged to 1e-4 by up to ~1e-6 eps (measured between 8, 16
# and 40 images and between the two codes); 1e-5 eps is 1e-4 of the barrier V_a ~ 0.1 eps.
# usage: neb_lammps.sh DWELL NEB_PAIR WORKDIR MPIEXEC [MPIEXEC_FLAGS...]
set -euo pipefail
dwell=$1
pair=$2
work=$3
mpiexec=$4
shift 4
mkdir -p "$work" && cd "$work"
rm -f log.lammps*
py=/usr/bin/python3
M=8
"$pair" -model ka -N 256 -seed 3 -a a.data -b b.data ${DWELL_PAIR_DATA:+-pair_data "$DWELL_PAIR_DATA"}
"$dwell" neb -model ka -a a.data -b b.data -neb_images $M -neb_ftol 1e-4 -out dwell.h5 > dwell.yaml
awk 'f && NF >= 5 {print $1, $3, $4, $5} /^Atoms/ {f = 1}' b.data > b.xyz
{ wc -l < b.xyz; cat b.xyz; } > b.final
cat > in.neb <<'IN'
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
run 0
print "PE_START $(pe:%.12f)"
fix 1 all neb 0.125
min_style fire
min_modify norm inf
neb 0.0 1e-4 100000 100000 10 final b.final
IN
"$mpiexec" "$@" -n $M lmp -partition ${M}x1 -in in.neb -log log.lammps -screen none > lammps.out 2>&1
$py - <<'PY'
import glob
import sys

def yaml(path):
    d = {}
    for l in open(path):
        if ":" in l and not l.startswith(" "):
            d[l.split(":")[0]] = l.split(":", 1)[1].split("#")[0].strip()
    return d

y = yaml("dwell.yaml")
lines = open("dwell.yaml").read().split("\n")
def field(name):
    return float(next(l.split(":")[1].split("#")[0] for l in lines if l.strip().startswith(name + ":")))
E_is = [float(l.split("energy:")[1].strip(" }")) for l in lines if "energy:" in l and "id:" in l]
E_a, V_a = field("E_a"), field("V_a")
E_S = E_a + V_a
last = [l.split() for l in open("log.lammps") if l.split() and l.split()[0].isdigit()][-1]
ebf, ebr = float(last[6]), float(last[7])
pe_a = float(next(l.split()[1] for l in open("log.lammps.0") if l.startswith("PE_START")))
evals = sum(int(l.split()[-1]) for f in glob.glob("log.lammps.*") for l in open(f) if "Iterations, force evaluations" in l)
ok = True
def check(what, value, tol):
    global ok
    good = abs(value) <= tol
    ok = ok and good
    print("%s %-64s %.3e (tolerance %.1e)" % ("ok  " if good else "FAIL", what, abs(value), tol))
print("     dwell: %s, %s bands, %s iterations, %s force evaluations, %s s" % (y["status"], y["bands"], y["iterations"], y["force_evaluations"], y["wall_time"]))
print("     LAMMPS: %s iterations, %d force evaluations (all replicas)" % (last[0], evals))
print("     barriers from a, from b: dwell %.9f %.9f, LAMMPS EBF %.9f EBR %.9f eps" % (E_S - E_is[0], E_S - E_is[1], ebf, ebr))
ok = ok and y["status"] == "converged" and y["splits"] == "0"
print("%s dwell converged without splits (an elementary pair)" % ("ok  " if ok else "FAIL"))
check("energy of a: dwell IS 0 - LAMMPS (eps)", E_is[0] - pe_a, 1e-8)
check("dV: dwell E(b) - E(a) - LAMMPS (EBF - EBR) (eps)", (E_is[1] - E_is[0]) - (ebf - ebr), 1e-7)
check("forward barrier: dwell E_saddle - E(a) - LAMMPS EBF (eps)", E_S - E_is[0] - ebf, 1e-5)
check("backward barrier: dwell E_saddle - E(b) - LAMMPS EBR (eps)", E_S - E_is[1] - ebr, 1e-5)
sys.exit(0 if ok else 1)
PY
