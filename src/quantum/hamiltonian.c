/* The fine Hamiltonian of the 1D Schroedinger equation, -kappa psi'' + V psi (kappa =
   1/(2 mt d^2), eps), with the 4th-order 5-point Laplacian
       -psi''_j ~ (psi_{j-2} - 16 psi_{j-1} + 30 psi_j - 16 psi_{j+1} + psi_{j+2}) / (12 h^2)
   and Dirichlet walls: H = c (1, -16, 30, -16, 1) + diag(V), c = kappa / (12 h^2).

   H - sigma is factorised from both ends at once ("twisted", as in Parlett and Dhillon's
   twisted factorisations of tridiagonals): L D L^T from the top over rows 0..p+1 and its
   mirror from the bottom over rows n-1..p, meeting in the 2 x 2 block of rows p, p+1 with
   S = T + B - A_pp, T and B the Schur complements of that block from above and from below.
   From the top (no pivoting, L unit lower triangular, bandwidth 2):
       l2_j = c / d_{j-2},  l1_j = -c (16 + l1_{j-1}) / d_{j-1},
       d_j  = 30 c + V_j - sigma + c (16 + l1_{j-1}) l1_j - c l2_j,
   and the same with j -> n-1-j from the bottom. The two recurrences are independent, which
   halves the latency-bound time of the factorisation and of each solve. The number of
   negative pivots of the top rows 0..p-1, the bottom rows p+2..n-1 and of S is the number of
   eigenvalues below sigma (Sylvester; Haynsworth for the Schur complements); the kinetic part
   is positive definite, and in tests the count is exact except for shifts within rounding
   (~1e-13 relative) of an eigenvalue. A pivot closer to zero than 1e-15 (64 c) is nudged to
   that size, which inverse iteration tolerates.

   The matrix elements for Rayleigh-Ritz use the summation by parts (zero beyond the walls)
       x^T (1, -16, 30, -16, 1) y = 16 sum_j dx_j dy_j - sum_j DX_j DY_j,
   dx_j = x_{j+1} - x_j, DX_j = x_{j+1} - x_{j-1}, whose terms are of the size of the kinetic
   energy rather than of ||H||: the levels then carry rounding errors ~1e-16 of themselves,
   which is what resolves exponentially small splittings. */
#include "quantum/tunnelimpl.h"

static inline PetscReal Nudge(PetscReal d, PetscReal tiny)
{
  if (PetscAbsReal(d) < tiny) return d < 0 ? -tiny : tiny;
  return d;
}

/* One step of the recurrence: from the previous l1 and the previous two 1/d, the new l1, l2
   and pivot d (1/d stored by the caller). */
static inline PetscReal Step(PetscReal c, PetscReal a, PetscReal l1prev, PetscReal diprev,
                             PetscReal diprev2, PetscReal *l1, PetscReal *l2, PetscReal tiny)
{
  const PetscReal u = c * (16 + l1prev);
  *l1               = -u * diprev;
  *l2               = c * diprev2;
  return Nudge(a + u * *l1 - c * *l2, tiny);
}

/* Negative eigenvalues of the symmetric 2 x 2 matrix S. */
static PetscInt Negatives2(const PetscReal S[3])
{
  const PetscReal det = S[0] * S[2] - S[1] * S[1];
  return det < 0 ? 1 : (S[0] < 0 ? 2 : 0);
}

