/* The measurements of a pulled mode ([PRR20] eqs. 6-10, Fig. 9b; include/dwell/pull.h), the
   overlap onset along the pull ([PRR20] sec. II.C) and the particle context of
   DWPullSetPotential (pair-scale overlap test, third order of eq. A2 at r_0). */
#include "modes/pullimpl.h"
#include <dwell/neighbor.h>

/* dr_i = r_1i - r_0i (the surface's difference: minimum image), the mean removed, into p->dr. */
static PetscErrorCode Displacement(DWPull p, const PetscReal x1[])
{
  PetscReal mean[3] = {0, 0, 0};

  PetscFunctionBegin;
  PetscCall(DWSurfaceDifference(p->s, x1, p->x0, p->dr));
  for (PetscInt i = 0; i < p->N; i++)
    for (int c = 0; c < 3; c++) mean[c] += p->dr[3 * i + c] / p->N;
  for (PetscInt i = 0; i < p->N; i++)
    for (int c = 0; c < 3; c++) p->dr[3 * i + c] -= mean[c];
  PetscFunctionReturn(0);
}

/* a of |dr_i| ~ r^-a: least squares of log |dr_i| on log r, r = |r_0i - r_0m| (minimum image)
   from the most displaced particle m, decay_rmin <= r <= L/2 ([PRR20] Fig. 9b). */
static PetscReal DecayExponent(DWPull p)
{
  PetscReal best = -1, sx = 0, sy = 0, sxx = 0, sxy = 0;
  PetscInt m = 0, n = 0;
  DWBox box;

  if (!(p->L < PETSC_MAX_REAL)) return NAN;
  DWBoxSetCubic(&box, p->L);
  for (PetscInt i = 0; i < p->N; i++) {
    const PetscReal *d = &p->dr[3 * i], a2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
    if (a2 > best) best = a2, m = i;
  }
  for (PetscInt i = 0; i < p->N; i++) {
    const PetscReal *d = &p->dr[3 * i], a2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
    PetscReal s[3], r;
    for (int c = 0; c < 3; c++) s[c] = p->x0[3 * i + c] - p->x0[3 * m + c];
    DWBoxMinimumImage(&box, s);
    r = PetscSqrtReal(s[0] * s[0] + s[1] * s[1] + s[2] * s[2]);
    if (i == m || a2 <= 0 || r < p->decay_rmin || r > DWBoxHalfWidth(&box)) continue;
    const PetscReal x = PetscLogReal(r), y = 0.5 * PetscLogReal(a2);
    sx += x, sy += y, sxx += x * x, sxy += x * y, n++;
  }
  if (n < 3 || !(n * sxx - sx * sx > 0)) return NAN;
  return -(n * sxy - sx * sy) / (n * sxx - sx * sx);
}

PetscErrorCode DWPullMeasure(DWPull p, const PetscReal d[], const PetscReal x1[], PetscReal V1,
                             DWPullResult *r)
{
  PetscReal s2 = 0, s4 = 0, dot = 0, Vb;

  PetscFunctionBegin;
  PetscCall(Displacement(p, x1));
  for (PetscInt i = 0; i < p->N; i++) {
    const PetscReal *v = &p->dr[3 * i], a2 = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
    s2 += a2;
    s4 += a2 * a2;
    for (int c = 0; c < 3; c++) dot += v[c] * d[3 * i + c];
  }
  r->dr     = PetscSqrtReal(s2);                        /* eq. 6 */
  r->dPhi   = V1 - p->V0;                               /* eq. 7 is |dPhi| */
  r->Nrearr = s4 > 0 ? s2 * s2 / s4 : NAN;              /* eq. 9 */
  r->Idir   = s2 > 0 ? PetscAbsReal(dot) / r->dr : NAN; /* eq. 10 (d unit) */
  r->decay  = DecayExponent(p);
  DWPullDisplace(p, d, r->Ac, p->x);
  PetscCall(DWSurfaceEvaluate(p->s, DW_SURFACE_SLOT_SCRATCH, p->x, &Vb, NULL));
  r->barrier = Vb - p->V0; /* eq. 8 */
  PetscFunctionReturn(0);
}

