#!/bin/bash
# `dwell pull` end to end on a small lj glass ([PRR20] sec. II.C; issue 15): N = 200 quenched
# from random (lj as [PRR20] II.A.2, rho = 0.997... the model's density), the 5 lowest modes
# pulled. Checked independently of DWPull:
#   - every /pull dataset has units and a description; YAML T_c = file T_c = 2 min barrier;
#   - each transition row: A_c - Ac_lo <= rtol A_c; |dr|, N_rearr, I (eqs. 6, 9, 10) and
#     dPhi = V1 - V0 recomputed by numpy from r_0, r_1 and d to 1e-10; for the first two:
#     `dwell minimize` from r_0 + Ac_lo sqrt(N) d
#     (the same minimiser as dwell pull's, L-BFGS -min_lbfgs_precond hessian) returns to r_0
#     and from r_0 + A_c sqrt(N) d lands on the stored r_1 (largest displacement,
#     mean removed, < 1e-4 sigma, DWISSame's tolerance) that is not r_0, with the stored
#     energy V1 (1e-10 eps per particle); eq. 8 against `dwell eval` at A_c;
#   - each overlap row: no A_c, an onset A_ov <= -pull_amax where numpy's smallest pair distance
#     along the pull crosses -pull_overlap 0.7 sigma (above it at A_ov (1 - 2 rtol), not at A_ov);
#     |d| = 1 on every row.
# Bad input: a negative mode index, one beyond -modes_k, one beyond 3N - 3, -pull_rtol 0 and < 0,
# a start that is not a minimum: one-line errors naming the value, no output file.
# Usage: pull_cmd.sh DWELL PYTHON DIR
set -uo pipefail
dwell=$1 python=$2 dir=$3
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
set -e
"$dwell" init -model lj -N 200 -seed 1 -out random.h5 > /dev/null
"$dwell" minimize -model lj -in random.h5 -out is.h5 > /dev/null
"$dwell" pull -model lj -in is.h5 -pull_modes 0-4 -out pull.h5 > pull.yaml
set +e
fails=0
"$python" - "$dwell" << 'PY' || fails=$((fails + 1))
import h5py, numpy as np, yaml, sys, subprocess, shutil
dwell = sys.argv[1]
bad = 0
def check(what, ok):
    global bad
    print(("ok   " if ok else "FAIL ") + what)
    bad += not ok
with h5py.File("is.h5", "r") as f:
    x0, L = f["config/positions"][()], f["config"].attrs["box"]
N = len(x0)
def disp(a, b):
    d = a - b
    d -= L * np.round(d / L)
    return d - d.mean(axis=0)
def min_pair(x):  # the smallest r_ij / s_ij (lj: s_ij = sigma = 1), minimum image
    d = x[:, None, :] - x[None, :, :]
    d -= L * np.round(d / L)
    r = np.linalg.norm(d, axis=2)
    return r[np.triu_indices(len(x), 1)].min()
def config(name, x):
    shutil.copy("is.h5", name)
    with h5py.File(name, "r+") as f:
        f["config/positions"][...] = x
def run(*args):
    return yaml.safe_load(subprocess.run([dwell] + list(args), check=True, capture_output=True, text=True).stdout)
