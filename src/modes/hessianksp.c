/* H^+ by a Krylov solver on the complement of a Hessian's exact zero modes (the translations),
   shared by the nonlinear modes ([PRM21] eq. 6: M^-1 U:pi pi) and the non-affine correction of
   the elastic constants (Lemaitre and Maloney, J. Stat. Phys. 123, 415 (2006): H^+ Xi). The
   KSP's operator is a shell on H carrying the zero modes as its null space (the caller's Mat is
   not modified; CG then works on the complement when the right-hand side is projected), the
   preconditioner is built from H itself. No dense inverse. */
#include "modes/modesimpl.h"

PetscErrorCode DWHessianKSPSetDefaults(KSP ksp)
{
  PC pc;
  PetscMPIInt size;
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(PetscObjectGetComm((PetscObject)ksp, &comm));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(KSPSetType(ksp, KSPCG));
  PetscCall(KSPSetTolerances(ksp, 1e-12, PETSC_DEFAULT, PETSC_DEFAULT, 100000));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PCSetType(pc, size == 1 ? PCICC : PCBJACOBI));
  if (size == 1) PetscCall(PCFactorSetShiftType(pc, MAT_SHIFT_POSITIVE_DEFINITE));
  PetscFunctionReturn(0);
}

static PetscErrorCode ShellMult(Mat A, Vec x, Vec y)
{
  Mat H;

  PetscFunctionBegin;
  PetscCall(MatShellGetContext(A, &H));
  PetscCall(MatMult(H, x, y));
  PetscFunctionReturn(0);
}

/* The null space of the zero modes (nnull x n reals, replicated) on vectors of H's layout. */
static PetscErrorCode CreateNullSpace(Mat H, PetscInt nnull, const PetscReal null[],
                                      MatNullSpace *ns)
{
  Vec *v = NULL, t;
  PetscInt n, lo, hi;
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(PetscObjectGetComm((PetscObject)H, &comm));
  PetscCall(MatCreateVecs(H, &t, NULL));
  PetscCall(VecGetSize(t, &n));
  PetscCall(VecGetOwnershipRange(t, &lo, &hi));
  if (nnull) PetscCall(VecDuplicateVecs(t, nnull, &v));
  for (PetscInt j = 0; j < nnull; j++) {
    PetscScalar *a;
    PetscCall(VecGetArray(v[j], &a));
    for (PetscInt i = lo; i < hi; i++) a[i - lo] = null[j * n + i];
    PetscCall(VecRestoreArray(v[j], &a));
  }
  PetscCall(MatNullSpaceCreate(comm, PETSC_FALSE, nnull, v, ns));
  if (nnull) PetscCall(VecDestroyVecs(nnull, &v));
  PetscCall(VecDestroy(&t));
  PetscFunctionReturn(0);
}

PetscErrorCode DWHessianKSPSetOperators(KSP ksp, Mat H, PetscInt nnull, const PetscReal null[],
                                        Mat *A, MatNullSpace *ns)
{
  PetscInt n, nloc;
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(PetscObjectGetComm((PetscObject)H, &comm));
  PetscCall(MatGetSize(H, &n, NULL));
  PetscCall(MatGetLocalSize(H, &nloc, NULL));
  PetscCheck(nnull >= 0 && nnull < n, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%" PetscInt_FMT " zero modes for a Hessian of size %" PetscInt_FMT, nnull, n);
  PetscCall(CreateNullSpace(H, nnull, null, ns));
  PetscCall(MatCreateShell(comm, nloc, nloc, n, n, H, A));
  PetscCall(MatShellSetOperation(*A, MATOP_MULT, (void (*)(void))ShellMult));
  PetscCall(MatSetNullSpace(*A, *ns));
  PetscCall(KSPSetOperators(ksp, *A, H));
  PetscFunctionReturn(0);
}

PetscErrorCode DWTranslationModes(PetscInt N, PetscReal **null)
{
  PetscFunctionBegin;
  PetscCall(PetscCalloc1(9 * N, null));
  for (PetscInt c = 0; c < 3; c++)
    for (PetscInt i = 0; i < N; i++)
      (*null)[c * 3 * N + 3 * i + c] = 1 / PetscSqrtReal((PetscReal)N);
  PetscFunctionReturn(0);
}
