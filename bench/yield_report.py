"""TLS per core-hour of campaign runs of the paper and fast protocols (bench/yield.sh, issue 16).

usage: yield_report.py [--ranks P] PAPER FAST [VARIANT ...]
Each argument is a campaign directory DIR of bench/yield.sh: DIR/library.h5, DIR.log (the
master's "workers:" line), DIR.wall (wall seconds) and DIR.csv (-log_view ascii_csv, a row per
event and rank) and, if present, DIR.time (a line "wall user system" in seconds per rank,
/usr/bin/time: CPU time is less sensitive than wall time to other jobs on the machine). The NEB
stage's CPU time is estimated as its -log_view wall time times the workers' CPU / busy ratio
(the master taken as the rank of least CPU time), which assumes the machine's load constant
over the run. The first run is the reference (the paper protocol); every other one is
compared with it. A TLS is a converged double well with E < k_B T_Q of its unit set; double
wells of two runs match by (sample, is_a, is_b) (same seed: identical glasses and IS labels),
or, where an end is an unlabelled intermediate minimum in one run, by sample, dV and V_b.
Both runs prepare the same glasses, so the ratios are also printed without the glass stage
(CPU less the glass stage's -log_view time scaled the same way as the NEB stage's).
"""
import argparse
import collections
import re

import h5py
import numpy as np

# The worker ranks' -log_view events summed into a stage (event times are inclusive; the rest
# of the busy time is the exploration runs, the fast protocol's pool features, I/O).
STAGES = {
    "glass": ("DWGlassRelax", "DWGlassEquilib", "DWGlassQuench"),
    "neb": ("DWNEBSolve", "DWModesSolve", "DWTunnelSolve"),
    "merge": ("DWISLibraryMerge",),
    "screen": ("DWScreenTrain", "DWScreenPredict"),
}
FLAG_ADDED = 8
# near-TLS: double wells with E < NEAR k_B T_Q (the default screen_multiple), counted beside the
# TLS because a reduced campaign finds few TLS or none
NEAR = 10


def text(x):
    return x.decode() if isinstance(x, bytes) else str(x)


def has_loop(v, depth=1e-4, same=1e-6):
    """Whether profile v (eps, NaN-padded) has an interior local minimum within `same` of an
    end's energy and more than `depth` below the highest point on each side of it: the band
    went from that end over a barrier and back to the end's IS."""
    v = v[~np.isnan(v)]
    for k in range(1, len(v) - 1):
        if (v[k] < v[k - 1] and v[k] <= v[k + 1] and min(abs(v[k] - v[0]), abs(v[k] - v[-1])) < same
                and v[:k].max() - v[k] > depth and v[k + 1:].max() - v[k] > depth):
            return True
    return False


