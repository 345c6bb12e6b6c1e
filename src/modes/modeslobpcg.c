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
   (-modes_eps_tol, -modes_eps_max_it). */
#include "modes/modesimpl.h"

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
  m->check_count         = PETSC_FALSE;
  m->ops->createoperator = DWModesCreateOperatorReference;
  m->ops->deflate        = PETSC_TRUE;
  PetscFunctionReturn(0);
}
