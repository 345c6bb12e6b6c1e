/* Preconditioners of L-BFGS (-min_lbfgs_precond; minlbfgs.c): a fixed symmetric positive
   definite 3N x 3N matrix P that resembles the Hessian, so that the initial inverse Hessian of
   the L-BFGS two-loop recursion is H0 = gamma P^-1 instead of gamma I (Nocedal and Wright,
   "Numerical Optimization", 2nd ed., sec. 7.2; for atomistic systems Packwood, Kermode, Mones,
   Bernstein, Woolley, Gould, Ortner, Csanyi, J. Chem. Phys. 144, 164109 (2016)).
   Every type is a sum over the neighbour pairs (i, j) with r_ij < -min_precond_rcut s_ij
   (s_ij the model's pair scale, DWPotentialGetPairScale; only pairs of the minimiser's
   neighbour list, r_ij < rc_ij + skin, can enter) of a positive semi-definite 3x3
   block K_ij placed as in a graph Laplacian, plus a shift:
       P = sum_{pairs} [(e_i - e_j)(e_i - e_j)^T (x) K_ij] + mu_c I,   mu_c = -min_precond_shift,
   which makes P positive definite (the uniform translations are zero modes of the sum). The
   types differ by K_ij (minprecexp.c: Packwood's exp(-A (r/r_nn - 1)) I; minprechess.c: the
   pair's own Hessian block with its negative parts dropped), and "blocks" keeps only the 3x3
   diagonal blocks of P. P is a SeqSBAIJ matrix (block size 3; SeqBAIJ for blocks) applied through a
   KSP with prefix -min_precond_: by default preonly with the incomplete Cholesky factor ICC(0)
   (PETSc shifts its pivots to keep it positive definite), or point-block Jacobi for blocks; L-BFGS
   then uses that fixed approximation of P^-1, itself symmetric positive definite. P is built at the
   start of each minimisation and rebuilt whenever a particle has moved more than
   -min_precond_rebuild sigma since the last build. */
#include "landscape/minimizerimpl.h"

PetscErrorCode DWMinPrecondCreate_Exp(DWMinPrecond);
PetscErrorCode DWMinPrecondCreate_Hessian(DWMinPrecond);
PetscErrorCode DWMinPrecondCreate_Blocks(DWMinPrecond);
PetscErrorCode DWMinPrecondCreate_Newton(DWMinPrecond);

static PetscFunctionList DWMinPrecondList;
static PetscBool DWMinPrecondRegisterAllCalled;
static PetscLogEvent DW_PRECOND_BUILD;

