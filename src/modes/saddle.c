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
   EPS. Eigenvalues below -lambda_tol count as negative. The check's own settings are read
   here too (DWSaddleCheckSetFromOptions): -neb_saddle_check, -saddle_gtol (default 10
   -neb_ftol: a climbing image converged to |F_climb|_inf <= ftol has |grad V|_inf of that
   order) and -saddle_lambda_tol (default 1e-6 eps/sigma^2). */
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

/* The former names of the thresholds (read by `dwell neb` and the campaign until issue 14
   moved them here): an error naming the new one rather than an unknown option. */
static PetscErrorCode CheckFormerNames(MPI_Comm comm)
{
  static const char *const former[][2] = {{"neb_saddle_gtol", "saddle_gtol"},
                                          {"neb_saddle_lambda_tol", "saddle_lambda_tol"}};
  char name[64];
  PetscBool set;

  PetscFunctionBegin;
  for (size_t k = 0; k < sizeof(former) / sizeof(former[0]); k++) {
    PetscCall(PetscSNPrintf(name, sizeof(name), "-%s", former[k][0]));
    PetscCall(PetscOptionsHasName(NULL, NULL, name, &set));
    PetscCheck(!set, comm, PETSC_ERR_ARG_WRONG,
               "option -%s (campaign key %s) is now -%s (campaign key %s): the saddle check reads "
               "its options under the prefix -saddle_",
               former[k][0], former[k][0], former[k][1], former[k][1]);
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWSaddleCheckSetFromOptions(MPI_Comm comm, PetscReal ftol, DWSaddleCheckOptions *o)
{
  DWModes m;

  PetscFunctionBegin;
  o->check      = PETSC_TRUE;
  o->gtol       = 10 * ftol;
  o->lambda_tol = 1e-6;
  PetscCall(CheckFormerNames(comm));
  PetscOptionsBegin(comm, NULL, "Saddle check of the climbing images (src/modes/saddle.c)", NULL);
  PetscCall(PetscOptionsBool("-neb_saddle_check",
                             "check each climbing image for exactly one negative Hessian "
                             "eigenvalue (SLEPc)",
                             "DWSaddleCheck", o->check, &o->check, NULL));
  PetscCall(PetscOptionsReal("-saddle_gtol",
                             "saddle check: largest |grad V|_inf (eps/sigma); default 10 -neb_ftol",
                             "DWSaddleCheck", o->gtol, &o->gtol, NULL));
  PetscCall(PetscOptionsReal("-saddle_lambda_tol",
                             "saddle check: eigenvalues below -tol are negative (eps/sigma^2)",
                             "DWSaddleCheck", o->lambda_tol, &o->lambda_tol, NULL));
  PetscOptionsEnd();
  PetscCheck(o->gtol > 0 && !PetscIsInfOrNanReal(o->gtol), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-saddle_gtol %g must be a positive number (eps/sigma)", (double)o->gtol);
  PetscCheck(o->lambda_tol >= 0 && !PetscIsInfOrNanReal(o->lambda_tol), comm,
             PETSC_ERR_ARG_OUTOFRANGE, "-saddle_lambda_tol %g must be a number >= 0 (eps/sigma^2)",
             (double)o->lambda_tol);
  if (o->check) {
    PetscCall(CreateSaddleModes(comm, 3, 0, &m));
    PetscCall(DWModesDestroy(&m));
  }
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