/* Whether the configuration at A along d overlaps. */
static PetscErrorCode Overlaps(DWPull p, const PetscReal d[], PetscReal A, PetscBool *ov)
{
  PetscReal rmin;

  PetscFunctionBegin;
  DWPullDisplace(p, d, A, p->x);
  PetscCall(p->overlapfn(p->overlap_ctx, p->x, &rmin));
  *ov = (PetscBool)(rmin < p->overlap);
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullOverlapOnset(DWPull p, const PetscReal d[], PetscReal *A_ov)
{
  PetscReal lo = 0, hi = p->amax;
  PetscBool ov = PETSC_FALSE;

  PetscFunctionBegin;
  *A_ov = PETSC_INFINITY;
  if (!p->overlapfn || p->overlap <= 0) PetscFunctionReturn(0);
  PetscCall(Overlaps(p, d, hi, &ov));
  if (!ov) PetscFunctionReturn(0);
  while (hi - lo > p->rtol * hi) {
    const PetscReal A = 0.5 * (lo + hi);
    PetscCall(Overlaps(p, d, A, &ov));
    if (ov)
      hi = A;
    else
      lo = A;
  }
  *A_ov = hi;
  PetscFunctionReturn(0);
}

/* ---------------------------------------------------------------- particles */
typedef struct {
  DWPotential pot;
  DWSystem sys;           /* a copy: positions of the overlap test and of the third order */
  DWNeighborList nl, nl3; /* the overlap test's list (cutoff rc_max), the third order's */
  DWMinimizer min;
  DWSurface s;
  PetscReal *x0;
} PullParticles;

PetscErrorCode DWPullParticlesDestroy(void **ctx)
{
  PullParticles *c = (PullParticles *)*ctx;

  PetscFunctionBegin;
  if (!c) PetscFunctionReturn(0);
  PetscCall(DWSurfaceDestroy(&c->s));
  PetscCall(DWNeighborListDestroy(&c->nl));
  PetscCall(DWNeighborListDestroy(&c->nl3));
  PetscCall(DWSystemDestroy(&c->sys));
  PetscCall(PetscFree(c->x0));
  PetscCall(PetscFree(*ctx));
  PetscFunctionReturn(0);
}

/* min over the listed pairs of r_ij / s_ij at x. */
static PetscErrorCode PairOverlap(void *ctx, const PetscReal x[], PetscReal *rmin)
{
  PullParticles *c = (PullParticles *)ctx;
  DWParticles pp;
  DWNeighborPairs nb;
  const PetscReal *xw;

  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(c->sys, &pp));
  PetscCall(PetscArraycpy(pp.x, x, 3 * pp.N));
  PetscCall(DWNeighborListUpdate(c->nl, c->sys, NULL));
  PetscCall(DWNeighborListGetPairs(c->nl, &nb));
  PetscCall(DWNeighborListWrapPositions(c->nl, pp.x, &xw));
  *rmin = PETSC_INFINITY;
  for (PetscInt i = 0; i < pp.N; i++)
    for (PetscInt k = nb.start[i]; k < nb.start[i + 1]; k++) {
      PetscReal dv[3], s, rc;
      DWNeighborPairVector(&nb, xw, i, k, dv);
      PetscCall(DWPotentialGetPairScale(c->pot, c->sys, i, nb.j[k], &s, &rc));
      *rmin = PetscMin(*rmin, PetscSqrtReal(dv[0] * dv[0] + dv[1] * dv[1] + dv[2] * dv[2]) / s);
    }
  PetscFunctionReturn(0);
}

/* U:ee and U:eee at r_0 (eq. A2). */
static PetscErrorCode ThirdOrder(void *ctx, const PetscReal e[], PetscReal Upp[], PetscReal *Uppp)
{
  PullParticles *c = (PullParticles *)ctx;
  DWParticles pp;

  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(c->sys, &pp));
  PetscCall(PetscArraycpy(pp.x, c->x0, 3 * pp.N));
  PetscCall(DWPotentialComputeThirdOrder(c->pot, c->sys, c->nl3, e, Upp, Uppp));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullSetPotential(DWPull p, DWPotential pot, DWSystem sys, DWMinimizer min)
{
  PullParticles *c;
  PetscReal *x, L, rc;
  PetscInt N;

  PetscFunctionBegin;
  PetscCall(DWPullParticlesDestroy(&p->particles));
  PetscCall(PetscNew(&c));
  p->particles = c;
  c->pot       = pot;
  c->min       = min;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(PetscMalloc1(3 * N, &c->x0));
  PetscCall(PetscArraycpy(c->x0, x, 3 * N));
  PetscCall(DWSystemDuplicate(sys, &c->sys));
  PetscCall(DWSurfaceCreateParticles(sys, pot, min, &c->s));
  PetscCall(DWPotentialGetMaxCutoff(pot, &rc));
  PetscCall(DWNeighborListCreate(p->comm, &c->nl));
  PetscCall(DWNeighborListSetCutoff(c->nl, rc));
  PetscCall(DWNeighborListCreate(p->comm, &c->nl3));
  PetscCall(DWNeighborListSetFromOptions(c->nl3));
  PetscCall(DWPullSetSurface(p, c->s, x));
  PetscCall(DWPullSetThirdOrder(p, ThirdOrder, c));
  PetscCall(DWPullSetOverlap(p, PairOverlap, c, L));
  PetscFunctionReturn(0);
}
