#!/bin/bash
# `dwell nlmode` end to end on a pss pair (N = 128, seconds; issue 15, [PRM21] sec. II.C):
#   - from r_AB = B - A (-start b.h5, [PRM21] Fig. 7) with the saddle of `dwell neb` (-saddle):
#     converged; in the file pi is a unit N x 3 field, V3 = 2 kappa^3 / (3 U3^2) to 1e-12, and
#     the overlaps c, a of pi with r_AB and r_AS equal [PRM21] eqs. 7, 8 evaluated by numpy on
#     the minimum-image fields to 1e-10 (the same doubles, summed in another order);
#   - every dataset of the file has units and a description; the YAML on stdout has the same
#     kappa, U3, V3 as the file;
#   - from the softest linear mode (-start_mode 0, [PRM21] Fig. 8): converged;
#   - -nlmode_maxit 1: not converged, reported (converged: false, a warning on stderr, the file
#     says converged 0 and reason maxit), not hidden.
# Bad input: a configuration that is not a minimum, a zero start (B = A), both or neither of
# -start and -start_mode, -start_mode out of range, a -start of another size, -out not HDF5,
# -nlmode_rtol out of range: one-line errors naming the value or file, no output file.
# Usage: nlmode_cmd.sh DWELL NEB_PAIR PYTHON DIR
set -uo pipefail
dwell=$1 pair=$2 python=$3 dir=$4
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
set -e
"$pair" -model pss -N 128 -seed 3 -a a.h5 -b b.h5 > /dev/null
"$dwell" neb -model pss -a a.h5 -b b.h5 -neb_images 12 -out paths.h5 > neb.yaml
"$dwell" init -model pss -N 128 -seed 4 -out random.h5 > /dev/null
"$dwell" init -model pss -N 100 -seed 4 -out small.h5 > /dev/null
"$python" - << 'PY'
import h5py, shutil
shutil.copy("a.h5", "s.h5")  # the saddle of the path as a configuration of the same particles
with h5py.File("paths.h5", "r") as src, h5py.File("s.h5", "r+") as f:
    f["config/positions"][...] = src["paths/dw_0/x_TS"][()]
PY
"$dwell" nlmode -model pss -in a.h5 -start b.h5 -saddle s.h5 -out nl.h5 > nl.yaml
"$dwell" nlmode -model pss -in a.h5 -start_mode 0 -out nl0.h5 > nl0.yaml
"$dwell" nlmode -model pss -in a.h5 -start b.h5 -nlmode_maxit 1 -out nl1.h5 > nl1.yaml 2> nl1.err
set +e
fails=0
"$python" - << 'PY' || fails=$((fails + 1))
import h5py, numpy as np, yaml, sys
bad = 0
def check(what, ok):
    global bad
    print(("ok   " if ok else "FAIL ") + what)
    bad += not ok
def text(v):
    return v.decode() if isinstance(v, bytes) else v
def pos(name):
    with h5py.File(name, "r") as f:
        return f["config/positions"][()], f["config"].attrs["box"]
xa, L = pos("a.h5")
def field(name):
    d = pos(name)[0] - xa
    return d - L * np.round(d / L)
with h5py.File("nl.h5", "r") as f:
    g = f["nlmode"]
    pi = g["pi"][()]
    k, U3, V3 = g["kappa"][0], g["U3"][0], g["V3"][0]
    check("converged from r_AB (reason %s, %d iterations)" % (text(g.attrs["reason"]), g["iterations"][0]),
          g["converged"][0] == 1 and text(g.attrs["reason"]) == "converged")
    check("|pi| = 1: %.3e" % abs(np.linalg.norm(pi) - 1), abs(np.linalg.norm(pi) - 1) < 1e-12)
    check("V3 = 2 kappa^3 / (3 U3^2)", abs(V3 / (2 * k**3 / (3 * U3**2)) - 1) < 1e-12)
    for name, src in (("r_AB", "b.h5"), ("r_AS", "s.h5")):
        r = field(src)
        c = abs((r * pi).sum()) / np.linalg.norm(r)
        a = (np.linalg.norm(r, axis=1) * np.linalg.norm(pi, axis=1)).sum() / np.linalg.norm(r)
        err = max(abs(c - g[name]["c"][0]), abs(a - g[name]["a"][0]))
        check("%s: c, a = eqs. 7, 8 by numpy (%.4f, %.4f): %.2e" % (name, c, a, err), err < 1e-10)
    missing = []
    f.visititems(lambda n, o: missing.append(n) if isinstance(o, h5py.Dataset) and not (
        "units" in o.attrs and "description" in o.attrs) and not n.startswith("config") else None)
    check("every /nlmode dataset has units and a description %s" % missing, not missing)
y = yaml.safe_load(open("nl.yaml"))
check("YAML kappa, U3, V3 = the file's", all(abs(y[n] / v - 1) < 1e-11 for n, v in (("kappa", k), ("U3", U3), ("V3", V3))))
y0 = yaml.safe_load(open("nl0.yaml"))
check("converged from the softest linear mode (%d iterations)" % y0["its"], y0["converged"] is True and y0["start"] == "linear mode 0")
y1 = yaml.safe_load(open("nl1.yaml"))
with h5py.File("nl1.h5", "r") as f:
    g = f["nlmode"]
    check("-nlmode_maxit 1: converged false, reason maxit, in YAML and file",
          y1["converged"] is False and y1["reason"] == "maxit" and g["converged"][0] == 0 and text(g.attrs["reason"]) == "maxit")
check("-nlmode_maxit 1: a warning on stderr", "did not converge" in open("nl1.err").read())
sys.exit(bad)
PY

subcommand=nlmode
source "${BASH_SOURCE[0]%/*}/expect_error.sh"
run not_a_minimum "random.h5 is not a minimum" "|F|_inf" -- -model pss -in random.h5 -start_mode 0 -out out.h5
run zero_start "-start a.h5" "zero" -- -model pss -in a.h5 -start a.h5 -out out.h5
run both_starts "exactly one of -start" -- -model pss -in a.h5 -start b.h5 -start_mode 0 -out out.h5
run no_start "exactly one of -start" -- -model pss -in a.h5 -out out.h5
run mode_range "-start_mode 381" "3N - 3 = 381" -- -model pss -in a.h5 -start_mode 381 -out out.h5
run mode_negative "-start_mode -1" -- -model pss -in a.h5 -start_mode -1 -out out.h5
run other_size "small.h5" "100 particles" -- -model pss -in a.h5 -start small.h5 -out out.h5
run out_not_h5 "out.xyz" "HDF5" -- -model pss -in a.h5 -start b.h5 -out out.xyz
run bad_rtol "-nlmode_rtol 2" -- -model pss -in a.h5 -start b.h5 -nlmode_rtol 2 -out out.h5
run missing_model "missing required option -model" -- -in a.h5 -start b.h5 -out out.h5
echo "$fails failed"
[ $fails -eq 0 ]
