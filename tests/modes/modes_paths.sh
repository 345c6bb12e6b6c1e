#!/bin/bash
# `dwell neb -neb_path_hessian` and `dwell modes -in PATHS.h5` end to end on a pss pair
# (N = 128, seconds): the overlaps of r_AB, r_AS, r_12 with the modes of IS a ([PRM21] eqs. 7
# and 8) against numpy on the eigenvectors of an independent `dwell modes` run on IS a alone:
#   - c_k and a_k equal numpy's eqs. 7, 8 to 1e-10 (the same deterministic modes, up to sign,
#     which c and a ignore), c = max c_k, mode_c = argmax, omega_c = omega[mode_c];
#   - with every mode (-modes_type dense, k = 3N - 3) sum_k c_k^2 = 1 - |translation part of
#     r|^2 / |r|^2 to 1e-9 (completeness of the eigenbasis);
#   - the orthogonal eigenvalues of -neb_path_hessian 2 at image 0 (IS a) interlace with the
#     Hessian's (Cauchy: deflating one direction, lambda_i <= mu_i <= lambda_{i+1}, to 1e-8);
#   - every dataset of both files has units and a description.
# Bad input: k > 3N - 3, a path file without positions, one without r_12: one-line errors
# naming the value or object, no output file. dwell-plot renders the [PRM21] Figs. 4, 5, 7
# style figures of the overlap file (PNG files written and listed) and refuses a --dw that is
# not in the file; D(omega)/omega^4 of the IS a is drawn too.
# Usage: modes_paths.sh DWELL NEB_PAIR PYTHON DIR DWELL_PLOT
set -uo pipefail
dwell=$1 pair=$2 python=$3 dir=$4 plot=$5
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
set -e
"$pair" -model pss -N 128 -seed 3 -a a.h5 -b b.h5 > /dev/null
"$dwell" neb -model pss -a a.h5 -b b.h5 -neb_images 12 -neb_path_hessian 2 -out paths.h5 > neb.yaml
"$dwell" modes -model pss -in paths.h5 -k 20 -out modes.h5 > modes.yaml
"$dwell" modes -model pss -in paths.h5 -modes_type dense -k 381 -out dense.h5 > dense.yaml
"$python" - << 'PY'
import h5py
with h5py.File("paths.h5", "r") as src, h5py.File("isa.h5", "w") as f:
    src.copy("config", f)
    del f["config/positions"]
    f["config"].create_dataset("positions", data=src["paths/dw_0/images"][0])
    f["config/positions"].attrs["units"] = "sigma"
for name, drop in (("nopos.h5", ["paths/dw_0/images", "is/positions"]), ("nor12.h5", ["paths/dw_0/r_12"])):
    with h5py.File("paths.h5", "r") as src, h5py.File(name, "w") as f:
        for k, v in src.attrs.items():
            f.attrs[k] = v
        for g in src:
            src.copy(g, f)
        for d in drop:
            del f[d]
PY
"$dwell" modes -model pss -in isa.h5 -k 20 -out single.h5 > single.yaml
set +e
fails=0
"$python" - << 'PY' || fails=$((fails + 1))
import sys
import h5py
import numpy as np
bad = 0
def check(what, good):
    global bad
    bad += not good
    print("%s %s" % ("ok  " if good else "FAIL", what))
P = h5py.File("paths.h5", "r"); M = h5py.File("modes.h5", "r"); S = h5py.File("single.h5", "r")
D = h5py.File("dense.h5", "r")
E = S["modes/eigenvectors"][()]                       # k x N x 3
omega = S["modes/omega"][()]
for name in ("r_AB", "r_AS", "r_12"):
    r = P["paths/dw_0/" + name][()]                   # N x 3
    c = np.abs(np.einsum("nc,knc->k", r, E)) / (np.linalg.norm(r) * np.linalg.norm(E, axis=(1, 2)))
    rn, en = np.linalg.norm(r, axis=1), np.linalg.norm(E, axis=2)
    a = (en * rn).sum(axis=1) / np.sqrt((rn ** 2).sum() * (en ** 2).sum(axis=1))
    g = M["overlaps/" + name]
    check("%s: c_k = numpy eq. 7 (max diff %.1e)" % (name, np.abs(g["c_k"][0] - c).max()), np.abs(g["c_k"][0] - c).max() < 1e-10)
    check("%s: a_k = numpy eq. 8 (max diff %.1e)" % (name, np.abs(g["a_k"][0] - a).max()), np.abs(g["a_k"][0] - a).max() < 1e-10)
    check("%s: c = max c_k = %.6f at mode %d, omega_c = omega[mode_c]" % (name, g["c"][0], g["mode_c"][0]),
          abs(g["c"][0] - c.max()) < 1e-10 and g["mode_c"][0] == np.argmax(c) and abs(g["omega_c"][0] - omega[np.argmax(c)]) < 1e-10)
    check("%s: a = max a_k, mode_a = argmax" % name, abs(g["a"][0] - a.max()) < 1e-10 and g["mode_a"][0] == np.argmax(a))
    t2 = (r.sum(axis=0) ** 2).sum() / r.shape[0] / (r ** 2).sum()
    c2 = D["overlaps/" + name + "/c2sum"][0]
    check("%s: all 3N - 3 modes: sum c_k^2 = %.12f = 1 - translation part %.12f" % (name, c2, 1 - t2), abs(c2 - (1 - t2)) < 1e-9)
