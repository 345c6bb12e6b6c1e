#!/bin/bash
# `dwell pull` on 2 ranks against 1 rank ([PRR20] sec. II.C; include/dwell/pull.h): the modes
# come from a distributed Hessian (eigenvectors equal to rounding, ~1e-12), the pulls are
# replicated; the same trials must give the same decisions: identical outcome and number of
# minimisations per mode, A_c, Ac_lo, eq. A3 and T_c equal to 1e-9 relative, and the final
# IS equal to 1e-8 sigma.
# Usage: pull_ranks.sh DWELL PYTHON DIR MPIEXEC [MPIEXEC_FLAGS...]
set -uo pipefail
dwell=$1 python=$2 dir=$3 mpiexec=$4
shift 4
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
set -e
"$dwell" init -model lj -N 200 -seed 2 -out random.h5 > /dev/null
"$dwell" minimize -model lj -in random.h5 -out is.h5 > /dev/null
"$dwell" pull -model lj -in is.h5 -pull_modes 0-2 -out pull1.h5 > /dev/null
"$mpiexec" "$@" -n 2 "$dwell" pull -model lj -in is.h5 -pull_modes 0-2 -out pull2.h5 > /dev/null
set +e
"$python" - << 'PY'
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
err = np.abs(a["x1"][()] - b["x1"][()]).max() if a["x1"].size else 0
check("final IS equal to 1e-8 sigma: %.1e" % err, a["x1"].shape == b["x1"].shape and err <= 1e-8)
sys.exit(bad)
PY
