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
   on by default here). Both inertia counts use the factor of the solve itself (ops->factor):
   at the target, whether the configuration is a minimum (dwell modes, before the solve) costs
   nothing, and the count after the solve refactorises the same MUMPS factor at the top mode
   (numeric phase only). */
#include "modes/modesimpl.h"

static PetscErrorCode GetKSP(DWModes m, KSP *ksp)
{
  ST st;

  PetscFunctionBegin;
  PetscCall(EPSGetST(m->eps, &st));
  PetscCall(STGetKSP(st, ksp));
  PetscFunctionReturn(0);
}

static PetscErrorCode GetPC(DWModes m, PC *pc)
{
  KSP ksp;

  PetscFunctionBegin;
  PetscCall(GetKSP(m, &ksp));
  PetscCall(KSPGetPC(ksp, pc));
  PetscFunctionReturn(0);
}

/* Whether the PC is a Cholesky factorisation by MUMPS. */
static PetscErrorCode IsMUMPSCholesky(PC pc, PetscBool *is)
{
  PetscBool chol;
  MatSolverType stype;

  PetscFunctionBegin;
  *is = PETSC_FALSE;
  PetscCall(PetscObjectTypeCompare((PetscObject)pc, PCCHOLESKY, &chol));
  if (!chol) PetscFunctionReturn(0);
  PetscCall(PCFactorGetMatSolverType(pc, &stype));
  PetscCall(PetscStrcmp(stype, MATSOLVERMUMPS, is));
  PetscFunctionReturn(0);
}

/* After EPSSetUp: the MUMPS LDL^T factor of H - sigma I of the ST, when it reports the inertia
   of the whole matrix (ICNTL(13) = 1 in parallel). */
static PetscErrorCode Factor_SInvert(DWModes m, Mat *F, Mat *P, PetscReal *sigma)
{
  KSP ksp;
  PC pc;
  ST st;
  PetscBool mumps;
  PetscInt icntl13 = 1;
  PetscMPIInt size;

  PetscFunctionBegin;
  *F = *P = NULL;
  PetscCall(GetKSP(m, &ksp));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(IsMUMPSCholesky(pc, &mumps));
  if (!mumps) PetscFunctionReturn(0);
  PetscCall(PCFactorGetMatrix(pc, F));
  PetscCallMPI(MPI_Comm_size(m->comm, &size));
  if (size > 1) PetscCall(MatMumpsGetIcntl(*F, 13, &icntl13));
  if (icntl13 != 1) {
    *F = NULL;
    PetscFunctionReturn(0);
  }
  PetscCall(KSPGetOperators(ksp, NULL, P));
  PetscCall(EPSGetST(m->eps, &st));
  PetscCall(STGetShift(st, sigma));
  PetscFunctionReturn(0);
}

/* The MUMPS factor is created before the ST sets its operator H - sigma I up, so that it keeps
   ICNTL(13) = 1 in parallel: the inertia of the whole matrix (modesinertia.c). */
static PetscErrorCode SetInertiaReporting(DWModes m, PC pc)
{
  KSP ksp;
  PetscBool set;
  Mat F;
  PetscMPIInt size;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(m->comm, &size));
  if (size == 1) PetscFunctionReturn(0);
  PetscCall(GetKSP(m, &ksp));
  PetscCall(KSPGetOperatorsSet(ksp, NULL, &set));
  if (!set) PetscCall(KSPSetOperators(ksp, m->H, m->H));
  PetscCall(PCFactorSetUpMatSolverType(pc));
  PetscCall(PCFactorGetMatrix(pc, &F));
  PetscCall(MatMumpsSetIcntl(F, 13, 1));
  PetscFunctionReturn(0);
}

/* MUMPS if the Mat type has it, else PETSc's own Cholesky on one rank. */
static PetscErrorCode PreSolve_SInvert(DWModes m)
{
  PC pc;
  PetscBool mumps, avail;
  PetscMPIInt size;

  PetscFunctionBegin;
  PetscCall(GetPC(m, &pc));
  PetscCall(IsMUMPSCholesky(pc, &mumps));
  if (!mumps) PetscFunctionReturn(0);
  PetscCall(MatGetFactorAvailable(m->H, MATSOLVERMUMPS, MAT_FACTOR_CHOLESKY, &avail));
  if (avail) {
    PetscCall(SetInertiaReporting(m, pc));
    PetscFunctionReturn(0);
  }
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
  m->ops->factor         = Factor_SInvert;
  m->ops->deflate        = PETSC_TRUE;
  m->check_count         = PETSC_TRUE;
  PetscFunctionReturn(0);
}
