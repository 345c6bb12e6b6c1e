/* -modes_type sinvert: the lowest modes by Krylov-Schur on the shift-and-invert operator
   (H - sigma I)^-1 (SLEPc STSINVERT; DESIGN.md section 4 "Modes"). With sigma < 0 below the
   spectrum of a minimum, H - sigma I is positive definite, the eigenvalues closest to sigma
   are the lowest ones, and 1/(lambda - sigma) separates them well. The factorisation is a
   Cholesky by MUMPS (parallel); without MUMPS for the Mat type, one rank falls back to PETSc's
   sequential Cholesky (saying so), several ranks stop. The translations are deflated
   (EPSSetDeflationSpace). Target -0.1 eps/sigma^2, tolerance 1e-10 (relative residual):
   eigenvalues to ~1e-16 relative, eigenvectors to ~1e-10 / relative gap; both are EPS
   options (-modes_eps_target, -modes_eps_tol). A Krylov space holds one vector per exactly
   multiple eigenvalue, so copies of a degenerate eigenvalue (a crystal) can be missed: after
   the solve the LDL^T inertia of H - sigma I just below the top mode counts the eigenvalues
   there (modesinertia.c), and a shortfall re-solves with more eigenpairs (-modes_check_count,
   on by default here). */
#include "modes/modesimpl.h"

static PetscErrorCode GetPC(DWModes m, PC *pc)
{
  ST st;
  KSP ksp;

  PetscFunctionBegin;
  PetscCall(EPSGetST(m->eps, &st));
  PetscCall(STGetKSP(st, &ksp));
  PetscCall(KSPGetPC(ksp, pc));
  PetscFunctionReturn(0);
}

/* MUMPS if the Mat type has it, else PETSc's own Cholesky on one rank. */
static PetscErrorCode PreSolve_SInvert(DWModes m)
{
  PC pc;
  PetscBool chol, mumps, avail;
  MatSolverType stype;
  PetscMPIInt size;

  PetscFunctionBegin;
  PetscCall(GetPC(m, &pc));
  PetscCall(PetscObjectTypeCompare((PetscObject)pc, PCCHOLESKY, &chol));
  if (!chol) PetscFunctionReturn(0);
  PetscCall(PCFactorGetMatSolverType(pc, &stype));
  PetscCall(PetscStrcmp(stype, MATSOLVERMUMPS, &mumps));
  if (!mumps) PetscFunctionReturn(0);
  PetscCall(MatGetFactorAvailable(m->H, MATSOLVERMUMPS, MAT_FACTOR_CHOLESKY, &avail));
  if (avail) PetscFunctionReturn(0);
  PetscCallMPI(MPI_Comm_size(m->comm, &size));
  PetscCheck(size == 1, m->comm, PETSC_ERR_SUP,
             "modes: MUMPS Cholesky is not available for this Mat type on %d ranks (set "
             "-%sst_pc_factor_mat_solver_type, or -%stype lobpcg)",
             size, m->prefix, m->prefix);
  PetscCall(PetscFPrintf(m->comm, PETSC_STDERR,
                         "dwell: modes: MUMPS Cholesky not available for this Mat type; using "
                         "PETSc's sequential Cholesky\n"));
  PetscCall(PCFactorSetMatSolverType(pc, MATSOLVERPETSC));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesCreate_SInvert(DWModes m)
{
  ST st;
  KSP ksp;
  PC pc;

  PetscFunctionBegin;
  PetscCall(EPSSetType(m->eps, EPSKRYLOVSCHUR));
  PetscCall(EPSGetST(m->eps, &st));
  PetscCall(STSetType(st, STSINVERT));
  PetscCall(EPSSetTarget(m->eps, -0.1));
  PetscCall(EPSSetWhichEigenpairs(m->eps, EPS_TARGET_MAGNITUDE));
  PetscCall(EPSSetTolerances(m->eps, 1e-10, PETSC_DEFAULT));
  PetscCall(STGetKSP(st, &ksp));
  PetscCall(KSPSetType(ksp, KSPPREONLY));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PCSetType(pc, PCCHOLESKY));
  PetscCall(PCFactorSetMatSolverType(pc, MATSOLVERMUMPS));
  m->ops->createoperator = DWModesCreateOperatorReference;
  m->ops->presolve       = PreSolve_SInvert;
  m->ops->deflate        = PETSC_TRUE;
  m->check_count         = PETSC_TRUE;
  PetscFunctionReturn(0);
}