same_min = ("-min_lbfgs_precond", "hessian")  # the minimiser of dwell pull
y = yaml.safe_load(open("pull.yaml"))
with h5py.File("pull.h5", "r") as f:
    g = f["pull"]
    missing = []
    g.visititems(lambda n, o: missing.append(n) if not ("units" in o.attrs and "description" in o.attrs) else None)
    check("every /pull dataset has units and a description %s" % missing, not missing)
    c = {k: g[k][()] for k in g if g[k].ndim >= 1}
    V0 = g["V0"][0]
    tr = np.where(c["reason"] == 1)[0]
    check("%d of 5 modes transitioned" % len(tr), len(tr) >= 1)
    Tc = 2 * c["barrier"][tr].min()
    check("T_c = 2 min dPhi_barrier = YAML T_c (%.6e)" % Tc, abs(g["T_c"][0] - Tc) <= 1e-15 * abs(Tc) and abs(y["T_c"] / Tc - 1) < 1e-6)
    check("|d| = 1 on every row", np.allclose(np.linalg.norm(c["direction"].reshape(5, -1), axis=1), 1, atol=1e-12))
    for j in range(5):
        m = c["mode"][j]
        d = c["direction"][j]
        if c["reason"][j] == -1:
            Aov = c["A_ov"][j]
            rmin = [min_pair(x0 + A * np.sqrt(N) * d) for A in (Aov * (1 - 2e-3), Aov)]
            check("mode %d: overlap, no A_c, onset A_ov = %.4f <= amax: min r_ij / sigma %.4f > 0.7 >= %.4f" % (m, Aov, *rmin),
                  np.isnan(c["Ac"][j]) and Aov <= 1 and rmin[0] > 0.7 >= rmin[1])
            continue
        if c["reason"][j] != 1:
            continue
        Ac, lo = c["Ac"][j], c["Ac_lo"][j]
        check("mode %d: A_c = %.6f, A_c - Ac_lo <= 1e-3 A_c (%d minimisations)" % (m, Ac, c["nmin"][j]), 0 < Ac - lo <= 1e-3 * Ac)
        x1 = c["x1"][list(c["x1_row"]).index(j)]
        V1 = c["V1"][list(c["x1_row"]).index(j)]
        dr = disp(x1, x0)
        s2 = (dr**2).sum()
        ref = {"dr": np.sqrt(s2), "Nrearr": s2**2 / ((dr**2).sum(axis=1)**2).sum(),
               "Idir": abs((dr * d).sum()) / np.sqrt(s2), "dPhi": V1 - V0}
        err = max(abs(ref[k] - c[k][j]) / max(abs(ref[k]), 1e-300) for k in ref)
        check("mode %d: |dr| %.4f, N_rearr %.2f, I %.3f, dPhi %.4g by numpy (eqs. 6, 7, 9, 10): %.1e" %
              (m, ref["dr"], ref["Nrearr"], ref["Idir"], ref["dPhi"], err), err < 1e-10)
        if j not in tr[:2]:  # processes are slow on a loaded machine: two modes suffice
            continue
        config("lo.h5", x0 + lo * np.sqrt(N) * d)
        config("hi.h5", x0 + Ac * np.sqrt(N) * d)
        run("minimize", "-model", "lj", "-in", "lo.h5", "-out", "lo_min.h5", *same_min)
        yh = run("minimize", "-model", "lj", "-in", "hi.h5", "-out", "hi_min.h5", *same_min)
        with h5py.File("lo_min.h5", "r") as f2:
            dl = np.linalg.norm(disp(f2["config/positions"][()], x0), axis=1).max()
        with h5py.File("hi_min.h5", "r") as f2:
            xh = f2["config/positions"][()]
        dh1 = np.linalg.norm(disp(xh, x1), axis=1).max()
        dh0 = np.linalg.norm(disp(xh, x0), axis=1).max()
        check("mode %d: from Ac_lo back to r_0 (%.1e sigma)" % (m, dl), dl < 1e-4)
        check("mode %d: from A_c onto r_1 (%.1e sigma), %.3f sigma from r_0, energy V1 (%.1e)" % (m, dh1, dh0, abs(yh["energy_per_particle"] - V1 / N)),
              dh1 < 1e-4 and dh0 > 1e-2 and abs(yh["energy_per_particle"] - V1 / N) < 1e-10)
        ye = run("eval", "-model", "lj", "-in", "hi.h5")
        check("mode %d: eq. 8 barrier = Phi(A_c) - Phi_0 by dwell eval" % m, abs(ye["energy_per_particle"] * N - V0 - c["barrier"][j]) < 1e-9 * N)
sys.exit(bad)
PY
subcommand=pull
source "${BASH_SOURCE[0]%/*}/expect_error.sh"
run "negative mode index" -pull_modes -1 -- -model lj -in is.h5 -pull_modes -1 -out out.h5
run "mode beyond -modes_k" -pull_modes "mode 3" "-modes_k 2" -- -model lj -in is.h5 -pull_modes 0-3 -modes_k 2 -out out.h5
run "mode beyond 3N - 3" 600 597 -- -model lj -in is.h5 -pull_modes 600 -out out.h5
run "-pull_rtol 0" -pull_rtol "(0, 1)" -- -model lj -in is.h5 -pull_rtol 0 -out out.h5
run "-pull_rtol < 0" -pull_rtol -0.1 -- -model lj -in is.h5 -pull_rtol -0.1 -out out.h5
run "not a minimum" "not a minimum" "|F|_inf" -- -model lj -in random.h5 -pull_modes 0 -out out.h5
[ $fails -eq 0 ] && echo "all checks passed"
exit $fails
