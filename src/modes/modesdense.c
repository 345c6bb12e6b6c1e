/* -modes_type dense: every eigenpair by LAPACK through SLEPc (EPSLAPACK, which ignores a
   deflation space), for N up to ~2000 ([PRM21] overlaps with all 3N modes). The zero modes
   v_j (orthonormal, H v_j = 0) are moved above the spectrum instead: the dense operator is
   A = H + alpha sum_j v_j v_j^T with alpha = 2 |H|_inf + 1 > lambda_max, whose eigenpairs are
   those of H on the complement of the v_j plus (alpha, v_j); the k lowest are kept. */
#include "modes/modesimpl.h"

static PetscErrorCode CreateOperator_Dense(DWModes m, Mat H, Mat *A)
{
  PetscReal norm, alpha;
  PetscInt n, lo, hi, lda;
  PetscScalar *a;

  PetscFunctionBegin;
  PetscCall(MatGetSize(H, &n, NULL));
  PetscCall(MatNorm(H, NORM_INFINITY, &norm));
  alpha = 2 * norm + 1;
  PetscCall(MatConvert(H, MATDENSE, MAT_INITIAL_MATRIX, A));
  PetscCall(MatGetOwnershipRange(*A, &lo, &hi));
  PetscCall(MatDenseGetLDA(*A, &lda));
  PetscCall(MatDenseGetArray(*A, &a));
  for (PetscInt j = 0; j < m->nnull; j++) {
    const PetscReal *v = m->null + j * n;
    for (PetscInt c = 0; c < n; c++)
      for (PetscInt r = lo; r < hi; r++) a[c * lda + (r - lo)] += alpha * v[r] * v[c];
  }
  PetscCall(MatDenseRestoreArray(*A, &a));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesCreate_Dense(DWModes m)
{
  ST st;

  PetscFunctionBegin;
  PetscCall(EPSSetType(m->eps, EPSLAPACK));
  PetscCall(EPSGetST(m->eps, &st));
  PetscCall(STSetType(st, STSHIFT));
  PetscCall(EPSSetWhichEigenpairs(m->eps, EPS_SMALLEST_REAL));
  m->check_count         = PETSC_FALSE;
  m->ops->createoperator = CreateOperator_Dense;
  PetscFunctionReturn(0);
}
