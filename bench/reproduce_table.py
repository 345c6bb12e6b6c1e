#!/usr/bin/python3
"""The table of bench/reproduce.sh: dwell's landscape ratios per T_f next to the papers'.

usage: reproduce_table.py LIBRARY.h5 [LIBRARY.h5 ...]
For each library, `dwell report` has written report.yaml next to it (N_g, N_IS, N_DW and
N_TLS per T_f and unit set); the glasses' tau_alpha (swap dynamics, tau) come from
/samples/tau_alpha. Errors are Poisson: a ratio K/M of counts has the error sqrt(K)/M.
Papers: [JCP23] Table I (ternary LJ, data sets 1 and 2, ratios at t = tau_total) and
[PRM21] section IV / [PRL20] (pss: N_DW and argon TLS at T_f = 0.092, 0.07, 0.062 with
N_g = 15, 50, 200; no N_IS is published)."""
import math
import os
import sys

import h5py
import numpy as np
import yaml

# [JCP23] Table I: T_f -> (set, N_g, tau_total in tau (steps x 2.5e-3), N_IS/N_g, N_DW/N_IS, N_TLS/N_DW)
JCP23 = {
    0.617: [("set 1", 16, 4400, 2.27e3, 2.77e-1, 3.98e-3), ("set 2", 128, 500, 5.49e2, 1.48e-1, 2.87e-3)],
    0.558: [("set 1", 64, 1700, 3.64e2, 3.59e-1, 2.39e-3), ("set 2", 256, 750, 3.44e2, 2.35e-1, 2.96e-3)],
    0.509: [("set 1", 256, 1075, 1.18e2, 4.01e-1, 3.38e-3), ("set 2", 512, 4500, 2.33e2, 3.47e-1, 3.31e-3)],
    0.488: [("set 2", 1024, 7750, 1.15e2, 3.23e-1, 3.29e-3)],
}
# [PRM21] IV (the data of [PRL20]): T_f -> (N_g, N_DW, argon TLS, NiP TLS)
PSS = {0.092: (15, 117339, 1008, 248), 0.07: (50, 21109, 291, 46), 0.062: (200, 14202, 61, 28)}


def ratio(k, m):
    """K/M with its Poisson error, as text."""
    if m <= 0:
        return "-"
    return f"{k / m:.3g} +- {math.sqrt(k) / m:.2g}"


def paper_key(table, T):
    return next((t for t in table if abs(t - T) < 1e-9), None)


def main():
    for path in sys.argv[1:]:
        if not os.path.exists(path):
            continue
        rep = yaml.safe_load(open(os.path.join(os.path.dirname(path), "report.yaml")))
        with h5py.File(path, "r") as f:
            tf_index = f["samples/T_f_index"][()]
            tau_alpha = f["samples/tau_alpha"][()] if "samples/tau_alpha" in f else None
        print(f"\n== {path}: {rep['model']}, N = {rep['N']}")
        print(f"{'T_f':>6} {'tau_alpha':>16} {'N_g':>4} {'N_IS':>6} {'N_DW':>6}  "
              f"{'N_IS/N_g':>16} {'N_DW/N_IS':>18} {'N_TLS/N_DW (unit set)':>34}")
        for t in rep["T_f"]:
            T, ng, nis, ndw = t["T_f"], t["N_g"], t["N_IS"], t["N_DW"]
            ta = "-"
            if tau_alpha is not None:
                v = tau_alpha[tf_index == t["index"]]
                v = v[np.isfinite(v)]
                ta = f"{v.mean():.3g} ({len(v)})" if len(v) else "-"
            tls = "; ".join(f"{ratio(u['N_TLS'], ndw)} ({u['name']})" for u in t["unit_sets"])
            print(f"{T:>6} {ta:>16} {ng:>4} {nis:>6} {ndw:>6}  {ratio(nis, ng) if ng else '-':>16} "
                  f"{ratio(ndw, nis):>18} {tls}")
            if rep["model"] in ("ka2", "tlj") and paper_key(JCP23, T) is not None:
                for name, png, ptau, a, b, c in JCP23[paper_key(JCP23, T)]:
                    print(f"{'':>6} [JCP23] {name}: N_g {png}, tau_total {ptau} tau: N_IS/N_g {a:.3g}, "
                          f"N_DW/N_IS {b:.3g}, N_TLS/N_DW {c:.3g} (unit set not stated)")
            if rep["model"] == "pss" and paper_key(PSS, T) is not None:
                png, pdw, ptls, pnip = PSS[paper_key(PSS, T)]
                print(f"{'':>6} dwell: N_DW/N_g {ratio(ndw, ng)}")
                print(f"{'':>6} [PRM21]/[PRL20]: N_g {png}: N_DW/N_g {pdw / png:.3g}, "
                      f"N_TLS/N_DW {ptls / pdw:.3g} (argon, mt = 4000), {pnip / pdw:.3g} (nickel, mt = 30000)")


if __name__ == "__main__":
    main()
