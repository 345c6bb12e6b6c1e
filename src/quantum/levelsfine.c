/* Fine stage of the level solver: for each cluster of k levels found by the coarse stage,
   block inverse iteration with the pentadiagonal H - sigma (hamiltonian.c),
       Y = (H - sigma)^-1 X,  Rayleigh-Ritz  (Y^T X) z = mu (Y^T Y) z,  X <- Y Z,
   started from the interpolated coarse vectors with sigma the mean coarse value. Since
   (H - sigma) Y = X, the residual of each Ritz pair (sigma + mu, Y z) is |X z - mu Y z|,
   free of any product with H. Components outside the cluster shrink each step by the ratio of
   the shift error to the gap, ~1e-3; if a step gains less, sigma moves to the Ritz values
   (Rayleigh quotient iteration). Iteration stops when every residual r satisfies
   r^2 / gap <= 1e-12 gap (k = 1: a level then errs by ~1e-12 of the level spacing) or
   1e-10 max(spread, 1e-12 gap) (a doublet: its splitting is then exact to 1e-10 relative),
   or when the residual stagnates at rounding.
   The levels come from a last Rayleigh-Ritz of H itself in the difference form
   (DWPentaForm), with the cluster's mean removed before diagonalising so that the splitting
   is a difference of small numbers. */
#include "quantum/tunnelimpl.h"

static PetscReal Dot(PetscInt n, const PetscReal *restrict x, const PetscReal *restrict y)
{
  PetscReal s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  PetscInt i;
  for (i = 0; i + 3 < n; i += 4) {
    s0 += x[i] * y[i];
    s1 += x[i + 1] * y[i + 1];
    s2 += x[i + 2] * y[i + 2];
    s3 += x[i + 3] * y[i + 3];
  }
  for (; i < n; i++) s0 += x[i] * y[i];
  return (s0 + s1) + (s2 + s3);
}

/* X <- Y Z and the squared residuals |X z_a - mu_a Y z_a|^2 in one pass, for k = 1, 2 and
   any k <= DW_BLOCK_MAX. */
static void Update1(PetscInt n, PetscReal *X, const PetscReal *Y, const PetscReal Z[],
                    const PetscReal mu[], PetscReal r2[])
{
  for (PetscInt i = 0; i < n; i++) {
    const PetscReal y = Y[i] * Z[0], t = X[i] * Z[0] - mu[0] * y;
    r2[0] += t * t;
    X[i] = y;
  }
}

static void Update2(PetscInt n, PetscReal *X, const PetscReal *Y, const PetscReal Z[],
                    const PetscReal mu[], PetscReal r2[])
{
  PetscReal *X1       = X + n;
  const PetscReal *Y1 = Y + n;

  for (PetscInt i = 0; i < n; i++) {
    const PetscReal y0 = Y[i] * Z[0] + Y1[i] * Z[1], y1 = Y[i] * Z[2] + Y1[i] * Z[3];
    const PetscReal t0 = X[i] * Z[0] + X1[i] * Z[1] - mu[0] * y0,
                    t1 = X[i] * Z[2] + X1[i] * Z[3] - mu[1] * y1;
    r2[0] += t0 * t0;
    r2[1] += t1 * t1;
    X[i]  = y0;
    X1[i] = y1;
  }
}

static void UpdateK(PetscInt n, PetscInt k, PetscReal *X, const PetscReal *Y, const PetscReal Z[],
                    const PetscReal mu[], PetscReal r2[])
{
  for (PetscInt i = 0; i < n; i++) {
    PetscReal yz[DW_BLOCK_MAX], xz[DW_BLOCK_MAX];
    for (PetscInt a = 0; a < k; a++) {
      yz[a] = xz[a] = 0;
      for (PetscInt b = 0; b < k; b++) {
        yz[a] += Y[i + b * n] * Z[b + a * k];
        xz[a] += X[i + b * n] * Z[b + a * k];
      }
    }
    for (PetscInt a = 0; a < k; a++) {
      const PetscReal t = xz[a] - mu[a] * yz[a];
      r2[a] += t * t;
      X[i + a * n] = yz[a];
    }
  }
}

