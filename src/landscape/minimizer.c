/* DWMinimizer: the object, the registry of methods and the helpers they share
   (include/dwell/minimizer.h). The methods are minfire.c, minlbfgs.c and mincg.c; the last two
   share the step cap and the force-aware line search below.

   Line search along d from x0 (energy U0, forces F0, slope phi'(0) = -F0.d < 0; Nocedal and
   Wright, "Numerical Optimization", 2nd ed., sec. 3.1 and 3.5): trial steps alpha d, from
   alpha = 1. Sufficient decrease (Armijo) U(alpha) - U0 <= c1 alpha phi'(0), c1 = 1e-4. Near
   convergence (|F| ~ 1e-10) that energy difference is far below the rounding of U (~1e-16
   |U|), so it is replaced by its estimate from the two slopes, alpha (phi'(0) + phi'(alpha)) / 2
   (trapezoid rule, exact for a quadratic), whenever the measured difference is within the
   rounding noise 1e-12 |U0|. A step that fails is halved (c2 = 0, L-BFGS), or bisected towards
   the last step that passed (c2 > 0). With c2 > 0 (CG) a step that passes must also satisfy the
   strong Wolfe curvature condition |phi'(alpha)| <= c2 |phi'(0)|, which uses forces only: while
   the slope is still negative the step is extended by the secant of the slopes (at most 4 times,
   never beyond -min_maxstep per particle); once it is positive the secant between the last two
   steps that bracket the zero of phi' (kept inside the middle 80% of the bracket) is tried. After
   30 trials the last step with sufficient decrease is taken; without one, x0 is restored. */
#include "landscape/minimizerimpl.h"
#include <petscviewer.h>
#include <dwell/options.h>

PetscErrorCode DWMinimizerCreate_FIRE(DWMinimizer);
PetscErrorCode DWMinimizerCreate_LBFGS(DWMinimizer);
PetscErrorCode DWMinimizerCreate_CG(DWMinimizer);

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
  PetscCall(DWMinimizerRegister(DWMINIMIZER_CG, DWMinimizerCreate_CG));
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
  m->cg_c2   = 0.1;
  PetscCall(PetscStrncpy(m->lbfgs_precond, "none", sizeof(m->lbfgs_precond)));
  m->precond_par = (DWMinPrecondParams){-1, -1, 0.3, 3, 0.1, -1, 1e-2};
  PetscCall(DWMinimizerSetOptionsPrefix(m, "min_"));
  PetscCall(DWMinimizerSetType(m, DWMINIMIZER_LBFGS));
  *min = m;
  PetscFunctionReturn(0);
}