class Run:
    def __init__(self, path, ranks):
        self.path, self.ranks = path, ranks
        with h5py.File(f"{path}/library.h5", "r") as f:
            self.protocol = text(f.attrs.get("protocol", b"paper"))
            self.units = text(f["campaign"].attrs["mt_sets"]).split(",")
            self.kT = dict(zip(self.units, f["campaign/kT_Q"][()]))
            stages = text(f["campaign/tasks"].attrs["stages"]).split(",")
            self.tasks = dict(zip(stages, f["campaign/tasks/done"][()]))
            n_dw = len(f["dw/sample"]) if "dw/sample" in f else 0
            key = np.zeros((n_dw, 3), dtype=np.int64)
            if n_dw:
                a, b = f["dw/is_a"][()], f["dw/is_b"][()]
                key = np.stack([f["dw/sample"][()], np.minimum(a, b), np.maximum(a, b)], axis=1)
            self.n_dw = n_dw
            # (dV, V_b) of the double wells of each key: a double well with an end at an
            # unlabelled intermediate minimum (is = -1) is identified by its energies instead
            self.energy = collections.defaultdict(list)
            if n_dw:
                for k, dv, vb in zip(map(tuple, key), f["dw/dV"][()], f["dw/V_b"][()]):
                    self.energy[k].append((dv, vb))
            # double wells found by the NEBs before the deduplication of /dw (the same double
            # well reached from several pairs)
            self.pieces = int(f["candidates/n_dw"][()].sum()) if n_dw else 0
            # paths whose profile has an interior minimum at an end's energy (to 1e-6 eps): the
            # band left an end and came back to it, so the 1D problem sees two degenerate wells
            loop = np.array([has_loop(v) for v in f["dw/V"][()]], dtype=bool) if n_dw else []
            self.loops = {tuple(k) for k, lp in zip(key, loop) if lp}
            self.tls, self.near = {}, {}  # unit set -> set of keys
            for u in self.units:
                if not n_dw:
                    self.tls[u] = self.near[u] = set()
                    continue
                q = f[f"dw/quantum/{u}"]
                ok = (q["E"][()] < self.kT[u]) & (q["converged"][()] == 1)
                self.tls[u] = {tuple(k) for k in key[ok]}
                ok = (q["E"][()] < NEAR * self.kT[u]) & (q["converged"][()] == 1)
                self.near[u] = {tuple(k) for k in key[ok]}
            self.added = {u: set() for u in self.units}  # TLS from flag-8 pairs
            self.screen = None
            if "screen" in f:
                s = f["screen"]
                flags, cand, sample = s["flags"][()], s["candidate"][()], s["sample"][()]
                run = cand >= 0
                self.screen = {
                    "pool": len(flags),
                    "run": int(run.sum()),
                    "warmup": int((run & (flags & 1 > 0)).sum()),
                    "model": int((run & (flags & 2 > 0)).sum()),
                    "random": int((run & (flags & 4 > 0)).sum()),
                    "added_pool": int((flags & FLAG_ADDED > 0).sum()),
                    "added_run": int((run & (flags & FLAG_ADDED > 0)).sum()),
                    "trained": int((flags & 2 > 0).sum() + (flags & 4 > 0).sum()) > 0,
                }
                added = {(int(sa), int(c)) for sa, c, fl in zip(sample, cand, flags)
                         if c >= 0 and fl & FLAG_ADDED}
                if n_dw:
                    dwc = zip(f["dw/sample"][()], f["dw/candidate"][()], map(tuple, key))
                    added_keys = {k for sa, c, k in dwc if (int(sa), int(c)) in added}
                    for u in self.units:
                        self.added[u] = self.tls[u] & added_keys
        self.wall = float(open(f"{path}.wall").read())
        self.cpu = self.worker_cpu = float("nan")
        self.cpu_note, self.cpu_lines, rows, cpus = "", 0, [], []
        try:
            rows = [line.split() for line in open(f"{path}.time")]
            rows = [[float(x) for x in r] for r in rows if len(r) == 3 and r[0][0].isdigit()]
            cpus = sorted(r[1] + r[2] for r in rows)
            if len(rows) == ranks:
                self.cpu, self.worker_cpu = sum(cpus), sum(cpus[1:])
            self.cpu_lines = len(rows)
        except OSError:
            pass
        log = open(f"{path}.log").read()
        m = re.search(r"^workers: (\d+), busy ([0-9.e+]+) s", log, re.M)
        self.workers, self.busy = (int(m.group(1)), float(m.group(2))) if m else (ranks - 1, np.nan)
        self.events = collections.Counter()
        for line in open(f"{path}.csv"):
            p = line.split(",")
            if len(p) > 4 and p[2].isdigit() and int(p[2]) > 0:
                self.events[p[1]] += float(p[4])
        self.stage = {k: sum(self.events[e] for e in v) for k, v in STAGES.items()}
        self.stage["explore, pool features, I/O (rest)"] = self.busy - sum(self.stage.values())
        if np.isnan(self.cpu) and self.cpu_lines < ranks:
            # mpiexec ends the other ranks when one exits with 4 (tasks given up), so /usr/bin/time
            # of some ranks prints nothing: the workers' busy time stands in for their CPU time,
            # the least CPU time printed for the master's
            self.worker_cpu = self.busy
            self.cpu = self.busy + (min(cpus) if rows else 0.0)
            self.cpu_note = f" (only {len(rows)} of {ranks} ranks timed: CPU estimated from busy time)"

    @property
    def core_hours(self):
        return self.wall * self.ranks / 3600

    @property
    def neb_cpu_hours(self):
        return self.neb_hours * self.worker_cpu / self.busy

    @property
    def search_cpu(self):
        """CPU seconds of everything but the glasses (both runs prepare the same glasses)."""
        return self.cpu - self.stage["glass"] * self.worker_cpu / self.busy

    @property
    def neb_hours(self):
        return self.stage["neb"] / 3600

    def print(self):
        print(f"-- {self.path} (protocol {self.protocol})")
        print(f"   wall {self.wall:.0f} s x {self.ranks} ranks = {self.core_hours:.4f} core-h; "
              f"CPU {self.cpu:.0f} s = {self.cpu / 3600:.4f} core-h{self.cpu_note}; "
              f"workers busy {self.busy:.0f} s = {self.busy / 3600:.4f} core-h")
        print(f"   tasks done: " + ", ".join(f"{k} {v}" for k, v in self.tasks.items())
              + f" (NEBs run: {self.tasks.get('neb', 0)}); double wells {self.n_dw} ({self.pieces} found "
              f"by the NEBs before deduplication)")
        print("   where the workers' time goes (s, % of busy): " + ", ".join(
            f"{k} {v:.0f} ({100 * v / self.busy:.0f}%)" for k, v in self.stage.items()))
        if self.screen:
            s = self.screen
            print(f"   /screen: {s['pool']} pool pairs ({s['added_pool']} added, never seen in "
                  f"transition), {s['run']} run: {s['warmup']} warm-up/untrained, {s['model']} "
                  f"model picks, {s['random']} random; {s['added_run']} added pairs run"
                  + ("" if s["trained"] else "; the model never trained (every round ran all)"))
        print(f"   paths with a loop (an interior minimum at an end's energy): {len(self.loops)} of "
              f"{self.n_dw}; TLS among them: " + ", ".join(
                  f"{u} {len(self.tls[u] & self.loops)}" for u in self.units))
        for u in self.units:
            n = len(self.tls[u])
            print(f"   TLS {u} (E < k_B T_Q = {self.kT[u]:.4g} eps): {n} (E < {NEAR} k_B T_Q: "
                  f"{len(self.near[u])}), "
                  f"{per(n, self.core_hours):.1f} per core-h (wall x ranks), "
                  f"{per(n, self.cpu / 3600):.1f} per CPU-h, "
                  f"{per(n, self.neb_hours):.1f} per NEB-core-h "
                  f"(wall), {per(n, self.neb_cpu_hours):.1f} per NEB CPU-h")