/* The new block and the largest residual of its Ritz pairs. */
static PetscReal UpdateBlock(PetscInt n, PetscInt k, PetscReal *X, const PetscReal *Y,
                             const PetscReal Z[], const PetscReal mu[])
{
  PetscReal r2[DW_BLOCK_MAX] = {0, 0, 0, 0}, rmax = 0;

  if (k == 1)
    Update1(n, X, Y, Z, mu, r2);
  else if (k == 2)
    Update2(n, X, Y, Z, mu, r2);
  else
    UpdateK(n, k, X, Y, Z, mu, r2);
  for (PetscInt a = 0; a < k; a++) rmax = PetscMax(rmax, PetscSqrtReal(r2[a]));
  return rmax;
}

/* G = Y^T X and M = Y^T Y (k x k, symmetric: (H - sigma)^-1 is). */
static void Gram(PetscInt n, PetscInt k, const PetscReal *X, const PetscReal *Y, PetscReal G[],
                 PetscReal M[])
{
  if (k == 2) {
    const PetscReal *X1 = X + n, *Y1 = Y + n;
    PetscReal g00 = 0, g10 = 0, g11 = 0, m00 = 0, m10 = 0, m11 = 0;
    for (PetscInt i = 0; i < n; i++) {
      g00 += Y[i] * X[i];
      g10 += Y1[i] * X[i];
      g11 += Y1[i] * X1[i];
      m00 += Y[i] * Y[i];
      m10 += Y1[i] * Y[i];
      m11 += Y1[i] * Y1[i];
    }
    G[0] = g00;
    G[1] = G[2] = g10;
    G[3]        = g11;
    M[0]        = m00;
    M[1] = M[2] = m10;
    M[3]        = m11;
    return;
  }
  for (PetscInt a = 0; a < k; a++)
    for (PetscInt b = 0; b <= a; b++) {
      G[a + b * k] = G[b + a * k] = Dot(n, Y + a * n, X + b * n);
      M[a + b * k] = M[b + a * k] = Dot(n, Y + a * n, Y + b * n);
    }
}

static void Orthonormalize(PetscInt n, PetscInt k, PetscReal *X)
{
  for (PetscInt a = 0; a < k; a++) {
    for (int pass = 0; pass < 2; pass++)
      for (PetscInt b = 0; b < a; b++) {
        const PetscReal r = Dot(n, X + b * n, X + a * n);
        for (PetscInt i = 0; i < n; i++) X[i + a * n] -= r * X[i + b * n];
      }
    const PetscReal s = 1 / PetscSqrtReal(Dot(n, X + a * n, X + a * n));
    for (PetscInt i = 0; i < n; i++) X[i + a * n] *= s;
  }
}

/* Final Rayleigh-Ritz of H on the orthonormalised block: theta ascending, and the splitting
   theta_1 - theta_0 from the mean-shifted small matrix. */
static void FinalRitz(const DWGrid *g, PetscInt k, PetscReal *X, PetscReal theta[],
                      PetscReal *split)
{
  PetscReal G[DW_BLOCK_MAX * DW_BLOCK_MAX], W[DW_BLOCK_MAX * DW_BLOCK_MAX], w[DW_BLOCK_MAX],
      mean = 0;

  Orthonormalize(g->n, k, X);
  for (PetscInt a = 0; a < k; a++)
    for (PetscInt b = 0; b <= a; b++)
      G[a + b * k] = G[b + a * k] = DWPentaForm(g, X + a * g->n, X + b * g->n);
  for (PetscInt a = 0; a < k; a++) mean += G[a + a * k] / k;
  for (PetscInt a = 0; a < k; a++) G[a + a * k] -= mean;
  DWSmallEigen(k, G, W, w);
  for (PetscInt a = 0; a < k; a++) theta[a] = mean + w[a];
  *split = k > 1 ? w[1] - w[0] : 0;
}

/* Gap from cluster c to its neighbours among the coarse levels, and the mean of its coarse
   levels (the first shift). */
static void ClusterGap(const DWCoarse *cs, PetscInt c, PetscReal *gap, PetscReal *sigma)
{
  const PetscInt k0 = cs->first[c], k1 = cs->first[c + 1] - 1, m = cs->first[cs->nclusters];
  PetscReal gp = PETSC_MAX_REAL, s = 0;

  if (k0 > 0) gp = cs->e[k0] - cs->e[k0 - 1];
  if (k1 + 1 < m) gp = PetscMin(gp, cs->e[k1 + 1] - cs->e[k1]);
  if (gp == PETSC_MAX_REAL) gp = (cs->e[m - 1] - cs->e[0]) / (m - 1);
  for (PetscInt a = k0; a <= k1; a++) s += cs->e[a];
  *gap   = gp;
  *sigma = s / (k1 - k0 + 1);
}

