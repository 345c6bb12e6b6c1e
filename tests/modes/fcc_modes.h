/* The k lowest modes of a perfect (possibly sheared) crystal of the system (tests/modes/
   test_modes_crystal*.c): Hessian of pot at the positions of sys, the three translations as
   zero modes, O_k against every plane wave with |n| <= 2 (N_m = 0) of the box of sys (its
   tilts when tilted, else the cube of edge L). The caller destroys *modes. */
#pragma once
#include "testutil.h"
#include <dwell/modes.h>

static inline PetscErrorCode DWTestCrystalModes(MPI_Comm comm, DWPotential pot, DWSystem sys,
                                                PetscInt k, PetscBool tilted, DWModes *modes)
{
  DWNeighborList nl;
  Mat H;
  PetscInt N;
  PetscReal *null, *x, L;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWPotentialCreateHessian(pot, sys, nl, &H));
  PetscCall(PetscCalloc1(9 * N, &null));
  for (PetscInt c = 0; c < 3; c++)
    for (PetscInt i = 0; i < N; i++) null[c * 3 * N + 3 * i + c] = 1 / PetscSqrtReal(N);
  PetscCall(DWModesCreate(comm, modes));
  PetscCall(DWModesSetNumModes(*modes, k));
  PetscCall(DWModesSetPhonon(*modes, 2, 0));
  PetscCall(DWModesSetFromOptions(*modes));
  PetscCall(DWModesSetHessian(*modes, H, 3, null));
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(DWModesSetPositions(*modes, L, x));
  if (tilted) PetscCall(DWModesSetSystemBoxTilt(*modes, sys));
  PetscCall(DWModesSolve(*modes));
  PetscCall(PetscFree(null));
  PetscCall(MatDestroy(&H));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscFunctionReturn(0);
}
