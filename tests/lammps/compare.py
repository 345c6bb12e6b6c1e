#!/usr/bin/python3
"""Compares dwell with LAMMPS (helper of compare.sh), and writes the harmonic pair table.

  compare.py table OUT RLO N           harmonic table for pair_style table spline N
  compare.py check TAG MODEL N [RLO NT]  compare TAG.dwell.{yaml,forces} with TAG.{log,dump}

Measured quantities: total energy U, virial pressure P = W/V and the forces, as relative
differences |U_dwell - U_lmp| / |U_lmp|, |P_dwell - P_lmp| / |P_lmp| and
max_i,c |f_dwell - f_lmp| / max_i,c |f_lmp|. The exact models (ka = lj/cut shifted,
lj = lj/smooth/linear) must agree to 1e-10.

harmonic, phi(r) = (1 - r)^2 / 2 for r < 1 (eps = s = 1), has no LAMMPS style in 29Sep2021,
so LAMMPS uses pair_style table spline NT with a table of NT points uniform in s = r^2
on [RLO^2, 1] ("N NT RSQ RLO 1.0 FPRIME -1 -1"). The table holds the exact e and F = -phi'
at exactly LAMMPS's internal nodes s_k = RLO^2 + k (1 - RLO^2)/(NT - 1), so LAMMPS takes
them as they are ("match") and its only approximation is the cubic spline in s of
  e(s) = 1/2 - s^(1/2) + s/2       and       g(s) = F/r = s^(-1/2) - 1,
clamped with exact end slopes (-F/(2r), and from FPRIME). For a clamped cubic spline with
spacing h (Hall and Meyer, J. Approx. Theory 16, 105 (1976)),
  |e - S_e| <= 5/384 h^4 max|e''''| = 5/384 h^4 (15/16)  RLO^-7  = B_e  per pair,
  |g - S_g| <= 5/384 h^4 max|g''''| = 5/384 h^4 (105/16) RLO^-9  = B_g  per pair.
With RLO = 0.6, NT = 2001 (compare.sh): h = 3.2e-4, B_e = 4.6e-15, B_g = 8.9e-14.
These give absolute bounds on the differences (r < 1, so |r_c| <= r <= 1):
  |dU| <= n_pairs B_e,   |dW| <= n_pairs B_g / 3,   |df_i,c| <= z_i B_g,
to which we add the double-precision rounding of both codes (u = 2^-53): each pair term t
costs <= 16 u |t| to evaluate and the sums <= n u sum|t|; the periodic image vectors
differ by <= delta = 4 sqrt(3) u L, which moves phi by <= delta (1 - r_min), W's term
(1 - r) r by <= delta, and a force term g(r) r_c by <= delta 2 / r_min. The tolerance
for each quantity is (interpolation bound + rounding bound) / |value|, computed from the
configuration's pairs and printed: for harmonic N = 1000, seed 11 it is 7e-13 (energy),
1.1e-12 (pressure) and 2e-12 (forces), while a change of eps by 1e-11 fails all three.
"""
import sys

import numpy as np

EXACT_TOL = 1e-10
U_ROUND = 2.0**-53


def write_table(path, rlo, n):
    """Harmonic table at LAMMPS's internal nodes (pair_table.cpp: innersq + i*delta)."""
    innersq = rlo * rlo
    delta = (1.0 * 1.0 - innersq) / (n - 1)
    with open(path, "w") as fp:
        fp.write("# harmonic spheres phi = (1 - r)^2 / 2, F = 1 - r, r < 1 (dwell model harmonic)\n")
        fp.write("# nodes uniform in r^2, exactly LAMMPS's spline nodes (no re-interpolation)\n\n")
        fp.write("HARMONIC\nN %d RSQ %r 1.0 FPRIME -1.0 -1.0\n\n" % (n, rlo))
        for i in range(n):
            r = np.sqrt(innersq + i * delta)
            fp.write("%d %.17g %.17g %.17g\n" % (i + 1, r, 0.5 * (1.0 - r) ** 2, 1.0 - r))


def read_yaml(path):
    out = {}
    with open(path) as fp:
        for line in fp:
            if ":" in line and not line.startswith(" "):
                key, value = line.split(":", 1)
                out[key.strip()] = value.strip()
    return out


def read_forces(path):
    data = np.loadtxt(path, comments="#")
    order = np.argsort(data[:, 0])
    return data[order, 0].astype(int), data[order, 1:4]


def read_dump(path):
    with open(path) as fp:
        lines = fp.readlines()
    start = next(k for k, l in enumerate(lines) if l.startswith("ITEM: ATOMS"))
    assert lines[start].split()[2:] == ["id", "fx", "fy", "fz"], lines[start]
    data = np.array([[float(v) for v in l.split()] for l in lines[start + 1:] if l.strip()])
    order = np.argsort(data[:, 0])
    return data[order, 0].astype(int), data[order, 1:4]


def read_thermo(path):
    """The thermo line of step 0 as a dict (header 'Step PotEng c_pv')."""
    with open(path) as fp:
        lines = fp.readlines()
    k = next(k for k, l in enumerate(lines) if l.split()[:1] == ["Step"])
    return dict(zip(lines[k].split(), (float(v) for v in lines[k + 1].split())))


