/* Interpolating cubic splines: the tridiagonal systems for the second derivatives m_k and the
   evaluation (de Boor, "A Practical Guide to Splines", ch. IV; the equations and the three end
   conditions are in include/dwell/spline.h).

   Clamped and minima ends close the full system for m_0 .. m_{n-1}. Not-a-knot eliminates
   m_0 = ((h_0 + h_1) m_1 - h_0 m_2) / h_1 (and its mirror) from the first and last inner rows,
   solves for m_1 .. m_{n-2} and recovers the end values from those relations. Every system is
   diagonally dominant and solved by the Thomas algorithm without pivoting.

   The minima right-hand sides are computed as 6 (y_1 - y_0) / h_0 and -6 (y_{n-1} - y_{n-2}) /
   h_{n-2}, the clamped ones as 6 (s_0 - y'_0) and 6 (y'_{n-1} - s_{n-2}): with zero slopes the
   two agree to rounding, and each keeps its own operation order so that the tunnelling
   profiles (minima) and the NEB profiles (clamped) stay bitwise reproducible. */
#include <dwell/spline.h>

/* Solves the tridiagonal system (a sub-, b diagonal, c super-diagonal) for nrhs right-hand
   sides stored row-wise (r[i * nrhs + j]) in place; b is overwritten. */
static void SolveTridiagonal(PetscInt n, const PetscReal a[], PetscReal b[], const PetscReal c[],
                             PetscInt nrhs, PetscReal r[])
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

/* Right-hand side of inner row k, 6 (s_k - s_{k-1}), for a curve whose values are y[k * stride]. */
static PetscReal SlopeJump(const PetscReal h[], const PetscReal y[], PetscInt stride, PetscInt k)
{
  return 6 * ((y[(k + 1) * stride] - y[k * stride]) / h[k] -
              (y[k * stride] - y[(k - 1) * stride]) / h[k - 1]);
}

PetscErrorCode DWSplineCurvaturesNotAKnot(PetscInt n, const PetscReal x[], PetscInt ncol,
                                          const PetscReal Y[], PetscReal m[])
{
  const PetscInt nn = n - 2;
  PetscReal *a, *b, *c, *h;

  PetscFunctionBegin;
  PetscCheck(n >= 4, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "a not-a-knot spline needs at least 4 points, got %" PetscInt_FMT, n);
  PetscCall(PetscMalloc4(nn, &a, nn, &b, nn, &c, n, &h));
  for (PetscInt k = 0; k < n - 1; k++) h[k] = x[k + 1] - x[k];
  for (PetscInt i = 0; i < nn; i++) {
    const PetscInt k = i + 1;
    a[i]             = h[k - 1];
    b[i]             = 2 * (h[k - 1] + h[k]);
    c[i]             = h[k];
    for (PetscInt j = 0; j < ncol; j++) m[k * ncol + j] = SlopeJump(h, Y + j, ncol, k);
  }
  b[0] += h[0] * (h[0] + h[1]) / h[1];
  c[0] -= h[0] * h[0] / h[1];
  b[nn - 1] += h[n - 2] * (h[n - 2] + h[n - 3]) / h[n - 3];
  a[nn - 1] -= h[n - 2] * h[n - 2] / h[n - 3];
  SolveTridiagonal(nn, a, b, c, ncol, m + ncol);
  for (PetscInt j = 0; j < ncol; j++) {
    m[j] = ((h[0] + h[1]) * m[ncol + j] - h[0] * m[2 * ncol + j]) / h[1];
    m[(n - 1) * ncol + j] =
        ((h[n - 2] + h[n - 3]) * m[(n - 2) * ncol + j] - h[n - 2] * m[(n - 3) * ncol + j]) /
        h[n - 3];
  }
  PetscCall(PetscFree4(a, b, c, h));
  PetscFunctionReturn(0);
}

/* The full system for m_0 .. m_{n-1} of a spline with given end slopes, its end rows'
   right-hand sides r0 and r1 given. */