PetscErrorCode DWPentaFactor(const DWGrid *g, PetscReal sigma, DWPenta *f, PetscInt *nneg)
{
  const PetscInt n = g->n, p = n / 2 - 1;
  const PetscReal c = g->c, a0 = 30 * c - sigma, tiny = 64 * c * 1e-15, *V = g->V;
  PetscReal *di = f->dinv, *l1 = f->l1, *l2 = f->l2, dt[2], db[2], S[3], det;
  PetscInt neg = 0;

  PetscFunctionBegin;
  PetscCheck(n >= 16, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "grid of %" PetscInt_FMT " points is too small", n);
  f->n     = n;
  f->p     = p;
  f->sigma = sigma;
  l1[0] = l2[0] = l2[1] = l1[n - 1] = l2[n - 1] = l2[n - 2] = 0;
  di[0]                                                     = 1 / Nudge(a0 + V[0], tiny);
  di[n - 1]                                                 = 1 / Nudge(a0 + V[n - 1], tiny);
  l1[1]                                                     = -16 * c * di[0];
  l1[n - 2]                                                 = -16 * c * di[n - 1];
  di[1]     = 1 / Nudge(a0 + V[1] + 16 * c * l1[1], tiny);
  di[n - 2] = 1 / Nudge(a0 + V[n - 2] + 16 * c * l1[n - 2], tiny);
  neg += (di[0] < 0) + (di[1] < 0) + (di[n - 1] < 0) + (di[n - 2] < 0);
  for (PetscInt j = 2, k = n - 3; j < p; j++, k--) { /* rows 0..p-1 and n-1..p+2, interleaved */
    const PetscReal d = Step(c, a0 + V[j], l1[j - 1], di[j - 1], di[j - 2], &l1[j], &l2[j], tiny);
    const PetscReal e = Step(c, a0 + V[k], l1[k + 1], di[k + 1], di[k + 2], &l1[k], &l2[k], tiny);
    di[j]             = 1 / d;
    di[k]             = 1 / e;
    neg += (d < 0) + (e < 0);
  }
  if (n - 3 - (p - 2) > p + 1) { /* odd n: one more bottom row */
    const PetscInt k  = p + 2;
    const PetscReal e = Step(c, a0 + V[k], l1[k + 1], di[k + 1], di[k + 2], &l1[k], &l2[k], tiny);
    di[k]             = 1 / e;
    neg += e < 0;
  }
  /* partial pivots of rows p and p + 1 from the top (dt) and from the bottom (db) */
  dt[0] = Step(c, a0 + V[p], l1[p - 1], di[p - 1], di[p - 2], &l1[p], &l2[p], tiny);
  dt[1] = Step(c, a0 + V[p + 1], l1[p], 1 / dt[0], di[p - 1], &l1[p + 1], &l2[p + 1], tiny);
  db[1] = Step(c, a0 + V[p + 1], l1[p + 2], di[p + 2], di[p + 3], &f->bl1[1], &f->bl2[1], tiny);
  db[0] = Step(c, a0 + V[p], f->bl1[1], 1 / db[1], di[p + 2], &f->bl1[0], &f->bl2[0], tiny);
  /* S = T + B - A, T and B the two Schur complements of the block, A its own entries */
  S[0] = dt[0] + db[0] + f->bl1[0] * f->bl1[0] * db[1] - (a0 + V[p]);
  S[1] = dt[0] * l1[p + 1] + db[1] * f->bl1[0] + 16 * c;
  S[2] = dt[1] + l1[p + 1] * l1[p + 1] * dt[0] + db[1] - (a0 + V[p + 1]);
  neg += Negatives2(S);
  det = S[0] * S[2] - S[1] * S[1];
  if (PetscAbsReal(det) < tiny * tiny) det = det < 0 ? -tiny * tiny : tiny * tiny;
  f->Si[0] = S[2] / det;
  f->Si[1] = -S[1] / det;
  f->Si[2] = S[0] / det;
  if (nneg) *nneg = neg;
  PetscFunctionReturn(0);
}

/* The 2 x 2 middle of a solve of column x: the two forward sweeps' last values in, x_p and
   x_{p+1} and the first steps of the two backward sweeps out. */
static inline void SolveMiddle(const DWPenta *f, PetscReal *x, PetscReal ya, PetscReal yb,
                               PetscReal za, PetscReal zb)
{
  const PetscInt n = f->n, p = f->p;
  const PetscReal *l1 = f->l1, *l2 = f->l2, *di = f->dinv;

  if (n - 3 - (p - 2) > p + 1) { /* odd n: one more bottom row */
    const PetscReal u = x[p + 2] - l1[p + 2] * zb - l2[p + 2] * za;
    za                = zb;
    zb                = u;
    x[p + 2]          = u;
  }
  const PetscReal yp  = x[p] - l1[p] * yb - l2[p] * ya,
                  yp1 = x[p + 1] - l1[p + 1] * yp - l2[p + 1] * yb;
  const PetscReal zp1 = x[p + 1] - f->bl1[1] * zb - f->bl2[1] * za,
                  zp  = x[p] - f->bl1[0] * zp1 - f->bl2[0] * zb;
  const PetscReal r0 = yp + zp + f->bl1[0] * zp1 - x[p], r1 = yp1 + l1[p + 1] * yp + zp1 - x[p + 1];
  x[p]     = f->Si[0] * r0 + f->Si[1] * r1;
  x[p + 1] = f->Si[1] * r0 + f->Si[2] * r1;
  x[p - 1] = x[p - 1] * di[p - 1] - l1[p] * x[p] - l2[p + 1] * x[p + 1];
  x[p + 2] = x[p + 2] * di[p + 2] - f->bl1[1] * x[p + 1] - f->bl2[0] * x[p];
  x[p + 3] = x[p + 3] * di[p + 3] - l1[p + 2] * x[p + 2] - f->bl2[1] * x[p + 1];
}

