/* Saddle check of a climbing image (include/dwell/neb.h): a first-order saddle point has a
   vanishing gradient and a Hessian with exactly one negative eigenvalue (Henkelman,
   Uberuaga, Jonsson, J. Chem. Phys. 113, 9901 (2000): the climbing image converges to the
   saddle; Wales, "Energy Landscapes" (2003), sec. 4.1: a transition state has Hessian index
   one). The Hessian is the PETSc Mat of the surface (particles: DWPotentialCreateHessian,
   block size 3, eps/sigma^2); SLEPc computes its two lowest eigenvalues (Krylov-Schur,
   EPS_SMALLEST_REAL, DESIGN.md section 4 Modes) with the exact zero modes (the three
   translations) removed by EPSSetDeflationSpace, set before the solve. Small surfaces
   without zero modes use LAPACK through SLEPc. Options take the prefix -saddle_ (e.g.
   shift-and-invert with MUMPS for large N). Eigenvalues below -lambda_tol count as
   negative. */
#include <dwell/neb.h>
#include <slepceps.h>

/* SLEPc classes need SlepcInitialize; dwell's main calls only PetscInitialize, so the first
   use initialises SLEPc and arranges SlepcFinalize at PetscFinalize. */
static PetscErrorCode EnsureSlepc(void)
{
  PetscFunctionBegin;
  if (!SlepcInitializeCalled) {
    PetscCall(SlepcInitialize(NULL, NULL, NULL, NULL));
    PetscCall(PetscRegisterFinalize(SlepcFinalize));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWSaddleCheckSetFromOptions(MPI_Comm comm)
{
  EPS eps;

  PetscFunctionBegin;
  PetscCall(EnsureSlepc());
  PetscCall(EPSCreate(comm, &eps));
  PetscCall(EPSSetOptionsPrefix(eps, "saddle_"));
  PetscCall(EPSSetFromOptions(eps));
  PetscCall(EPSDestroy(&eps));
  PetscFunctionReturn(0);
}

/* The surface's zero modes as Vecs of the Hessian's layout. */
static PetscErrorCode NullVecs(DWSurface s, Mat H, PetscInt *k, Vec **vecs)
{
  const PetscReal *v;
  PetscInt n, lo, hi;
  Vec w;

  PetscFunctionBegin;
  PetscCall(DWSurfaceGetNullSpace(s, k, &v));
  PetscCall(DWSurfaceGetSize(s, &n, NULL));
  *vecs = NULL;
  if (!*k) PetscFunctionReturn(0);
  PetscCall(MatCreateVecs(H, &w, NULL));
  PetscCall(VecDuplicateVecs(w, *k, vecs));
  PetscCall(VecDestroy(&w));
  PetscCall(VecGetOwnershipRange((*vecs)[0], &lo, &hi));
  for (PetscInt j = 0; j < *k; j++) {
    PetscScalar *a;
    PetscCall(VecGetArray((*vecs)[j], &a));
    for (PetscInt i = lo; i < hi; i++) a[i - lo] = v[j * n + i];
    PetscCall(VecRestoreArray((*vecs)[j], &a));
  }
  PetscFunctionReturn(0);
}

/* The two lowest eigenvalues of H with the zero modes deflated. */
static PetscErrorCode LowestEigenvalues(DWSurface s, Mat H, PetscReal lambda[2])
{
  MPI_Comm comm;
  EPS eps;
  Vec *null;
  PetscInt k, n, nconv;
  PetscScalar lr;

  PetscFunctionBegin;
  PetscCall(PetscObjectGetComm((PetscObject)H, &comm));
  PetscCall(MatGetSize(H, &n, NULL));
  PetscCall(NullVecs(s, H, &k, &null));
  PetscCall(EPSCreate(comm, &eps));
  PetscCall(EPSSetOperators(eps, H, NULL));
  PetscCall(EPSSetProblemType(eps, EPS_HEP));
  PetscCall(EPSSetWhichEigenpairs(eps, EPS_SMALLEST_REAL));
  PetscCall(EPSSetDimensions(eps, PetscMin(2, n - k), PETSC_DEFAULT, PETSC_DEFAULT));
  if (k == 0 && n <= 64) PetscCall(EPSSetType(eps, EPSLAPACK));
  if (k) PetscCall(EPSSetDeflationSpace(eps, k, null));
  PetscCall(EPSSetOptionsPrefix(eps, "saddle_"));
  PetscCall(EPSSetFromOptions(eps));
  PetscCall(EPSSolve(eps));
  PetscCall(EPSGetConverged(eps, &nconv));
  PetscCheck(
      nconv >= PetscMin(2, n - k), comm, PETSC_ERR_NOT_CONVERGED,
      "saddle check: SLEPc converged %" PetscInt_FMT
      " of the 2 lowest Hessian eigenvalues (try -saddle_eps_max_it or -saddle_st_type sinvert)",
      nconv);
  lambda[0] = lambda[1] = PETSC_MAX_REAL;
  for (PetscInt i = 0; i < PetscMin(2, nconv); i++) {
    PetscCall(EPSGetEigenpair(eps, i, &lr, NULL, NULL, NULL));
    lambda[i] = PetscRealPart(lr);
  }
  PetscCall(EPSDestroy(&eps));
  if (k) PetscCall(VecDestroyVecs(k, &null));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSaddleCheck(DWSurface s, const PetscReal x[], PetscReal gtol, PetscReal lambda_tol,
                             DWSaddleResult *r)
{
  PetscInt n;
  PetscReal *g, V;
  Mat H;

  PetscFunctionBegin;
  PetscCall(EnsureSlepc());
  PetscCall(DWSurfaceGetSize(s, &n, NULL));
  PetscCall(PetscMalloc1(n, &g));
  PetscCall(DWSurfaceEvaluate(s, DW_SURFACE_SLOT_SCRATCH, x, &V, g));
  r->grad = 0;
  for (PetscInt i = 0; i < n; i++)
    r->grad = PetscIsNanReal(g[i]) ? g[i] : PetscMax(r->grad, PetscAbsReal(g[i]));
  PetscCall(PetscFree(g));
  PetscCall(DWSurfaceCreateHessian(s, x, &H));
  PetscCall(LowestEigenvalues(s, H, r->lambda));
  PetscCall(MatDestroy(&H));
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
