/* DWNLMode: the object that holds the settings, the Hessian M, the third-order contractions
   and the KSP of the nonlinear-mode iteration ([PRM21] eq. 6; include/dwell/nlmode.h); the
   iteration itself is in nlmodesolve.c. M^-1 acts on the complement of the exact zero modes:
   the KSP's operator is a shell on M carrying them as its null space (the caller's Mat is not
   modified), the preconditioner is built from M itself. */
#include "modes/nlmodeimpl.h"
#include "modes/modesimpl.h"
#include <dwell/options.h>

const char *DWNLModeReasonName(DWNLModeReason reason)
{
  static const char *const names[] = {"cycle", "linear_solve", "indefinite", "harmonic",
                                      "maxit", "iterating",    "converged"};
  return reason >= DW_NLMODE_DIVERGED_CYCLE && reason <= DW_NLMODE_CONVERGED
             ? names[reason - DW_NLMODE_DIVERGED_CYCLE]
             : "unknown";
}

PetscErrorCode DWNLModeCreate(MPI_Comm comm, DWNLMode *nlm)
{
  DWNLMode m;

  PetscFunctionBegin;
  PetscCall(PetscNew(&m));
  m->comm  = comm;
  m->rtol  = 1e-8;
  m->maxit = 200;
  m->gtol  = 1e-6;
  m->fmax  = -1;
  PetscCall(KSPCreate(comm, &m->ksp));
  PetscCall(DWHessianKSPSetDefaults(m->ksp));
  PetscCall(DWNLModeSetOptionsPrefix(m, "nlmode_"));
  *nlm = m;
  PetscFunctionReturn(0);
}

