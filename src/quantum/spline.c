/* Cubic spline with not-a-knot ends (de Boor, "A Practical Guide to Splines", ch. IV): on
   [x_k, x_{k+1}], with A = (x_{k+1} - x) / h_k and B = 1 - A,
       y(x) = A y_k + B y_{k+1} + ((A^3 - A) m_k + (B^3 - B) m_{k+1}) h_k^2 / 6,
   where the second derivatives m_k solve the continuity of y' at the inner knots,
       h_{k-1} m_{k-1} + 2 (h_{k-1} + h_k) m_k + h_k m_{k+1} = 6 (s_k - s_{k-1}),
   s_k = (y_{k+1} - y_k) / h_k, and not-a-knot ends (y''' continuous at x_1 and x_{n-2}).
   Not-a-knot assumes nothing about the end slopes, so it reproduces any cubic exactly and
   gives the end curvatures the quantum continuation needs.
   Minima ends (DW_SPLINE_MINIMA) clamp the slopes to zero instead, y'(x_0) = y'(x_{n-1}) = 0:
       2 h_0 m_0 + h_0 m_1 = 6 s_0,  h_{n-2} m_{n-2} + 2 h_{n-2} m_{n-1} = -6 s_{n-2},
   exact for a profile between two minima (a NEB path between two IS). On an analytic double
   well sampled at 41 points the splitting is then 8x closer to the converged one than with
   not-a-knot (7e-4 against 6e-3 relative, tests/quantum/spline_ends.sh), and on the
   quickstart's 12-image NEB profiles 35 of 37 are double wells against 27 of 37: not-a-knot
   extrapolates the end curvature from inside a flat-bottomed well and can make it negative.
   Neither resolves a well sampled by too few images (a quartic bottom on 12 points can fail
   either way): the cure there is more images. */
#include "quantum/tunnelimpl.h"

/* m_0 and m_{n-1} from not-a-knot: (m_1 - m_0)/h_0 = (m_2 - m_1)/h_1, and mirrored. */
static void EndCurvatures(PetscInt n, const PetscReal h[], PetscReal m[])
{
  m[0]     = ((h[0] + h[1]) * m[1] - h[0] * m[2]) / h[1];
  m[n - 1] = ((h[n - 2] + h[n - 3]) * m[n - 2] - h[n - 2] * m[n - 3]) / h[n - 3];
}

/* Thomas algorithm for the n-2 inner unknowns, with the end rows modified by not-a-knot. */
static void SolveInner(PetscInt n, const PetscReal h[], const PetscReal y[], PetscReal m[],
                       PetscReal a[], PetscReal b[], PetscReal c[], PetscReal r[])
{
  const PetscInt nn = n - 2;

  for (PetscInt i = 0; i < nn; i++) {
    const PetscInt k = i + 1;
    a[i]             = h[k - 1];
    b[i]             = 2 * (h[k - 1] + h[k]);
    c[i]             = h[k];
    r[i]             = 6 * ((y[k + 1] - y[k]) / h[k] - (y[k] - y[k - 1]) / h[k - 1]);
  }
  b[0] += h[0] * (h[0] + h[1]) / h[1];
  c[0] -= h[0] * h[0] / h[1];
  b[nn - 1] += h[n - 2] * (h[n - 2] + h[n - 3]) / h[n - 3];
  a[nn - 1] -= h[n - 2] * h[n - 2] / h[n - 3];
  for (PetscInt i = 1; i < nn; i++) {
    const PetscReal w = a[i] / b[i - 1];
    b[i] -= w * c[i - 1];
    r[i] -= w * r[i - 1];
  }
  m[nn] = r[nn - 1] / b[nn - 1];
  for (PetscInt i = nn - 2; i >= 0; i--) m[i + 1] = (r[i] - c[i] * m[i + 2]) / b[i];
}

/* Zero end slopes: the full tridiagonal system for m_0 .. m_{n-1} (Thomas algorithm). */
static void SolveClamped(PetscInt n, const PetscReal h[], const PetscReal y[], PetscReal m[],
                         PetscReal a[], PetscReal b[], PetscReal c[])
{
  a[0] = 0;
  b[0] = 2 * h[0];
  c[0] = h[0];
  m[0] = 6 * (y[1] - y[0]) / h[0];
  for (PetscInt k = 1; k < n - 1; k++) {
    a[k] = h[k - 1];
    b[k] = 2 * (h[k - 1] + h[k]);
    c[k] = h[k];
    m[k] = 6 * ((y[k + 1] - y[k]) / h[k] - (y[k] - y[k - 1]) / h[k - 1]);
  }
  a[n - 1] = h[n - 2];
  b[n - 1] = 2 * h[n - 2];
  c[n - 1] = 0;
  m[n - 1] = -6 * (y[n - 1] - y[n - 2]) / h[n - 2];
  for (PetscInt i = 1; i < n; i++) {
    const PetscReal w = a[i] / b[i - 1];
    b[i] -= w * c[i - 1];
    m[i] -= w * m[i - 1];
  }
  m[n - 1] /= b[n - 1];
  for (PetscInt i = n - 2; i >= 0; i--) m[i] = (m[i] - c[i] * m[i + 1]) / b[i];
}

PetscErrorCode DWSplineCreate(PetscInt n, const PetscReal x[], const PetscReal y[],
                              DWSplineEnds ends, DWSpline *s)
{
  PetscReal *h, *a, *b, *c, *r;

  PetscFunctionBegin;
  PetscCheck(n >= 4, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "a not-a-knot spline needs at least 4 points, got %" PetscInt_FMT, n);
  s->n = n;
  PetscCall(PetscMalloc3(n, &s->x, n, &s->y, n, &s->m));
  PetscCall(PetscArraycpy(s->x, x, n));
  PetscCall(PetscArraycpy(s->y, y, n));
  PetscCall(PetscMalloc5(n, &h, n, &a, n, &b, n, &c, n, &r));
  for (PetscInt k = 0; k < n - 1; k++) h[k] = x[k + 1] - x[k];
  if (ends == DW_SPLINE_MINIMA)
    SolveClamped(n, h, y, s->m, a, b, c);
  else {
    SolveInner(n, h, y, s->m, a, b, c, r);
    EndCurvatures(n, h, s->m);
  }
  PetscCall(PetscFree5(h, a, b, c, r));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSplineDestroy(DWSpline *s)
{
  PetscFunctionBegin;
  PetscCall(PetscFree3(s->x, s->y, s->m));
  s->n = 0;
  PetscFunctionReturn(0);
}

void DWSplineEvaluate(const DWSpline *s, PetscReal x, PetscInt *k, PetscReal *y, PetscReal *dy,
                      PetscReal *d2y)
{
  const PetscReal *xs = s->x, *ys = s->y, *m = s->m;
  PetscInt i = PetscMin(PetscMax(*k, 0), s->n - 2);

  while (i > 0 && x < xs[i]) i--;
  while (i < s->n - 2 && x > xs[i + 1]) i++;
  *k                = i;
  const PetscReal h = xs[i + 1] - xs[i], A = (xs[i + 1] - x) / h, B = 1 - A;
  if (y)
    *y = A * ys[i] + B * ys[i + 1] +
         ((A * A * A - A) * m[i] + (B * B * B - B) * m[i + 1]) * h * h / 6;
  if (dy)
    *dy = (ys[i + 1] - ys[i]) / h - (3 * A * A - 1) * h * m[i] / 6 +
          (3 * B * B - 1) * h * m[i + 1] / 6;
  if (d2y) *d2y = A * m[i] + B * m[i + 1];
}