static PetscErrorCode SolveCluster(DWFine *fs, const DWGrid *g, const DWCoarse *cs, PetscInt c,
                                   PetscReal theta[], PetscReal *split)
{
  const PetscInt n = g->n, k0 = cs->first[c], k = cs->first[c + 1] - k0;
  PetscReal *X = fs->X, *Y = fs->Y, gap, sigma, rold = PETSC_MAX_REAL;
  PetscReal G[DW_BLOCK_MAX * DW_BLOCK_MAX], M[DW_BLOCK_MAX * DW_BLOCK_MAX],
      Z[DW_BLOCK_MAX * DW_BLOCK_MAX], mu[DW_BLOCK_MAX];

  PetscFunctionBegin;
  ClusterGap(cs, c, &gap, &sigma);
  for (PetscInt a = 0; a < k; a++) DWCoarseInterpolate(cs, k0 + a, g, X + a * n);
  PetscCall(DWPentaFactor(g, sigma, &fs->f, NULL));
  fs->factorizations++;
  for (int it = 0; it < 40; it++) {
    PetscCall(PetscArraycpy(Y, X, k * n));
    DWPentaSolve(&fs->f, k, Y);
    Gram(n, k, X, Y, G, M);
    PetscCall(DWSmallGenEigen(k, G, M, mu, Z));
    const PetscReal r = UpdateBlock(n, k, X, Y, Z, mu), spread = mu[k - 1] - mu[0];
    const PetscReal tol =
        k == 1 ? 1e-6 * gap : 1e-5 * PetscSqrtReal(gap * PetscMax(spread, 1e-12 * gap));
    fs->iterations++;
    PetscCall(PetscInfo(NULL,
                        "cluster %" PetscInt_FMT " (k = %" PetscInt_FMT
                        "): step %d residual %.3e tolerance %.3e shift %.17g\n",
                        c, k, it, (double)r, (double)tol, (double)fs->f.sigma));
    if (r <= tol || (it >= 2 && r > 0.5 * rold)) break;
    PetscReal mean = 0;
    for (PetscInt a = 0; a < k; a++) mean += mu[a] / k;
    if (it >= 1 && r > 1e-3 * rold && PetscAbsReal(mean) > 0.5 * spread) {
      PetscCall(DWPentaFactor(g, fs->f.sigma + mean, &fs->f, NULL));
      fs->factorizations++;
    }
    rold = r;
    if (it == 39)
      PetscCall(PetscInfo(
          NULL, "cluster %" PetscInt_FMT ": residual %.3e still above %.3e after 40 steps\n", c,
          (double)r, (double)tol));
  }
  FinalRitz(g, k, X, theta, split);
  PetscFunctionReturn(0);
}

static PetscErrorCode Allocate(DWFine *fs, PetscInt n)
{
  PetscFunctionBegin;
  if (fs->nalloc >= n) PetscFunctionReturn(0);
  PetscCall(DWFineDestroy(fs));
  PetscCall(PetscMalloc5(n, &fs->f.dinv, n, &fs->f.l1, n, &fs->f.l2, DW_BLOCK_MAX * n, &fs->X,
                         DW_BLOCK_MAX * n, &fs->Y));
  fs->nalloc = n;
  PetscFunctionReturn(0);
}

PetscErrorCode DWFineDestroy(DWFine *fs)
{
  PetscFunctionBegin;
  if (fs->nalloc) PetscCall(PetscFree5(fs->f.dinv, fs->f.l1, fs->f.l2, fs->X, fs->Y));
  fs->nalloc = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode DWFineSolve(DWFine *fs, const DWGrid *g, const DWCoarse *cs, PetscInt ncl,
                           PetscReal levels[], PetscInt *nlev, PetscReal *E)
{
  PetscInt m = 0;

  PetscFunctionBegin;
  PetscCall(Allocate(fs, g->n));
  *E = 0;
  for (PetscInt c = 0; c < ncl; c++) {
    PetscReal split;
    PetscCall(SolveCluster(fs, g, cs, c, levels + m, &split));
    if (c == 0 && cs->first[1] > 1) *E = split;
    m += cs->first[c + 1] - cs->first[c];
  }
  PetscCall(PetscSortReal(m, levels));
  if (cs->first[1] == 1) *E = levels[1] - levels[0];
  *nlev = m;
  PetscFunctionReturn(0);
}
