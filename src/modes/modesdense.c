/* -modes_type dense: every eigenpair by LAPACK through SLEPc (EPSLAPACK, which ignores a
   deflation space), for N up to ~2000 ([PRM21] overlaps with all 3N modes). The deflated
   vectors v_j (orthonormal) are moved above the spectrum instead: with P = I - sum_j v_j v_j^T
   the dense operator is A = P H P + alpha (I - P), alpha = 2 |H|_inf + 1 > lambda_max, whose
   eigenpairs are those of H restricted to the complement of the v_j (P H P there) plus
   (alpha, v_j); the k lowest are kept. For exact zero modes (H v_j = 0, the translations)
   P H P = H and A = H + alpha sum_j v_j v_j^T; for a v that is not an eigenvector (the path
   tangent of DWModesPathHessian) the projection is what makes A exact:
     P H P = H - V W^T - W V^T + V (V^T W) V^T,  W = H V. */
#include "modes/modesimpl.h"

/* W = H V (n x p, replicated, column j = H v_j) and G = V^T W (p x p). */
static PetscErrorCode ProjectedProducts(DWModes m, Mat H, PetscReal W[], PetscReal G[])
{
  Vec *v, hv, all;
  VecScatter sc;
  PetscInt n, p = m->nnull;

  PetscFunctionBegin;
  PetscCall(MatGetSize(H, &n, NULL));
  PetscCall(DWModesNullVecs(m, &v));
  PetscCall(MatCreateVecs(H, NULL, &hv));
  PetscCall(VecScatterCreateToAll(hv, &sc, &all));
  for (PetscInt j = 0; j < p; j++) {
    const PetscScalar *a;
    PetscCall(MatMult(H, v[j], hv));
    PetscCall(VecScatterBegin(sc, hv, all, INSERT_VALUES, SCATTER_FORWARD));
    PetscCall(VecScatterEnd(sc, hv, all, INSERT_VALUES, SCATTER_FORWARD));
    PetscCall(VecGetArrayRead(all, &a));
    for (PetscInt r = 0; r < n; r++) W[j * n + r] = PetscRealPart(a[r]);
    PetscCall(VecRestoreArrayRead(all, &a));
  }
  for (PetscInt i = 0; i < p; i++)
    for (PetscInt j = 0; j < p; j++) {
      G[i * p + j] = 0;
      for (PetscInt r = 0; r < n; r++) G[i * p + j] += m->null[i * n + r] * W[j * n + r];
    }
  PetscCall(VecScatterDestroy(&sc));
  PetscCall(VecDestroy(&all));
  PetscCall(VecDestroy(&hv));
  if (v) PetscCall(VecDestroyVecs(p, &v));
  PetscFunctionReturn(0);
}

/* A_rc += sum_j [alpha v_jr v_jc - v_jr W_jc - W_jr v_jc] + sum_ij v_ir G_ij v_jc, local rows. */
static PetscErrorCode AddProjection(DWModes m, Mat A, PetscReal alpha, const PetscReal W[],
                                    const PetscReal G[])
{
  PetscInt n, lo, hi, lda, p = m->nnull;
  const PetscReal *V = m->null;
  PetscScalar *a;

  PetscFunctionBegin;
  PetscCall(MatGetSize(A, &n, NULL));
  PetscCall(MatGetOwnershipRange(A, &lo, &hi));
  PetscCall(MatDenseGetLDA(A, &lda));
  PetscCall(MatDenseGetArray(A, &a));
  for (PetscInt i = 0; i < p; i++) {
    for (PetscInt c = 0; c < n; c++)
      for (PetscInt r = lo; r < hi; r++)
        a[c * lda + (r - lo)] += alpha * V[i * n + r] * V[i * n + c] - V[i * n + r] * W[i * n + c] -
                                 W[i * n + r] * V[i * n + c];
    for (PetscInt j = 0; j < p; j++)
      for (PetscInt c = 0; c < n; c++)
        for (PetscInt r = lo; r < hi; r++)
          a[c * lda + (r - lo)] += V[i * n + r] * G[i * p + j] * V[j * n + c];
  }
  PetscCall(MatDenseRestoreArray(A, &a));
  PetscFunctionReturn(0);
}

static PetscErrorCode CreateOperator_Dense(DWModes m, Mat H, Mat *A)
{
  PetscReal norm, *W, *G;
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(MatGetSize(H, &n, NULL));
  PetscCall(MatNorm(H, NORM_INFINITY, &norm));
  PetscCall(MatConvert(H, MATDENSE, MAT_INITIAL_MATRIX, A));
  PetscCall(PetscMalloc2(m->nnull * n + 1, &W, m->nnull * m->nnull + 1, &G));
  PetscCall(ProjectedProducts(m, H, W, G));
  PetscCall(AddProjection(m, *A, 2 * norm + 1, W, G));
  PetscCall(PetscFree2(W, G));
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
