"""Independent check of `dwell modes` (issue 14): the Hessian by central finite differences of
dwell's forces, H_jk = -[F_k(x + h e_j) - F_k(x - h e_j)] / (2h), diagonalised with numpy.

Asserts, on a minimised pss glass:
  - dwell's lowest 20 frequencies (sinvert, translations deflated) equal sqrt of the numpy
    eigenvalues 4..23 (the first 3 are the translations, |lambda| < 1e-4) to 1e-6 relative.
    The tolerance: the difference error of H is (h^2/6) d^3F/dx^3 ~ 1e-7 relative to the
    eigenvalues at h = 1e-5 (measured here from steps h and 2h: the error scales as h^2, so
    |lambda(2h) - lambda(h)| / 3 estimates it), rounding adds eps_mach |F| / h ~ 1e-10;
    omega = sqrt(lambda) halves the relative error. The test also asserts that estimate is
    below 1e-7, so the tolerance keeps a factor >= 10.
  - dwell's eigenvectors (from the HDF5 file) are eigenvectors of the numpy Hessian:
    |H e - lambda e| / lambda <= 1e-5 (the difference error of H, ~1e-7 |H| with |H| ~ 100
    times lambda_min).
  - P_k ([PRR20] eq. 4) and O_k ([PRR20] eq. 3, every plane wave counted: -modes_phonon_nm 0,
    where the sum over the three polarisations is |sum_i e_i exp(i q.r_i)|^2 / N) recomputed
    here from dwell's eigenvectors to 1e-10 (rounding of sums of N terms).
  - every dataset under /modes (/modes/dos too) carries units and description attributes.
Usage: modes_fd_hessian.py DWELL MODES_FORCES DIR [MODEL N]
"""
import subprocess
import sys
import os
import h5py
import numpy as np

dwell, server, work = sys.argv[1:4]
model = sys.argv[4] if len(sys.argv) > 4 else "pss"
N = int(sys.argv[5]) if len(sys.argv) > 5 else 200
os.makedirs(work, exist_ok=True)
os.chdir(work)
fails = 0


def check(what, value, tol):
    global fails
    ok = value <= tol
    fails += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {what:60s} {value:.3e} (tolerance {tol:.1e})")


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


run(dwell, "init", "-model", model, "-N", str(N), "-seed", "2", "-out", "random.h5")
run(dwell, "minimize", "-model", model, "-in", "random.h5", "-out", "is.h5")
k = 20
run(dwell, "modes", "-model", model, "-in", "is.h5", "-k", str(k), "-out", "modes.h5",
    "-modes_phonon_nm", "0")

p = subprocess.Popen([server, "-model", model, "-in", "is.h5"], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, text=True)
n_, L = p.stdout.readline().split()
n = 3 * int(n_)
L = float(L)
x0 = np.array(p.stdout.readline().split(), dtype=float)


def forces(x):
    p.stdin.write(" ".join(repr(v) for v in x) + "\n")
    p.stdin.flush()
    return np.array(p.stdout.readline().split(), dtype=float)


def hessian(h):
    H = np.empty((n, n))
    for j in range(n):
        xp, xm = x0.copy(), x0.copy()
        xp[j] += h
        xm[j] -= h
        H[j] = -(forces(xp) - forces(xm)) / (2 * h)
    return 0.5 * (H + H.T)


H1, H2 = hessian(1e-5), hessian(2e-5)
p.stdin.close()
p.wait()
lam1, vec1 = np.linalg.eigh(H1)
lam2 = np.linalg.eigvalsh(H2)
check("numpy: the 3 translations have |lambda| (eps/sigma^2)", np.abs(lam1[:3]).max(), 1e-4)
est = np.abs(lam2[3:3 + k] - lam1[3:3 + k]) / 3 / lam1[3:3 + k]
check("finite-difference error estimate |l(2h) - l(h)| / 3l", est.max(), 1e-7)

with h5py.File("modes.h5", "r") as f:
    g = f["modes"]
    omega, lam, P, O = (g[d][()] for d in ("omega", "lambda", "P", "O"))
    E = g["eigenvectors"][()].reshape(k, n)
    r = f["config/positions"][()]
    missing = []  # every dataset under /modes, the groups within (/modes/dos) included
    g.visititems(lambda name, obj: missing.append(name) if isinstance(obj, h5py.Dataset)
                 and not {"units", "description"} <= set(obj.attrs) else None)
print("omega dwell:", " ".join(f"{w:.6f}" for w in omega))
check("lowest 20 omega: max |omega_dwell / omega_numpy - 1|",
      np.abs(omega / np.sqrt(lam1[3:3 + k]) - 1).max(), 1e-6)
res = np.linalg.norm(E @ H1 - lam[:, None] * E, axis=1) / lam
check("dwell's eigenvectors in the numpy Hessian: |He - le| / l", res.max(), 1e-5)
check("P_k = 1/(N sum |e_i|^4) from dwell's vectors", np.abs(
    1 / (n // 3 * ((E.reshape(k, -1, 3) ** 2).sum(2) ** 2).sum(1)) / P - 1).max(), 1e-10)
nmax = 4
q = np.array([(a, b, c) for a in range(-nmax, nmax + 1) for b in range(-nmax, nmax + 1)
              for c in range(-nmax, nmax + 1) if 0 < a * a + b * b + c * c <= nmax * nmax])
phase = np.exp(2j * np.pi / L * r @ q.T)  # N x nq
A = np.einsum("iq,kic->kqc", phase, E.reshape(k, -1, 3))
O_np = (np.abs(A) ** 2).sum((1, 2)) / (n // 3)
check("O_k (all plane waves |n| <= 4) from dwell's vectors", np.abs(O_np - O).max(), 1e-10)
print(f"{'ok  ' if not missing else 'FAIL'} units and description on every /modes dataset {missing}")
fails += bool(missing)
print(f"{fails} failed")
sys.exit(1 if fails else 0)
