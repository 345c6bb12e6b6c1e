/* -modes_type lobpcg: the lowest modes by the locally optimal block preconditioned conjugate
   gradient (Knyazev, SIAM J. Sci. Comput. 23, 517 (2001); SLEPc EPSLOBPCG), without a
   factorisation, for N where MUMPS gets expensive. The preconditioner is the ST's PC applied
   to H - sigma I with the shift sigma = -0.1 eps/sigma^2 (-modes_st_shift): H itself is
   singular (the translations) and H - sigma I is positive definite at a minimum. Default PC:
   PETSc's smoothed-aggregation algebraic multigrid (GAMG) on the 3 x 3 blocks of the Hessian
   (block size 3: GAMG's default near-null space is then the three translations, the rigid
   modes of a periodic box), dropping couplings below 0.02 of the diagonal in the aggregation
   graph (-modes_st_pc_gamg_threshold); Jacobi did not converge the 50 softest modes of lj at
   N = 1000 in 300 s (README "Benchmarks"), GAMG takes ~430 iterations and BoomerAMG
   (-modes_st_pc_type hypre) is slower per iteration. The translations are deflated
   (EPSSetDeflationSpace). Tolerance 1e-10 (relative residual), iteration cap 100000
   (-modes_eps_tol, -modes_eps_max_it).
   A configuration that is not a minimum is reported, not hidden: every Ritz value of LOBPCG
   is a Rayleigh quotient, hence >= the lowest eigenvalue of H (Courant-Fischer; the
   translations are 0). One below the shift sigma < 0 proves that H has a negative eigenvalue
   besides the translations and that H - sigma I, the preconditioner's matrix, is indefinite,
   where preconditioned LOBPCG has no convergence guarantee (on a random pss configuration of
   N = 200 it ran over 300 s): the solve stops there with an error naming that Ritz value
   (also for the path Hessian, -path_hessian_type lobpcg, where it means an orthogonal
   curvature below the shift: krylov and dense find those).
   A negative eigenvalue above sigma (H - sigma I still positive definite) converges and is
   among the modes, as with sinvert and dense (the caller's check, DWModesGetNumNegative). */
#include "modes/modesimpl.h"

static PetscErrorCode PostSolve_LOBPCG(DWModes m);

/* The smallest Ritz value seen (only while the method is lobpcg). */
static PetscErrorCode MonitorRitz(EPS eps, PetscInt its, PetscInt nconv, PetscScalar *eigr,
                                  PetscScalar *eigi, PetscReal *errest, PetscInt nest, void *ctx)
{
  DWModes m = (DWModes)ctx;

  PetscFunctionBegin;
  if (m->ops->postsolve != PostSolve_LOBPCG) PetscFunctionReturn(0);
  for (PetscInt i = 0; i < nest; i++) m->ritz_min = PetscMin(m->ritz_min, PetscRealPart(eigr[i]));
  PetscFunctionReturn(0);
}

static PetscErrorCode Shift(DWModes m, PetscReal *sigma)
{
  ST st;
  PetscScalar s;

  PetscFunctionBegin;
  PetscCall(EPSGetST(m->eps, &st));
  PetscCall(STGetShift(st, &s));
  *sigma = PetscRealPart(s);
  PetscFunctionReturn(0);
}

/* SLEPc's test, and a stop once a Ritz value lies below the shift. */
static PetscErrorCode StopBelowShift(EPS eps, PetscInt its, PetscInt max_it, PetscInt nconv,
                                     PetscInt nev, EPSConvergedReason *reason, void *ctx)
{
  DWModes m       = (DWModes)ctx;
  PetscReal sigma = 0;

  PetscFunctionBegin;
  PetscCall(EPSStoppingBasic(eps, its, max_it, nconv, nev, reason, NULL));
  if (m->ops->postsolve != PostSolve_LOBPCG) PetscFunctionReturn(0);
  PetscCall(Shift(m, &sigma));
  if (m->ritz_min < sigma) *reason = EPS_DIVERGED_BREAKDOWN;
  PetscFunctionReturn(0);
}

static PetscErrorCode PreSolve_LOBPCG(DWModes m)
{
  PetscFunctionBegin;
  m->ritz_min = PETSC_MAX_REAL;
  PetscFunctionReturn(0);
}

static PetscErrorCode PostSolve_LOBPCG(DWModes m)
{
  PetscReal sigma = 0;
  PetscInt its;

  PetscFunctionBegin;
  PetscCall(Shift(m, &sigma));
  PetscCall(EPSGetIterationNumber(m->eps, &its));
  PetscCheck(m->ritz_min >= sigma, m->comm, PETSC_ERR_ARG_WRONG,
             "lobpcg stopped at iteration %" PetscInt_FMT
             ": the Rayleigh quotient %.6e eps/sigma^2 < its shift %g proves a negative "
             "eigenvalue below the shift besides the deflated directions (not a minimum), where "
             "H - sigma I, the preconditioner's matrix, is indefinite and LOBPCG has no "
             "convergence guarantee; minimise first, or use -%stype krylov or dense",
             its, (double)m->ritz_min, (double)sigma, m->prefix);
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesCreate_LOBPCG(DWModes m)
{
  ST st;
  KSP ksp;
  PC pc;
  PetscReal threshold = 0.02;

  PetscFunctionBegin;
  PetscCall(EPSSetType(m->eps, EPSLOBPCG));
  PetscCall(EPSSetWhichEigenpairs(m->eps, EPS_SMALLEST_REAL));
  PetscCall(EPSSetTolerances(m->eps, 1e-10, 100000));
  PetscCall(EPSGetST(m->eps, &st));
  PetscCall(STSetType(st, STPRECOND));
  PetscCall(STSetShift(st, -0.1));
  PetscCall(STGetKSP(st, &ksp));
  PetscCall(KSPSetType(ksp, KSPPREONLY));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PCSetType(pc, PCGAMG));
  PetscCall(PCGAMGSetThreshold(pc, &threshold, 1));
  PetscCall(EPSMonitorSet(m->eps, MonitorRitz, m, NULL));
  PetscCall(EPSSetStoppingTestFunction(m->eps, StopBelowShift, m, NULL));
  m->check_count         = PETSC_FALSE;
  m->ops->presolve       = PreSolve_LOBPCG;
  m->ops->postsolve      = PostSolve_LOBPCG;
  m->ops->createoperator = DWModesCreateOperatorReference;
  m->ops->deflate        = PETSC_TRUE;
  PetscFunctionReturn(0);
}
