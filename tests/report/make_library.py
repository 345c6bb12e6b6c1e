#!/usr/bin/python3
"""Writes a small synthetic double-well library with known content, following the schema in
include/dwell/library.h: only the objects `dwell report` and dwell-plot read, each dataset
with its `units` and `description` attributes, integers as int64, strings as fixed-length
attributes (as DWCampaignLibraryWriteAttribute writes them).

Usage: make_library.py OUT.h5 [--empty] [--rho RHO] [--plan] [--modes]

Content (the hand-computed report is in report_cli.sh):
  model pss, N = 100, N_g = 3, seed 7, T_f = (0.092, 0.062), unit sets argon_prl20
  (mt 4000) and nickel_prl20 (mt 30000), k_B T_Q = 2 pi / mt.
  /samples: 6 glasses, s = i_Tf N_g + k; status 1 1 1 | 1 2 1 (sample 4 failed);
            n_is 10 7 5 | 4 3 6; n_dw 2 1 2 | 2 0 1.
  /dw: 8 rows, samples 0 0 1 2 2 | 3 3 5; per unit set E and converged as in DW_E below.
--empty: the same campaign with no double well (/dw columns of 0 rows, n_dw all 0).
--rho: adds "-rho RHO" to the root attribute options.
--plan: the plan per T_f in /campaign ([JCP23] Table I): N_g 3 3, runs 4 8, tau_cg 0.5 2,
        tau_total 100 400 (so N_cg 200 200); and /candidates/sample, neb_reason (why a NEB
        failed): samples 0 0 1 2 3 3 5 with reasons 0 -1 0 -4 -1 -100 0 (T_f 0: one iteration
        cap, one too many intermediate minima; T_f 1: one iteration cap, one error).
--modes: /dw/candidate, /dw/piece and /modes (campaign keys modes_stage, modes_nlmode,
        src/farm/stagemodesrows.c): k = 3 modes per IS a, one /modes/dw row per /dw row plus
        one of failed sample 4 that is no /dw row (dwell-plot must leave it out); the linear
        and nonlinear overlaps of MODES_DW below, nl_converged 1 1 1 0 1 | 1 -1 1 (T_f 0: 4
        of 5 computed converged; T_f 1: 2 of 2, one not computed).
"""
import math
import sys

import h5py
import numpy as np

T_F = [0.092, 0.062]
SETS = ["argon_prl20", "nickel_prl20"]
MT = [4000.0, 30000.0]
# T_Q = 2 pi hbar^2 / (m sigma^2 k_B) with [PRL20]'s m and sigma (src/core/units.c)
T_Q = [0.7296923997986472, 1.015930942984542]
SAMPLE_TF = [0, 0, 0, 1, 1, 1]
STATUS = [1, 1, 1, 1, 2, 1]
N_IS = [10, 7, 5, 4, 3, 6]
N_DW = [2, 1, 2, 2, 0, 1]
DW_SAMPLE = [0, 0, 1, 2, 2, 3, 3, 5]
DW_E = {  # E (eps) and converged per unit set, one entry per /dw row
    "argon_prl20": ([1.0e-4, 1.2e-3, 2.0e-3, 5.0e-4, 1.5e-3, 3.0e-3, 1.0e-3, 1.6e-3],
                    [1, 1, 1, 0, 1, 1, 1, 1]),
    "nickel_prl20": ([1.0e-5, 3.0e-4, 2.0e-4, 1.0e-4, 5.0e-5, 5.0e-4, 6.0e-4, 7.0e-4],
                     [1, 1, 1, 1, 0, 1, 1, 1]),
}
DW_DV = [0.001, 0.004, 0.0005, 0.01, 0.002, 0.003, 0.0008, 0.006]
DW_VB = [0.01, 0.02, 0.005, 0.05, 0.015, 0.03, 0.008, 0.04]
DW_DSQRTPR = [0.1, 0.2, 0.15, 0.3, 0.12, 0.25, 0.18, 0.22]
DW_PR = [5.0, 10.0, 8.0, 20.0, 6.0, 12.0, 7.0, 15.0]
DW_CANDIDATE = [0, 1, 0, 0, 1, 0, 1, 0]
MODES_DW = {  # per /dw row, then the extra row of sample 4: the [PRM21] eqs. 7-8 overlaps
    "c_AB": [0.31, 0.12, 0.66, 0.41, 0.23, 0.87, 0.52, 0.08, 0.9],
    "a_AB": [0.44, 0.38, 0.71, 0.56, 0.47, 0.91, 0.63, 0.29, 0.9],
    "c_AS": [0.27, 0.09, 0.58, 0.36, 0.21, 0.79, 0.49, 0.06, 0.9],
    "a_AS": [0.41, 0.33, 0.68, 0.52, 0.44, 0.88, 0.61, 0.26, 0.9],
    "nl_c_AB": [0.93, 0.5, 1.0, 0.77, 0.62, 0.98, float("nan"), 0.34, 0.9],
    "nl_a_AB": [0.96, 0.66, 1.0, 0.81, 0.73, 0.99, float("nan"), 0.52, 0.9],
    "nl_c_AS": [0.82, 0.43, 0.91, 0.69, 0.57, 0.94, float("nan"), 0.28, 0.9],
    "nl_a_AS": [0.88, 0.61, 0.96, 0.74, 0.69, 0.97, float("nan"), 0.47, 0.9],
    "nl_converged": [1, 1, 1, 0, 1, 1, -1, 1, 1],
}


