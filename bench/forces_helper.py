#!/usr/bin/python3
"""Helper of bench/forces.sh: writes the ka2 pair table for LAMMPS, reads LAMMPS's and
bench_forces's timings, and prints the comparison table.

  forces_helper.py table OUT NPTS            ka2 table (6 sections AA AB AC BB BC CC)
  forces_helper.py lammps LOG                timing of a LAMMPS run as YAML
  forces_helper.py report DIR                the table from DIR/*.timing.yaml
"""
import glob
import os
import re
import sys

import numpy as np

# ka2 model of dwell (src/potential/ternary.c, DESIGN.md section 3.2: KA2 of Parmar, Ozawa,
# Berthier), types 1, 2, 3 = A, B, C
KA2_EPS = {(1, 1): 1.0, (1, 2): 1.5, (1, 3): 1.25, (2, 2): 0.5, (2, 3): 1.0, (3, 3): 0.75}
KA2_SIGMA = {(1, 1): 1.0, (1, 2): 0.8, (1, 3): 0.9, (2, 2): 0.88, (2, 3): 0.84, (3, 3): 0.94}
XC = 2.5
C0 = 10 / XC**6 - 28 / XC**12
C2 = 48 / XC**14 - 15 / XC**8
C4 = 6 / XC**10 - 21 / XC**16


def ka2_phi_force(eps, s, r):
    """phi and F = -phi' of the smoothed ternary LJ pair, 4 eps [x^-12 - x^-6 + C0 + C2 x^2 + C4 x^4]."""
    x = r / s
    phi = 4 * eps * (x**-12 - x**-6 + C0 + C2 * x**2 + C4 * x**4)
    force = 4 * eps * (12 * x**-13 - 6 * x**-7 - 2 * C2 * x - 4 * C4 * x**3) / s
    dforce = 4 * eps * (-156 * x**-14 + 42 * x**-8 - 2 * C2 - 12 * C4 * x**2) / s**2
    return phi, force, dforce


def write_table(path, npts):
    """Nodes uniform in r^2 on [0.5 s, 2.5 s], exactly LAMMPS's internal nodes (no re-spline)."""
    with open(path, "w") as fp:
        fp.write("# dwell ka2: smoothed ternary LJ (Parmar, Ozawa, Berthier), r < 2.5 s_ab\n")
        for (a, b), eps in KA2_EPS.items():
            s = KA2_SIGMA[(a, b)]
            rlo, rhi = 0.5 * s, XC * s
            innersq = rlo * rlo
            delta = (rhi * rhi - innersq) / (npts - 1)
            r = np.sqrt(innersq + np.arange(npts) * delta)
            phi, force, _ = ka2_phi_force(eps, s, r)
            _, _, fp_lo = ka2_phi_force(eps, s, rlo)
            _, _, fp_hi = ka2_phi_force(eps, s, rhi)
            fp.write("\nKA2_%d%d\nN %d RSQ %r %r FPRIME %.17g %.17g\n\n" % (a, b, npts, rlo, rhi, fp_lo, fp_hi))
            for k in range(npts):
                fp.write("%d %.17g %.17g %.17g\n" % (k + 1, r[k], phi[k], force[k]))


def lammps_timing(log):
    """Pair and Neigh times of the last run in a LAMMPS log; its Pair time covers `steps`
    force evaluations (the setup evaluation happens before LAMMPS starts its timers).
    LAMMPS times are wall clock; they are turned into CPU seconds with the run's "% CPU
    use" (the CPU share of the loop, assumed the same in every section), to compare with
    bench_forces's CPU times on a shared machine."""
    text = open(log).read()
    runs = text.split("Loop time of ")
    if len(runs) < 2:
        sys.exit("forces_helper.py: no completed run in %s" % log)
    last = runs[-1]
    m = re.match(r"\s*(\S+) on (\d+) procs for (\d+) steps with (\d+) atoms", last)
    loop, procs, steps, natoms = float(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4))
    sect = dict(re.findall(r"^(\w+)\s*\|\s*\S+\s*\|\s*(\S+)\s*\|", last, re.M))
    builds = int(re.search(r"Neighbor list builds = (\d+)", last).group(1))
    cpu = float(re.search(r"([0-9.]+)% CPU use", last).group(1)) / 100
    pair, neigh = cpu * float(sect["Pair"]), cpu * float(sect["Neigh"])
    print("N: %d\nprocs: %d\nsteps: %d\nevaluations: %d\nneighbor_builds: %d" % (natoms, procs, steps, steps, builds))
    print("cpu_share: %.4f" % cpu)
    print("time_pair: %.6f\ntime_neighbor: %.6f\ntime_total: %.6f\ntime_loop: %.6f" % (pair, neigh, pair + neigh, loop))
    print("evals_per_second_pair: %.2f\nevals_per_second_total: %.2f" % (steps / pair, steps / (pair + neigh)))


def read_yaml(path):
    out = {}
    for line in open(path):
        if ":" in line and not line.startswith(" "):
            k, v = line.split(":", 1)
            out[k.strip()] = v.strip()
    return out


def report(directory):
    """One block per system: LAMMPS reference(s), then dwell; ratios dwell / reference."""
    rows = {}
    for path in sorted(glob.glob(os.path.join(directory, "*.timing.yaml"))):
        system, code = os.path.basename(path)[: -len(".timing.yaml")].split(".", 1)
        rows.setdefault(system, []).append((code, read_yaml(path)))
    print("%-10s %-30s %6s %7s %7s %10s %10s %7s %7s" % ("system", "code", "N", "evals", "builds",
          "pair/s", "total/s", "ratio_p", "ratio_t"))
    print("%-10s %-30s %6s %7s %7s %10s %10s %7s %7s" % ("", "", "", "", "", "", "", "pair", "total"))
    for system, entries in rows.items():
        entries.sort(key=lambda e: (not e[0].startswith("lammps"), e[0]))
        ref = entries[0][1]
        for code, y in entries:
            rp = float(y["evals_per_second_pair"]) / float(ref["evals_per_second_pair"])
            rt = float(y["evals_per_second_total"]) / float(ref["evals_per_second_total"])
            print("%-10s %-30s %6s %7s %7s %10.1f %10.1f %7.2f %7.2f" % (system, code, y["N"], y["evaluations"],
                  y["neighbor_builds"], float(y["evals_per_second_pair"]), float(y["evals_per_second_total"]), rp, rt))
    print("ratio = dwell evaluations per CPU second / those of the first LAMMPS row of the system"
          " (pair: pair kernel only; total: pair + neighbour list)")


def main(argv):
    if len(argv) == 4 and argv[1] == "table":
        write_table(argv[2], int(argv[3]))
    elif len(argv) == 3 and argv[1] == "lammps":
        lammps_timing(argv[2])
    elif len(argv) == 3 and argv[1] == "report":
        report(argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
