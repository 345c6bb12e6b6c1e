/* Coarse stage of the level solver: the 1D Schroedinger operator -kappa psi'' + V psi with
   the 3-point Laplacian, a symmetric tridiagonal matrix T = diag(2 b + V_i) - b (off-diagonal),
   b = kappa / h^2, on a grid of ~8 points per oscillator length. Its low eigenvalues agree
   with the fine ones to ~1e-3 relative, enough to place shifts and start vectors.

   Sturm counts (Wilkinson, "The Algebraic Eigenvalue Problem", sec. 5.37): the number of
   negative q_i = 2 b + V_i - s - b^2 / q_{i-1} is the number of eigenvalues below s; a zero
   q is replaced by -tiny (Kahan), which keeps the count backward stable. Four shifts are
   counted per sweep (independent recurrences fill the divider's pipeline), bisecting the
   widest brackets of the lowest DW_LEVELS_WANTED eigenvalues until each is 1e-3 of their
   span. Levels closer than 0.15 of the mean spacing form a cluster (a tunnelling doublet);
   two steps of block inverse iteration with T - sigma (sigma the cluster's mean), each
   followed by Rayleigh-Ritz, give the cluster's coarse vectors and values (the shift is within
   ~1e-3 of the span, so the vectors are within ~1e-5 of the coarse eigenvectors, closer than
   the coarse and fine discretisations are to each other). */
#include "quantum/tunnelimpl.h"
#include <dwell/rng.h>

#define NSHIFT 4

static void Count4(const DWCoarse *cs, const PetscReal s[NSHIFT], PetscInt cnt[NSHIFT])
{
  const PetscInt n  = cs->g.n;
  const PetscReal b = cs->g.kappa / (cs->g.h * cs->g.h), b2 = b * b, tiny = 1e-300, *V = cs->g.V;
  PetscReal q[NSHIFT];
  PetscInt c[NSHIFT] = {0, 0, 0, 0};

  for (int k = 0; k < NSHIFT; k++) q[k] = 1;
  for (PetscInt i = 0; i < n; i++) {
    const PetscReal a = 2 * b + V[i], off = i ? b2 : 0;
    for (int k = 0; k < NSHIFT; k++) {
      PetscReal t = a - s[k] - off / q[k];
      if (t == 0) t = -tiny;
      c[k] += t < 0;
      q[k] = t;
    }
  }
  for (int k = 0; k < NSHIFT; k++) cnt[k] = c[k];
}

PetscInt DWCoarseCount(const DWCoarse *cs, PetscReal s)
{
  PetscReal ss[NSHIFT] = {s, s, s, s};
  PetscInt c[NSHIFT];

  Count4(cs, ss, c);
  return c[0];
}

/* lb[k] < E_k <= ub[k] for k < m, refined by counts at the midpoints of the widest brackets. */
static void Multisection(const DWCoarse *cs, PetscInt m, PetscReal lb[], PetscReal ub[],
                         PetscReal rtol)
{
  for (int pass = 0; pass < 200; pass++) {
    PetscReal s[NSHIFT], width[NSHIFT] = {0, 0, 0, 0};
    PetscInt cnt[NSHIFT], ns           = 0;
    const PetscReal tol = rtol * (ub[m - 1] - lb[0]);

    for (PetscInt k = 0; k < m; k++) { /* the NSHIFT widest distinct brackets */
      const PetscReal w = ub[k] - lb[k], mid = 0.5 * (lb[k] + ub[k]);
      PetscBool dup = PETSC_FALSE;
      if (w <= tol) continue;
      for (PetscInt j = 0; j < ns; j++) dup = (PetscBool)(dup || s[j] == mid);
      if (dup) continue;
      if (ns < NSHIFT) {
        s[ns]       = mid;
        width[ns++] = w;
      } else {
        PetscInt jmin = 0;
        for (PetscInt j = 1; j < NSHIFT; j++)
          if (width[j] < width[jmin]) jmin = j;
        if (w > width[jmin]) {
          s[jmin]     = mid;
          width[jmin] = w;
        }
      }
    }
    if (!ns) return;
    for (PetscInt j = ns; j < NSHIFT; j++) s[j] = s[0];
    Count4(cs, s, cnt);
    for (PetscInt j = 0; j < NSHIFT; j++)
      for (PetscInt k = 0; k < m; k++) {
        if (k < cnt[j])
          ub[k] = PetscMin(ub[k], s[j]);
        else
          lb[k] = PetscMax(lb[k], s[j]);
      }
  }
}

