/* The search for A_c of one mode ([PRR20] sec. II.C, eq. 5; include/dwell/pull.h): trials
   r = r_0 + A sqrt(N) d minimised and compared with r_0 (DWISSame), a bracket from the eq. A3
   estimate grown or shrunk by g, g^2, g^3, ..., then bisection (geometric while A_hi / A_lo > 2)
   to A_hi - A_lo <= rtol A_hi, below the overlap onset A_ov; both directions under -pull_sign
   both; the optional |dr|, dPhi curve of [PRR20] Fig. 2. */
#include "modes/pullimpl.h"
#include <dwell/islib.h>

void DWPullDisplace(DWPull p, const PetscReal d[], PetscReal A, PetscReal x[])
{
  const PetscReal s = A * PetscSqrtReal((PetscReal)p->N);

  for (PetscInt i = 0; i < p->n; i++) x[i] = p->x0[i] + s * d[i];
}

PetscErrorCode DWPullTrial(DWPull p, const PetscReal d[], PetscReal A, PetscBool *moved,
                           PetscBool *ok, PetscReal *V, PetscInt *nevals)
{
  PetscFunctionBegin;
  DWPullDisplace(p, d, A, p->x);
  PetscCall(DWSurfaceMinimize(p->s, p->x, V, nevals, ok));
  *moved =
      (PetscBool)!DWISSame(p->N, p->L, p->V0 / p->N, p->x0, *V / p->N, p->x, p->tol_e, p->tol_x);
  PetscFunctionReturn(0);
}

/* The state of one search: the bracket [lo, hi] (lo = 0: no return seen, hi = inf: no
   transition seen) and the final state at hi in p->xhi. */
typedef struct {
  PetscReal lo, hi, Vhi;
  PetscInt nmin;
  PetscBool failed;
} Bracket;

static PetscErrorCode Try(DWPull p, const PetscReal d[], PetscReal A, Bracket *b)
{
  PetscBool moved, ok;
  PetscReal V;
  PetscInt nevals;

  PetscFunctionBegin;
  PetscCall(DWPullTrial(p, d, A, &moved, &ok, &V, &nevals));
  b->nmin++;
  if (!ok) {
    b->failed = PETSC_TRUE;
    PetscCall(PetscInfo(NULL, "pull: the minimisation from A = %g did not converge\n", (double)A));
  } else if (moved) {
    b->hi  = A;
    b->Vhi = V;
    PetscCall(PetscArraycpy(p->xhi, p->x, p->n));
  } else
    b->lo = A;
  PetscFunctionReturn(0);
}

/* Grows from lo (no transition yet) by g, g^2, ... up to top; the reason when none is found. */
static PetscErrorCode GrowBracket(DWPull p, const PetscReal d[], PetscReal top, DWPullReason capped,
                                  Bracket *b, DWPullReason *reason)
{
  PetscReal f = p->grow;

  PetscFunctionBegin;
  while (b->hi == PETSC_INFINITY && !b->failed) {
    if (b->lo >= top) {
      *reason = capped;
      PetscFunctionReturn(0);
    }
    PetscCall(Try(p, d, PetscMin(b->lo * f, top), b));
    f *= p->grow;
  }
  PetscFunctionReturn(0);
}

