/* DWMinimizer: the object, the registry of methods and the helpers they share
   (include/dwell/minimizer.h). The methods are minfire.c and minlbfgs.c. */
#include "landscape/minimizerimpl.h"
#include <petscviewer.h>

PetscErrorCode DWMinimizerCreate_FIRE(DWMinimizer);
PetscErrorCode DWMinimizerCreate_LBFGS(DWMinimizer);

static PetscFunctionList DWMinimizerList;
static PetscBool DWMinimizerRegisterAllCalled;
static PetscLogEvent DW_MINIMIZE;

PetscErrorCode DWMinimizerRegister(const char name[], PetscErrorCode (*create)(DWMinimizer))
{
  PetscFunctionBegin;
  PetscCall(PetscFunctionListAdd(&DWMinimizerList, name, create));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerRegisterAll(void)
{
  PetscFunctionBegin;
  if (DWMinimizerRegisterAllCalled) PetscFunctionReturn(0);
  DWMinimizerRegisterAllCalled = PETSC_TRUE;
  PetscCall(DWMinimizerRegister(DWMINIMIZER_FIRE, DWMinimizerCreate_FIRE));
  PetscCall(DWMinimizerRegister(DWMINIMIZER_LBFGS, DWMinimizerCreate_LBFGS));
  PetscCall(PetscLogEventRegister("DWMinimize", 0, &DW_MINIMIZE));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerListTypes(const char sep[], char buf[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(DWMinimizerRegisterAll());
  PetscCall(DWRegistryListNames(DWMinimizerList, sep, buf, len));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerCreate(MPI_Comm comm, DWMinimizer *min)
{
  DWMinimizer m;

  PetscFunctionBegin;
  PetscCall(DWMinimizerRegisterAll());
  PetscCall(PetscNew(&m));
  m->comm    = comm;
  m->ftol    = 1e-10;
  m->maxit   = 100000;
  m->maxstep = 0.1;
  DWFIRESetDefaults(&m->fire);
  m->lbfgs_m = 10;
  PetscCall(DWMinimizerSetType(m, DWMINIMIZER_LBFGS));
  *min = m;
  PetscFunctionReturn(0);
}

static PetscErrorCode FreeWork(DWMinimizer min)
{
  PetscFunctionBegin;
  PetscCall(PetscFree4(min->f, min->d, min->xold, min->fold));
  PetscCall(PetscFree4(min->S, min->Y, min->rho, min->alpha));
  min->n = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerDestroy(DWMinimizer *min)
{
  PetscFunctionBegin;
  if (!*min) PetscFunctionReturn(0);
  PetscCall(FreeWork(*min));
  PetscCall(PetscFree(*min));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerSetType(DWMinimizer min, DWMinimizerType type)
{
  PetscErrorCode (*create)(DWMinimizer);

  PetscFunctionBegin;
  PetscCall(DWRegistryFind(min->comm, DWMinimizerList, "minimiser", type, &create));
  PetscCall(PetscMemzero(min->ops, sizeof(struct _DWMinimizerOps)));
  PetscCall(PetscStrncpy(min->type, type, sizeof(min->type)));
  PetscCall(create(min));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerGetType(DWMinimizer min, DWMinimizerType *type)
{
  PetscFunctionBegin;
  *type = min->type;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerSetTolerances(DWMinimizer min, PetscReal ftol, PetscInt maxit)
{
  PetscFunctionBegin;
  PetscCheck(ftol > 0, min->comm, PETSC_ERR_ARG_OUTOFRANGE, "-min_ftol %g must be positive",
             (double)ftol);
  PetscCheck(maxit > 0, min->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-min_maxit %" PetscInt_FMT " must be positive", maxit);
  min->ftol  = ftol;
  min->maxit = maxit;
  PetscFunctionReturn(0);
}

/* Every method's options are read, whatever -min_type says, so that a command line or a
   campaign may set them all (an option nobody reads is an error). A method's create
   function only fills the ops table, so it is applied to a scratch object here. */
static PetscErrorCode ReadMethodOptions(DWMinimizer min, PetscOptionItems *PetscOptionsObject)
{
  const char **names;
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(DWRegistryGetNames(DWMinimizerList, &n, &names));
  for (PetscInt k = 0; k < n; k++) {
    PetscErrorCode (*create)(DWMinimizer);
    struct _p_DWMinimizer method;

    PetscCall(PetscMemzero(&method, sizeof(method)));
    PetscCall(PetscFunctionListFind(DWMinimizerList, names[k], &create));
    PetscCall(create(&method));
    if (method.ops->setfromoptions) PetscCall(method.ops->setfromoptions(min, PetscOptionsObject));
  }
  PetscCall(PetscFree(names));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerSetFromOptions(DWMinimizer min)
{
  char type[DW_REGISTRY_NAME_LEN], known[256];
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(DWMinimizerListTypes(", ", known, sizeof(known)));
  PetscCall(PetscStrncpy(type, min->type, sizeof(type)));
  PetscOptionsBegin(min->comm, NULL, "Energy minimisation", "DWMinimizer");
  PetscCall(
      PetscOptionsString("-min_type", known, "DWMinimizerSetType", type, type, sizeof(type), &set));
  if (set) PetscCall(DWMinimizerSetType(min, type));
  PetscCall(PetscOptionsReal("-min_ftol", "convergence: largest force component (eps/sigma)",
                             "DWMinimizerSetTolerances", min->ftol, &min->ftol, NULL));
  PetscCall(PetscOptionsInt("-min_maxit", "iteration cap", "DWMinimizerSetTolerances", min->maxit,
                            &min->maxit, NULL));
  PetscCall(PetscOptionsReal("-min_maxstep",
                             "largest displacement of one particle in one step (sigma)", NULL,
                             min->maxstep, &min->maxstep, NULL));
  PetscCall(ReadMethodOptions(min, PetscOptionsObject));
  PetscOptionsEnd();
  PetscCall(DWMinimizerSetTolerances(min, min->ftol, min->maxit));
  PetscCheck(min->maxstep > 0, min->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-min_maxstep %g must be positive", (double)min->maxstep);
  PetscFunctionReturn(0);
}

static PetscErrorCode EnsureWork(DWMinimizer min, PetscInt n)
{
  PetscFunctionBegin;
  if (min->n == n) PetscFunctionReturn(0);
  PetscCall(FreeWork(min));
  min->n = n;
  PetscCall(PetscCalloc4(n, &min->f, n, &min->d, n, &min->xold, n, &min->fold));
  PetscCall(PetscCalloc4(n * min->lbfgs_m, &min->S, n * min->lbfgs_m, &min->Y, min->lbfgs_m,
                         &min->rho, min->lbfgs_m, &min->alpha));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerSolve(DWMinimizer min, DWSystem sys, DWPotential pot, DWNeighborList nl,
                                DWMinimizerResult *res)
{
  PetscInt N;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(EnsureWork(min, 3 * N));
  PetscCall(PetscMemzero(res, sizeof(*res)));
  PetscCall(PetscLogEventBegin(DW_MINIMIZE, 0, 0, 0, 0));
  PetscCall(min->ops->solve(min, sys, pot, nl, res));
  PetscCall(PetscLogEventEnd(DW_MINIMIZE, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerEvaluate(DWSystem sys, DWPotential pot, DWNeighborList nl, PetscReal *U,
                                   PetscReal f[], DWMinimizerResult *res)
{
  PetscFunctionBegin;
  PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, U, f, NULL, NULL));
  res->force_evaluations++;
  PetscFunctionReturn(0);
}

PetscBool DWMinimizerStop(DWMinimizer min, PetscInt n, const PetscReal f[], DWMinimizerResult *res)
{
  res->fmax = DWNormInf(n, f);
  if (PetscIsNanReal(res->fmax) || PetscIsInfReal(res->fmax))
    res->reason = DW_MIN_DIVERGED_NAN;
  else if (res->fmax <= min->ftol)
    res->reason = DW_MIN_CONVERGED;
  else if (res->iterations >= min->maxit)
    res->reason = DW_MIN_DIVERGED_MAXIT;
  else
    return PETSC_FALSE;
  return PETSC_TRUE;
}

const char *DWMinimizerReasonName(DWMinimizerReason reason)
{
  switch (reason) {
  case DW_MIN_CONVERGED:
    return "converged";
  case DW_MIN_DIVERGED_MAXIT:
    return "iteration cap reached";
  case DW_MIN_DIVERGED_NAN:
    return "not a number in the forces";
  case DW_MIN_DIVERGED_LINESEARCH:
    return "line search failed";
  }
  return "unknown";
}

PetscErrorCode DWMinimizerView(DWMinimizer min, PetscViewer viewer)
{
  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(min->comm, &viewer));
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "DWMinimizer %s: |F|_inf <= %g eps/sigma, at most %" PetscInt_FMT
                                   " iterations, steps <= %g sigma\n",
                                   min->type, (double)min->ftol, min->maxit, (double)min->maxstep));
  PetscFunctionReturn(0);
}
