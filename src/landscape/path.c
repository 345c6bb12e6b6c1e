/* Cubic splines along a path (de Boor, "A Practical Guide to Splines", ch. IV). On
   [x_k, x_{k+1}], h_k = x_{k+1} - x_k, A = (x_{k+1} - x) / h_k, B = 1 - A:
       y(x) = A y_k + B y_{k+1} + ((A^3 - A) m_k + (B^3 - B) m_{k+1}) h_k^2 / 6,
   with the second derivatives m_k from the continuity of y' at the inner knots,
       h_{k-1} m_{k-1} + 2 (h_{k-1} + h_k) m_k + h_k m_{k+1} = 6 (s_k - s_{k-1}),
   s_k = (y_{k+1} - y_k) / h_k, closed by
     clamped ends (the energy profile V(s): the slopes y'_0, y'_{n-1} are measured, the
       tangential derivatives grad V . tau, ~0 at minima):
       2 h_0 m_0 + h_0 m_1 = 6 (s_0 - y'_0),  h_{n-2} m_{n-2} + 2 h_{n-2} m_{n-1} = 6 (y'_{n-1} -
   s_{n-2}); not-a-knot ends (the string's images, where no slope is known): y''' continuous at x_1
       and x_{n-2}, i.e. m_0 = ((h_0 + h_1) m_1 - h_0 m_2) / h_1 and mirrored.
   Errors for smooth data: y O(h^4), y' O(h^3), y'' O(h^2). Both systems are tridiagonal
   (Thomas algorithm, diagonally dominant). */
#include "landscape/nebimpl.h"

/* Solves the tridiagonal system (a sub-, b diagonal, c super-diagonal) for nrhs right-hand
   sides stored row-wise (r[i * nrhs + j]) in place; b and c are overwritten. */
static void Thomas(PetscInt n, const PetscReal a[], PetscReal b[], PetscReal c[], PetscInt nrhs,
                   PetscReal r[])
{
  for (PetscInt i = 1; i < n; i++) {
    const PetscReal w = a[i] / b[i - 1];
    b[i] -= w * c[i - 1];
    for (PetscInt j = 0; j < nrhs; j++) r[i * nrhs + j] -= w * r[(i - 1) * nrhs + j];
  }
  for (PetscInt j = 0; j < nrhs; j++) r[(n - 1) * nrhs + j] /= b[n - 1];
  for (PetscInt i = n - 2; i >= 0; i--)
    for (PetscInt j = 0; j < nrhs; j++)
      r[i * nrhs + j] = (r[i * nrhs + j] - c[i] * r[(i + 1) * nrhs + j]) / b[i];
}

