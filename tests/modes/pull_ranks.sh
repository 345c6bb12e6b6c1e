#!/bin/bash
# `dwell pull` on 2 ranks against 1 rank ([PRR20] sec. II.C; include/dwell/pull.h): the modes
# come from a distributed Hessian (eigenvectors equal to rounding, ~1e-12), the pulls are
# replicated; the same trials must give the same decisions: identical outcome and number of
# minimisations per mode, A_c, Ac_lo, eq. A3 and T_c equal to 1e-9 relative, and the final
# IS equal to 1e-8 sigma. The 1-rank run records -pull_curve 2 (A = A_c, 2 A_c: the transition
# seen at A_c again, [PRR20] Fig. 2) and dwell-plot draws pull_curves.png ([PRR20] Fig. 2) and
# pull_vs_omega.png (Figs. 3, 5, 6, 10) and pull_dphi_vs_dr.png (Fig. 8) from it.
# Usage: pull_ranks.sh DWELL PYTHON DIR DWELL_PLOT MPIEXEC [MPIEXEC_FLAGS...]
set -uo pipefail
dwell=$1 python=$2 dir=$3 plot=$4 mpiexec=$5
shift 5
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
set -e
"$dwell" init -model lj -N 200 -seed 2 -out random.h5 > /dev/null
"$dwell" minimize -model lj -in random.h5 -out is.h5 > /dev/null
"$dwell" pull -model lj -in is.h5 -pull_modes 0-2 -pull_curve 2 -out pull1.h5 > /dev/null
"$mpiexec" "$@" -n 2 "$dwell" pull -model lj -in is.h5 -pull_modes 0-2 -out pull2.h5 > /dev/null
set +e
fails=0
"$python" "$plot" pull1.h5 -o plots > plots.txt
for png in pull_curves pull_vs_omega pull_dphi_vs_dr; do
  if [ -s "plots/$png.png" ] && grep -q "plots/$png.png" plots.txt; then echo "ok   dwell-plot wrote $png.png"
  else echo "FAIL dwell-plot did not write $png.png"; fails=$((fails + 1)); fi
done
"$python" - << 'PY' || fails=$((fails + 1))
import h5py, numpy as np, sys
a, b = h5py.File("pull1.h5", "r")["pull"], h5py.File("pull2.h5", "r")["pull"]
bad = 0
def check(what, ok):
    global bad
    print(("ok   " if ok else "FAIL ") + what)
    bad += not ok
check("reason %s and minimisations %s identical" % (a["reason"][()], a["nmin"][()]),
      (a["reason"][()] == b["reason"][()]).all() and (a["nmin"][()] == b["nmin"][()]).all())
for k in ("Ac", "Ac_lo", "Ac_cubic", "T_c"):
    x, y = a[k][()], b[k][()]
    err = np.nanmax(np.abs(x - y) / np.abs(x)) if np.isfinite(x).any() else 0
    check("%s equal to 1e-9 relative: %.1e" % (k, err), err <= 1e-9 and (np.isnan(x) == np.isnan(y)).all())
tr = a["reason"][()] == 1
check("curve: A = A_c, 2 A_c; |dr| at A_c = |dr| of the transition",
      np.allclose(a["curve_A"][()][tr], a["Ac"][()][tr, None] * [1, 2]) and
      np.allclose(a["curve_dr"][()][tr, 0], a["dr"][()][tr], rtol=1e-8))
err = np.abs(a["x1"][()] - b["x1"][()]).max() if a["x1"].size else 0
check("final IS equal to 1e-8 sigma: %.1e" % err, a["x1"].shape == b["x1"].shape and err <= 1e-8)
sys.exit(bad)
PY
exit $fails
