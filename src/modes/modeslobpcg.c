/* -modes_type lobpcg: the lowest modes by the locally optimal block preconditioned conjugate
   gradient (Knyazev, SIAM J. Sci. Comput. 23, 517 (2001); SLEPc EPSLOBPCG), without a
   factorisation, for N where MUMPS gets expensive. The preconditioner is the ST's PC
   (default jacobi; -modes_st_pc_type gamg or hypre for large N); the translations are
   deflated (EPSSetDeflationSpace). Tolerance 1e-10 (relative residual), iteration cap
   100000 (-modes_eps_tol, -modes_eps_max_it). */
#include "modes/modesimpl.h"

PetscErrorCode DWModesCreate_LOBPCG(DWModes m)
{
  ST st;
  KSP ksp;
  PC pc;

  PetscFunctionBegin;
  PetscCall(EPSSetType(m->eps, EPSLOBPCG));
  PetscCall(EPSSetWhichEigenpairs(m->eps, EPS_SMALLEST_REAL));
  PetscCall(EPSSetTolerances(m->eps, 1e-10, 100000));
  PetscCall(EPSGetST(m->eps, &st));
  PetscCall(STSetType(st, STPRECOND));
  PetscCall(STGetKSP(st, &ksp));
  PetscCall(KSPSetType(ksp, KSPPREONLY));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PCSetType(pc, PCJACOBI));
  m->check_count         = PETSC_FALSE;
  m->ops->createoperator = DWModesCreateOperatorReference;
  m->ops->deflate        = PETSC_TRUE;
  PetscFunctionReturn(0);
}
