/* The cubic splines of src/landscape/pathspline.c against functions they must reproduce.
   1. A cubic y = 1 + 2x - x^2 + 0.5x^3 on non-uniform knots with its exact end slopes is
      reproduced exactly by the clamped spline (values, y', y'' to 1e-12), and its maximum
      on [0, 3] is found exactly (to 1e-12).
   2. y = sin(x) on [0, pi], 21 knots, exact end slopes: errors of y, y' and y'' scale as
      h^4, h^3, h^2 (de Boor ch. IV): with h = pi/20, |y - s| <= h^4 / 100,
      |y'' - s''| <= h^2 / 4.
   3. Resampling (not-a-knot, per column) a quarter circle given at 9 non-uniform angles
      onto 17 uniform angles: the points stay on the circle to 1e-4 (O(h^4) with h ~ 0.2),
      a cubic column is reproduced exactly (1e-12), and resampling at the knots returns them. */
#include "testutil.h"
#include "landscape/nebimpl.h"

static PetscReal Cubic(PetscReal x)
{
  return 1 + 2 * x - x * x + 0.5 * x * x * x;
}

static PetscErrorCode CheckCubic(MPI_Comm comm)
{
  const PetscReal x[6] = {0, 0.3, 1.1, 1.5, 2.4, 3};
  PetscReal y[6], err = 0, t, ymax;
  DWPathSpline sp;

  PetscFunctionBegin;
  for (int k = 0; k < 6; k++) y[k] = Cubic(x[k]);
  PetscCall(DWPathSplineCreate(6, x, y, 2, 2 - 6 + 1.5 * 9, &sp));
  for (PetscReal u = 0; u <= 3; u += 0.01) {
    PetscReal v, d, d2;
    DWPathSplineEvaluate(&sp, u, &v, &d, &d2);
    err = PetscMax(err, PetscAbsReal(v - Cubic(u)) + PetscAbsReal(d - (2 - 2 * u + 1.5 * u * u)) +
                            PetscAbsReal(d2 - (-2 + 3 * u)));
  }
  DWTestLE(comm, "clamped spline reproduces a cubic (y, y', y'')", err, 1e-12);
  PetscCall(DWPathSplineDestroy(&sp));
  /* -x^3 + 3x^2 - 1 on [0, 3] has its maximum 3 at x = 2 */
  for (int k = 0; k < 6; k++) y[k] = -x[k] * x[k] * x[k] + 3 * x[k] * x[k] - 1;
  PetscCall(DWPathSplineCreate(6, x, y, 0, -27 + 18, &sp));
  DWPathSplineMaximum(&sp, &t, &ymax);
  DWTestLE(comm, "spline maximum of -x^3 + 3x^2 - 1: |x - 2| + |y - 3|",
           PetscAbsReal(t - 2) + PetscAbsReal(ymax - 3), 1e-12);
  PetscCall(DWPathSplineDestroy(&sp));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckSine(MPI_Comm comm)
{
  const PetscInt n  = 21;
  const PetscReal h = PETSC_PI / (n - 1);
  PetscReal x[21], y[21], e0 = 0, e2 = 0;
  DWPathSpline sp;

  PetscFunctionBegin;
  for (int k = 0; k < n; k++) {
    x[k] = k * h;
    y[k] = PetscSinReal(x[k]);
  }
  PetscCall(DWPathSplineCreate(n, x, y, 1, -1, &sp));
  for (PetscReal u = 0; u <= PETSC_PI; u += 0.001) {
    PetscReal v, d2;
    DWPathSplineEvaluate(&sp, u, &v, NULL, &d2);
    e0 = PetscMax(e0, PetscAbsReal(v - PetscSinReal(u)));
    e2 = PetscMax(e2, PetscAbsReal(d2 + PetscSinReal(u)));
  }
  DWTestLE(comm, "sin on 21 knots: max |y - s| / h^4", e0 / PetscPowReal(h, 4), 1e-2);
  DWTestLE(comm, "sin on 21 knots: max |y'' - s''| / h^2", e2 / (h * h), 0.25);
  PetscCall(DWPathSplineDestroy(&sp));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckResample(MPI_Comm comm)
{
  const PetscReal a[9] = {0, 0.1, 0.3, 0.45, 0.7, 0.9, 1.1, 1.35, PETSC_PI / 2};
  PetscReal Y[27], t[17], Z[51], back[27], ecirc = 0, ecub = 0, eback = 0;

  PetscFunctionBegin;
  for (int k = 0; k < 9; k++) {
    Y[3 * k]     = PetscCosReal(a[k]);
    Y[3 * k + 1] = PetscSinReal(a[k]);
    Y[3 * k + 2] = Cubic(a[k]);
  }
  for (int q = 0; q < 17; q++) t[q] = q * (PETSC_PI / 2) / 16;
  PetscCall(DWPathResample(9, a, 3, Y, 17, t, Z));
  for (int q = 0; q < 17; q++) {
    ecirc = PetscMax(
        ecirc, PetscAbsReal(PetscSqrtReal(Z[3 * q] * Z[3 * q] + Z[3 * q + 1] * Z[3 * q + 1]) - 1));
    ecub = PetscMax(ecub, PetscAbsReal(Z[3 * q + 2] - Cubic(t[q])));
  }
  DWTestLE(comm, "resampled quarter circle: max ||r| - 1|", ecirc, 1e-4);
  DWTestLE(comm, "resampled cubic column (not-a-knot is exact)", ecub, 1e-12);
  PetscCall(DWPathResample(9, a, 3, Y, 9, a, back));
  for (int k = 0; k < 27; k++) eback = PetscMax(eback, PetscAbsReal(back[k] - Y[k]));
  DWTestLE(comm, "resampling at the knots returns the knots", eback, 1e-14);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_SELF;
  PetscCall(CheckCubic(comm));
  PetscCall(CheckSine(comm));
  PetscCall(CheckResample(comm));
  int status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
