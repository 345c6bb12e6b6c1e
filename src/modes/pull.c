/* DWPull: the object of mode pulling ([PRR20] sec. II.C, eqs. 5-10, A3; include/dwell/pull.h):
   settings, the surface and its IS r_0, the results and final states, T_c ([PRR20] Table I)
   and the YAML view. The search is in pullsearch.c, the measurements in pullmeasure.c. */
#include "modes/pullimpl.h"
#include <dwell/options.h>
#include <dwell/islib.h>

const char *DWPullReasonName(DWPullReason reason)
{
  switch (reason) {
  case DW_PULL_TRANSITION:
    return "transition";
  case DW_PULL_OVERLAP:
    return "overlap";
  case DW_PULL_AMAX:
    return "amax";
  case DW_PULL_AMIN:
    return "amin";
  case DW_PULL_MINIMIZE:
    return "minimize";
  }
  return "unknown";
}

static const char *const sign_names[] = {"tau",        "plus",          "minus", "both",
                                         "DWPullSign", "DW_PULL_SIGN_", NULL};

PetscErrorCode DWPullCreate(MPI_Comm comm, DWPull *pull)
{
  DWPull p;

  PetscFunctionBegin;
  PetscCall(PetscNew(&p));
  p->comm       = comm;
  p->rtol       = 1e-3;
  p->grow       = 2;
  p->a0         = 1e-2;
  p->amin       = 1e-7;
  p->amax       = 1;
  p->overlap    = 0.7;
  p->tol_e      = DW_IS_ENERGY_TOL;
  p->tol_x      = DW_IS_DISPLACEMENT_TOL;
  p->gtol       = 1e-6;
  p->decay_rmin = 2;
  p->sign       = DW_PULL_SIGN_TAU;
  p->L          = PETSC_MAX_REAL;
  PetscCall(DWPullSetOptionsPrefix(p, "pull_"));
  *pull = p;
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullDestroy(DWPull *pull)
{
  DWPull p = *pull;

  PetscFunctionBegin;
  if (!p) PetscFunctionReturn(0);
  for (PetscInt j = 0; j < p->nres; j++) {
    PetscCall(PetscFree(p->x1[j]));
    PetscCall(PetscFree(p->dir[j]));
    PetscCall(PetscFree3(p->curveA[j], p->curvedr[j], p->curvedphi[j]));
  }
  PetscCall(PetscFree6(p->res, p->x1, p->V1, p->curveA, p->curvedr, p->curvedphi));
  PetscCall(PetscFree(p->dir));
  PetscCall(PetscFree5(p->x0, p->x, p->g, p->xhi, p->dr));
  PetscCall(DWPullParticlesDestroy(&p->particles));
  PetscCall(PetscFree(p->prefix));
  PetscCall(PetscFree(*pull));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullSetOptionsPrefix(DWPull p, const char prefix[])
{
  PetscFunctionBegin;
  PetscCall(DWOptionsPrefixSet(p->comm, &p->prefix, prefix));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullGetOptionsPrefix(DWPull p, const char *prefix[])
{
  PetscFunctionBegin;
  *prefix = p->prefix;
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullSetTolerance(DWPull p, PetscReal rtol)
{
  PetscFunctionBegin;
  PetscCheck(rtol > 0 && rtol < 1, p->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%srtol %g must be in (0, 1) (relative tolerance of A_c)", p->prefix, (double)rtol);
  p->rtol = rtol;
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullSetSign(DWPull p, DWPullSign sign)
{
  PetscFunctionBegin;
  p->sign = sign;
  PetscFunctionReturn(0);
}

/* Every positive setting: an error naming the option and value. */
static PetscErrorCode CheckPositive(DWPull p, const char name[], PetscReal v)
{
  PetscFunctionBegin;
  PetscCheck(v > 0, p->comm, PETSC_ERR_ARG_OUTOFRANGE, "-%s%s %g must be positive", p->prefix, name,
             (double)v);
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckSettings(DWPull p)
{
  PetscFunctionBegin;
  PetscCall(DWPullSetTolerance(p, p->rtol));
  PetscCheck(p->grow > 1, p->comm, PETSC_ERR_ARG_OUTOFRANGE, "-%sgrow %g must exceed 1", p->prefix,
             (double)p->grow);
  PetscCall(CheckPositive(p, "a0", p->a0));
  PetscCall(CheckPositive(p, "amin", p->amin));
  PetscCheck(p->amax > p->amin, p->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%samax %g must exceed -%samin %g", p->prefix, (double)p->amax, p->prefix,
             (double)p->amin);
  PetscCheck(p->overlap >= 0 && p->overlap < 1, p->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%soverlap %g must be in [0, 1) (fraction of s_ij; 0: no overlap test)", p->prefix,
             (double)p->overlap);
  PetscCall(CheckPositive(p, "tol_e", p->tol_e));
  PetscCall(CheckPositive(p, "tol_x", p->tol_x));
  PetscCall(CheckPositive(p, "gtol", p->gtol));
  PetscCall(CheckPositive(p, "decay_rmin", p->decay_rmin));
  PetscCheck(p->curve >= 0, p->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%scurve %" PetscInt_FMT " must be >= 0 (points per mode)", p->prefix, p->curve);
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullSetFromOptions(DWPull p)
{
  PetscEnum sign = (PetscEnum)p->sign;

  PetscFunctionBegin;
  PetscOptionsBegin(p->comm, p->prefix, "Mode pulling, PRR20 sec. II.C", "DWPull");
  PetscCall(PetscOptionsReal("-rtol", "A_c to A_hi - A_lo <= rtol A_hi", "DWPullSetTolerance",
                             p->rtol, &p->rtol, NULL));
  PetscCall(PetscOptionsReal("-grow", "first bracket factor g (then g^2, g^3, ...)", NULL, p->grow,
                             &p->grow, NULL));
  PetscCall(
      PetscOptionsReal("-a0", "first A when eq. A3 gives none (sigma)", NULL, p->a0, &p->a0, NULL));
  PetscCall(PetscOptionsReal("-amin", "smallest A tried (sigma)", NULL, p->amin, &p->amin, NULL));
  PetscCall(PetscOptionsReal("-amax", "largest A tried (sigma)", NULL, p->amax, &p->amax, NULL));
  PetscCall(PetscOptionsEnum("-sign", "direction: tau (tau <= 0), plus, minus, both",
                             "DWPullSetSign", sign_names, sign, &sign, NULL));
  PetscCall(PetscOptionsReal("-overlap", "overlap: a pair closer than this fraction of s_ij", NULL,
                             p->overlap, &p->overlap, NULL));
  PetscCall(PetscOptionsReal("-tol_e", "same IS: |e_0 - e_1| <= tol_e (eps per particle)", NULL,
                             p->tol_e, &p->tol_e, NULL));
  PetscCall(PetscOptionsReal("-tol_x", "same IS: largest displacement <= tol_x (sigma)", NULL,
                             p->tol_x, &p->tol_x, NULL));
  PetscCall(PetscOptionsReal("-gtol", "the start is a minimum: |F|_inf <= gtol (eps/sigma)", NULL,
                             p->gtol, &p->gtol, NULL));
  PetscCall(PetscOptionsReal("-decay_rmin", "decay fit over r >= decay_rmin (sigma)", NULL,
                             p->decay_rmin, &p->decay_rmin, NULL));
  PetscCall(PetscOptionsInt("-curve", "points of |dr|, dPhi vs A per mode (0: none)", NULL,
                            p->curve, &p->curve, NULL));
  PetscOptionsEnd();
  p->sign = (DWPullSign)sign;
  PetscCall(CheckSettings(p));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullSetSurface(DWPull p, DWSurface s, const PetscReal x0[])
{
  PetscInt n, bs;

  PetscFunctionBegin;
  PetscCall(DWSurfaceGetSize(s, &n, &bs));
  PetscCheck(n % 3 == 0 && n > 0, p->comm, PETSC_ERR_ARG_SIZ,
             "pull: a surface of %" PetscInt_FMT " coordinates is not particles (3 per particle)",
             n);
  PetscCall(PetscFree5(p->x0, p->x, p->g, p->xhi, p->dr));
  PetscCall(PetscMalloc5(n, &p->x0, n, &p->x, n, &p->g, n, &p->xhi, n, &p->dr));
  PetscCall(PetscArraycpy(p->x0, x0, n));
  p->s     = s;
  p->n     = n;
  p->N     = n / 3;
  p->setup = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullSetThirdOrder(DWPull p, DWNLModeThirdOrderFn fn, void *ctx)
{
  PetscFunctionBegin;
  p->third     = fn;
  p->third_ctx = ctx;
  PetscFunctionReturn(0);
}

PetscErrorCode
DWPullSetOverlap(DWPull p, PetscErrorCode (*fn)(void *ctx, const PetscReal x[], PetscReal *rmin),
                 void *ctx, PetscReal L)
{
  PetscFunctionBegin;
  p->overlapfn   = fn;
  p->overlap_ctx = ctx;
  p->L           = L > 0 ? L : PETSC_MAX_REAL;
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullSetUp(DWPull p)
{
  PetscReal gmax = 0;

  PetscFunctionBegin;
  if (p->setup) PetscFunctionReturn(0);
  PetscCheck(p->s, p->comm, PETSC_ERR_ORDER, "pull: no surface (DWPullSetSurface)");
  PetscCall(DWSurfaceEvaluate(p->s, DW_SURFACE_SLOT_SCRATCH, p->x0, &p->V0, p->g));
  for (PetscInt i = 0; i < p->n; i++) gmax = PetscMax(gmax, PetscAbsReal(p->g[i]));
  PetscCheck(gmax <= p->gtol, p->comm, PETSC_ERR_ARG_WRONG,
             "pull: the start is not a minimum: |F|_inf = %g eps/sigma > -%sgtol %g (minimise it "
             "first: dwell minimize)",
             (double)gmax, p->prefix, (double)p->gtol);
  p->setup = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullModes(DWPull p, DWModes modes, PetscInt n, const PetscInt idx[])
{
  PetscInt k;
  PetscReal *e;

  PetscFunctionBegin;
  PetscCall(DWModesGetNumModes(modes, &k));
  for (PetscInt j = 0; j < n; j++)
    PetscCheck(idx[j] >= 0 && idx[j] < k, p->comm, PETSC_ERR_ARG_OUTOFRANGE,
               "pull: mode %" PetscInt_FMT " is out of range: %" PetscInt_FMT
               " modes were computed (0 .. %" PetscInt_FMT ")",
               idx[j], k, k - 1);
  PetscCall(PetscMalloc1(p->n, &e));
  for (PetscInt j = 0; j < n; j++) {
    DWModeInfo info;
    PetscCall(DWModesGetModeInfo(modes, idx[j], &info));
    PetscCall(DWModesGetModeReplicated(modes, idx[j], e));
    PetscCall(DWPullMode(p, idx[j], e, info.lambda, &info));
  }
  PetscCall(PetscFree(e));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullGetNumResults(DWPull p, PetscInt *n)
{
  PetscFunctionBegin;
  *n = p->nres;
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullGetResult(DWPull p, PetscInt j, DWPullResult *res)
{
  PetscFunctionBegin;
  PetscCheck(j >= 0 && j < p->nres, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "pull: result %" PetscInt_FMT " of %" PetscInt_FMT, j, p->nres);
  *res = p->res[j];
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullGetFinalState(DWPull p, PetscInt j, const PetscReal *x1[], PetscReal *V1)
{
  PetscFunctionBegin;
  PetscCheck(j >= 0 && j < p->nres, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "pull: result %" PetscInt_FMT " of %" PetscInt_FMT, j, p->nres);
  *x1 = p->x1[j];
  if (V1) *V1 = p->V1[j];
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullGetDirection(DWPull p, PetscInt j, const PetscReal *d[])
{
  PetscFunctionBegin;
  PetscCheck(j >= 0 && j < p->nres, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "pull: result %" PetscInt_FMT " of %" PetscInt_FMT, j, p->nres);
  *d = p->dir[j];
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullGetStart(DWPull p, PetscReal *V0, const PetscReal *x0[])
{
  PetscFunctionBegin;
  if (V0) *V0 = p->V0;
  if (x0) *x0 = p->x0;
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullGetTc(DWPull p, PetscReal *Tc, PetscInt *jmin)
{
  PetscFunctionBegin;
  *Tc = NAN;
  if (jmin) *jmin = -1;
  for (PetscInt j = 0; j < p->nres; j++) {
    if (p->res[j].reason != DW_PULL_TRANSITION) continue;
    if (PetscIsNanReal(*Tc) || 2 * p->res[j].barrier < *Tc) {
      *Tc = 2 * p->res[j].barrier;
      if (jmin) *jmin = j;
    }
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullGetCurve(DWPull p, PetscInt j, PetscInt *m, const PetscReal *A[],
                              const PetscReal *dr[], const PetscReal *dPhi[])
{
  PetscFunctionBegin;
  PetscCheck(j >= 0 && j < p->nres, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "pull: result %" PetscInt_FMT " of %" PetscInt_FMT, j, p->nres);
  *m = p->curveA[j] ? p->curve : 0;
  if (A) *A = p->curveA[j];
  if (dr) *dr = p->curvedr[j];
  if (dPhi) *dPhi = p->curvedphi[j];
  PetscFunctionReturn(0);
}

static PetscErrorCode ViewResult(PetscViewer v, const DWPullResult *r)
{
  PetscFunctionBegin;
  PetscCall(PetscViewerASCIIPrintf(
      v,
      "  - {mode: %" PetscInt_FMT
      ", omega: %.6g, P: %.4f, O: %.4f, reason: %s, sign: %" PetscInt_FMT
      ", Ac: %.6e, Ac_lo: %.6e, Ac_cubic: %.6e, A_ov: %.6e, dr: %.6e, dPhi: %.6e, barrier: %.6e, "
      "Nrearr: %.3f, I: %.4f, decay: %.3f, nmin: %" PetscInt_FMT ", nevals: %" PetscInt_FMT "}\n",
      r->mode, (double)r->omega, (double)r->P, (double)r->O, DWPullReasonName(r->reason), r->sign,
      (double)r->Ac, (double)r->Ac_lo, (double)r->Ac_cubic, (double)r->A_ov, (double)r->dr,
      (double)r->dPhi, (double)r->barrier, (double)r->Nrearr, (double)r->Idir, (double)r->decay,
      r->nmin, r->nevals));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullView(DWPull p, PetscViewer viewer)
{
  PetscReal Tc;
  PetscInt jmin, ntr = 0, nmin = 0;

  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(p->comm, &viewer));
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "%srtol: %g\n%ssign: %s\n%soverlap: %g\n%samax: %g\nV0: %.12e\n", p->prefix,
      (double)p->rtol, p->prefix, sign_names[p->sign], p->prefix, (double)p->overlap, p->prefix,
      (double)p->amax, (double)p->V0));
  PetscCall(PetscViewerASCIIPrintf(viewer, "modes:\n"));
  for (PetscInt j = 0; j < p->nres; j++) {
    PetscCall(ViewResult(viewer, &p->res[j]));
    ntr += p->res[j].reason == DW_PULL_TRANSITION;
    nmin += p->res[j].nmin;
  }
  PetscCall(DWPullGetTc(p, &Tc, &jmin));
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "transitions: %" PetscInt_FMT "\nminimisations_per_mode: %.2f\n",
                                   ntr, p->nres ? (double)nmin / p->nres : 0.0));
  if (jmin >= 0)
    PetscCall(PetscViewerASCIIPrintf(viewer, "T_c: %.6e\nT_c_mode: %" PetscInt_FMT "\n", (double)Tc,
                                     p->res[jmin].mode));
  else
    PetscCall(PetscViewerASCIIPrintf(viewer, "T_c: null\nT_c_mode: null\n"));
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "units: {omega: 1/tau, A: sigma, dr: sigma, dPhi: eps, barrier: eps, T_c: eps/k_B}\n"));
  PetscFunctionReturn(0);
}