static PetscErrorCode FreeWork(DWMinimizer min)
{
  PetscFunctionBegin;
  PetscCall(PetscFree4(min->f, min->d, min->xold, min->fold));
  PetscCall(PetscFree4(min->S, min->Y, min->rho, min->alpha));
  PetscCall(PetscFree4(min->W, min->z, min->zold, min->q));
  min->n = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerDestroy(DWMinimizer *min)
{
  PetscFunctionBegin;
  if (!*min) PetscFunctionReturn(0);
  PetscCall(FreeWork(*min));
  PetscCall(DWMinPrecondDestroy(&(*min)->pc));
  PetscCall(PetscFree((*min)->prefix));
  PetscCall(PetscFree(*min));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerSetOptionsPrefix(DWMinimizer min, const char prefix[])
{
  PetscFunctionBegin;
  PetscCall(DWOptionsPrefixSet(min->comm, &min->prefix, prefix));
  PetscCall(DWMinPrecondDestroy(&min->pc)); /* its KSP's prefix follows */
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerAppendOptionsPrefix(DWMinimizer min, const char prefix[])
{
  PetscFunctionBegin;
  PetscCall(DWOptionsPrefixAppend(min->comm, &min->prefix, prefix));
  PetscCall(DWMinPrecondDestroy(&min->pc));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerGetOptionsPrefix(DWMinimizer min, const char *prefix[])
{
  PetscFunctionBegin;
  *prefix = min->prefix;
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
  PetscCheck(ftol > 0, min->comm, PETSC_ERR_ARG_OUTOFRANGE, "-%sftol %g must be positive",
             min->prefix, (double)ftol);
  PetscCheck(maxit > 0, min->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%smaxit %" PetscInt_FMT " must be positive", min->prefix, maxit);
  min->ftol  = ftol;
  min->maxit = maxit;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerGetTolerances(DWMinimizer min, PetscReal *ftol, PetscInt *maxit)
{
  PetscFunctionBegin;
  if (ftol) *ftol = min->ftol;
  if (maxit) *maxit = min->maxit;
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

/* The L-BFGS preconditioner of the chosen type, created on first need. */
static PetscErrorCode EnsurePrecond(DWMinimizer min)
{
  PetscBool none;

  PetscFunctionBegin;
  PetscCall(PetscStrcmp(min->lbfgs_precond, "none", &none));
  if (min->pc || none) PetscFunctionReturn(0);
  PetscCall(DWMinPrecondCreate(min->comm, min->prefix ? min->prefix : "", min->lbfgs_precond,
                               &min->precond_par, &min->pc));
  min->n = -1; /* the work arrays depend on the preconditioner */
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerSetFromOptions(DWMinimizer min)
{
  char type[DW_REGISTRY_NAME_LEN], known[256];
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(DWMinimizerListTypes(", ", known, sizeof(known)));
  PetscCall(PetscStrncpy(type, min->type, sizeof(type)));
  PetscOptionsBegin(min->comm, min->prefix, "Energy minimisation", "DWMinimizer");
  PetscCall(
      PetscOptionsString("-type", known, "DWMinimizerSetType", type, type, sizeof(type), &set));
  if (set) PetscCall(DWMinimizerSetType(min, type));
  PetscCall(PetscOptionsReal("-ftol", "convergence: largest force component (eps/sigma)",
                             "DWMinimizerSetTolerances", min->ftol, &min->ftol, NULL));
  PetscCall(PetscOptionsInt("-maxit", "iteration cap", "DWMinimizerSetTolerances", min->maxit,
                            &min->maxit, NULL));
  PetscCall(PetscOptionsReal("-maxstep", "largest displacement of one particle in one step (sigma)",
                             NULL, min->maxstep, &min->maxstep, NULL));
  PetscCall(ReadMethodOptions(min, PetscOptionsObject));
  PetscOptionsEnd();
  /* a new preconditioner with these parameters, which reads its KSP options now */
  PetscCall(DWMinPrecondDestroy(&min->pc));
  PetscCall(EnsurePrecond(min));
  PetscCall(DWMinimizerSetTolerances(min, min->ftol, min->maxit));
  PetscCheck(min->maxstep > 0, min->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%smaxstep %g must be positive", min->prefix, (double)min->maxstep);
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
  if (min->pc)
    PetscCall(PetscCalloc4(n * min->lbfgs_m, &min->W, n, &min->z, n, &min->zold, n, &min->q));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerSolve(DWMinimizer min, DWSystem sys, DWPotential pot, DWNeighborList nl,
                                DWMinimizerResult *res)
{
  PetscInt N;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(EnsurePrecond(min));
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

static PetscReal MaxParticleStep(PetscInt N, const PetscReal d[])
{
  PetscReal dmax2 = 0;
  for (PetscInt i = 0; i < N; i++)
    dmax2 = PetscMax(dmax2, d[3 * i] * d[3 * i] + d[3 * i + 1] * d[3 * i + 1] +
                                d[3 * i + 2] * d[3 * i + 2]);
  return PetscSqrtReal(dmax2);
}

PetscReal DWMinimizerCapStep(PetscInt N, PetscReal d[], PetscReal maxstep)
{
  const PetscReal dmax = MaxParticleStep(N, d);

  if (!(dmax > maxstep)) return 1;
  const PetscReal s = maxstep / dmax;
  for (PetscInt k = 0; k < 3 * N; k++) d[k] *= s;
  return s;
}

/* The next trial step: the secant zero of the slope between (a0, s0) and (a1, s1), with a1 the
   step just tried; bracketed (hi > 0): kept inside [lo, hi] away from its ends; otherwise an
   extension beyond a1 of at most 4 a1 and amax. */
static PetscReal NextStep(PetscReal a0, PetscReal s0, PetscReal a1, PetscReal s1, PetscReal lo,
                          PetscReal hi, PetscReal amax)
{
  const PetscReal secant = a1 - s1 * (a1 - a0) / (s1 - s0);

  if (hi > 0) {
    const PetscReal w = 0.1 * (hi - lo);
    return (s1 - s0 != 0 && secant == secant) ? PetscMin(PetscMax(secant, lo + w), hi - w)
                                              : 0.5 * (lo + hi);
  }
  return s1 > s0 ? PetscMin(secant, PetscMin(4 * a1, amax)) : PetscMin(4 * a1, amax);
}

PetscErrorCode DWMinimizerLineSearch(DWMinimizer min, DWSystem sys, DWPotential pot,
                                     DWNeighborList nl, PetscReal c2, PetscReal *U,
                                     PetscReal *alpha, PetscBool *ok, DWMinimizerResult *res)
{
  const PetscReal c1 = 1e-4;
  PetscInt N;
  PetscReal *x, *f = min->f;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetPositions(sys, &x));
  const PetscInt n   = 3 * N;
  const PetscReal *d = min->d, U0 = *U, slope0 = -DWDot(n, min->fold, d),
                  amax = c2 > 0 ? min->maxstep / MaxParticleStep(N, d) : 1;
  PetscReal a = 1, lo = 0, slo = slope0, hi = 0, aprev = 0, sprev = slope0, good = 0;

  *ok = PETSC_FALSE;
  for (int tries = 0; tries < 30 && !*ok; tries++) {
    for (PetscInt k = 0; k < n; k++) x[k] = min->xold[k] + a * d[k];
    PetscCall(DWMinimizerEvaluate(sys, pot, nl, U, f, res));
    const PetscReal slope = -DWDot(n, f, d), noise = 1e-12 * PetscAbsReal(U0) + 1e-300;
    const PetscReal dU     = (PetscAbsReal(*U - U0) > noise) ? *U - U0 : 0.5 * a * (slope0 + slope);
    const PetscBool armijo = (PetscBool)(!PetscIsInfOrNanReal(*U) && dU <= c1 * a * slope0);
    PetscReal next;
    if (!armijo) { /* too far: halve, or bisect towards the last good step */
      hi   = a;
      next = 0.5 * (lo + hi);
    } else if (c2 <= 0 || PetscAbsReal(slope) <= c2 * PetscAbsReal(slope0) ||
               (slope < 0 && a >= amax)) {
      *ok = PETSC_TRUE;
      break;
    } else {
      good = a;
      if (slope < 0) {
        lo  = a;
        slo = slope;
      } else
        hi = a;
      next = slope < 0 ? NextStep(aprev, sprev, a, slope, lo, hi, amax)
                       : NextStep(lo, slo, a, slope, lo, hi, amax);
    }
    aprev = a;
    sprev = slope;
    a     = next;
  }
  if (!*ok && good > 0) { /* no curvature condition met: the last step that decreased enough */
    a = good;
    for (PetscInt k = 0; k < n; k++) x[k] = min->xold[k] + a * d[k];
    PetscCall(DWMinimizerEvaluate(sys, pot, nl, U, f, res));
    *ok = PETSC_TRUE;
  } else if (!*ok) {
    a = 0;
    for (PetscInt k = 0; k < n; k++) x[k] = min->xold[k];
    PetscCall(DWMinimizerEvaluate(sys, pot, nl, U, f, res));
  }
  *alpha = a;
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
  PetscBool lbfgs;

  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(min->comm, &viewer));
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "DWMinimizer %s: |F|_inf <= %g eps/sigma, at most %" PetscInt_FMT
                                   " iterations, steps <= %g sigma\n",
                                   min->type, (double)min->ftol, min->maxit, (double)min->maxstep));
  PetscCall(PetscStrcmp(min->type, DWMINIMIZER_LBFGS, &lbfgs));
  if (lbfgs)
    PetscCall(PetscViewerASCIIPrintf(viewer, "  m = %" PetscInt_FMT ", preconditioner %s\n",
                                     min->lbfgs_m, min->lbfgs_precond));
  PetscFunctionReturn(0);
}
