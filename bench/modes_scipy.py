#!/usr/bin/python3
"""The lowest K vibrational modes of a Hessian written by bench_modes (PETSc binary AIJ), by
scipy.sparse.linalg.eigsh in shift-invert mode (sigma = SIGMA < 0, as dwell's sinvert target:
H - sigma I is positive definite at a minimum, while sigma = 0 would factorise the singular H
of the three translations; SuperLU through scipy's splu). Asks K + 3 eigenpairs and drops the
three zero modes (the translations). Prints YAML: the solve's wall time (eigsh alone, the
process's /usr/bin/time covers reading too) and omega_k = sqrt(lambda_k).
usage: modes_scipy.py H.petsc K [SIGMA]"""
import sys
import time

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import eigsh

MAT_CLASSID = 1211216


def read_petsc_aij(path):
    with open(path, "rb") as f:
        head = np.frombuffer(f.read(16), dtype=">i4")
        if head[0] != MAT_CLASSID:
            sys.exit(f"{path}: not a PETSc binary matrix (class id {head[0]})")
        m, n, nz = (int(v) for v in head[1:])
        rowlen = np.frombuffer(f.read(4 * m), dtype=">i4").astype(np.int64)
        cols = np.frombuffer(f.read(4 * nz), dtype=">i4").astype(np.int64)
        vals = np.frombuffer(f.read(8 * nz), dtype=">f8").astype(np.float64)
    indptr = np.concatenate(([0], np.cumsum(rowlen)))
    return sp.csr_matrix((vals, cols, indptr), shape=(m, n))


def main():
    path, k = sys.argv[1], int(sys.argv[2])
    sigma = float(sys.argv[3]) if len(sys.argv) > 3 else -0.1
    H = read_petsc_aij(path)
    t0 = time.perf_counter()
    lam = eigsh(H, k=k + 3, sigma=sigma, which="LM", return_eigenvectors=False, tol=1e-10)
    t1 = time.perf_counter()
    lam = np.sort(lam)[3:]
    print(f"n: {H.shape[0]}\nnnz: {H.nnz}\nk: {k}\nsigma: {sigma}\neigsh_wall_time: {t1 - t0:.3f}")
    print("omega: [" + ", ".join(f"{np.sign(v) * np.sqrt(abs(v)):.12e}" for v in lam) + "]")


if __name__ == "__main__":
    main()