/* Shrinks from hi (a transition) by g, g^2, ... down to a_min. */
static PetscErrorCode ShrinkBracket(DWPull p, const PetscReal d[], Bracket *b, DWPullReason *reason)
{
  PetscReal f = p->grow;

  PetscFunctionBegin;
  while (b->lo == 0 && !b->failed) {
    if (b->hi <= p->amin) {
      *reason = DW_PULL_AMIN;
      PetscFunctionReturn(0);
    }
    PetscCall(Try(p, d, PetscMax(b->hi / f, p->amin), b));
    f *= p->grow;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Bisect(DWPull p, const PetscReal d[], Bracket *b)
{
  PetscFunctionBegin;
  while (!b->failed && b->hi - b->lo > p->rtol * b->hi) {
    const PetscReal A = b->hi > 2 * b->lo ? PetscSqrtReal(b->lo * b->hi) : (b->lo + b->hi) / 2;
    PetscCall(Try(p, d, A, b));
  }
  PetscFunctionReturn(0);
}

/* The first A: eq. A3 when it is positive and finite, else a0; within [a_min, top]. */
static PetscReal FirstA(DWPull p, const DWPullResult *r, PetscReal top)
{
  const PetscReal A = r->Ac_cubic > 0 && PetscIsNormalReal(r->Ac_cubic) ? r->Ac_cubic : p->a0;

  return PetscMax(p->amin, PetscMin(A, top));
}

/* A_c along the unit direction d into r (r->Ac_cubic set); the final state in p->xhi. */
static PetscErrorCode Search(DWPull p, const PetscReal d[], DWPullResult *r)
{
  Bracket b = {0, PETSC_INFINITY, 0, 0, PETSC_FALSE};
  PetscReal top;
  DWPullReason capped, reason = DW_PULL_TRANSITION;
  PetscInt e0, e1;

  PetscFunctionBegin;
  PetscCall(DWSurfaceGetEvaluations(p->s, &e0));
  PetscCall(DWPullOverlapOnset(p, d, &r->A_ov));
  top    = PetscMin(p->amax, r->A_ov * (1 - p->rtol));
  capped = r->A_ov * (1 - p->rtol) <= p->amax ? DW_PULL_OVERLAP : DW_PULL_AMAX;
  if (top > p->amin) {
    PetscCall(Try(p, d, FirstA(p, r, top), &b));
    PetscCall(GrowBracket(p, d, top, capped, &b, &reason));
    if (reason == DW_PULL_TRANSITION) PetscCall(ShrinkBracket(p, d, &b, &reason));
    if (reason == DW_PULL_TRANSITION) PetscCall(Bisect(p, d, &b));
  } else
    reason = capped;
  if (b.failed) reason = DW_PULL_MINIMIZE;
  PetscCall(DWSurfaceGetEvaluations(p->s, &e1));
  r->reason = reason;
  r->nmin   = b.nmin;
  r->nevals = e1 - e0;
  r->Ac     = reason == DW_PULL_TRANSITION ? b.hi : NAN;
  r->Ac_lo  = reason == DW_PULL_TRANSITION ? b.lo : NAN;
  if (reason == DW_PULL_TRANSITION) PetscCall(DWPullMeasure(p, d, p->xhi, b.Vhi, r));
  PetscFunctionReturn(0);
}

static PetscErrorCode Append(DWPull p, const DWPullResult *r, const PetscReal x1[], PetscReal V1,
                             const PetscReal d[])
{
  PetscFunctionBegin;
  if (p->nres == p->capres) {
    PetscInt cap = PetscMax(8, 2 * p->capres);
    DWPullResult *res;
    PetscReal **x1s, *V1s, **cA, **cdr, **cphi, **dirs;
    PetscCall(PetscCalloc6(cap, &res, cap, &x1s, cap, &V1s, cap, &cA, cap, &cdr, cap, &cphi));
    PetscCall(PetscCalloc1(cap, &dirs));
    PetscCall(PetscArraycpy(dirs, p->dir, p->nres));
    PetscCall(PetscFree(p->dir));
    p->dir = dirs;
    PetscCall(PetscArraycpy(res, p->res, p->nres));
    PetscCall(PetscArraycpy(x1s, p->x1, p->nres));
    PetscCall(PetscArraycpy(V1s, p->V1, p->nres));
    PetscCall(PetscArraycpy(cA, p->curveA, p->nres));
    PetscCall(PetscArraycpy(cdr, p->curvedr, p->nres));
    PetscCall(PetscArraycpy(cphi, p->curvedphi, p->nres));
    PetscCall(PetscFree6(p->res, p->x1, p->V1, p->curveA, p->curvedr, p->curvedphi));
    p->res       = res;
    p->x1        = x1s;
    p->V1        = V1s;
    p->curveA    = cA;
    p->curvedr   = cdr;
    p->curvedphi = cphi;
    p->capres    = cap;
  }
  p->res[p->nres] = *r;
  p->V1[p->nres]  = V1;
  PetscCall(PetscMalloc1(p->n, &p->dir[p->nres]));
  PetscCall(PetscArraycpy(p->dir[p->nres], d, p->n));
  if (x1) {
    PetscCall(PetscMalloc1(p->n, &p->x1[p->nres]));
    PetscCall(PetscArraycpy(p->x1[p->nres], x1, p->n));
  }
  p->nres++;
  PetscFunctionReturn(0);
}

/* [PRR20] Fig. 2: |dr| and Phi(r_1) - Phi(r_0) after minimisation from A_l = l (2 A_c / m). */
static PetscErrorCode Curve(DWPull p, const PetscReal d[], PetscInt j)
{
  const PetscInt m      = p->curve;
  const DWPullResult *r = &p->res[j];
  PetscReal *A, *dr, *dphi;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(m, &A, m, &dr, m, &dphi));
  for (PetscInt l = 0; l < m; l++) {
    DWPullResult t = *r;
    PetscBool moved, ok;
    PetscReal V;
    PetscInt nevals;
    A[l] = (l + 1) * 2 * r->Ac / m;
    PetscCall(DWPullTrial(p, d, A[l], &moved, &ok, &V, &nevals));
    PetscCall(DWPullMeasure(p, d, p->x, V, &t));
    dr[l]   = ok ? t.dr : NAN;
    dphi[l] = ok ? t.dPhi : NAN;
  }
  p->curveA[j]    = A;
  p->curvedr[j]   = dr;
  p->curvedphi[j] = dphi;
  PetscFunctionReturn(0);
}

/* The signs to pull along (+1, -1) for the rule and tau. */
static PetscInt Signs(DWPullSign rule, PetscReal tau, PetscInt s[2])
{
  switch (rule) {
  case DW_PULL_SIGN_PLUS:
    s[0] = 1;
    return 1;
  case DW_PULL_SIGN_MINUS:
    s[0] = -1;
    return 1;
  case DW_PULL_SIGN_BOTH:
    s[0] = 1;
    s[1] = -1;
    return 2;
  case DW_PULL_SIGN_TAU:
    break;
  }
  s[0] = tau > 0 ? -1 : 1;
  return 1;
}

/* The result of mode `mode` pulled along sign e before the search; tau = U:eee along +e. */
static void InitResult(DWPull p, PetscInt mode, PetscReal lambda, const DWModeInfo *info,
                       PetscInt sign, PetscReal tau, DWPullResult *r)
{
  *r          = (DWPullResult){0};
  r->mode     = mode;
  r->lambda   = lambda;
  r->omega    = info ? info->omega : (lambda >= 0 ? PetscSqrtReal(lambda) : NAN);
  r->P        = info ? info->P : NAN;
  r->O        = info ? info->O : NAN;
  r->sign     = sign;
  r->tau      = sign * tau; /* NaN without a third order */
  r->Ac_cubic = r->tau != 0 ? -2 * lambda / (r->tau * PetscSqrtReal((PetscReal)p->N))
                            : PETSC_INFINITY; /* eq. A3 */
  r->dr = r->dPhi = r->barrier = r->Nrearr = r->Idir = r->decay = NAN;
}

/* Whether r (a later direction) replaces best: a transition at a smaller A_c. */
static PetscBool Better(const DWPullResult *r, const DWPullResult *best)
{
  return (PetscBool)(r->reason == DW_PULL_TRANSITION &&
                     (best->reason != DW_PULL_TRANSITION || r->Ac < best->Ac));
}

PetscErrorCode DWPullMode(DWPull p, PetscInt mode, const PetscReal e[], PetscReal lambda,
                          const DWModeInfo *info)
{
  PetscReal tau = NAN, *d, *xbest, Vbest = NAN;
  PetscInt s[2], ns, dbest = 0, nmin = 0, nevals = 0;
  DWPullResult best = {0};

  PetscFunctionBegin;
  PetscCall(DWPullSetUp(p));
  if (p->third) PetscCall(p->third(p->third_ctx, e, p->g, &tau));
  ns = Signs(p->sign, tau, s);
  PetscCall(PetscMalloc2(2 * p->n, &d, p->n, &xbest));
  for (PetscInt k = 0; k < ns; k++) {
    DWPullResult r;
    PetscReal *dk = d + k * p->n;
    InitResult(p, mode, lambda, info, s[k], tau, &r);
    for (PetscInt i = 0; i < p->n; i++) dk[i] = s[k] * e[i];
    PetscCall(Search(p, dk, &r));
    nmin += r.nmin;
    nevals += r.nevals;
    if (k > 0 && !Better(&r, &best)) continue;
    best  = r;
    dbest = k;
    Vbest = r.reason == DW_PULL_TRANSITION ? p->V0 + r.dPhi : NAN;
    if (r.reason == DW_PULL_TRANSITION) PetscCall(PetscArraycpy(xbest, p->xhi, p->n));
  }
  best.nmin   = nmin; /* both directions under -pull_sign both */
  best.nevals = nevals;
  PetscCall(
      Append(p, &best, best.reason == DW_PULL_TRANSITION ? xbest : NULL, Vbest, d + dbest * p->n));
  if (p->curve > 0 && best.reason == DW_PULL_TRANSITION)
    PetscCall(Curve(p, d + dbest * p->n, p->nres - 1));
  PetscCall(PetscFree2(d, xbest));
  PetscFunctionReturn(0);
}
