#!/usr/bin/python3
"""dwell-plot's [PRM21] Fig. 7 (modes_nl_ca_pdf.png: c and a of the nonlinear mode from r_AB
against the best linear mode, for r_AB and r_AS) from the synthetic library of
make_library.py --modes, whose content is listed there.

Asserted:
  - dwell-plot writes and lists modes_nl_ca_pdf.png (a PNG) for the library with /modes, and
    not for the library without (make_library.py alone);
  - the figure's step histograms hold the stored values: every panel (field, c or a) has per
    T_f a nonlinear and a linear curve whose heights times (n width), n the DWs drawn, are
    the counts of the stored /modes/dw values in the bins of width 1/20 (floor(20 v), v = 1
    in the last bin), computed here from the file with h5py over the /modes/dw rows that
    are /dw rows (the extra row of failed sample 4 left out) and whose nl_converged is 1;
  - a dwell nlmode file (an /nlmode group: one double well) is refused with a message that
    says so, exit status non-zero;
  - the counts sum to the converged double wells per T_f, known by hand: 4 (T_f 0: row 3
    did not converge) and 2 (T_f 1: row 6 not computed), 6 of 7 computed in the title.
The stored values stay clear of the bin edges but for 0.5 and 1 (exact in binary, so floor
and np.histogram agree). Exact integer comparison after rounding (heights are counts / (n width), n <= 5, so the
rounding error is ~1e-15 of a count).

Usage: plot_nlmode.py SOURCE_DIR WORKDIR
"""
import importlib.machinery
import importlib.util
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

failed = []


def check(ok, what):
    print("%s %s" % ("ok  " if ok else "FAIL", what))
    if not ok:
        failed.append(what)


def load_plot(src):
    """dwell-plot as a module (the file has no .py suffix)."""
    path = os.path.join(src, "src/plot/dwell-plot")
    loader = importlib.machinery.SourceFileLoader("dwell_plot", path)
    spec = importlib.util.spec_from_loader("dwell_plot", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def expected(lib):
    """Per (field, q, kind) and T_f index the bin counts of the stored values, and the
    converged count per T_f, from the file."""
    with h5py.File(lib, "r") as f:
        dw = set(zip(f["dw/sample"][()], f["dw/candidate"][()], f["dw/piece"][()]))
        m = f["modes/dw"]
        keys = list(zip(m["sample"][()], m["candidate"][()], m["piece"][()]))
        rows = np.array([k in dw for k in keys]) & (m["nl_converged"][()] == 1)
        tf_of = dict(zip(f["samples/sample"][()], f["samples/T_f_index"][()]))
        tf = np.array([tf_of[s] for s in m["sample"][()]])
        out, nconv = {}, {}
        for t in (0, 1):
            sel = rows & (tf == t)
            nconv[t] = int(sel.sum())
            for suffix, name in (("AB", "r_AB"), ("AS", "r_AS")):
                for q in ("c", "a"):
                    for kind, col in (("nonlinear", "nl_%s_%s" % (q, suffix)), ("linear", "%s_%s" % (q, suffix))):
                        v = m[col][()][sel]
                        counts = np.zeros(20, dtype=int)
                        for b in np.minimum(np.floor(20 * v).astype(int), 19):
                            counts[b] += 1
                        out[(name, q, kind, t)] = counts
    return out, nconv


def main(src, work):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    make = os.path.join(src, "tests/report/make_library.py")
    plot = os.path.join(src, "src/plot/dwell-plot")
    for name, extra in (("modes", ["--modes"]), ("plain", [])):
        lib = os.path.join(work, name + ".h5")
        subprocess.run([sys.executable, make, lib] + extra, check=True)
        out = os.path.join(work, name)
        res = subprocess.run([sys.executable, plot, lib, "-o", out], capture_output=True, text=True)
        png = os.path.join(out, "modes_nl_ca_pdf.png")
        listed = png in res.stdout.split("\n")
        if name == "modes":
            with open(png, "rb") as fp:
                magic = fp.read(4)
            check(res.returncode == 0 and listed and magic[1:4] == b"PNG",
                  "library with nonlinear modes: modes_nl_ca_pdf.png written and listed")
        else:
            check(res.returncode == 0 and not listed and not os.path.exists(png),
                  "library without /modes: no modes_nl_ca_pdf.png")

    nlfile = os.path.join(work, "nl.h5")
    with h5py.File(nlfile, "w") as f:
        f.create_group("nlmode/r_AB").create_dataset("c", data=[0.9])
    res = subprocess.run([sys.executable, plot, nlfile, "-o", work], capture_output=True, text=True)
    check(res.returncode != 0 and "dwell nlmode file: one double well" in res.stderr,
          "an nlmode file is refused with a message (%s)" % res.stderr.strip())

    lib = os.path.join(work, "modes.h5")
    mod = load_plot(src)
    figs = []
    save = mod.save
    mod.save = lambda fig, outdir, name, written: (figs.append((name, fig)), save(fig, outdir, name, written))
    ov = mod.read_library_overlaps(lib)
    ov["model"] = "pss"
    mod.plot_nl_ca_pdf(ov, work, [])
    fig = dict(figs)["modes_nl_ca_pdf.png"]
    want, nconv = expected(lib)
    check(nconv == {0: 4, 1: 2}, "converged double wells per T_f from the file: %s (hand: 4, 2)" % nconv)
    check("6 of 7 double wells converged" in fig._suptitle.get_text(), "title: 6 of 7 converged")
    width = 1 / 20
    for ax in fig.axes:
        q, name = ax.get_title().split(", ")
        steps = [p for p in ax.patches if p.__class__.__name__ == "StepPatch"]
        check(len(steps) == 4, "%s %s: 4 curves (2 T_f x nonlinear, linear)" % (q, name))
        for p in steps:
            kind, tflabel = p.get_label().split(", ")
            t = 0 if "0.092" in tflabel else 1
            heights, edges = p.get_data()[0], p.get_data()[1]
            counts = np.rint(heights * nconv[t] * width).astype(int)
            same_edges = np.allclose(edges, np.linspace(0, 1, 21), rtol=0, atol=1e-15)
            check(same_edges and np.array_equal(counts, want[(name, q, kind, t)])
                  and counts.sum() == nconv[t]
                  and np.allclose(heights * nconv[t] * width, counts, rtol=0, atol=1e-12),
                  "%s %s %s T_f index %d: drawn counts %s = stored values binned, sum %d"
                  % (q, name, kind, t, counts.tolist(), nconv[t]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
