/* Small dense symmetric eigenproblems (k <= DW_BLOCK_MAX) for the Rayleigh-Ritz steps of
   the level solver: cyclic Jacobi (Golub and Van Loan, "Matrix Computations", sec. 8.5),
   accurate to rounding relative to the matrix entries, and the generalised problem
   G z = mu M z reduced to standard form with the Cholesky factor of M. Column-major. */
#include "quantum/tunnelimpl.h"

static void Rotate(PetscInt k, PetscReal A[], PetscReal V[], PetscInt p, PetscInt q)
{
  const PetscReal apq = A[p + q * k], theta = (A[q + q * k] - A[p + p * k]) / (2 * apq);
  const PetscReal t =
      (theta >= 0 ? 1 : -1) / (PetscAbsReal(theta) + PetscSqrtReal(theta * theta + 1));
  const PetscReal cs = 1 / PetscSqrtReal(t * t + 1), sn = t * cs;

  for (PetscInt i = 0; i < k; i++) {
    const PetscReal aip = A[i + p * k], aiq = A[i + q * k];
    A[i + p * k] = cs * aip - sn * aiq;
    A[i + q * k] = sn * aip + cs * aiq;
  }
  for (PetscInt i = 0; i < k; i++) {
    const PetscReal api = A[p + i * k], aqi = A[q + i * k];
    A[p + i * k] = cs * api - sn * aqi;
    A[q + i * k] = sn * api + cs * aqi;
  }
  for (PetscInt i = 0; i < k; i++) {
    const PetscReal vip = V[i + p * k], viq = V[i + q * k];
    V[i + p * k] = cs * vip - sn * viq;
    V[i + q * k] = sn * vip + cs * viq;
  }
}

static void SortAscending(PetscInt k, PetscReal w[], PetscReal V[])
{
  for (PetscInt a = 0; a < k; a++)
    for (PetscInt b = a + 1; b < k; b++)
      if (w[b] < w[a]) {
        PetscReal t = w[a];
        w[a]        = w[b];
        w[b]        = t;
        for (PetscInt i = 0; i < k; i++) {
          t            = V[i + a * k];
          V[i + a * k] = V[i + b * k];
          V[i + b * k] = t;
        }
      }
}

void DWSmallEigen(PetscInt k, PetscReal A[], PetscReal V[], PetscReal w[])
{
  for (PetscInt i = 0; i < k * k; i++) V[i] = 0;
  for (PetscInt i = 0; i < k; i++) V[i + i * k] = 1;
  for (int sweep = 0; sweep < 60; sweep++) {
    PetscReal off = 0, diag = 0;
    for (PetscInt q = 0; q < k; q++) {
      diag += A[q + q * k] * A[q + q * k];
      for (PetscInt p = 0; p < q; p++) off += A[p + q * k] * A[p + q * k];
    }
    if (off <= 1e-36 * diag || off == 0) break;
    for (PetscInt p = 0; p < k - 1; p++)
      for (PetscInt q = p + 1; q < k; q++)
        if (A[p + q * k] != 0) Rotate(k, A, V, p, q);
  }
  for (PetscInt i = 0; i < k; i++) w[i] = A[i + i * k];
  SortAscending(k, w, V);
}

/* Lower Cholesky factor L of M and its inverse Li (both k x k). */
static PetscErrorCode CholeskyInverse(PetscInt k, const PetscReal M[], PetscReal L[],
                                      PetscReal Li[])
{
  PetscFunctionBegin;
  for (PetscInt i = 0; i < k * k; i++) L[i] = Li[i] = 0;
  for (PetscInt j = 0; j < k; j++) {
    PetscReal s = M[j + j * k];
    for (PetscInt q = 0; q < j; q++) s -= L[j + q * k] * L[j + q * k];
    PetscCheck(s > 0, PETSC_COMM_SELF, PETSC_ERR_CONV_FAILED,
               "level solver: the iterated vectors became linearly dependent (Gram pivot %g)",
               (double)s);
    L[j + j * k] = PetscSqrtReal(s);
    for (PetscInt i = j + 1; i < k; i++) {
      PetscReal t = M[i + j * k];
      for (PetscInt q = 0; q < j; q++) t -= L[i + q * k] * L[j + q * k];
      L[i + j * k] = t / L[j + j * k];
    }
  }
  for (PetscInt j = 0; j < k; j++) {
    Li[j + j * k] = 1 / L[j + j * k];
    for (PetscInt i = j + 1; i < k; i++) {
      PetscReal t = 0;
      for (PetscInt q = j; q < i; q++) t -= L[i + q * k] * Li[q + j * k];
      Li[i + j * k] = t / L[i + i * k];
    }
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWSmallGenEigen(PetscInt k, const PetscReal G[], const PetscReal M[], PetscReal mu[],
                               PetscReal Z[])
{
  PetscReal L[DW_BLOCK_MAX * DW_BLOCK_MAX], Li[DW_BLOCK_MAX * DW_BLOCK_MAX],
      T[DW_BLOCK_MAX * DW_BLOCK_MAX];
  PetscReal A[DW_BLOCK_MAX * DW_BLOCK_MAX], V[DW_BLOCK_MAX * DW_BLOCK_MAX];

  PetscFunctionBegin;
  PetscCall(CholeskyInverse(k, M, L, Li));
  for (PetscInt i = 0; i < k; i++) /* T = G Li^T */
    for (PetscInt j = 0; j < k; j++) {
      PetscReal s = 0;
      for (PetscInt q = 0; q < k; q++) s += G[i + q * k] * Li[j + q * k];
      T[i + j * k] = s;
    }
  for (PetscInt i = 0; i < k; i++) /* A = Li T, symmetrised */
    for (PetscInt j = 0; j < k; j++) {
      PetscReal s = 0;
      for (PetscInt q = 0; q < k; q++) s += Li[i + q * k] * T[q + j * k];
      A[i + j * k] = s;
    }
  for (PetscInt i = 0; i < k; i++)
    for (PetscInt j = 0; j < i; j++)
      A[i + j * k] = A[j + i * k] = 0.5 * (A[i + j * k] + A[j + i * k]);
  DWSmallEigen(k, A, V, mu);
  for (PetscInt i = 0; i < k; i++) /* Z = Li^T V */
    for (PetscInt j = 0; j < k; j++) {
      PetscReal s = 0;
      for (PetscInt q = 0; q < k; q++) s += Li[q + i * k] * V[q + j * k];
      Z[i + j * k] = s;
    }
  PetscFunctionReturn(0);
}