def ratio(a, b):
    """a / b, inf when only b is 0, nan when both are (no TLS in either run)."""
    if b:
        return a / b
    return float("inf") if a else float("nan")


def x(r):
    if np.isinf(r):
        return "inf (paper 0)"
    return "n/a" if np.isnan(r) else f"{r:.2f}x"


def per(n, hours):
    """n per hour (or per second), NaN when nothing was spent (a run without NEBs)."""
    return n / hours if hours else float("nan")


def same_double_well(e, g):
    """Two double wells of one sample with the same end energies (dV to 1e-7 eps, as the IS
    energies are converged to 1e-10 eps per particle) and barrier (V_b to 1e-3 relative: the two
    paths may come from different NEB methods)."""
    return abs(e[0] - g[0]) <= 1e-7 + 1e-6 * abs(e[0]) and abs(e[1] - g[1]) <= 1e-3 * abs(e[1])


def recalled(paper, keys, fast, fast_keys):
    """The paper run's double wells (keys) that the fast run has among fast_keys: the same key,
    or the same sample and energies (an unlabelled end gives the key -1 in one run, a label in
    the other)."""
    by_sample = collections.defaultdict(list)
    for k in fast_keys:
        by_sample[k[0]] += fast.energy[k]
    return {k for k in keys if k in fast_keys or any(
        same_double_well(e, g) for e in paper.energy[k] for g in by_sample[k[0]])}


