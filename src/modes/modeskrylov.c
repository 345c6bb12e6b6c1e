/* -modes_type krylov: the lowest eigenvalues of H itself by Krylov-Schur (SLEPc's default
   solver, EPS_SMALLEST_REAL, no spectral transformation), the zero modes deflated
   (EPSSetDeflationSpace). Without a factorisation or a shift it converges slowly at the low
   end of a large spectrum, but it finds the lowest eigenvalues wherever they lie: a negative
   one at a saddle (src/modes/saddle.c, Hessian index one) is found whatever its size, where
   shift-and-invert would find those closest to its target. Tolerance: SLEPc's (1e-8 relative
   residual; -modes_eps_tol). */
#include "modes/modesimpl.h"

PetscErrorCode DWModesCreate_Krylov(DWModes m)
{
  ST st;

  PetscFunctionBegin;
  PetscCall(EPSSetType(m->eps, EPSKRYLOVSCHUR));
  PetscCall(EPSSetWhichEigenpairs(m->eps, EPS_SMALLEST_REAL));
  PetscCall(EPSGetST(m->eps, &st));
  PetscCall(STSetType(st, STSHIFT));
  m->check_count         = PETSC_FALSE;
  m->ops->createoperator = DWModesCreateOperatorReference;
  m->ops->deflate        = PETSC_TRUE;
  PetscFunctionReturn(0);
}
