#!/usr/bin/python3
"""The ternary model (tlj = ka2, issue 12) against an independent evaluation written here.

KA2 of Parmar, Ozawa, Berthier (PRL 125, 085505 (2020); the atooms model database's
kob_andersen_2) with the smoothing of [JCP23] II.B eqs. 4-5:
  phi_ab(r) = 4 eps_ab [x^-12 - x^-6 + C0 + C2 x^2 + C4 x^4],  x = r / s_ab < xc = 2.5,
  C0 = 10/xc^6 - 28/xc^12, C2 = 48/xc^14 - 15/xc^8, C4 = 6/xc^10 - 21/xc^16,
  eps AA 1, AB 1.5, AC 1.25, BB 0.5, BC 1.0, CC 0.75; s AA 1, AB 0.8, AC 0.9, BB 0.88,
  BC 0.84, CC 0.94; A:B:C = 4:1:1, rho = 1.35.

1. The smoothing: phi, phi' and phi'' of this formula vanish at r = xc s_ab for all six pair
   types, relative to their size at r = s_ab, to 1e-13 (rounding of the closed forms).
   (dwell's own phi, phi', phi'' at rc: tests/potential/test_cutoff.c.)
2. `dwell init -model M -N 300 -seed 4` (tlj and ka2), its inherent structure (`dwell
   minimize`), and for each `dwell eval -forces_out`: the total energy U, the virial pressure
   W/V (W = -(1/3) sum r phi'(r)) and every force are compared with a numpy sum over all
   pairs with the minimum image (exact here: the box edge 6.06 exceeds 2 rc_max = 5; N = 60
   would give a box of 3.54, too small for minimum image and for dwell's neighbour list).
   Tolerance 1e-12 relative (U and W relative to the sum of the magnitudes of their pair
   terms, so that cancellation in the inherent structure does not inflate it; forces
   relative to the largest component, random configuration only, since the inherent
   structure's forces are ~1e-10): both codes sum ~1e4 pair terms in double precision,
   ~1e-16 sqrt(1e4) ~ 1e-14 relative.
3. The test can fail: changing any one of the 12 pair parameters by 1e-9 relative
   (`-ka2_eps` / `-ka2_sigma`) moves the energy of the random configuration by more than
   the tolerance, for each of the 12.

usage: ternary_reference.py DWELL WORKDIR
"""
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lammps"))
from compare import read_data, read_forces, read_yaml  # noqa: E402

XC = 2.5
C0 = 10 / XC**6 - 28 / XC**12
C2 = 48 / XC**14 - 15 / XC**8
C4 = 6 / XC**10 - 21 / XC**16
# upper triangles AA, AB, AC, BB, BC, CC
EPS = [1.0, 1.5, 1.25, 0.5, 1.0, 0.75]
SIGMA = [1.0, 0.8, 0.9, 0.88, 0.84, 0.94]
PAIRS = ["AA", "AB", "AC", "BB", "BC", "CC"]
TOL = 1e-12
failed = 0


def check(ok, what):
    global failed
    print("%s %s" % ("ok  " if ok else "FAIL", what))
    failed += not ok


def matrix(upper):
    m = np.zeros((3, 3))
    k = 0
    for a in range(3):
        for b in range(a, 3):
            m[a, b] = m[b, a] = upper[k]
            k += 1
    return m


def radial(eps, s, r):
    """phi, phi', phi'' of the smoothed pair at r (arrays of the pairs' eps, s and r)."""
    x = r / s
    phi = 4 * eps * (x**-12 - x**-6 + C0 + C2 * x**2 + C4 * x**4)
    d1 = 4 * eps * (-12 * x**-13 + 6 * x**-7 + 2 * C2 * x + 4 * C4 * x**3) / s
    d2 = 4 * eps * (156 * x**-14 - 42 * x**-8 + 2 * C2 + 12 * C4 * x**2) / s**2
    return phi, d1, d2


def check_smoothing():
    for k, name in enumerate(PAIRS):
        at_rc = np.array(radial(EPS[k], SIGMA[k], XC * SIGMA[k]))
        scale = np.abs(radial(EPS[k], SIGMA[k], SIGMA[k]))
        worst = np.max(np.abs(at_rc) / scale)
        check(worst < 1e-13, "%s: |phi, phi', phi''| at r = 2.5 s_ab / at r = s_ab: %.1e" % (name, worst))


