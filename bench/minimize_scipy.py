#!/usr/bin/python3
"""scipy's L-BFGS-B (scipy.optimize.minimize, method "L-BFGS-B") on dwell's forces, for
bench/minimize.sh: the energy and forces come from `bench_minimize -bench_method server`
(the same DWPotentialComputeEnergyForces() as dwell's own minimisers) through a pipe, so
the comparison is between the algorithms only.

  minimize_scipy.py BENCH_MINIMIZE MODEL FILE MAXCOR [FTOL]

Stopping: L-BFGS-B's own projected-gradient test max_i |g_i| <= gtol = FTOL (default 1e-10,
the |F|_inf criterion of dwell), with its relative energy test switched off (ftol = 0) and
caps of 20000 iterations and evaluations. L-BFGS-B judges steps by the energy (More-Thuente
line search, Byrd, Lu, Nocedal, Zhu, SIAM J. Sci. Comput. 16, 1190 (1995)), so near
|F| ~ 1e-8 its line search may stop on rounding (ABNORMAL_TERMINATION_IN_LNSRCH): the
output then says converged: 0 and gives the smallest |F|_inf reached. Prints YAML like
bench_minimize: force_evaluations (every call of the server), the first evaluation with
|F|_inf <= 1e-4, 1e-6, 1e-8, 1e-10, and cpu_time = this process's CPU time + the server's.
"""
import subprocess
import sys
import time

import numpy as np
from scipy.optimize import minimize

TOLS = (1e-4, 1e-6, 1e-8, 1e-10)


def main():
    exe, model, path, maxcor = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    ftol = float(sys.argv[5]) if len(sys.argv) > 5 else 1e-10
    srv = subprocess.Popen([exe, "-model", model, "-in", path, "-bench_method", "server"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    n_atoms = int(np.frombuffer(srv.stdout.read(8), dtype=np.int64)[0])
    x0 = np.frombuffer(srv.stdout.read(8 * 3 * n_atoms), dtype=np.float64).copy()
    state = {"n": 0, "fmin": np.inf, "first": [0] * len(TOLS), "U": 0.0}

    def fun(x):
        srv.stdin.write(np.ascontiguousarray(x, dtype=np.float64).tobytes())
        srv.stdin.flush()
        buf = srv.stdout.read(8 * (1 + x.size))
        out = np.frombuffer(buf, dtype=np.float64)
        U, g = out[0], out[1:].copy()
        state["n"] += 1
        fmax = np.abs(g).max()
        if fmax < state["fmin"]:
            state["fmin"], state["U"] = fmax, U
        for k, t in enumerate(TOLS):
            if not state["first"][k] and fmax <= t:
                state["first"][k] = state["n"]
        return U, g

    c0, t0 = time.process_time(), time.time()
    res = minimize(fun, x0, jac=True, method="L-BFGS-B",
                   options={"maxcor": maxcor, "ftol": 0.0, "gtol": ftol, "maxiter": 20000,
                            "maxfun": 20000, "maxls": 20})
    c1, t1 = time.process_time(), time.time()
    srv.stdin.close()
    err = srv.stderr.read().decode()
    srv.wait()
    server_cpu = float(next(l.split()[1] for l in err.split("\n") if l.startswith("server_cpu_time:")))
    print("method: scipy_lbfgsb_m%d" % maxcor)
    print("force_evaluations: %d" % state["n"])
    print("iterations: %d" % res.nit)
    print("energy_per_particle: %.15f" % (state["U"] / n_atoms))
    print("max_force_component: %.3e" % state["fmin"])
    print("converged: %d" % int(state["fmin"] <= ftol))
    print("cpu_time: %.4f" % (c1 - c0 + server_cpu))
    print("wall_time: %.4f" % (t1 - t0))
    print("evaluations_to_1e-4_1e-6_1e-8_1e-10: [%s]" % ", ".join(str(v) for v in state["first"]))
    print("message: \"%s\"" % str(res.message).replace('"', "'"))


if __name__ == "__main__":
    main()
