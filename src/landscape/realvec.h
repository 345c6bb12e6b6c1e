/* Helpers on plain arrays of n reals (positions, forces, bands), shared by FIRE (fire.c),
   L-BFGS (minlbfgs.c) and the path code (neb*.c). */
#pragma once
#include <petscsys.h>

/* a . b, summed in index order. */
static inline PetscReal DWDot(PetscInt n, const PetscReal a[], const PetscReal b[])
{
  PetscReal s = 0;
  for (PetscInt k = 0; k < n; k++) s += a[k] * b[k];
  return s;
}

/* max_k |a_k|; the first NaN is returned as it is. */
static inline PetscReal DWNormInf(PetscInt n, const PetscReal a[])
{
  PetscReal m = 0;
  for (PetscInt k = 0; k < n; k++) {
    if (PetscIsNanReal(a[k])) return a[k];
    m = PetscMax(m, PetscAbsReal(a[k]));
  }
  return m;
}

/* The largest block norm of v (blocks of bs reals): for bs = 1 max_k |v_k| (no square, which
   could overflow), else the square root of the largest squared block norm. */
static inline PetscReal DWLargestBlockNorm(PetscInt n, PetscInt bs, const PetscReal v[])
{
  PetscReal m = 0;

  if (bs == 1) return DWNormInf(n, v);
  for (PetscInt i = 0; i < n; i += bs) m = PetscMax(m, DWDot(bs, v + i, v + i));
  return PetscSqrtReal(m);
}