PetscErrorCode DWPathSplineCreate(PetscInt n, const PetscReal x[], const PetscReal y[],
                                  PetscReal slope0, PetscReal slope1, DWPathSpline *sp)
{
  PetscReal *a, *b, *c, *h;

  PetscFunctionBegin;
  PetscCheck(n >= 2, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "a spline needs at least 2 knots, got %" PetscInt_FMT, n);
  for (PetscInt k = 0; k < n - 1; k++)
    PetscCheck(x[k + 1] > x[k], PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "spline knots must increase: x[%" PetscInt_FMT "] = %g, x[%" PetscInt_FMT "] = %g",
               k, (double)x[k], k + 1, (double)x[k + 1]);
  sp->n = n;
  PetscCall(PetscMalloc3(n, &sp->x, n, &sp->y, n, &sp->m));
  PetscCall(PetscArraycpy(sp->x, x, n));
  PetscCall(PetscArraycpy(sp->y, y, n));
  PetscCall(PetscMalloc4(n, &a, n, &b, n, &c, n, &h));
  for (PetscInt k = 0; k < n - 1; k++) h[k] = x[k + 1] - x[k];
  a[0]     = 0;
  b[0]     = 2 * h[0];
  c[0]     = h[0];
  sp->m[0] = 6 * ((y[1] - y[0]) / h[0] - slope0);
  for (PetscInt k = 1; k < n - 1; k++) {
    a[k]     = h[k - 1];
    b[k]     = 2 * (h[k - 1] + h[k]);
    c[k]     = h[k];
    sp->m[k] = 6 * ((y[k + 1] - y[k]) / h[k] - (y[k] - y[k - 1]) / h[k - 1]);
  }
  a[n - 1]     = h[n - 2];
  b[n - 1]     = 2 * h[n - 2];
  c[n - 1]     = 0;
  sp->m[n - 1] = 6 * (slope1 - (y[n - 1] - y[n - 2]) / h[n - 2]);
  Thomas(n, a, b, c, 1, sp->m);
  PetscCall(PetscFree4(a, b, c, h));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPathSplineDestroy(DWPathSpline *sp)
{
  PetscFunctionBegin;
  PetscCall(PetscFree3(sp->x, sp->y, sp->m));
  sp->n = 0;
  PetscFunctionReturn(0);
}

/* Interval k with x_k <= t <= x_{k+1} (bisection). */
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
  t                 = PetscMin(PetscMax(t, sp->x[0]), sp->x[sp->n - 1]);
  const PetscInt k  = Interval(sp, t);
  const PetscReal h = sp->x[k + 1] - sp->x[k];
  const PetscReal A = (sp->x[k + 1] - t) / h, B = 1 - A;
  const PetscReal mk = sp->m[k], m1 = sp->m[k + 1];

  if (y)
    *y =
        A * sp->y[k] + B * sp->y[k + 1] + ((A * A * A - A) * mk + (B * B * B - B) * m1) * h * h / 6;
  if (dy)
    *dy =
        (sp->y[k + 1] - sp->y[k]) / h - (3 * A * A - 1) * h * mk / 6 + (3 * B * B - 1) * h * m1 / 6;
  if (d2y) *d2y = A * mk + B * m1;
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

/* Second derivatives m (M x n) of the not-a-knot splines through the columns of Y. */
static PetscErrorCode NotAKnot(PetscInt M, const PetscReal s[], PetscInt n, const PetscReal Y[],
                               PetscReal m[])
{
  const PetscInt nn = M - 2;
  PetscReal *a, *b, *c, *h;

  PetscFunctionBegin;
  PetscCall(PetscMalloc4(nn, &a, nn, &b, nn, &c, M, &h));
  for (PetscInt k = 0; k < M - 1; k++) h[k] = s[k + 1] - s[k];
  for (PetscInt i = 0; i < nn; i++) {
    const PetscInt k = i + 1;
    a[i]             = h[k - 1];
    b[i]             = 2 * (h[k - 1] + h[k]);
    c[i]             = h[k];
    for (PetscInt j = 0; j < n; j++)
      m[k * n + j] = 6 * ((Y[(k + 1) * n + j] - Y[k * n + j]) / h[k] -
                          (Y[k * n + j] - Y[(k - 1) * n + j]) / h[k - 1]);
  }
  b[0] += h[0] * (h[0] + h[1]) / h[1];
  c[0] -= h[0] * h[0] / h[1];
  b[nn - 1] += h[M - 2] * (h[M - 2] + h[M - 3]) / h[M - 3];
  a[nn - 1] -= h[M - 2] * h[M - 2] / h[M - 3];
  Thomas(nn, a, b, c, n, m + n);
  for (PetscInt j = 0; j < n; j++) {
    m[j] = ((h[0] + h[1]) * m[n + j] - h[0] * m[2 * n + j]) / h[1];
    m[(M - 1) * n + j] =
        ((h[M - 2] + h[M - 3]) * m[(M - 2) * n + j] - h[M - 2] * m[(M - 3) * n + j]) / h[M - 3];
  }
  PetscCall(PetscFree4(a, b, c, h));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPathResample(PetscInt M, const PetscReal s[], PetscInt n, const PetscReal Y[],
                              PetscInt Mout, const PetscReal t[], PetscReal Yout[])
{
  PetscReal *m;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(M * n, &m));
  if (M >= 4) PetscCall(NotAKnot(M, s, n, Y, m));
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
