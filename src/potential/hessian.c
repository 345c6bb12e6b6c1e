/* The Hessian H = d^2 U / dx dx of a pair potential, built from phi' and phi''. For a pair
   at separation r_ij = x_i - x_j, r = |r_ij|, n = r_ij / r:
     K_ij = phi''(r) n n^T + (phi'(r) / r) (I - n n^T),
     H_ii += K_ij, H_jj += K_ij, H_ij = H_ji = -K_ij.
   Translations are exact zero modes: every block row sums to zero. Units eps/sigma^2. */
#include "potential/potentialimpl.h"

/* Calls add(ctx, i, j, K) for every pair of the list (K = 0 beyond the cutoff). */
typedef PetscErrorCode (*BlockAdder)(void *ctx, PetscInt i, PetscInt j, const PetscReal K[9]);

static void PairBlock(const PetscReal d[3], PetscReal r, const PetscReal der[4], PetscReal K[9])
{
  const PetscReal a = der[2], b = der[1] / r;
  for (int p = 0; p < 3; p++)
    for (int q = 0; q < 3; q++) K[3 * p + q] = (a - b) * d[p] * d[q] / (r * r) + (p == q ? b : 0.0);
}

typedef struct {
  BlockAdder add;
  void *ctx;
} BlockCtx;

static PetscErrorCode VisitPair(void *ctx, PetscInt i, PetscInt j, const PetscReal d[3],
                                PetscReal r, const PetscReal der[4])
{
  BlockCtx *c    = (BlockCtx *)ctx;
  PetscReal K[9] = {0};

  PetscFunctionBegin;
  if (der[1] != 0 || der[2] != 0) PairBlock(d, r, der, K);
  PetscCall(c->add(c->ctx, i, j, K));
  PetscFunctionReturn(0);
}

static PetscErrorCode ForEachPairBlock(DWPotential pot, DWSystem sys, DWNeighborList nl,
                                       BlockAdder add, void *ctx)
{
  BlockCtx c = {add, ctx};

  PetscFunctionBegin;
  PetscCall(DWPotentialForEachPair(pot, sys, nl, VisitPair, &c));
  PetscFunctionReturn(0);
}

typedef struct {
  PetscReal *H;
  PetscInt n; /* 3N */
} DenseCtx;

static PetscErrorCode AddDense(void *ctx, PetscInt i, PetscInt j, const PetscReal K[9])
{
  DenseCtx *c = (DenseCtx *)ctx;
  for (int p = 0; p < 3; p++)
    for (int q = 0; q < 3; q++) {
      c->H[(3 * i + p) * c->n + 3 * i + q] += K[3 * p + q];
      c->H[(3 * j + p) * c->n + 3 * j + q] += K[3 * p + q];
      c->H[(3 * i + p) * c->n + 3 * j + q] -= K[3 * p + q];
      c->H[(3 * j + p) * c->n + 3 * i + q] -= K[3 * p + q];
    }
  return 0;
}

