#!/usr/bin/python3
"""The table of bench/minimize.sh from its results file, one line per minimisation:

  MODEL KIND START METHOD EVALS_1e-10 EVALS_1e-6 CONVERGED CPU U/N FMAX

(EVALS_1e-10 = 0: |F|_inf <= 1e-10 not reached; EVALS_1e-6 = '-': not measured.)

Per model and kind of start: the mean over the starts of the force evaluations to
|F|_inf <= 1e-10 (only for a method that reached it from every start, else the number of
starts it reached), to 1e-6, and of the CPU seconds. A method family with a scanned
parameter (LAMMPS FIRE dt, dwell FIRE dt, scipy maxcor, TAO history / CG type) is tuned per
model and kind: its member with the fewest mean evaluations to 1e-10 (to 1e-6 if none
converged) is the family's entry. Ratios: the best peer (the fewest mean evaluations among
the peers, at 1e-10 among those that converged everywhere; at 1e-6 among all) over each
dwell method (dwell FIRE at its best dt).

  minimize_report.py RESULTS
"""
import collections
import re
import sys


def family(method):
    """The tuned family of a method: the scanned parameter stripped."""
    return re.sub(r"(-dt[0-9.]+|-m[0-9]+|-hz)$", "", method)


def is_dwell(method):
    return method.startswith("dwell-")


def main():
    runs = collections.defaultdict(list)
    for line in open(sys.argv[1]):
        t = line.split()
        if len(t) < 10:
            continue
        model, kind, _start, method = t[:4]
        e10, e6, conv, cpu = int(t[4]), t[5], int(t[6]), float(t[7])
        runs[(model, kind, method)].append((e10, None if e6 == "-" else int(e6), conv, cpu))
    cases = sorted({(m, k) for (m, k, _) in runs}, key=lambda c: ("ka", "ka2", "pss").index(c[0]) * 2 + (c[1] == "liquid"))
    for model, kind in cases:
        stats = {}
        for (m, k, meth), rs in runs.items():
            if (m, k) != (model, kind):
                continue
            n = len(rs)
            nconv = sum(1 for r in rs if r[0] > 0)
            e10 = sum(r[0] for r in rs) / n if nconv == n else None
            e6s = [r[1] for r in rs if r[1]]
            e6 = sum(e6s) / n if len(e6s) == n else None
            stats[meth] = dict(n=n, nconv=nconv, e10=e10, e6=e6, cpu=sum(r[3] for r in rs) / n)
        # the tuned member of each family
        best = {}
        for meth, s in stats.items():
            fam = family(meth)
            key = (s["e10"] is None, s["e10"] or 0, s["e6"] is None, s["e6"] or 0)
            if fam not in best or key < best[fam][0]:
                best[fam] = (key, meth)
        tuned = {best[f][1] for f in best}
        n = max(s["n"] for s in stats.values())
        print("\n%s, %s starts (%d): force evaluations and CPU seconds per IS (mean)" % (model, kind, n))
        print("  %-26s %12s %10s %9s" % ("method", "to 1e-10", "to 1e-6", "CPU s"))
        order = sorted(stats, key=lambda m: (not is_dwell(m), family(m), m))
        for meth in order:
            s = stats[meth]
            e10 = "%.0f" % s["e10"] if s["e10"] is not None else "%d/%d conv." % (s["nconv"], s["n"])
            e6 = "%.0f" % s["e6"] if s["e6"] is not None else "-"
            mark = " *" if (meth in tuned and family(meth) != meth) else ""
            print("  %-26s %12s %10s %9.3f%s" % (meth, e10, e6, s["cpu"], mark))
        peers = [m for m in tuned if not is_dwell(m)]
        conv_peers = [m for m in peers if stats[m]["e10"] is not None]
        p10 = min(conv_peers, key=lambda m: stats[m]["e10"]) if conv_peers else None
        p6s = [m for m in peers if stats[m]["e6"] is not None]
        p6 = min(p6s, key=lambda m: stats[m]["e6"]) if p6s else None
        pcpu = min(conv_peers, key=lambda m: stats[m]["cpu"]) if conv_peers else None
        print("  (* the best setting of a scanned method)")
        for meth in [m for m in order if is_dwell(m) and m in tuned]:
            s = stats[meth]
            parts = []
            if p10 and s["e10"]:
                parts.append("%.1fx fewer evaluations than %s to 1e-10" % (stats[p10]["e10"] / s["e10"], p10))
            if p6 and s["e6"]:
                parts.append("%.1fx than %s to 1e-6" % (stats[p6]["e6"] / s["e6"], p6))
            if pcpu and s["e10"]:
                parts.append("%.1fx less CPU than %s" % (stats[pcpu]["cpu"] / s["cpu"], pcpu))
            print("  %-20s %s" % (meth + ":", "; ".join(parts) if parts else "not converged everywhere"))


if __name__ == "__main__":
    main()