def reference(species, x, L):
    """U, W, forces and the magnitude sums of the pair terms of U and W, all pairs, minimum image."""
    eps, sig = matrix(EPS), matrix(SIGMA)
    d = x[:, None, :] - x[None, :, :]
    d -= L * np.round(d / L)
    r = np.sqrt((d * d).sum(axis=2))
    i, j = np.triu_indices(len(x), 1)
    a, b = species[i], species[j]
    rp, e, s = r[i, j], eps[a, b], sig[a, b]
    inside = rp < XC * s
    i, j, rp, e, s = i[inside], j[inside], rp[inside], e[inside], s[inside]
    phi, d1, _ = radial(e, s, rp)
    w = -rp * d1 / 3
    fij = (-d1 / rp)[:, None] * d[i, j]  # force on i from j
    f = np.zeros_like(x)
    np.add.at(f, i, fij)
    np.add.at(f, j, -fij)
    return phi.sum(), w.sum(), f, np.abs(phi).sum(), np.abs(w).sum(), len(rp)


def read_species(path):
    with open(path) as fp:
        lines = fp.readlines()
    start = next(k for k, l in enumerate(lines) if l.startswith("Atoms"))
    rows = [l.split() for l in lines[start + 1:] if l.strip()]
    species = np.zeros(len(rows), dtype=int)
    for r in rows:
        species[int(r[0]) - 1] = int(r[1]) - 1
    return species


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.PIPE)


def evaluate(dwell, model, data, tag, extra=()):
    run(dwell, "eval", "-model", model, "-in", data, "-forces_out", tag + ".forces", *extra)
    out = subprocess.run([dwell, "eval", "-model", model, "-in", data, *extra], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    with open(tag + ".yaml", "w") as fp:
        fp.write(out)
    y = read_yaml(tag + ".yaml")
    N = int(y["N"])
    L = float(y["box"])
    return float(y["energy_per_particle"]) * N, float(y["pressure"]) * L**3, read_forces(tag + ".forces")[1]


def compare(dwell, model, data, tag, forces):
    L, x = read_data(data)
    species = read_species(data)
    U, W, f, Uabs, Wabs, npairs = reference(species, x, L)
    Ud, Wd, fd = evaluate(dwell, model, data, tag)
    counts = np.bincount(species, minlength=3)
    print("%s %s: N = %d (A %d, B %d, C %d), L = %.6f, %d pairs within 2.5 s_ab: U/N = %.12f, W/V = %.10g"
          % (model, tag, len(x), counts[0], counts[1], counts[2], L, npairs, U / len(x), W / L**3))
    eu, ew = abs(Ud - U) / Uabs, abs(Wd - W) / Wabs
    check(eu <= TOL, "%s %s: energy, dwell vs numpy: %.2e relative (tol %.0e)" % (model, tag, eu, TOL))
    check(ew <= TOL, "%s %s: virial pressure W/V, dwell vs numpy: %.2e relative (tol %.0e)" % (model, tag, ew, TOL))
    if forces:
        ef = np.abs(fd - f).max() / np.abs(f).max()
        check(ef <= TOL, "%s %s: forces, dwell vs numpy: %.2e of max|f| = %.4g (tol %.0e)"
              % (model, tag, ef, np.abs(f).max(), TOL))
    return U, Uabs


def main(dwell, work):
    dwell = os.path.abspath(dwell)
    os.makedirs(work, exist_ok=True)
    os.chdir(work)
    check_smoothing()
    for model in ("tlj", "ka2"):
        data, ismin = model + ".data", model + ".is.data"
        run(dwell, "init", "-model", model, "-N", "300", "-seed", "4", "-out", data)
        U, Uabs = compare(dwell, model, data, model + ".random", True)
        run(dwell, "minimize", "-model", model, "-in", data, "-out", ismin)
        compare(dwell, model, ismin, model + ".is", False)
    # sensitivity: each parameter of the table, one at a time
    detected = []
    for what, table in (("eps", EPS), ("sigma", SIGMA)):
        for k, name in enumerate(PAIRS):
            changed = list(table)
            changed[k] *= 1 + 1e-9
            opt = ",".join("%.17g" % v for v in changed)
            Ud, _, _ = evaluate(dwell, "ka2", "ka2.data", "perturbed", ("-ka2_" + what, opt))
            if abs(Ud - U) / Uabs > TOL:
                detected.append(what + "_" + name)
    check(len(detected) == 12, "a change of 1e-9 in any one of the 12 parameters is detected (%d: %s)"
          % (len(detected), " ".join(detected)))
    print("%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