/* Everything that belongs to one Hessian (its shell, null space, work vectors). */
static PetscErrorCode ResetHessian(DWNLMode m)
{
  PetscFunctionBegin;
  PetscCall(MatDestroy(&m->H));
  PetscCall(MatDestroy(&m->A));
  PetscCall(MatNullSpaceDestroy(&m->ns));
  PetscCall(VecDestroy(&m->pi));
  PetscCall(VecDestroy(&m->b));
  PetscCall(VecDestroy(&m->x));
  PetscCall(VecDestroy(&m->prev));
  PetscCall(VecDestroy(&m->all));
  PetscCall(VecScatterDestroy(&m->toall));
  PetscCall(PetscFree2(m->p, m->Upp));
  PetscCall(DWNeighborListDestroy(&m->nl));
  m->pot       = NULL;
  m->sys       = NULL;
  m->fmax      = -1;
  m->ksp_setup = PETSC_FALSE;
  m->solved    = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNLModeDestroy(DWNLMode *nlm)
{
  PetscFunctionBegin;
  if (!*nlm) PetscFunctionReturn(0);
  PetscCall(ResetHessian(*nlm));
  PetscCall(KSPDestroy(&(*nlm)->ksp));
  PetscCall(PetscFree((*nlm)->prefix));
  PetscCall(PetscFree(*nlm));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNLModeSetOptionsPrefix(DWNLMode m, const char prefix[])
{
  PetscFunctionBegin;
  PetscCall(DWOptionsPrefixSet(m->comm, &m->prefix, prefix));
  PetscCall(KSPSetOptionsPrefix(m->ksp, m->prefix));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNLModeGetOptionsPrefix(DWNLMode m, const char *prefix[])
{
  PetscFunctionBegin;
  *prefix = m->prefix;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNLModeSetTolerances(DWNLMode m, PetscReal rtol, PetscInt maxit)
{
  PetscFunctionBegin;
  PetscCheck(rtol > 0 && rtol < 1, m->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%srtol %g must be in (0, 1)", m->prefix, (double)rtol);
  PetscCheck(maxit >= 1, m->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%smaxit %" PetscInt_FMT " must be at least 1", m->prefix, maxit);
  m->rtol  = rtol;
  m->maxit = maxit;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNLModeSetFromOptions(DWNLMode m)
{
  PetscReal rtol = m->rtol, gtol = m->gtol;
  PetscInt maxit = m->maxit;

  PetscFunctionBegin;
  PetscOptionsBegin(m->comm, m->prefix, "Nonlinear (cubic) mode, PRM21 eq. 6", "DWNLMode");
  PetscCall(PetscOptionsReal("-rtol", "converged when |pi_{n+1} - pi_n| < rtol (unit pi)",
                             "DWNLModeSetTolerances", rtol, &rtol, NULL));
  PetscCall(PetscOptionsInt("-maxit", "iterations of eq. 6 at most", "DWNLModeSetTolerances", maxit,
                            &maxit, NULL));
  PetscCall(PetscOptionsReal(
      "-gtol", "a particle configuration is a minimum when |F|_inf <= gtol (eps/sigma)",
      "DWNLModeSetPotential", gtol, &gtol, NULL));
  PetscOptionsEnd();
  PetscCall(DWNLModeSetTolerances(m, rtol, maxit));
  PetscCheck(gtol > 0, m->comm, PETSC_ERR_ARG_OUTOFRANGE, "-%sgtol %g must be positive", m->prefix,
             (double)gtol);
  m->gtol = gtol;
  PetscCall(KSPSetFromOptions(m->ksp));
  m->ksp_setup = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNLModeSetHessian(DWNLMode m, Mat H, PetscInt nnull, const PetscReal null[])
{
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(MatGetSize(H, &n, NULL));
  PetscCheck(nnull >= 0 && nnull < n, m->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "nlmode: %" PetscInt_FMT " zero modes for a Hessian of size %" PetscInt_FMT, nnull, n);
  PetscCall(PetscObjectReference((PetscObject)H));
  PetscCall(ResetHessian(m));
  m->H = H;
  PetscCall(MatCreateVecs(H, &m->pi, &m->b));
  PetscCall(VecDuplicate(m->pi, &m->x));
  PetscCall(VecDuplicate(m->pi, &m->prev));
  PetscCall(VecScatterCreateToAll(m->pi, &m->toall, &m->all));
  PetscCall(PetscMalloc2(n, &m->p, n, &m->Upp));
  PetscCall(DWHessianKSPSetOperators(m->ksp, H, nnull, null, &m->A, &m->ns));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNLModeSetThirdOrder(DWNLMode m, DWNLModeThirdOrderFn fn, void *ctx)
{
  PetscFunctionBegin;
  m->third     = fn;
  m->third_ctx = ctx;
  m->solved    = PETSC_FALSE;
  PetscFunctionReturn(0);
}

static PetscErrorCode ThirdOrderParticles(void *ctx, const PetscReal p[], PetscReal Upp[],
                                          PetscReal *Uppp)
{
  DWNLMode m = (DWNLMode)ctx;

  PetscFunctionBegin;
  PetscCall(DWPotentialComputeThirdOrder(m->pot, m->sys, m->nl, p, Upp, Uppp));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNLModeSetPotential(DWNLMode m, DWPotential pot, DWSystem sys)
{
  DWNeighborList nl;
  PetscReal U, *f, fmax = 0;
  PetscInt N;
  PetscReal *null;
  Mat H;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWNeighborListCreate(m->comm, &nl));
  PetscCall(DWNeighborListSetFromOptions(nl));
  PetscCall(PetscMalloc1(3 * N, &f));
  PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, &U, f, NULL, NULL));
  for (PetscInt i = 0; i < 3 * N; i++) fmax = PetscMax(fmax, PetscAbsReal(f[i]));
  PetscCall(PetscFree(f));
  PetscCall(DWPotentialCreateHessian(pot, sys, nl, &H));
  PetscCall(DWTranslationModes(N, &null));
  PetscCall(DWNLModeSetHessian(m, H, 3, null));
  PetscCall(PetscFree(null));
  PetscCall(MatDestroy(&H));
  m->pot  = pot;
  m->sys  = sys;
  m->nl   = nl;
  m->fmax = fmax;
  PetscCall(DWNLModeSetThirdOrder(m, ThirdOrderParticles, m));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNLModeGetForceNorm(DWNLMode m, PetscReal *fmax, PetscReal *gtol)
{
  PetscFunctionBegin;
  *fmax = m->fmax;
  *gtol = m->gtol;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNLModeGetResult(DWNLMode m, DWNLModeResult *res)
{
  PetscFunctionBegin;
  PetscCheck(m->solved, PETSC_COMM_SELF, PETSC_ERR_ORDER, "nlmode: no solve yet (DWNLModeSolve)");
  *res = m->res;
  PetscFunctionReturn(0);
}

/* pi replicated into m->p. */
PetscErrorCode DWNLModeGatherMode(DWNLMode m)
{
  const PetscScalar *a;
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(VecScatterBegin(m->toall, m->pi, m->all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(m->toall, m->pi, m->all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetSize(m->all, &n));
  PetscCall(VecGetArrayRead(m->all, &a));
  for (PetscInt i = 0; i < n; i++) m->p[i] = PetscRealPart(a[i]);
  PetscCall(VecRestoreArrayRead(m->all, &a));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNLModeGetMode(DWNLMode m, PetscReal pi[])
{
  PetscInt n;

  PetscFunctionBegin;
  PetscCheck(m->solved, m->comm, PETSC_ERR_ORDER, "nlmode: no solve yet (DWNLModeSolve)");
  PetscCall(DWNLModeGatherMode(m));
  PetscCall(VecGetSize(m->pi, &n));
  PetscCall(PetscArraycpy(pi, m->p, n));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNLModeOverlap(DWNLMode m, const PetscReal r[], PetscReal *c, PetscReal *a)
{
  PetscInt bs;

  PetscFunctionBegin;
  PetscCheck(m->solved, m->comm, PETSC_ERR_ORDER, "nlmode: no solve yet (DWNLModeSolve)");
  PetscCall(MatGetBlockSize(m->H, &bs));
  PetscCall(DWModesFieldOverlap(m->pi, r, bs, c, a));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNLModeView(DWNLMode m, PetscViewer viewer)
{
  const DWNLModeResult *r = &m->res;

  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(m->comm, &viewer));
  PetscCall(PetscViewerASCIIPrintf(viewer, "%srtol: %g\n%smaxit: %" PetscInt_FMT "\n", m->prefix,
                                   (double)m->rtol, m->prefix, m->maxit));
  if (!m->solved) PetscFunctionReturn(0);
  PetscCall(
      PetscViewerASCIIPrintf(viewer,
                             "kappa: %.12e\nU3: %.12e\nV3: %.12e\nP: %.6f\nits: %" PetscInt_FMT
                             "\nksp_its: %" PetscInt_FMT "\nchange: %.3e\n",
                             (double)r->kappa, (double)r->U3, (double)r->V3, (double)r->P, r->its,
                             r->ksp_its, (double)r->change));
  PetscCall(PetscViewerASCIIPrintf(viewer, "converged: %s\nreason: %s\n",
                                   r->reason == DW_NLMODE_CONVERGED ? "true" : "false",
                                   DWNLModeReasonName(r->reason)));
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "units: {kappa: eps/sigma^2, U3: eps/sigma^3, V3: eps, P: 1, change: 1}\n"));
  PetscFunctionReturn(0);
}