def read_data(path):
    """Box edge and positions (by id) of a LAMMPS data file written by dwell (atomic)."""
    with open(path) as fp:
        lines = fp.readlines()
    L = None
    for l in lines:
        w = l.split()
        if len(w) == 4 and w[2] == "xlo":
            L = float(w[1]) - float(w[0])
    start = next(k for k, l in enumerate(lines) if l.startswith("Atoms"))
    rows = [l.split() for l in lines[start + 1:] if l.strip()]
    data = np.array([[float(v) for v in r[:5]] for r in rows])
    x = np.zeros((len(data), 3))
    x[data[:, 0].astype(int) - 1] = data[:, 2:5]
    return L, x


def harmonic_tolerances(tag, rlo, nt, U, W, f):
    """Bounds on |dU|, |dW|, max|df| between LAMMPS's spline table and the exact model."""
    L, x = read_data(tag + ".data")
    d = x[:, None, :] - x[None, :, :]
    d -= L * np.round(d / L)
    r = np.sqrt((d * d).sum(axis=2))
    np.fill_diagonal(r, np.inf)
    inside = r < 1.0
    rmin = r.min()
    if rmin <= rlo:
        sys.exit("compare.py: closest pair r = %g is inside the table's inner radius %g" % (rmin, rlo))
    i, j = np.nonzero(np.triu(inside))
    rp = r[i, j]
    npairs = len(rp)
    z = inside.sum(axis=1)
    h = (1.0 - rlo * rlo) / (nt - 1)
    B_e = 5.0 / 384.0 * h**4 * (15.0 / 16.0) * rlo**-7
    B_g = 5.0 / 384.0 * h**4 * (105.0 / 16.0) * rlo**-9
    delta = 4.0 * np.sqrt(3.0) * U_ROUND * L
    phi = 0.5 * (1.0 - rp) ** 2
    g_r = (1.0 - rp)  # |g(r)| r >= |g(r) r_c|
    per_atom = np.zeros(len(x))
    np.add.at(per_atom, i, g_r)
    np.add.at(per_atom, j, g_r)
    zmax = z.max()
    dU = npairs * B_e + (npairs + 16) * U_ROUND * phi.sum() + npairs * delta * (1.0 - rmin)
    dW = npairs * B_g / 3 + (npairs + 16) * U_ROUND * (g_r * rp).sum() / 3 + npairs * delta / 3
    df = zmax * B_g + ((z + 16) * U_ROUND * per_atom).max() + zmax * delta * 2.0 / rmin
    print("  harmonic table: %d points in r^2 on [%g^2, 1], h = %.3g; spline bounds per pair "
          "B_e = %.3g, B_g = %.3g; %d pairs, max %d neighbours, r_min = %.4g"
          % (nt, rlo, h, B_e, B_g, npairs, zmax, rmin))
    return dU / abs(U), dW / abs(W), df / np.abs(f).max()


def check(tag, model, N, rlo=None, nt=None):
    dw = read_yaml(tag + ".dwell.yaml")
    ids_d, f_d = read_forces(tag + ".dwell.forces")
    ids_l, f_l = read_dump(tag + ".dump")
    th = read_thermo(tag + ".log")
    if int(dw["N"]) != N or len(ids_d) != N or len(ids_l) != N or not np.array_equal(ids_d, ids_l):
        sys.exit("compare.py: %s: particle counts or ids differ (dwell %s, %d forces; LAMMPS %d forces)"
                 % (tag, dw["N"], len(ids_d), len(ids_l)))
    L = float(dw["box"])
    U_d, U_l = float(dw["energy_per_particle"]) * N, th["PotEng"]
    P_d, P_l = float(dw["pressure"]), th["c_pv"]
    if model == "harmonic":
        tol = harmonic_tolerances(tag, float(rlo), int(nt), U_l, P_l * L**3, f_l)
    else:
        tol = (EXACT_TOL,) * 3
    rel = (abs(U_d - U_l) / abs(U_l), abs(P_d - P_l) / abs(P_l),
           np.abs(f_d - f_l).max() / np.abs(f_l).max())
    print("dwell vs LAMMPS: %s (model %s, N = %d)" % (tag, model, N))
    ok = True
    for name, a, b, e, t in (("energy U", U_d, U_l, rel[0], tol[0]),
                             ("pressure W/V", P_d, P_l, rel[1], tol[1]),
                             ("forces", np.abs(f_d).max(), np.abs(f_l).max(), rel[2], tol[2])):
        good = bool(e <= t)
        ok &= good
        what = "max|f|" if name == "forces" else ""
        print("  %-13s dwell %s%.17g  lammps %s%.17g  rel diff %.3e  tol %.3e  %s"
              % (name, what, a, what, b, e, t, "ok" if good else "FAIL"))
    if not ok:
        print("FAIL: dwell and LAMMPS differ beyond the tolerance")
        return 1
    return 0


def main(argv):
    if len(argv) == 5 and argv[1] == "table":
        write_table(argv[2], float(argv[3]), int(argv[4]))
        return 0
    if len(argv) in (5, 7) and argv[1] == "check":
        return check(argv[2], argv[3], int(argv[4]), *argv[5:])
    print(__doc__.split("\n\n")[0], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
