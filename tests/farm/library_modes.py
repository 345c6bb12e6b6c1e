#!/usr/bin/python3
"""`dwell modes -in library.h5` against the campaign's own modes stage (issue 14).

usage: library_modes.py DWELL LIBRARY.h5 WORKDIR DWELL_PLOT

The library of a campaign run with modes_stage keeps, per double well, the positions x_a of
its IS a (/dw/x_a) and its displacement fields; `dwell modes -in library.h5` recomputes the
modes of every IS a and the overlaps [PRM21] eqs. 7, 8 of r_AB, r_AS, r_12 with them, through
the same code as a path file of dwell neb. Checked:
  - every /modes/dw row of the campaign whose (sample, candidate, piece) is a /dw row is
    reproduced: c and a of the three fields to 1e-8 absolute, the mode giving each exactly,
    omega of those modes and all k omega of IS a to 1e-10 relative, P_k to 1e-8.
    Tolerances: both runs are the same shift-and-invert solve on one rank with residual
    |H v - lambda v| <= 1e-10 |lambda| (-modes_eps_tol). Eigenvalues then agree to that
    residual (1e-10 relative on lambda, half of it on omega); eigenvectors to residual / gap,
    so c_k, a_k (1-Lipschitz in the unit vector) to 1e-10 / g with g the smallest relative gap
    between the k modes, checked here to be >= 1e-2: 1e-8. Only rounding differs between the
    two runs in practice (measured 1e-13), so a wrong x_a, species, diameter or box, which
    moves c by far more, fails.
  - -dw_index of the last row gives that row alone, its c_k and a_k equal to the full run's
    to 1e-8 (the same bound: the eigensolver's random start vector differs after a first
    solve, so only the residual bound holds; measured 5e-12);
  - a library without /dw/x_a (an older dwell's) and a -dw_index out of range stop with one
    error line naming the file and the missing dataset or the row, and write no output;
  - dwell-plot draws [PRM21] Figs. 5, 7 (linear and nonlinear), the best modes and D(omega)/omega^4 of the library's
    /modes and of the overlap file (and Fig. 4 of the latter): PNG files written and listed.
"""
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

dwell, library, work, plot = sys.argv[1:5]
os.makedirs(work, exist_ok=True)
bad = []


def expect(what, ok):
    if not ok:
        bad.append(what)


