/* Small helpers for dwell's C tests: every check prints what it measured against which
   tolerance, and the test exits non-zero if any check failed. */
#pragma once
#include <dwell/dwell.h>

static int dw_test_failures = 0;

/* Records a check "value <= tol" (value a measured error), printing both. */
static inline void DWTestLE(MPI_Comm comm, const char what[], double value, double tol)
{
  const int ok = value <= tol && value == value;
  if (!ok) dw_test_failures++;
  PetscPrintf(comm, "%s %-58s %.3e (tolerance %.1e)\n", ok ? "ok  " : "FAIL", what, value, tol);
}

/* ierr = the error code of a call expected to fail, with PETSc's error printing off. */
#define DWTestCatch(ierr, call)                                                                    \
  do {                                                                                             \
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));                               \
    ierr = (call);                                                                                 \
    PetscCall(PetscPopErrorHandler());                                                             \
  } while (0)

/* Records a boolean check. */
static inline void DWTestTrue(MPI_Comm comm, const char what[], int ok)
{
  if (!ok) dw_test_failures++;
  PetscPrintf(comm, "%s %s\n", ok ? "ok  " : "FAIL", what);
}

/* A random configuration of `model` with N particles (the model's density). */
static inline PetscErrorCode DWTestRandomSystem(MPI_Comm comm, const char model[], PetscInt N,
                                                PetscInt seed, DWPotential *pot, DWSystem *sys)
{
  PetscFunctionBegin;
  PetscCall(DWPotentialCreate(comm, pot));
  PetscCall(DWPotentialSetType(*pot, model));
  PetscCall(DWPotentialSetFromOptions(*pot));
  PetscCall(DWPotentialCreateRandomSystem(*pot, N, 0, seed, sys));
  PetscFunctionReturn(0);
}

/* Replaces the positions by an fcc lattice of n^3 cubic cells (4 n^3 = N particles). */
static inline PetscErrorCode DWTestPlaceFCC(DWSystem sys, PetscInt n)
{
  const PetscReal basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  PetscReal *x, L;
  PetscInt p = 0;

  PetscFunctionBegin;
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(DWSystemGetBox(sys, &L));
  for (PetscInt a = 0; a < n; a++)
    for (PetscInt b = 0; b < n; b++)
      for (PetscInt c = 0; c < n; c++)
        for (PetscInt j = 0; j < 4; j++, p++) {
          x[3 * p]     = (a + basis[j][0]) * L / n;
          x[3 * p + 1] = (b + basis[j][1]) * L / n;
          x[3 * p + 2] = (c + basis[j][2]) * L / n;
        }
  PetscFunctionReturn(0);
}

/* Pair (i, j) for reference sums over all pairs: d = r_i - r_j by minimum image, r = |d|, and
   *in whether r < rc_ij, then der the generic derivatives phi, phi', ... at r (DWPotential-
   PairDerivatives). */
static inline PetscErrorCode DWTestPairReference(DWPotential pot, DWSystem sys, PetscInt i,
                                                 PetscInt j, PetscReal d[3], PetscReal *r,
                                                 PetscReal der[4], PetscBool *in)
{
  PetscReal s, rc;

  PetscFunctionBegin;
  PetscCall(DWSystemMinimumImage(sys, i, j, d));
  *r = PetscSqrtReal(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
  PetscCall(DWPotentialGetPairScale(pot, sys, i, j, &s, &rc));
  *in = (PetscBool)(*r < rc);
  if (*in) PetscCall(DWPotentialPairDerivatives(pot, sys, i, j, *r, der));
  PetscFunctionReturn(0);
}

/* max_k |a_k - b_k| / max_k |b_k| */
static inline double DWTestRelDiff(PetscInt n, const PetscReal a[], const PetscReal b[])
{
  double num = 0, den = 0;
  for (PetscInt k = 0; k < n; k++) {
    num = PetscMax(num, PetscAbsReal(a[k] - b[k]));
    den = PetscMax(den, PetscAbsReal(b[k]));
  }
  return den > 0 ? num / den : num;
}

static inline int DWTestFinish(MPI_Comm comm)
{
  PetscPrintf(comm, "%d failed\n", dw_test_failures);
  return dw_test_failures ? 1 : 0;
}
