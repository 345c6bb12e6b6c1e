#!/usr/bin/python3
"""Checks of dwell glass files, for tests/dynamics/glass_cmd.sh.

  glass_check.py same A B        every group, dataset and attribute of A and B bit-identical
                                 (values compared as raw bytes: NaN-safe, no tolerance)
  glass_check.py differ A B      the glass positions of A and B differ
  glass_check.py schema FILE T_EXP
      the file is self-describing and physically sane:
      - root attributes dwell_version, options, seed, model, N, T_f, T_exp;
      - every dataset carries non-empty 'units' and 'description' attributes;
      - /config and /equilibrated hold positions (N x 3), species (N), velocities (N x 3);
      - the glass's kinetic temperature is T_EXP within 15 % (3 x sqrt(2/(3N)) for N = 300),
        its potential energy per particle below the equilibrated liquid's;
      - the second-half F_s starts near 1, drops below 1/e, and tau_alpha lies between the
        lags that bracket that crossing; run_length_tau_alpha = duration / tau_alpha;
      - record/equilibrated = 1 exactly when the run spans required_tau_alpha tau_alpha and
        tau_alpha_earlier / tau_alpha - 1 is within tau_alpha_tolerance.
"""
import sys

import h5py
import numpy as np


def walk(f):
    """{path: object} of every group and dataset below the root, root included."""
    out = {"/": f}
    f.visititems(lambda name, obj: out.__setitem__("/" + name, obj))
    return out


def same(a, b):
    fa, fb = h5py.File(a, "r"), h5py.File(b, "r")
    oa, ob = walk(fa), walk(fb)
    bad = []
    if set(oa) != set(ob):
        bad.append("objects differ: %s" % sorted(set(oa) ^ set(ob)))
    for path in sorted(set(oa) & set(ob)):
        x, y = oa[path], ob[path]
        if set(x.attrs) != set(y.attrs):
            bad.append("%s: attributes differ" % path)
        for k in set(x.attrs) & set(y.attrs):
            if np.asarray(x.attrs[k]).tobytes() != np.asarray(y.attrs[k]).tobytes():
                bad.append("%s: attribute %s differs" % (path, k))
        if isinstance(x, h5py.Dataset):
            if x.dtype != y.dtype or x.shape != y.shape or np.asarray(x[()]).tobytes() != np.asarray(y[()]).tobytes():
                bad.append("%s: values differ" % path)
    for line in bad:
        print("FAIL " + line)
    print("%s: %d objects compared, %d differences" % ("ok  " if not bad else "FAIL", len(oa), len(bad)))
    return not bad


def differ(a, b):
    pa, pb = h5py.File(a, "r")["config/positions"][()], h5py.File(b, "r")["config/positions"][()]
    ok = pa.shape != pb.shape or not np.array_equal(pa, pb)
    print("%s glass positions of %s and %s differ" % ("ok  " if ok else "FAIL", a, b))
    return ok


def check(ok, what):
    print("%s %s" % ("ok  " if ok else "FAIL", what))
    return ok


def schema(path, T_exp):
    f = h5py.File(path, "r")
    ok = True
    for key in ("dwell_version", "options", "seed", "model", "N", "T_f", "T_exp"):
        ok &= check(key in f.attrs, "root attribute %s" % key)
    missing = []

    def described(name, obj):
        if isinstance(obj, h5py.Dataset):
            for a in ("units", "description"):
                if a not in obj.attrs or not len(obj.attrs[a]):
                    missing.append("%s/%s" % (name, a))

    f.visititems(described)
    ok &= check(not missing, "every dataset has units and description (missing: %s)" % (missing or "none"))
    N = int(f.attrs["N"])
    for g in ("config", "equilibrated"):
        ok &= check(f[g + "/positions"].shape == (N, 3) and f[g + "/species"].shape == (N,) and f[g + "/velocities"].shape == (N, 3), "/%s holds positions, species, velocities of N = %d" % (g, N))
    v = f["config/velocities"][()]
    Tkin = (v * v).sum() / (3 * N - 3)
    ok &= check(abs(Tkin / T_exp - 1) < 0.15, "glass kinetic temperature %.4f = T_exp %.4f within 15%%" % (Tkin, T_exp))
    Ug, Ue = f["config/potential_energy"][()], f["equilibrated/potential_energy"][()]
    ok &= check(Ug < Ue, "glass U/N %.5f below the equilibrated liquid's %.5f (eps)" % (Ug, Ue))
    t, F = f["record/fs/lag_time"][()], f["record/fs/F_s"][()]
    tau = f["record/tau_alpha"][()]
    below = np.nonzero(F < np.exp(-1))[0]
    ok &= check(F[0] > 0.9 and len(below) > 0, "second-half F_s starts at %.3f > 0.9 and falls below 1/e" % F[0])
    if len(below):
        m = below[0]
        lo = t[m - 1] if m > 0 else 0
        ok &= check(lo <= tau <= t[m], "tau_alpha %.4g within the bracketing lags [%.4g, %.4g]" % (tau, lo, t[m]))
        ratio = f["record/duration"][()] / tau
        ok &= check(abs(f["record/run_length_tau_alpha"][()] / ratio - 1) < 1e-12, "run_length_tau_alpha = duration / tau_alpha = %.4g" % ratio)
        te = f["record/tau_alpha_earlier"][()]
        proven = ratio >= f["record/required_tau_alpha"][()] and te > 0 and abs(te / tau - 1) <= f["record/tau_alpha_tolerance"][()]
        ok &= check(bool(f["record/equilibrated"][()]) == proven, "record/equilibrated = %d (tau_alpha %.4g, earlier %.4g, run %.3g tau_alpha)" % (f["record/equilibrated"][()], tau, te, ratio))
    return ok


def main():
    mode = sys.argv[1]
    if mode == "same":
        good = same(sys.argv[2], sys.argv[3])
    elif mode == "differ":
        good = differ(sys.argv[2], sys.argv[3])
    elif mode == "schema":
        good = schema(sys.argv[2], float(sys.argv[3]))
    else:
        sys.exit("glass_check.py: unknown mode %s" % mode)
    sys.exit(0 if good else 1)


if __name__ == "__main__":
    main()