def compare(paper, fast):
    print(f"-- {fast.path} against {paper.path}")
    rest = "explore, pool features, I/O (rest)"
    print(f"   the screen's own cost: training and prediction {fast.stage['screen']:.0f} s; pool "
          f"features (same explorations): rest fast - rest paper = "
          f"{fast.stage[rest] - paper.stage[rest]:.0f} s")
    print(f"   cost paper/fast: whole campaign {x(ratio(paper.core_hours, fast.core_hours))} "
          f"(wall x ranks), {x(ratio(paper.cpu, fast.cpu))} (CPU); without the glasses "
          f"{x(ratio(paper.search_cpu, fast.search_cpu))} (CPU); NEB stage "
          f"{x(ratio(paper.stage['neb'], fast.stage['neb']))} (wall), "
          f"{x(ratio(paper.neb_cpu_hours, fast.neb_cpu_hours))} (CPU); NEBs run "
          f"{fast.tasks.get('neb', 0)} (fast) vs {paper.tasks.get('neb', 0)} (paper)")
    for u in paper.units:
        tp, tf = paper.tls[u], fast.tls[u]
        whole = ratio(per(len(tf), fast.core_hours), per(len(tp), paper.core_hours))
        cpu = ratio(per(len(tf), fast.cpu), per(len(tp), paper.cpu))
        neb = ratio(per(len(tf), fast.neb_hours), per(len(tp), paper.neb_hours))
        nc = ratio(per(len(tf), fast.neb_cpu_hours), per(len(tp), paper.neb_cpu_hours))
        search = ratio(per(len(tf), fast.search_cpu), per(len(tp), paper.search_cpu))
        got = recalled(paper, tp, fast, tf)
        recall = (f"{100 * len(got) / len(tp):.0f}% ({len(got)} of {len(tp)}, "
                  f"{len(got - tf)} matched by energies)" if tp else "n/a (the paper run found none)")
        print(f"   {u}: TLS per core-h fast/paper (goal >= 10x): whole campaign {x(whole)} (wall x "
              f"ranks), {x(cpu)} (CPU); without the glasses (the same in both) {x(search)} (CPU); "
              f"NEB stage {x(neb)} (wall), {x(nc)} (CPU); double wells "
              f"with E < {NEAR} k_B T_Q per CPU-h fast/paper: whole campaign "
              f"{x(ratio(per(len(fast.near[u]), fast.cpu), per(len(paper.near[u]), paper.cpu)))}, without "
              f"the glasses {x(ratio(per(len(fast.near[u]), fast.search_cpu), per(len(paper.near[u]), paper.search_cpu)))}, NEB stage "
              f"{x(ratio(per(len(fast.near[u]), fast.neb_cpu_hours), per(len(paper.near[u]), paper.neb_cpu_hours)))}")
        np_, nf = paper.near[u], fast.near[u]
        if np_:
            got = recalled(paper, np_, fast, nf)
            recall += (f"; of its double wells with E < {NEAR} k_B T_Q "
                       f"{100 * len(got) / len(np_):.0f}% ({len(got)} of {len(np_)}, "
                       f"{len(got - nf)} matched by energies)")
        in_paper = recalled(fast, tf, paper, tp)
        print(f"   {u}: recall of the paper's TLS {recall} (goal >= 95%); fast TLS not in the "
              f"paper run {len(tf - in_paper)}, from added pairs (flag 8, never seen in transition) "
              f"{len(fast.added[u])} (of which the paper run has {len(fast.added[u] & in_paper)})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("runs", nargs="+")
    args = ap.parse_args()
    runs = [Run(p, args.ranks) for p in args.runs]
    for r in runs:
        r.print()
    for r in runs[1:]:
        compare(runs[0], r)


if __name__ == "__main__":
    main()