static PetscErrorCode CurvaturesClamped(PetscInt n, const PetscReal h[], const PetscReal y[],
                                        PetscReal r0, PetscReal r1, PetscReal m[])
{
  PetscReal *a, *b, *c;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(n, &a, n, &b, n, &c));
  a[0] = 0;
  b[0] = 2 * h[0];
  c[0] = h[0];
  m[0] = r0;
  for (PetscInt k = 1; k < n - 1; k++) {
    a[k] = h[k - 1];
    b[k] = 2 * (h[k - 1] + h[k]);
    c[k] = h[k];
    m[k] = SlopeJump(h, y, 1, k);
  }
  a[n - 1] = h[n - 2];
  b[n - 1] = 2 * h[n - 2];
  c[n - 1] = 0;
  m[n - 1] = r1;
  SolveTridiagonal(n, a, b, c, 1, m);
  PetscCall(PetscFree3(a, b, c));
  PetscFunctionReturn(0);
}

/* Checks that the knots increase and copies them and the values into s. */
static PetscErrorCode Allocate(PetscInt n, const PetscReal x[], const PetscReal y[], DWSpline *s)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < n - 1; k++)
    PetscCheck(x[k + 1] > x[k], PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "spline knots must increase: x[%" PetscInt_FMT "] = %g, x[%" PetscInt_FMT "] = %g",
               k, (double)x[k], k + 1, (double)x[k + 1]);
  s->n = n;
  PetscCall(PetscMalloc3(n, &s->x, n, &s->y, n, &s->m));
  PetscCall(PetscArraycpy(s->x, x, n));
  PetscCall(PetscArraycpy(s->y, y, n));
  PetscFunctionReturn(0);
}

/* The clamped spline; with minima the zero slopes and their right-hand sides (see above). */
static PetscErrorCode CreateClamped(PetscInt n, const PetscReal x[], const PetscReal y[],
                                    PetscBool minima, PetscReal slope0, PetscReal slope1,
                                    DWSpline *s)
{
  PetscReal *h, r0, r1;

  PetscFunctionBegin;
  PetscCheck(n >= 2, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "a spline needs at least 2 knots, got %" PetscInt_FMT, n);
  PetscCall(Allocate(n, x, y, s));
  PetscCall(PetscMalloc1(n, &h));
  for (PetscInt k = 0; k < n - 1; k++) h[k] = x[k + 1] - x[k];
  if (minima) {
    r0 = 6 * (y[1] - y[0]) / h[0];
    r1 = -6 * (y[n - 1] - y[n - 2]) / h[n - 2];
  } else {
    r0 = 6 * ((y[1] - y[0]) / h[0] - slope0);
    r1 = 6 * (slope1 - (y[n - 1] - y[n - 2]) / h[n - 2]);
  }
  PetscCall(CurvaturesClamped(n, h, y, r0, r1, s->m));
  PetscCall(PetscFree(h));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSplineCreate(PetscInt n, const PetscReal x[], const PetscReal y[],
                              DWSplineEnds ends, DWSpline *s)
{
  PetscFunctionBegin;
  if (ends == DW_SPLINE_MINIMA) {
    PetscCall(CreateClamped(n, x, y, PETSC_TRUE, 0, 0, s));
    PetscFunctionReturn(0);
  }
  PetscCheck(ends == DW_SPLINE_NOT_A_KNOT, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "unknown spline end condition %d", (int)ends);
  PetscCheck(n >= 4, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "a not-a-knot spline needs at least 4 points, got %" PetscInt_FMT, n);
  PetscCall(Allocate(n, x, y, s));
  PetscCall(DWSplineCurvaturesNotAKnot(n, x, 1, y, s->m));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSplineCreateClamped(PetscInt n, const PetscReal x[], const PetscReal y[],
                                     PetscReal slope0, PetscReal slope1, DWSpline *s)
{
  PetscFunctionBegin;
  PetscCall(CreateClamped(n, x, y, PETSC_FALSE, slope0, slope1, s));
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