lam = D["modes/lambda"][0]
mu = P["paths/dw_0/lambda_perp"][0]
check("lambda_perp at IS a interlaces: %.6f <= %.6f <= %.6f <= %.6f <= %.6f" % (lam[0], mu[0], lam[1], mu[1], lam[2]),
      lam[0] - 1e-8 <= mu[0] <= lam[1] + 1e-8 and lam[1] - 1e-8 <= mu[1] <= lam[2] + 1e-8)
check("/paths/dw_0/lambda_perp is 12 x 2, /dw/path_hessian_k = 2, path_lambda_perp_min = its min",
      P["paths/dw_0/lambda_perp"].shape == (12, 2) and P["dw/path_hessian_k"][0] == 2 and
      abs(P["dw/path_lambda_perp_min"][0] - P["paths/dw_0/lambda_perp"][:, 0].min()) < 1e-14)
for fname, f in (("paths.h5", P), ("modes.h5", M)):
    missing = []
    f.visititems(lambda n, o: missing.append(n) if isinstance(o, h5py.Dataset) and not ("units" in o.attrs and "description" in o.attrs) else None)
    check("%s: every dataset has units and description (missing: %s)" % (fname, missing or "none"), not missing)
sys.exit(1 if bad else 0)
PY

run() {
  local name=$1 words=() args
  shift
  while [ "$1" != -- ]; do words+=("$1"); shift; done
  shift
  rm -f out.h5
  "$dwell" modes "$@" > stdout.txt 2> stderr.txt
  local rc=$? ok=1
  [ $rc -ne 0 ] || { echo "FAIL $name: exit status 0"; ok=0; }
  [ "$(wc -l < stderr.txt)" -eq 1 ] || { echo "FAIL $name: stderr has $(wc -l < stderr.txt) lines"; ok=0; }
  for w in "${words[@]}"; do
    grep -qF -- "$w" stderr.txt || { echo "FAIL $name: the message lacks '$w'"; ok=0; }
  done
  [ -e out.h5 ] && { echo "FAIL $name: an output file was left"; ok=0; }
  [ $ok -eq 1 ] && echo "ok   $name: $(cat stderr.txt)"
  [ $ok -eq 1 ] || { cat stderr.txt; fails=$((fails + 1)); }
}
run k_too_large "-k 382" "3N - 3 = 381" -- -model pss -in paths.h5 -k 382 -out out.h5
run no_positions "nopos.h5" "no positions of IS a" -- -model pss -in nopos.h5 -k 10 -out out.h5
run no_r12 "nor12.h5" "r_12" -- -model pss -in nor12.h5 -k 10 -out out.h5
"$python" "$plot" modes.h5 -o plots > plot.txt 2>&1
status=$?
for f in modes_overlap_dw0 modes_c_pdf modes_ca_pdf modes_best_mode dos_over_omega4; do
  png=plots/$f.png
  if [ $status -eq 0 ] && [ "$(head -c 4 "$png" 2> /dev/null | tail -c 3)" = PNG ] && grep -qx "$png" plot.txt; then
    echo "ok   dwell-plot: $png written and listed"
  else
    echo "FAIL dwell-plot: $png (status $status)"; cat plot.txt; fails=$((fails + 1))
  fi
done
# the first index past the file's double wells (the path may split at an intermediate minimum,
# depending on rounding: one double well or more)
ndw=$("$python" -c 'import h5py, sys; print(sum(1 for k in h5py.File(sys.argv[1], "r")["paths"] if k.startswith("dw_")))' paths.h5)
if "$python" "$plot" modes.h5 -o plots --dw "$ndw" > plot.txt 2>&1 || ! grep -q -- "--dw $ndw is not a double well" plot.txt; then
  echo "FAIL dwell-plot --dw $ndw: $(cat plot.txt)"; fails=$((fails + 1))
else
  echo "ok   dwell-plot --dw $ndw: $(cat plot.txt)"
fi
echo "$fails failed"
[ $fails -eq 0 ]