def run(args, out):
    """dwell modes ARGS -out OUT: (exit status, stdout, stderr)."""
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run([dwell, "modes"] + args + ["-out", out], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


with h5py.File(library, "r") as L:
    model, k = L.attrs["model"], int(L["modes"].attrs["k"])
    model = model.decode() if isinstance(model, bytes) else str(model)
    dw = {c: L["dw/" + c][()] for c in ("sample", "candidate", "piece", "is_a")}
    mdw = {c: L["modes/dw/" + c][()] for c in L["modes/dw"]}
    mis = {c: L["modes/is/" + c][()] for c in ("sample", "label", "omega", "P")}
ndw = len(dw["sample"])
base = ["-model", model, "-in", library, "-k", str(k)]

full = os.path.join(work, "library_modes.h5")
rc, out, err = run(base, full)
expect(f"dwell modes -in {library}: exit {rc}: {err.strip()}", rc == 0 and os.path.isfile(full))
if rc == 0:
    with h5py.File(full, "r") as O:
        row, omega, P = O["dw/row"][()], O["modes/omega"][()], O["modes/P"][()]
        ov = {f: {q: O[f"overlaps/r_{f}/{q}"][()] for q in ("c", "a", "mode_c", "mode_a", "omega_c", "omega_a")}
              for f in ("AB", "AS", "12")}
    expect(f"every /dw row with an IS a in the library: {row}",
           list(row) == [r for r in range(ndw) if dw["is_a"][r] >= 0])
    at = {(dw["sample"][r], dw["candidate"][r], dw["piece"][r]): i for i, r in enumerate(row)}
    is_row = {(s, l): i for i, (s, l) in enumerate(zip(mis["sample"], mis["label"]))}
    lam = omega ** 2
    gap = np.min(np.diff(lam, axis=1) / lam[:, 1:]) if k > 1 and len(lam) else 1.0
    expect(f"the smallest relative gap between the k modes {gap:.3g} >= 1e-2 (the 1e-8 bound)", gap >= 1e-2)
    compared, worst = 0, 0.0
    for j in range(len(mdw["sample"])):
        key = (mdw["sample"][j], mdw["candidate"][j], mdw["piece"][j])
        if key not in at:
            continue  # a repeat of a double well kept under another candidate
        i, m = at[key], is_row[(mdw["sample"][j], mdw["is_a"][j])]
        expect(f"IS a of {key}: omega of the k modes to 1e-10",
               np.allclose(omega[i], mis["omega"][m], rtol=1e-10, atol=0))
        expect(f"IS a of {key}: P_k to 1e-8", np.allclose(P[i], mis["P"][m], rtol=0, atol=1e-8))
        for f in ("AB", "AS", "12"):
            for q in ("c", "a"):
                lib, mine = mdw[f"{q}_{f}"][j], ov[f][q][i]
                worst = max(worst, abs(lib - mine))
                expect(f"{key} {q}_{f}: library {lib!r}, dwell modes {mine!r} (1e-8)", abs(lib - mine) <= 1e-8)
                mode = mdw[f"{q}_{f}_mode"][j]
                expect(f"{key} {q}_{f}_mode: {mode} and {ov[f]['mode_' + q][i]}", mode == ov[f]["mode_" + q][i])
                w = mis["omega"][m][mode]
                expect(f"{key} omega of the best mode by {q} for r_{f}: {w} and {ov[f]['omega_' + q][i]}",
                       abs(w - ov[f]["omega_" + q][i]) <= 1e-10 * w)
        compared += 1
    expect("some double well was compared", compared > 0)
    expect(f"one compared row per double well with IS a: {compared}, {len(row)}", compared == len(row))
    print(f"library_modes: {compared} double wells x {k} modes, largest |c, a difference| {worst:.2e}")

    last = ndw - 1
    one = os.path.join(work, "library_modes_one.h5")
    rc, out, err = run(base + ["-dw_index", str(last)], one)
    expect(f"-dw_index {last}: exit {rc}: {err.strip()}", rc == 0)
    if rc == 0:
        with h5py.File(one, "r") as O:
            expect(f"-dw_index {last}: the one row {O['dw/row'][()]}", list(O["dw/row"][()]) == [last])
            i = list(row).index(last)
            for f in ("AB", "AS", "12"):
                for q in ("c_k", "a_k"):
                    with h5py.File(full, "r") as F:
                        expect(f"-dw_index {last}: {q} of r_{f} equals the full run's",
                               np.allclose(O[f"overlaps/r_{f}/{q}"][0], F[f"overlaps/r_{f}/{q}"][i], rtol=0, atol=1e-8))


def one_error(name, args, lib, words):
    """A run that must stop with one error line containing words, writing nothing."""
    out = os.path.join(work, "error.h5")
    rc, so, se = run(["-model", model, "-in", lib, "-k", str(k)] + args, out)
    lines = se.strip().splitlines()
    ok = rc != 0 and len(lines) == 1 and lines[0].startswith("dwell: error: ") and all(w in se for w in words)
    expect(f"{name}: exit {rc}, stderr {se.strip()!r}, expected one line with {words}", ok)
    expect(f"{name}: no output file", not os.path.exists(out))
    if ok:
        print(f"ok   {name}: {lines[0]}")


old = os.path.join(work, "library_without_x_a.h5")
shutil.copy(library, old)
with h5py.File(old, "r+") as f:
    del f["dw/x_a"]
one_error("a library without /dw/x_a", [], old, [old, "no dataset /dw/x_a", "dwell collect"])
one_error("-dw_index out of range", ["-dw_index", str(ndw)], library,
          [library, f"there is no double well {ndw}"])

def plots(source, names):
    """dwell-plot SOURCE: every names[i].png a PNG file, listed on stdout."""
    outdir = os.path.join(work, "plots_" + os.path.basename(source).replace(".h5", ""))
    p = subprocess.run([sys.executable, plot, source, "-o", outdir], capture_output=True, text=True)
    expect(f"dwell-plot {source}: exit {p.returncode}: {p.stderr.strip()}", p.returncode == 0)
    for name in names:
        png = os.path.join(outdir, name + ".png")
        ok = os.path.isfile(png) and open(png, "rb").read(4)[1:4] == b"PNG" and png in p.stdout.split()
        expect(f"dwell-plot {source}: {png} written and listed", ok)


figures = ["modes_c_pdf", "modes_ca_pdf", "modes_best_mode", "dos_over_omega4"]
plots(library, figures + ["modes_nl_ca_pdf", "modes_nl_soft_c_pdf"])  # modes_nlmode: [PRM21] Figs. 7, 8
if os.path.isfile(full):
    plots(full, figures + ["modes_overlap_dw0"])

print("\n".join(bad) if bad else "library_modes: ok")
sys.exit(1 if bad else 0)
