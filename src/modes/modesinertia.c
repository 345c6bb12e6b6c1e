/* How many eigenvalues of the Hessian lie below a shift sigma, exactly: by Sylvester's law of
   inertia, H - sigma I = L D L^T has as many negative eigenvalues as D has negative pivots
   (the inertia of the symmetric indefinite factorisation; MUMPS with sym = 2, ICNTL(13) = 1 in
   parallel so the root node is not factorised by ScaLAPACK, whose inertia is not reported).
   Used for two checks Krylov methods cannot make themselves: that the k lowest modes found are
   all the modes below the top one (Krylov spaces see one vector per exactly degenerate
   eigenvalue, so copies of a multiple eigenvalue, as in a crystal, may be missed), and how
   many negative eigenvalues a configuration that is not a minimum has. */
#include "modes/modesimpl.h"

PetscErrorCode DWModesCountBelow(DWModes m, PetscReal sigma, PetscInt *count)
{
  Mat A, F;
  IS rperm, cperm;
  MatFactorInfo info;
  PetscBool avail;
  PetscMPIInt size;

  PetscFunctionBegin;
  PetscCheck(m->H, m->comm, PETSC_ERR_ORDER, "modes: no Hessian");
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
