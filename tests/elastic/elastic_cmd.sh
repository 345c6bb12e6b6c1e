#!/bin/bash
# `dwell elastic` end to end (issue 15, [JCP23] IV.C): bad input stops before any work with one
# "dwell: error:" line naming the option or value (a configuration that is not a minimum with
# its |F|_inf, -elastic_modes < 0, more modes than 3N - 3, -out not HDF5, an AQS strain step
# <= 0 or fewer than 2 AQS steps); the good IS writes
# elastic.h5, whose derived quantities numpy recomputes from the stored ones: c_t, c_l from G,
# K and rho, omega_t = 2 pi c_t / L (eq. 18), omega_D (eq. 19), A_4 = 5 n / (N omega_c^5) from
# the stored frequencies below omega_t, A_4 omega_D^5; every dataset has units.
# dwell-plot draws [JCP23] Fig. 10a (I(omega)/omega^5 with the plateau A_4/5) from the file.
# Usage: elastic_cmd.sh DWELL PYTHON DIR DWELL-PLOT
set -uo pipefail
dwell=$1 python=$2 dir=$3 plot=$4
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
set -e
"$dwell" init -model ka2 -N 300 -seed 2 -out random.h5 > /dev/null
"$dwell" minimize -model ka2 -in random.h5 -out is.h5 > /dev/null
set +e

fails=0
subcommand=elastic
source "${BASH_SOURCE[0]%/*}/../modes/expect_error.sh"

run not_a_minimum "not a minimum" "|F|_inf =" "-elastic_gtol" -- -model ka2 -in random.h5 -out out.h5
run modes_negative "-elastic_modes -1" ">= 0" -- -model ka2 -in is.h5 -elastic_modes -1 -out out.h5
run modes_too_many "-elastic_modes 898" "3N - 3 = 897" -- -model ka2 -in is.h5 -elastic_modes 898 -out out.h5
run out_not_h5 "out.xyz" "HDF5" -- -model ka2 -in is.h5 -out out.xyz
run aqs_step_zero "-elastic_aqs_dgamma 0" "positive strain steps" -- -model ka2 -in is.h5 -elastic_aqs_steps 3 -elastic_aqs_dgamma 0 -out out.h5
run aqs_one_step "-elastic_aqs_steps 1" "at least 2" -- -model ka2 -in is.h5 -elastic_aqs_steps 1 -out out.h5
run missing_model "missing required option -model" -- -in is.h5 -out out.h5

if "$dwell" elastic -model ka2 -in is.h5 -elastic_modes 40 -out elastic.h5 > stdout.txt 2> stderr.txt; then
  echo "ok   control: the IS gives elastic.h5"
else
  echo "FAIL control"; cat stderr.txt; fails=$((fails + 1))
fi
"$python" - << 'PY' || fails=$((fails + 1))
import h5py, numpy as np, re, sys
bad = 0
def check(what, ok):
    global bad
    print(("ok   " if ok else "FAIL ") + what)
    bad += not ok
with h5py.File("elastic.h5", "r") as f:
    e = f["elastic"]
    v = {k: e[k][()] for k in e}
    for k in e:
        check(f"/elastic/{k} has units", "units" in e[k].attrs)
    N = f.attrs["N"]; L = f.attrs["box"]
s = lambda k: float(np.ravel(v[k])[0])
G, K, rho = s("G"), s("K"), s("rho")
ct, cl = np.sqrt(G / rho), np.sqrt((K + 4 * G / 3) / rho)
wt = 2 * np.pi * ct / L
wD = (18 * np.pi**2 * rho / (2 / ct**3 + 1 / cl**3)) ** (1 / 3)
n = int(np.sum((v["omega"] > 0) & (v["omega"] < wt)))
A4 = 5 * n / (N * wt**5)
rel = lambda a, b: abs(a - b) / abs(b)
check(f"c_t, c_l (rel {rel(s('c_t'), ct):.1e}, {rel(s('c_l'), cl):.1e})", rel(s("c_t"), ct) < 1e-12 and rel(s("c_l"), cl) < 1e-12)
check(f"omega_t = 2 pi c_t / L, JCP23 eq. 18 (rel {rel(s('omega_t'), wt):.1e})", rel(s("omega_t"), wt) < 1e-12)
check(f"omega_D, JCP23 eq. 19 (rel {rel(s('omega_D'), wD):.1e})", rel(s("omega_D"), wD) < 1e-12)
check(f"A_4 = 5 n / (N omega_t^5), n = {n} (rel {rel(s('A4'), A4):.1e})", n > 0 and rel(s("A4"), A4) < 1e-12)
check("A_4 omega_D^5", rel(s("A4_omegaD5"), A4 * wD**5) < 1e-12)
check("G = G_born - G_na, K = K_born - K_na", rel(s("G_born") - s("G_na"), G) < 1e-12 and rel(s("K_born") - s("K_na"), K) < 1e-12)
C = v["C"]
check("C symmetric", np.max(np.abs(C - C.T)) < 1e-10 * np.max(np.abs(C)))
out = open("stdout.txt").read()
m = re.search(r"^  G: (\S+)", out, re.M)
check("stdout G equals the file's", m is not None and rel(float(m.group(1)), G) < 1e-9)
sys.exit(bad)
PY
if "$python" "$plot" elastic.h5 -o plots > plot.log 2>&1 && [ -s plots/elastic_I_over_omega5.png ]; then
  echo "ok   dwell-plot: elastic_I_over_omega5.png"
else
  echo "FAIL dwell-plot"; cat plot.log; fails=$((fails + 1))
fi
echo "$fails failed"
[ $fails -eq 0 ]
