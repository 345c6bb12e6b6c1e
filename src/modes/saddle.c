/* Saddle check of a climbing image (include/dwell/neb.h): a first-order saddle point has a
   vanishing gradient and a Hessian with exactly one negative eigenvalue (Henkelman,
   Uberuaga, Jonsson, J. Chem. Phys. 113, 9901 (2000): the climbing image converges to the
   saddle; Wales, "Energy Landscapes" (2003), sec. 4.1: a transition state has Hessian index
   one). The Hessian is the PETSc Mat of the surface (particles: DWPotentialCreateHessian,
   block size 3, eps/sigma^2); a DWModes (include/dwell/modes.h) with the options prefix
   saddle_ computes its two lowest eigenvalues: -saddle_type krylov (Krylov-Schur,
   EPS_SMALLEST_REAL, which finds a negative eigenvalue whatever its size), or dense (LAPACK
   through SLEPc) by default for small surfaces without zero modes, the exact zero modes (the
   three translations) deflated before the solve; -saddle_eps_... and -saddle_st_... tune the
   EPS. Eigenvalues below -lambda_tol count as negative. */
#include <dwell/neb.h>
#include <dwell/modes.h>

/* The saddle's DWModes under the prefix saddle_: Krylov-Schur for the lowest eigenvalues
   (krylov), LAPACK (dense) for small surfaces without zero modes, then the options. */
static PetscErrorCode CreateSaddleModes(MPI_Comm comm, PetscInt n, PetscInt nnull, DWModes *m)
{
  PetscFunctionBegin;
  PetscCall(DWModesCreate(comm, m));
  PetscCall(DWModesSetOptionsPrefix(*m, "saddle_"));
  PetscCall(DWModesSetType(*m, nnull == 0 && n <= 64 ? DWMODES_DENSE : DWMODES_KRYLOV));
  PetscCall(DWModesSetNumModes(*m, PetscMax(PetscMin(2, n - nnull), 1)));
  PetscCall(DWModesSetFromOptions(*m));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSaddleCheckSetFromOptions(MPI_Comm comm)
{
  DWModes m;

  PetscFunctionBegin;
  PetscCall(CreateSaddleModes(comm, 3, 0, &m));
  PetscCall(DWModesDestroy(&m));
  PetscFunctionReturn(0);
}

/* The two lowest eigenvalues of the Hessian at x with the zero modes deflated. */
static PetscErrorCode LowestEigenvalues(DWSurface s, const PetscReal x[], PetscReal lambda[2])
{
  MPI_Comm comm;
  DWModes m;
  PetscInt n, nnull, nmodes;
  const PetscReal *null;

  PetscFunctionBegin;
  PetscCall(DWSurfaceGetComm(s, &comm));
  PetscCall(DWSurfaceGetSize(s, &n, NULL));
  PetscCall(DWSurfaceGetNullSpace(s, &nnull, &null));
  PetscCall(CreateSaddleModes(comm, n, nnull, &m));
  PetscCall(DWModesSetSurface(m, s, x));
  PetscCall(DWModesSolve(m));
  PetscCall(DWModesGetNumModes(m, &nmodes));
  lambda[0] = lambda[1] = PETSC_MAX_REAL;
  for (PetscInt i = 0; i < PetscMin(2, nmodes); i++)
    PetscCall(DWModesGetEigenvalue(m, i, &lambda[i]));
  PetscCall(DWModesDestroy(&m));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSaddleCheck(DWSurface s, const PetscReal x[], PetscReal gtol, PetscReal lambda_tol,
                             DWSaddleResult *r)
{
  PetscInt n;
  PetscReal *g, V;

  PetscFunctionBegin;
  PetscCall(DWSurfaceGetSize(s, &n, NULL));
  PetscCall(PetscMalloc1(n, &g));
  PetscCall(DWSurfaceEvaluate(s, DW_SURFACE_SLOT_SCRATCH, x, &V, g));
  r->grad = 0;
  for (PetscInt i = 0; i < n; i++)
    r->grad = PetscIsNanReal(g[i]) ? g[i] : PetscMax(r->grad, PetscAbsReal(g[i]));
  PetscCall(PetscFree(g));
  PetscCall(LowestEigenvalues(s, x, r->lambda));
  r->nneg        = (r->lambda[0] < -lambda_tol) + (r->lambda[1] < -lambda_tol);
  r->first_order = (PetscBool)(r->nneg == 1 && r->grad <= gtol);
  PetscFunctionReturn(0);
}

PetscErrorCode DWDoubleWellCheckSaddle(DWSurface s, DWDoubleWell *dw, PetscReal gtol,
                                       PetscReal lambda_tol)
{
  DWSaddleResult r;

  PetscFunctionBegin;
  PetscCall(DWSaddleCheck(s, dw->x_TS, gtol, lambda_tol, &r));
  dw->saddle_checked     = PETSC_TRUE;
  dw->saddle_first_order = r.first_order;
  dw->saddle_nneg        = r.nneg;
  dw->saddle_lambda[0]   = r.lambda[0];
  dw->saddle_lambda[1]   = r.lambda[1];
  dw->saddle_grad        = r.grad;
  dw->omega_TS_hessian   = PetscSqrtReal(PetscAbsReal(r.lambda[0]));
  PetscFunctionReturn(0);
}
