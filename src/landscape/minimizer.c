/* DWMinimizer: the object, method registry and shared helpers (include/dwell/minimizer.h). */
#include "landscape/minimizerimpl.h"
#include <petscviewer.h>

static const DWMinimizerOps *methods[] = {&DWMinimizerFIRE, &DWMinimizerLBFGS};
static PetscLogEvent         DW_MINIMIZE;

PetscErrorCode DWMinimizerCreate(MPI_Comm comm, DWMinimizer *min)
{
  DWMinimizer m;

  PetscFunctionBegin;
  if (!DW_MINIMIZE) PetscCall(PetscLogEventRegister("DWMinimize", 0, &DW_MINIMIZE));
  PetscCall(PetscNew(&m));
  m->comm        = comm;
  m->ops         = &DWMinimizerLBFGS;
  m->ftol        = 1e-10;
  m->maxit       = 100000;
  m->maxstep     = 0.1;
  m->fire_dt     = 0.005;
  m->fire_tmax   = 10.0;
  m->fire_tmin   = 0.02;
  m->fire_delay  = 20;
  m->fire_finc   = 1.1;
  m->fire_fdec   = 0.5;
  m->fire_alpha0 = 0.25;
  m->fire_falpha = 0.99;
  m->lbfgs_m     = 10;
  *min           = m;
  PetscFunctionReturn(0);
}

static PetscErrorCode FreeWork(DWMinimizer min)
{
  PetscFunctionBegin;
  PetscCall(PetscFree5(min->f, min->v, min->d, min->xold, min->fold));
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
  PetscBool match;

  PetscFunctionBegin;
  for (size_t k = 0; k < sizeof(methods) / sizeof(methods[0]); k++) {
    PetscCall(PetscStrcmp(type, methods[k]->name, &match));
    if (match) {
      min->ops = methods[k];
      PetscFunctionReturn(0);
    }
  }
  SETERRQ(min->comm, PETSC_ERR_ARG_UNKNOWN_TYPE, "unknown minimiser -min_type %s; known: fire, lbfgs", type);
}

PetscErrorCode DWMinimizerGetType(DWMinimizer min, DWMinimizerType *type)
{
  PetscFunctionBegin;
  *type = min->ops->name;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerSetTolerances(DWMinimizer min, PetscReal ftol, PetscInt maxit)
{
  PetscFunctionBegin;
  PetscCheck(ftol > 0, min->comm, PETSC_ERR_ARG_OUTOFRANGE, "-min_ftol %g must be positive", (double)ftol);
  PetscCheck(maxit > 0, min->comm, PETSC_ERR_ARG_OUTOFRANGE, "-min_maxit %" PetscInt_FMT " must be positive", maxit);
  min->ftol  = ftol;
  min->maxit = maxit;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerSetFromOptions(DWMinimizer min)
{
  char      type[16];
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(type, min->ops->name, sizeof(type)));
  PetscOptionsBegin(min->comm, NULL, "Energy minimisation", "DWMinimizer");
  PetscCall(PetscOptionsString("-min_type", "fire, lbfgs", "DWMinimizerSetType", type, type, sizeof(type), &set));
  if (set) PetscCall(DWMinimizerSetType(min, type));
  PetscCall(PetscOptionsReal("-min_ftol", "convergence: largest force component (eps/sigma)", "DWMinimizerSetTolerances", min->ftol, &min->ftol, NULL));
  PetscCall(PetscOptionsInt("-min_maxit", "iteration cap", "DWMinimizerSetTolerances", min->maxit, &min->maxit, NULL));
  PetscCall(PetscOptionsReal("-min_maxstep", "largest displacement of one particle in one step (sigma)", NULL, min->maxstep, &min->maxstep, NULL));
  for (size_t k = 0; k < sizeof(methods) / sizeof(methods[0]); k++)
    if (methods[k]->setfromoptions) PetscCall(methods[k]->setfromoptions(min, PetscOptionsObject));
  PetscOptionsEnd();
  PetscCall(DWMinimizerSetTolerances(min, min->ftol, min->maxit));
  PetscCheck(min->maxstep > 0, min->comm, PETSC_ERR_ARG_OUTOFRANGE, "-min_maxstep %g must be positive", (double)min->maxstep);
  PetscFunctionReturn(0);
}

static PetscErrorCode EnsureWork(DWMinimizer min, PetscInt n)
{
  PetscFunctionBegin;
  if (min->n == n) PetscFunctionReturn(0);
  PetscCall(FreeWork(min));
  min->n = n;
  PetscCall(PetscCalloc5(n, &min->f, n, &min->v, n, &min->d, n, &min->xold, n, &min->fold));
  PetscCall(PetscCalloc4(n * min->lbfgs_m, &min->S, n * min->lbfgs_m, &min->Y, min->lbfgs_m, &min->rho, min->lbfgs_m, &min->alpha));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerSolve(DWMinimizer min, DWSystem sys, DWPotential pot, DWNeighborList nl, DWMinimizerResult *res)
{
  PetscFunctionBegin;
  PetscCall(EnsureWork(min, 3 * sys->N));
  PetscCall(PetscMemzero(res, sizeof(*res)));
  PetscCall(PetscLogEventBegin(DW_MINIMIZE, 0, 0, 0, 0));
  PetscCall(min->ops->solve(min, sys, pot, nl, res));
  PetscCall(PetscLogEventEnd(DW_MINIMIZE, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerEvaluate(DWSystem sys, DWPotential pot, DWNeighborList nl, PetscReal *U, PetscReal f[], DWMinimizerResult *res)
{
  PetscFunctionBegin;
  PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, U, f, NULL, NULL));
  res->force_evaluations++;
  PetscFunctionReturn(0);
}

PetscReal DWMinimizerFmax(PetscInt n, const PetscReal f[])
{
  PetscReal m = 0;
  for (PetscInt k = 0; k < n; k++) {
    if (PetscIsNanReal(f[k])) return f[k];
    m = PetscMax(m, PetscAbsReal(f[k]));
  }
  return m;
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
  PetscCall(PetscViewerASCIIPrintf(viewer, "DWMinimizer %s: |F|_inf <= %g eps/sigma, at most %" PetscInt_FMT " iterations, steps <= %g sigma\n", min->ops->name, (double)min->ftol, min->maxit, (double)min->maxstep));
  PetscFunctionReturn(0);
}