static PetscErrorCode Bracket(const DWCoarse *cs, PetscReal omega, PetscReal lb[], PetscReal ub[])
{
  PetscReal lo = PETSC_MAX_REAL, hi;
  PetscInt m = DW_LEVELS_WANTED, it = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < cs->g.n; i++) lo = PetscMin(lo, cs->g.V[i]);
  hi = lo + (m + 1) * omega;
  while (DWCoarseCount(cs, hi) < m) {
    hi = lo + 2 * (hi - lo);
    PetscCheck(++it < 200, PETSC_COMM_SELF, PETSC_ERR_CONV_FAILED,
               "level solver: cannot bracket the lowest %" PetscInt_FMT " levels (V_min %g)", m,
               (double)lo);
  }
  for (PetscInt k = 0; k < m; k++) {
    lb[k] = lo;
    ub[k] = hi;
  }
  Multisection(cs, m, lb, ub, 1e-3);
  PetscFunctionReturn(0);
}

/* Clusters: a new one starts where the gap exceeds 0.15 of the mean spacing. */
static void Cluster(DWCoarse *cs, const PetscReal mid[])
{
  const PetscInt m  = DW_LEVELS_WANTED;
  const PetscReal S = (mid[m - 1] - mid[0]) / (m - 1);

  cs->nclusters = 0;
  cs->first[0]  = 0;
  for (PetscInt k = 1; k <= m; k++) {
    const PetscBool gap = (PetscBool)(k == m || mid[k] - mid[k - 1] > 0.15 * S ||
                                      k - cs->first[cs->nclusters] == DW_BLOCK_MAX);
    if (gap) cs->first[++cs->nclusters] = k;
  }
}

/* Tridiagonal LDL^T of T - sigma: the inverse pivots (pivots nudged away from zero); L has
   -b dinv[i - 1] below the diagonal. */
static void TriFactor(const DWCoarse *cs, PetscReal sigma, PetscReal dinv[])
{
  const PetscReal b = cs->g.kappa / (cs->g.h * cs->g.h), tiny = 1e-15 * 4 * b;

  for (PetscInt i = 0; i < cs->g.n; i++) {
    PetscReal t = 2 * b + cs->g.V[i] - sigma - (i ? b * b * dinv[i - 1] : 0);
    if (PetscAbsReal(t) < tiny) t = t < 0 ? -tiny : tiny;
    dinv[i] = 1 / t;
  }
}

static void TriSolve(const DWCoarse *cs, const PetscReal dinv[], PetscReal x[])
{
  const PetscInt n  = cs->g.n;
  const PetscReal b = cs->g.kappa / (cs->g.h * cs->g.h);

  for (PetscInt i = 1; i < n; i++) x[i] += b * dinv[i - 1] * x[i - 1];
  for (PetscInt i = 0; i < n; i++) x[i] *= dinv[i];
  for (PetscInt i = n - 2; i >= 0; i--) x[i] += b * dinv[i] * x[i + 1];
}

static PetscReal Dot(PetscInt n, const PetscReal *x, const PetscReal *y)
{
  PetscReal s0 = 0, s1 = 0;
  PetscInt i;
  for (i = 0; i + 1 < n; i += 2) {
    s0 += x[i] * y[i];
    s1 += x[i + 1] * y[i + 1];
  }
  if (i < n) s0 += x[i] * y[i];
  return s0 + s1;
}

/* Two steps of block inverse iteration for cluster c, from a deterministic random block;
   the cluster's bracket midpoints in cs->e become its Ritz values. */