def text(value):
    """A fixed-length string attribute value."""
    return np.bytes_(value.encode())


def column(group, name, values, dtype, units, description):
    """A 1-D dataset with its units and description."""
    dset = group.create_dataset(name, data=np.asarray(values, dtype=dtype))
    dset.attrs["units"] = text(units)
    dset.attrs["description"] = text(description)


def write_root(f, rho):
    """The root attributes."""
    options = "-model pss\n-N 100\n-N_g 3\n-seed 7\n-T_f 0.092,0.062\n"
    options += "-units argon_prl20,nickel_prl20\n"
    if rho:
        options += "-rho %s\n" % rho
    f.attrs["dwell_version"] = text("0.1.0")
    f.attrs["description"] = text("synthetic library for the report test")
    f.attrs["model"] = text("pss")
    f.attrs["N"] = np.int64(100)
    f.attrs["N_g"] = np.int64(3)
    f.attrs["seed"] = np.int64(7)
    f.attrs["options"] = text(options)


def write_campaign(f):
    """/campaign: T_f, mt, kT_Q, T_Q and the attribute mt_sets."""
    g = f.create_group("campaign")
    g.attrs["mt_sets"] = text(",".join(SETS))
    column(g, "T_f", T_F, "f8", "eps/k_B", "fictive temperatures")
    column(g, "mt", MT, "f8", "1", "dimensionless mass m sigma^2 eps / hbar^2")
    column(g, "kT_Q", [2 * math.pi / mt for mt in MT], "f8", "eps", "k_B T_Q = 2 pi / mt")
    column(g, "T_Q", T_Q, "f8", "K", "T_Q of the unit set")


def write_plan(f):
    """/campaign/N_g, runs, tau_cg, tau_total: one value per T_f."""
    g = f["campaign"]
    column(g, "N_g", [3, 3], "i8", "1", "glasses planned at each T_f")
    column(g, "runs", [4, 8], "i8", "1", "runs per glass at each T_f")
    column(g, "tau_cg", [0.5, 2.0], "f8", "tau", "minimisation interval at each T_f")
    column(g, "tau_total", [100.0, 400.0], "f8", "tau", "run length at each T_f")


def write_candidates(f):
    """/candidates/sample and neb_reason (DWNEBReason of a failed NEB, -100 an error, 0)."""
    g = f.create_group("candidates")
    column(g, "sample", [0, 0, 1, 2, 3, 3, 5], "i8", "1", "glass sample")
    column(g, "neb_reason", [0, -1, 0, -4, -1, -100, 0], "i8", "1", "why the neb task failed")


def write_samples(f, empty):
    """/samples: the per-glass counts."""
    g = f.create_group("samples")
    column(g, "sample", range(6), "i8", "1", "sample s = i_Tf N_g + k")
    column(g, "T_f_index", SAMPLE_TF, "i8", "1", "index into /campaign/T_f")
    column(g, "status", STATUS, "i8", "1", "1 done, 2 failed, 0 not done")
    column(g, "n_is", N_IS, "i8", "1", "inherent structures of the merged glass")
    column(g, "n_dw", [0] * 6 if empty else N_DW, "i8", "1", "double wells of the glass")