PetscErrorCode DWMinPrecondRegisterAll(void)
{
  PetscFunctionBegin;
  if (DWMinPrecondRegisterAllCalled) PetscFunctionReturn(0);
  DWMinPrecondRegisterAllCalled = PETSC_TRUE;
  PetscCall(PetscFunctionListAdd(&DWMinPrecondList, "exp", DWMinPrecondCreate_Exp));
  PetscCall(PetscFunctionListAdd(&DWMinPrecondList, "hessian", DWMinPrecondCreate_Hessian));
  PetscCall(PetscFunctionListAdd(&DWMinPrecondList, "blocks", DWMinPrecondCreate_Blocks));
  PetscCall(PetscFunctionListAdd(&DWMinPrecondList, "newton", DWMinPrecondCreate_Newton));
  PetscCall(PetscLogEventRegister("DWMinPrecondBld", 0, &DW_PRECOND_BUILD));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinPrecondListTypes(const char sep[], char buf[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(DWMinPrecondRegisterAll());
  PetscCall(DWRegistryListNames(DWMinPrecondList, sep, buf, len));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinPrecondCheckType(MPI_Comm comm, const char prefix[], const char type[])
{
  PetscErrorCode (*create)(DWMinPrecond);
  char known[128];

  PetscFunctionBegin;
  PetscCall(DWMinPrecondRegisterAll());
  PetscCall(PetscFunctionListFind(DWMinPrecondList, type, &create));
  if (create) PetscFunctionReturn(0);
  PetscCall(DWRegistryListNames(DWMinPrecondList, ", ", known, sizeof(known)));
  SETERRQ(comm, PETSC_ERR_ARG_UNKNOWN_TYPE,
          "unknown L-BFGS preconditioner (-%slbfgs_precond) '%s'; known: none, %s", prefix, type,
          known);
}

PetscErrorCode DWMinPrecondCreate(MPI_Comm comm, const char prefix[], const char type[],
                                  const DWMinPrecondParams *par, DWMinPrecond *pc)
{
  PetscErrorCode (*create)(DWMinPrecond);
  DWMinPrecond p;
  PC pcc;
  char kspprefix[256];

  PetscFunctionBegin;
  PetscCall(DWMinPrecondCheckType(comm, prefix, type));
  PetscCall(PetscFunctionListFind(DWMinPrecondList, type, &create));
  PetscCall(PetscNew(&p));
  PetscCall(PetscStrncpy(p->type, type, sizeof(p->type)));
  p->par = *par;
  PetscCall(create(p)); /* K_ij, the diagonal flag, the default PC and unset parameters */
  if (p->par.refresh < 0) p->par.refresh = 0;
  PetscCheck(p->par.rcut > 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%sprecond_rcut %g must be positive (a multiple of the pair scale s_ij)", prefix,
             (double)p->par.rcut);
  PetscCheck(p->par.shift > 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%sprecond_shift %g must be positive (it makes P positive definite)", prefix,
             (double)p->par.shift);
  PetscCheck(p->par.rebuild > 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%sprecond_rebuild %g must be positive (sigma)", prefix, (double)p->par.rebuild);
  PetscCall(KSPCreate(PETSC_COMM_SELF, &p->ksp));
  PetscCall(KSPSetType(p->ksp, KSPPREONLY));
  PetscCall(KSPGetPC(p->ksp, &pcc));
  PetscCall(PCSetType(pcc, p->pctype));
  PetscCall(PetscSNPrintf(kspprefix, sizeof(kspprefix), "%sprecond_", prefix));
  PetscCall(KSPSetOptionsPrefix(p->ksp, kspprefix));
  PetscCall(KSPSetFromOptions(p->ksp));
  *pc = p;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinPrecondDestroy(DWMinPrecond *pc)
{
  PetscFunctionBegin;
  if (!*pc) PetscFunctionReturn(0);
  PetscCall(MatDestroy(&(*pc)->P));
  PetscCall(KSPDestroy(&(*pc)->ksp));
  PetscCall(VecDestroy(&(*pc)->b));
  PetscCall(VecDestroy(&(*pc)->z));
  PetscCall(PetscFree((*pc)->xbuild));
  PetscCall(PetscFree((*pc)->keep));
  PetscCall(PetscFree(*pc));
  PetscFunctionReturn(0);
}

/* The pairs of the list that enter P (r < rcut s_ij), flagged in pc->keep, and the number of
   3x3 blocks in each block row of the upper triangle (diagonal included). */
static PetscErrorCode SelectPairs(DWMinPrecond pc, DWSystem sys, DWPotential pot,
                                  const DWNeighborPairs *p, const PetscReal *xw, PetscInt nnz[])
{
  PetscFunctionBegin;
  for (PetscInt i = 0; i < p->N; i++) nnz[i] = 1;
  for (PetscInt i = 0; i < p->N; i++)
    for (PetscInt k = p->start[i]; k < p->start[i + 1]; k++) {
      PetscReal d[3], s, rc;
      DWNeighborPairVector(p, xw, i, k, d);
      PetscCall(DWPotentialGetPairScale(pot, sys, i, p->j[k], &s, &rc));
      pc->keep[k] = (char)(d[0] * d[0] + d[1] * d[1] + d[2] * d[2] < PetscSqr(pc->par.rcut * s));
      if (pc->keep[k] && !pc->diagonal) nnz[PetscMin(i, p->j[k])]++;
    }
  PetscFunctionReturn(0);
}

/* P of the current positions, factored by the KSP's PC. */
static PetscErrorCode Build(DWMinPrecond pc, DWSystem sys, DWPotential pot, DWNeighborList nl,
                            PetscReal fmax)
{
  DWNeighborPairs p;
  const PetscReal *xw;
  PetscReal *x, *diag;
  PetscInt *nnz;
  PetscErrorCode (*block)(DWMinPrecond, DWPotential, DWSystem, PetscInt, PetscInt,
                          const PetscReal[3], PetscReal, PetscReal[9]) =
      (pc->pairblock_near && fmax <= pc->par.exact) ? pc->pairblock_near : pc->pairblock;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(DW_PRECOND_BUILD, 0, 0, 0, 0));
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(DWNeighborListUpdate(nl, sys, NULL));
  PetscCall(DWNeighborListGetPairs(nl, &p));
  PetscCall(DWNeighborListWrapPositions(nl, x, &xw));
  if (p.npairs > pc->nkeep) {
    PetscCall(PetscFree(pc->keep));
    pc->nkeep = p.npairs;
    PetscCall(PetscMalloc1(pc->nkeep, &pc->keep));
  }
  PetscCall(PetscMalloc1(pc->N, &nnz));
  PetscCall(PetscCalloc1(9 * pc->N, &diag));
  PetscCall(SelectPairs(pc, sys, pot, &p, xw, nnz));
  PetscCall(MatDestroy(&pc->P));
  if (pc->diagonal) /* point-block Jacobi needs BAIJ */
    PetscCall(MatCreateSeqBAIJ(PETSC_COMM_SELF, 3, 3 * pc->N, 3 * pc->N, 1, NULL, &pc->P));
  else
    PetscCall(MatCreateSeqSBAIJ(PETSC_COMM_SELF, 3, 3 * pc->N, 3 * pc->N, 0, nnz, &pc->P));
  for (PetscInt i = 0; i < p.N; i++)
    for (PetscInt k = p.start[i]; k < p.start[i + 1]; k++) {
      const PetscInt j = p.j[k], lo = PetscMin(i, j), hi = PetscMax(i, j);
      PetscReal d[3], K[9];
      if (!pc->keep[k]) continue;
      DWNeighborPairVector(&p, xw, i, k, d);
      PetscCall(block(pc, pot, sys, i, j, d, PetscSqrtReal(DWDot(3, d, d)), K));
      for (int q = 0; q < 9; q++) {
        diag[9 * i + q] += K[q];
        diag[9 * j + q] += K[q];
        K[q] = -K[q];
      }
      if (!pc->diagonal) PetscCall(MatSetValuesBlocked(pc->P, 1, &lo, 1, &hi, K, INSERT_VALUES));
    }
  for (PetscInt i = 0; i < pc->N; i++) {
    for (int c = 0; c < 3; c++) diag[9 * i + 4 * c] += pc->par.shift;
    PetscCall(MatSetValuesBlocked(pc->P, 1, &i, 1, &i, &diag[9 * i], INSERT_VALUES));
  }
  PetscCall(MatAssemblyBegin(pc->P, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(pc->P, MAT_FINAL_ASSEMBLY));
  PetscCall(MatSetOption(pc->P, MAT_SPD, PETSC_TRUE));
  PetscCall(PetscFree(nnz));
  PetscCall(PetscFree(diag));
  if (pc->cg_its > 0 && block == pc->pairblock_near) { /* CG, without residual norms */
    PetscCall(KSPSetType(pc->ksp, KSPCG));
    PetscCall(KSPSetNormType(pc->ksp, KSP_NORM_NONE));
    PetscCall(KSPSetTolerances(pc->ksp, PETSC_DEFAULT, PETSC_DEFAULT, PETSC_DEFAULT, pc->cg_its));
  }
  PetscCall(KSPSetOperators(pc->ksp, pc->P, pc->P));
  PetscCall(KSPSetUp(pc->ksp));
  PetscCall(PetscArraycpy(pc->xbuild, x, 3 * pc->N));
  pc->builds++;
  PetscCall(PetscLogEventEnd(DW_PRECOND_BUILD, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Largest displacement of a particle since the last build, squared (sigma^2). */
static PetscReal MaxMove2(const DWMinPrecond pc, const PetscReal x[])
{
  PetscReal m2 = 0;
  for (PetscInt i = 0; i < pc->N; i++) {
    const PetscReal *a = &x[3 * i], *b = &pc->xbuild[3 * i];
    m2 = PetscMax(m2, PetscSqr(a[0] - b[0]) + PetscSqr(a[1] - b[1]) + PetscSqr(a[2] - b[2]));
  }
  return m2;
}

PetscErrorCode DWMinPrecondUpdate(DWMinPrecond pc, DWSystem sys, DWPotential pot, DWNeighborList nl,
                                  PetscReal fmax, PetscBool restart, PetscBool *rebuilt)
{
  PetscInt N;
  PetscReal *x;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetPositions(sys, &x));
  if (N != pc->N) {
    PetscCall(VecDestroy(&pc->b));
    PetscCall(VecDestroy(&pc->z));
    PetscCall(VecCreateSeqWithArray(PETSC_COMM_SELF, 3, 3 * N, NULL, &pc->b));
    PetscCall(VecCreateSeqWithArray(PETSC_COMM_SELF, 3, 3 * N, NULL, &pc->z));
    PetscCall(PetscFree(pc->xbuild));
    PetscCall(PetscMalloc1(3 * N, &pc->xbuild));
    pc->N   = N;
    restart = PETSC_TRUE;
  }
  *rebuilt = (PetscBool)(restart || !pc->P || MaxMove2(pc, x) > PetscSqr(pc->par.rebuild) ||
                         fmax <= pc->par.refresh * pc->fbuild);
  if (*rebuilt) {
    PetscCall(Build(pc, sys, pot, nl, fmax));
    pc->fbuild = fmax;
  }
  PetscFunctionReturn(0);
}

/* z -= its mean per Cartesian component: the projection on displacements that keep the
   centre of mass. U is translation invariant and the forces sum to zero, so an exact P^-1
   (which has the uniform translations as eigenvectors) maps them to such displacements; the
   approximate inverses (ICC, block Jacobi) do not, and the projection restores it, so that a
   preconditioned minimisation keeps the centre of mass like an unpreconditioned one. */
static void RemoveMean(PetscInt N, PetscReal z[])
{
  PetscReal mean[3] = {0, 0, 0};
  for (PetscInt i = 0; i < N; i++)
    for (int c = 0; c < 3; c++) mean[c] += z[3 * i + c];
  for (int c = 0; c < 3; c++) mean[c] /= N;
  for (PetscInt i = 0; i < N; i++)
    for (int c = 0; c < 3; c++) z[3 * i + c] -= mean[c];
}

PetscErrorCode DWMinPrecondApply(DWMinPrecond pc, const PetscReal r[], PetscReal z[])
{
  PetscFunctionBegin;
  PetscCall(VecPlaceArray(pc->b, r));
  PetscCall(VecPlaceArray(pc->z, z));
  PetscCall(KSPSolve(pc->ksp, pc->b, pc->z));
  PetscCall(VecResetArray(pc->b));
  PetscCall(VecResetArray(pc->z));
  RemoveMean(pc->N, z);
  PetscFunctionReturn(0);
}