static PetscErrorCode ClusterVectors(DWCoarse *cs, PetscInt c)
{
  const PetscInt n = cs->g.n, k0 = cs->first[c], k = cs->first[c + 1] - k0;
  PetscReal *X = cs->X + k0 * n, *Y = cs->work + n, *dinv = cs->work;
  PetscReal G[DW_BLOCK_MAX * DW_BLOCK_MAX], M[DW_BLOCK_MAX * DW_BLOCK_MAX],
      Z[DW_BLOCK_MAX * DW_BLOCK_MAX], mu[DW_BLOCK_MAX], sigma = 0;
  DWRng rng;

  PetscFunctionBegin;
  for (PetscInt a = 0; a < k; a++) sigma += cs->e[k0 + a] / k;
  DWRngInit(&rng, 0x7e11, 0, (uint64_t)c, 0); /* a fixed stream: results are reproducible */
  for (PetscInt i = 0; i < k * n; i++) X[i] = DWRngUniform(&rng) - 0.5;
  TriFactor(cs, sigma, dinv);
  for (int it = 0; it < 2; it++) {
    PetscCall(PetscArraycpy(Y, X, k * n));
    for (PetscInt a = 0; a < k; a++) TriSolve(cs, dinv, Y + a * n);
    for (PetscInt a = 0; a < k; a++)
      for (PetscInt b = 0; b <= a; b++) {
        G[a + b * k] = G[b + a * k] = Dot(n, Y + a * n, X + b * n);
        M[a + b * k] = M[b + a * k] = Dot(n, Y + a * n, Y + b * n);
      }
    PetscCall(DWSmallGenEigen(k, G, M, mu, Z));
    for (PetscInt i = 0; i < n; i++)
      for (PetscInt a = 0; a < k; a++) {
        PetscReal s = 0;
        for (PetscInt b = 0; b < k; b++) s += Y[i + b * n] * Z[b + a * k];
        X[i + a * n] = s;
      }
  }
  for (PetscInt a = 0; a < k; a++) cs->e[k0 + a] = sigma + mu[a];
  PetscFunctionReturn(0);
}

PetscErrorCode DWCoarseCompute(DWCoarse *cs, PetscReal omega, PetscInt need)
{
  PetscReal lb[DW_LEVELS_WANTED], ub[DW_LEVELS_WANTED];

  PetscFunctionBegin;
  PetscCall(Bracket(cs, omega, lb, ub));
  for (PetscInt k = 0; k < DW_LEVELS_WANTED; k++) cs->e[k] = 0.5 * (lb[k] + ub[k]);
  Cluster(cs, cs->e);
  for (PetscInt c = 0; c < cs->nclusters && cs->first[c] < need; c++)
    PetscCall(ClusterVectors(cs, c));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCoarseDestroy(DWCoarse *cs)
{
  PetscFunctionBegin;
  PetscCall(PetscFree3(cs->g.V, cs->work, cs->X));
  cs->nalloc = 0;
  PetscFunctionReturn(0);
}

void DWCoarseInterpolate(const DWCoarse *cs, PetscInt k, const DWGrid *g, PetscReal x[])
{
  const PetscInt n   = cs->g.n;
  const PetscReal *X = cs->X + k * n, r = g->h / cs->g.h, p0 = (g->xl - cs->g.xl) / cs->g.h;
  PetscInt j = 0;

  /* coarse position P = p0 + (j + 1) r of fine point j; P in [i, i + 1) lies between coarse
     points i - 1 and i (zero at the walls, P = 0 and P = n + 1) */
  for (PetscInt i = 0; i <= n && j < g->n; i++) {
    const PetscReal x0 = i >= 1 ? X[i - 1] : 0, slope = (i < n ? X[i] : 0) - x0;
    for (; j < g->n && p0 + (j + 1) * r < i + 1; j++) x[j] = x0 + (p0 + (j + 1) * r - i) * slope;
  }
  for (; j < g->n; j++) x[j] = 0;
}