/* Forward sweeps from both ends, the middle, backward sweeps to both ends, for K <= 2
   columns at once: the 2 K recurrences are independent and fill the pipeline (inlined with a
   constant K, the column loops unroll). */
static inline __attribute__((always_inline)) void SolveK(const DWPenta *f, PetscReal *restrict X,
                                                         const int K)
{
  const PetscInt n = f->n, p = f->p;
  const PetscReal *l1 = f->l1, *l2 = f->l2, *di = f->dinv;
  PetscReal ya[2], yb[2], za[2], zb[2];
  PetscInt j, k;

  for (int c = 0; c < K; c++) {
    PetscReal *x = X + c * n;
    ya[c]        = x[0];
    yb[c]        = x[1] - l1[1] * ya[c];
    za[c]        = x[n - 1];
    zb[c]        = x[n - 2] - l1[n - 2] * za[c];
    x[1]         = yb[c];
    x[n - 2]     = zb[c];
  }
  for (j = 2, k = n - 3; j < p; j++, k--)
    for (int c = 0; c < K; c++) {
      PetscReal *x      = X + c * n;
      const PetscReal t = x[j] - l1[j] * yb[c] - l2[j] * ya[c],
                      u = x[k] - l1[k] * zb[c] - l2[k] * za[c];
      ya[c]             = yb[c];
      yb[c]             = t;
      x[j]              = t;
      za[c]             = zb[c];
      zb[c]             = u;
      x[k]              = u;
    }
  for (int c = 0; c < K; c++) SolveMiddle(f, X + c * n, ya[c], yb[c], za[c], zb[c]);
  for (j = p - 2, k = p + 4; j >= 0 && k < n; j--, k++)
    for (int c = 0; c < K; c++) {
      PetscReal *x = X + c * n;
      x[j]         = x[j] * di[j] - l1[j + 1] * x[j + 1] - l2[j + 2] * x[j + 2];
      x[k]         = x[k] * di[k] - l1[k - 1] * x[k - 1] - l2[k - 2] * x[k - 2];
    }
  for (; j >= 0; j--)
    for (int c = 0; c < K; c++)
      X[c * n + j] =
          X[c * n + j] * di[j] - l1[j + 1] * X[c * n + j + 1] - l2[j + 2] * X[c * n + j + 2];
  for (; k < n; k++)
    for (int c = 0; c < K; c++)
      X[c * n + k] =
          X[c * n + k] * di[k] - l1[k - 1] * X[c * n + k - 1] - l2[k - 2] * X[c * n + k - 2];
}

void DWPentaSolve(const DWPenta *f, PetscInt k, PetscReal X[])
{
  PetscInt j = 0;

  for (; j + 1 < k; j += 2) SolveK(f, X + j * f->n, 2);
  if (j < k) SolveK(f, X + j * f->n, 1);
}

/* Sums in blocks of 32 terms, the block sums Kahan-compensated: the rounding of a sum of n
   terms stays ~eps of the total instead of growing as sqrt(n) eps, which sets the floor of
   the resolvable splitting. */
typedef struct {
  PetscReal s, c;
} Sum;

static inline void Add(Sum *a, PetscReal x)
{
  const PetscReal y = x - a->c, t = a->s + y;
  a->c = (t - a->s) - y;
  a->s = t;
}

PetscReal DWPentaForm(const DWGrid *g, const PetscReal *restrict x, const PetscReal *restrict y)
{
  const PetscInt n   = g->n;
  const PetscReal *V = g->V;
  Sum s1 = {0, 0}, s2 = {0, 0}, sv = {0, 0};

  Add(&s1, x[0] * y[0] + x[n - 1] * y[n - 1] + (x[1] - x[0]) * (y[1] - y[0]));
  Add(&s2, x[0] * y[0] + x[1] * y[1] + x[n - 1] * y[n - 1] + x[n - 2] * y[n - 2]);
  Add(&sv, V[0] * x[0] * y[0] + V[n - 1] * x[n - 1] * y[n - 1]);
  for (PetscInt j0 = 1; j0 < n - 1; j0 += 32) {
    const PetscInt j1 = PetscMin(j0 + 32, n - 1);
    PetscReal b1 = 0, b2 = 0, bv = 0;
    for (PetscInt j = j0; j < j1; j++) {
      b1 += (x[j + 1] - x[j]) * (y[j + 1] - y[j]);
      b2 += (x[j + 1] - x[j - 1]) * (y[j + 1] - y[j - 1]);
      bv += V[j] * x[j] * y[j];
    }
    Add(&s1, b1);
    Add(&s2, b2);
    Add(&sv, bv);
  }
  return g->c * (16 * s1.s - s2.s) + sv.s;
}