def write_dw(f, empty):
    """/dw and /dw/quantum/NAME."""
    rows = [] if empty else list(range(len(DW_SAMPLE)))

    def pick(values):
        return [values[i] for i in rows]

    g = f.create_group("dw")
    column(g, "sample", pick(DW_SAMPLE), "i8", "1", "glass sample")
    column(g, "T_f", pick([T_F[SAMPLE_TF[s]] for s in DW_SAMPLE]), "f8", "eps/k_B", "T_f")
    column(g, "dV", pick(DW_DV), "f8", "eps", "asymmetry V(1) - V(0)")
    column(g, "V_b", pick(DW_VB), "f8", "eps", "barrier V_a - dV / 2")
    column(g, "d_sqrtPR", pick(DW_DSQRTPR), "f8", "sigma", "d / sqrt(PR)")
    column(g, "PR", pick(DW_PR), "f8", "1", "participation ratio")
    for name, mt in zip(SETS, MT):
        q = g.create_group("quantum/" + name)
        q.attrs["mt"] = mt
        q.attrs["kT_Q"] = 2 * math.pi / mt
        E, converged = DW_E[name]
        column(q, "E", pick(E), "f8", "eps", "splitting E_2 - E_1")
        column(q, "Delta", pick([0.5 * e for e in E]), "f8", "eps", "asymmetry Delta")
        column(q, "Delta_0", pick([0.8 * e for e in E]), "f8", "eps", "WKB Delta_0")
        column(q, "converged", pick(converged), "i8", "1", "1 when E converged")


def write_modes(f):
    """/dw/candidate, /dw/piece and /modes: k = 3 modes of the IS a (label = candidate) of
    each double well, the rows of MODES_DW (the last one of failed sample 4, not in /dw)."""
    column(f["dw"], "candidate", DW_CANDIDATE, "i8", "1", "candidate (neb task)")
    column(f["dw"], "piece", [0] * len(DW_SAMPLE), "i8", "1", "piece of the path")
    g = f.create_group("modes")
    samples = DW_SAMPLE + [4]
    labels = DW_CANDIDATE + [0]
    n = len(samples)
    column(g, "is/sample", samples, "i8", "1", "glass sample")
    column(g, "is/label", labels, "i8", "1", "library IS label")
    omega = [[0.5 + 0.1 * i, 1.0 + 0.1 * i, 1.5 + 0.1 * i] for i in range(n)]
    column(g, "is/omega", omega, "f8", "1/tau", "frequencies")
    column(g, "is/P", [[0.1, 0.3, 0.6]] * n, "f8", "1", "participation ratio")
    column(g, "is/O", [[0.05, 0.2, 0.7]] * n, "f8", "1", "phonon order parameter")
    column(g, "dw/sample", samples, "i8", "1", "glass sample")
    column(g, "dw/candidate", labels, "i8", "1", "candidate")
    column(g, "dw/piece", [0] * n, "i8", "1", "piece")
    column(g, "dw/is_a", labels, "i8", "1", "IS a")
    for name in ("c_AB", "a_AB", "c_AS", "a_AS"):
        column(g, "dw/" + name, MODES_DW[name], "f8", "1", "best linear overlap")
        column(g, "dw/%s_mode" % name, [0] * n, "i8", "1", "its mode")
    for name in ("c_12", "a_12"):
        column(g, "dw/" + name, [float("nan")] * n, "f8", "1", "no r_12")
        column(g, "dw/%s_mode" % name, [-1] * n, "i8", "1", "no r_12")
    for name, values in MODES_DW.items():
        if name.startswith("nl_"):
            column(g, "dw/" + name, values, "i8" if name == "nl_converged" else "f8", "1",
                   "nonlinear mode from r_AB")


def main(argv):
    """Writes the library named on the command line."""
    out, empty, rho = argv[1], "--empty" in argv, None
    if "--rho" in argv:
        rho = argv[argv.index("--rho") + 1]
    with h5py.File(out, "w") as f:
        write_root(f, rho)
        write_campaign(f)
        if "--plan" in argv:
            write_plan(f)
            write_candidates(f)
        write_samples(f, empty)
        write_dw(f, empty)
        if "--modes" in argv:
            write_modes(f)


if __name__ == "__main__":
    main(sys.argv)
