/* The cubic splines of a NEB path, on the one spline of <dwell/spline.h>:
     the energy profile V(s) along the path's arc length s (dw.c), clamped at both ends: the
       slopes there are measured, the tangential derivatives grad V . tau (~0 at minima);
       evaluated on [0, d] (s clamped to it) and its global maximum, the barrier top when no
       image climbed (exact: the roots of the quadratic y' in every interval);
     the images' curve (nebstring.c, the string method's redistribution), each coordinate a
       not-a-knot spline of s (no slope is known there), resampled at new arc lengths.
   Errors for smooth data: y O(h^4), y' O(h^3), y'' O(h^2). */
#include "landscape/nebimpl.h"

PetscErrorCode DWPathSplineCreate(PetscInt n, const PetscReal x[], const PetscReal y[],
                                  PetscReal slope0, PetscReal slope1, DWPathSpline *sp)
{
  PetscFunctionBegin;
  PetscCall(DWSplineCreateClamped(n, x, y, slope0, slope1, sp));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPathSplineDestroy(DWPathSpline *sp)
{
  PetscFunctionBegin;
  PetscCall(DWSplineDestroy(sp));
  PetscFunctionReturn(0);
}

/* Interval k with x_k <= t <= x_{k+1} (bisection: the path is evaluated at random points). */
static PetscInt Interval(const DWPathSpline *sp, PetscReal t)
{
  PetscInt lo = 0, hi = sp->n - 1;
  while (hi - lo > 1) {
    const PetscInt mid = (lo + hi) / 2;
    if (sp->x[mid] > t)
      hi = mid;
    else
      lo = mid;
  }
  return lo;
}

void DWPathSplineEvaluate(const DWPathSpline *sp, PetscReal t, PetscReal *y, PetscReal *dy,
                          PetscReal *d2y)
{
  PetscInt k;

  t = PetscMin(PetscMax(t, sp->x[0]), sp->x[sp->n - 1]);
  k = Interval(sp, t);
  DWSplineEvaluate(sp, t, &k, y, dy, d2y);
}

/* Candidate maxima of interval k: the roots in (0, 1) of dy/du = c0 + c1 u + c2 u^2,
   u = (x - x_k) / h_k. */
static void IntervalMaximum(const DWPathSpline *sp, PetscInt k, PetscReal *t, PetscReal *ymax)
{
  const PetscReal h = sp->x[k + 1] - sp->x[k], mk = sp->m[k], m1 = sp->m[k + 1];
  const PetscReal c0 = sp->y[k + 1] - sp->y[k] - h * h * (2 * mk + m1) / 6, c1 = h * h * mk,
                  c2 = h * h * (m1 - mk) / 2;
  PetscReal u[2];
  PetscInt nu = 0;

  if (PetscAbsReal(c2) > 1e-14 * (PetscAbsReal(c1) + PetscAbsReal(c0))) {
    const PetscReal disc = c1 * c1 - 4 * c2 * c0;
    if (disc >= 0) {
      const PetscReal q = -0.5 * (c1 + (c1 >= 0 ? 1 : -1) * PetscSqrtReal(disc));
      u[nu++]           = q / c2;
      if (q != 0) u[nu++] = c0 / q;
    }
  } else if (c1 != 0)
    u[nu++] = -c0 / c1;
  for (PetscInt j = 0; j < nu; j++) {
    PetscReal y;
    if (!(u[j] > 0 && u[j] < 1)) continue;
    DWPathSplineEvaluate(sp, sp->x[k] + u[j] * h, &y, NULL, NULL);
    if (y > *ymax) {
      *ymax = y;
      *t    = sp->x[k] + u[j] * h;
    }
  }
}

void DWPathSplineMaximum(const DWPathSpline *sp, PetscReal *t, PetscReal *ymax)
{
  *t    = sp->x[0];
  *ymax = sp->y[0];
  for (PetscInt k = 0; k < sp->n; k++)
    if (sp->y[k] > *ymax) {
      *ymax = sp->y[k];
      *t    = sp->x[k];
    }
  for (PetscInt k = 0; k < sp->n - 1; k++) IntervalMaximum(sp, k, t, ymax);
}

PetscErrorCode DWPathResample(PetscInt M, const PetscReal s[], PetscInt n, const PetscReal Y[],
                              PetscInt Mout, const PetscReal t[], PetscReal Yout[])
{
  PetscReal *m;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(M * n, &m));
  if (M >= 4) PetscCall(DWSplineCurvaturesNotAKnot(M, s, n, Y, m));
  for (PetscInt q = 0, k = 0; q < Mout; q++) {
    const PetscReal tq = PetscMin(PetscMax(t[q], s[0]), s[M - 1]);
    while (k < M - 2 && s[k + 1] < tq) k++;
    while (k > 0 && s[k] > tq) k--;
    const PetscReal h = s[k + 1] - s[k], A = (s[k + 1] - tq) / h, B = 1 - A;
    const PetscReal ca = (A * A * A - A) * h * h / 6, cb = (B * B * B - B) * h * h / 6;
    for (PetscInt j = 0; j < n; j++)
      Yout[q * n + j] =
          A * Y[k * n + j] + B * Y[(k + 1) * n + j] + ca * m[k * n + j] + cb * m[(k + 1) * n + j];
  }
  PetscCall(PetscFree(m));
  PetscFunctionReturn(0);
}
