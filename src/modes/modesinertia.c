/* How many eigenvalues of the Hessian lie below a shift sigma, exactly: by Sylvester's law of
   inertia, H - sigma I = L D L^T has as many negative eigenvalues as D has negative pivots
   (the inertia of the symmetric indefinite factorisation; MUMPS with sym = 2, ICNTL(13) = 1 in
   parallel so the root node is not factorised by ScaLAPACK, whose inertia is not reported).
   Used for two checks Krylov methods cannot make themselves: that the k lowest modes found are
   all the modes below the top one (Krylov spaces see one vector per exactly degenerate
   eigenvalue, so copies of a multiple eigenvalue, as in a crystal, may be missed), and how
   many negative eigenvalues a configuration that is not a minimum has.
   A method that factorises H - sigma I itself (sinvert: the factor of shift-and-invert, ops->
   factor) lends its factor: at its own shift the count is free once the EPS is set up
   (DWModesSetUp), and once the solve is done the same MUMPS factor is refactorised at another
   sigma (numeric phase only: the analysis, ordering and symbolic factor, is kept, and one
   factor is in memory instead of two). Otherwise a factorisation of its own. */
#include "modes/modesimpl.h"

PetscErrorCode DWModesFactorSetUp(DWModes m)
{
  PetscFunctionBegin;
  m->F = m->P = NULL;
  if (m->ops->factor) PetscCall(m->ops->factor(m, &m->F, &m->P, &m->fshift));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesGetFactorShift(DWModes m, PetscBool *has, PetscReal *sigma)
{
  PetscFunctionBegin;
  *has   = m->F ? PETSC_TRUE : PETSC_FALSE;
  *sigma = m->F ? m->fshift : 0;
  PetscFunctionReturn(0);
}

/* The method's factor F refactorised with the values of H - sigma I (H's pattern, the one F
   was analysed with); the PC must refactorise its own matrix P before the next solve. */
static PetscErrorCode Refactor(DWModes m, PetscReal sigma)
{
  MatFactorInfo info;

  PetscFunctionBegin;
  if (!m->Acount) PetscCall(MatDuplicate(m->H, MAT_DO_NOT_COPY_VALUES, &m->Acount));
  PetscCall(MatCopy(m->H, m->Acount, SAME_NONZERO_PATTERN));
  PetscCall(MatShift(m->Acount, -sigma));
  PetscCall(MatFactorInfoInitialize(&info));
  PetscCall(MatCholeskyFactorNumeric(m->F, m->Acount, &info));
  /* a new state of P (assembly): the PC refactorises P before it solves again */
  PetscCall(MatAssemblyBegin(m->P, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(m->P, MAT_FINAL_ASSEMBLY));
  m->fshift = sigma;
  PetscFunctionReturn(0);
}

/* A factorisation of H - sigma I of its own (MUMPS LDL^T); -1 without MUMPS for the Mat type. */
static PetscErrorCode CountOwnFactor(DWModes m, PetscReal sigma, PetscInt *count)
{
  Mat A, F;
  IS rperm, cperm;
  MatFactorInfo info;
  PetscBool avail;
  PetscMPIInt size;

  PetscFunctionBegin;
  PetscCall(MatGetFactorAvailable(m->H, MATSOLVERMUMPS, MAT_FACTOR_CHOLESKY, &avail));
  *count = -1;
  if (!avail) PetscFunctionReturn(0);
  PetscCall(MatDuplicate(m->H, MAT_COPY_VALUES, &A));
  PetscCall(MatShift(A, -sigma));
  PetscCall(MatGetFactor(A, MATSOLVERMUMPS, MAT_FACTOR_CHOLESKY, &F));
  PetscCallMPI(MPI_Comm_size(m->comm, &size));
  if (size > 1) PetscCall(MatMumpsSetIcntl(F, 13, 1));
  PetscCall(MatGetOrdering(A, MATORDERINGNATURAL, &rperm, &cperm));
  PetscCall(MatFactorInfoInitialize(&info));
  PetscCall(MatCholeskyFactorSymbolic(F, A, rperm, &info));
  PetscCall(MatCholeskyFactorNumeric(F, A, &info));
  PetscCall(MatGetInertia(F, count, NULL, NULL));
  PetscCall(ISDestroy(&rperm));
  PetscCall(ISDestroy(&cperm));
  PetscCall(MatDestroy(&F));
  PetscCall(MatDestroy(&A));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesCountBelow(DWModes m, PetscReal sigma, PetscInt *count)
{
  PetscFunctionBegin;
  PetscCheck(m->H, m->comm, PETSC_ERR_ORDER, "modes: no Hessian");
  /* the factor is the solve's own between DWModesSetUp and DWModesSolve: only its shift then */
  if (m->F && (sigma == m->fshift || !m->setup)) {
    if (sigma != m->fshift) PetscCall(Refactor(m, sigma));
    PetscCall(MatGetInertia(m->F, count, NULL, NULL));
    PetscFunctionReturn(0);
  }
  PetscCall(CountOwnFactor(m, sigma, count));
  PetscFunctionReturn(0);
}