PetscErrorCode DWPotentialComputeHessianDense(DWPotential pot, DWSystem sys, DWNeighborList nl,
                                              PetscReal H[])
{
  DenseCtx ctx = {H, 0};

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &ctx.n));
  ctx.n *= 3;
  PetscCall(PetscLogEventBegin(DW_POTENTIAL_HESSIAN, 0, 0, 0, 0));
  PetscCall(PetscArrayzero(H, ctx.n * ctx.n));
  PetscCall(ForEachPairBlock(pot, sys, nl, AddDense, &ctx));
  PetscCall(PetscLogEventEnd(DW_POTENTIAL_HESSIAN, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

typedef struct {
  Mat H;
  PetscInt bstart, bend; /* owned block rows */
} MatCtx;

static PetscErrorCode AddMat(void *ctx, PetscInt i, PetscInt j, const PetscReal K[9])
{
  MatCtx *c = (MatCtx *)ctx;
  PetscReal M[9];

  PetscFunctionBegin;
  for (int k = 0; k < 9; k++) M[k] = -K[k];
  if (i >= c->bstart && i < c->bend) {
    PetscCall(MatSetValuesBlocked(c->H, 1, &i, 1, &i, K, ADD_VALUES));
    PetscCall(MatSetValuesBlocked(c->H, 1, &i, 1, &j, M, ADD_VALUES));
  }
  if (j >= c->bstart && j < c->bend) {
    PetscCall(MatSetValuesBlocked(c->H, 1, &j, 1, &j, K, ADD_VALUES));
    PetscCall(MatSetValuesBlocked(c->H, 1, &j, 1, &i, M, ADD_VALUES));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialComputeHessian(DWPotential pot, DWSystem sys, DWNeighborList nl, Mat H)
{
  MatCtx ctx = {H, 0, 0};
  PetscInt rstart, rend;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(DW_POTENTIAL_HESSIAN, 0, 0, 0, 0));
  PetscCall(MatGetOwnershipRange(H, &rstart, &rend));
  ctx.bstart = rstart / 3;
  ctx.bend   = rend / 3;
  PetscCall(MatZeroEntries(H));
  PetscCall(MatSetOption(H, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_FALSE));
  PetscCall(ForEachPairBlock(pot, sys, nl, AddMat, &ctx));
  PetscCall(MatAssemblyBegin(H, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(H, MAT_FINAL_ASSEMBLY));
  PetscCall(PetscLogEventEnd(DW_POTENTIAL_HESSIAN, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Block nonzeros per owned block row: the diagonal plus every list partner, split into the
   diagonal (owned columns) and off-diagonal parts, and their upper-triangular counts. */
static PetscErrorCode Preallocate(Mat H, const DWNeighborPairs *nl, PetscInt bstart, PetscInt bend)
{
  PetscInt nloc = bend - bstart, *d, *o, *du, *ou;

  PetscFunctionBegin;
  PetscCall(PetscCalloc4(nloc, &d, nloc, &o, nloc, &du, nloc, &ou));
  for (PetscInt i = bstart; i < bend; i++) d[i - bstart] = du[i - bstart] = 1;
  for (PetscInt i = 0; i < nl->N; i++)
    for (PetscInt k = nl->start[i]; k < nl->start[i + 1]; k++) {
      const PetscInt j = nl->j[k], lo = PetscMin(i, j), hi = PetscMax(i, j);
      for (int s = 0; s < 2; s++) {
        const PetscInt row = s ? j : i, col = s ? i : j;
        if (row < bstart || row >= bend) continue;
        const PetscBool local = (PetscBool)(col >= bstart && col < bend);
        if (local)
          d[row - bstart]++;
        else
          o[row - bstart]++;
        if (row == lo && col == hi) {
          if (local)
            du[row - bstart]++;
          else
            ou[row - bstart]++;
        }
      }
    }
  PetscCall(MatXAIJSetPreallocation(H, 3, d, o, du, ou));
  PetscCall(PetscFree4(d, o, du, ou));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialCreateHessian(DWPotential pot, DWSystem sys, DWNeighborList nl, Mat *H)
{
  PetscInt rstart, rend;
  PetscBool sbaij;
  DWPairView v;
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWPotentialGetPairView(pot, sys, nl, &v));
  PetscCall(DWSystemGetComm(sys, &comm));
  PetscInt nloc = PETSC_DECIDE, nglob = 3 * v.p.N;
  PetscCall(PetscSplitOwnershipBlock(comm, 3, &nloc, &nglob));
  PetscCallMPI(MPI_Scan(&nloc, &rend, 1, MPIU_INT, MPI_SUM, comm));
  rstart = rend - nloc;
  PetscCall(MatCreate(comm, H));
  PetscCall(MatSetSizes(*H, nloc, nloc, nglob, nglob));
  PetscCall(MatSetBlockSize(*H, 3));
  PetscCall(MatSetOptionsPrefix(*H, "hessian_"));
  PetscCall(MatSetType(*H, MATAIJ));
  PetscCall(MatSetFromOptions(*H));
  PetscCall(Preallocate(*H, &v.nb, rstart / 3, rend / 3));
  PetscCall(
      PetscObjectTypeCompareAny((PetscObject)*H, &sbaij, MATSBAIJ, MATSEQSBAIJ, MATMPISBAIJ, ""));
  if (sbaij) PetscCall(MatSetOption(*H, MAT_IGNORE_LOWER_TRIANGULAR, PETSC_TRUE));
  PetscCall(MatSetOption(*H, MAT_SYMMETRIC, PETSC_TRUE));
  PetscCall(DWPotentialComputeHessian(pot, sys, nl, *H));
  PetscCall(MatSetOption(*H, MAT_SYMMETRIC, PETSC_TRUE));
  PetscFunctionReturn(0);
}
