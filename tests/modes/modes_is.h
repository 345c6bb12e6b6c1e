/* A minimised random configuration (inherent structure) of a model for the mode tests: the
   system, its Hessian (PETSc Mat, block size 3) and the three translations as orthonormal
   zero modes (3 x 3N reals). */
#pragma once
#include "testutil.h"

static inline PetscErrorCode MakeIS(MPI_Comm comm, const char model[], PetscInt N, PetscInt seed,
                                    DWSystem *sys, Mat *H, PetscReal **null)
{
  DWPotential pot;
  DWNeighborList nl;
  DWMinimizer min;
  DWMinimizerResult res;

  PetscFunctionBegin;
  PetscCall(DWTestRandomSystem(comm, model, N, seed, &pot, sys));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWMinimizerCreate(comm, &min));
  PetscCall(DWMinimizerSolve(min, *sys, pot, nl, &res));
  DWTestTrue(comm, "the configuration minimises (|F|_inf <= 1e-10)", res.reason > 0);
  PetscCall(DWPotentialCreateHessian(pot, *sys, nl, H));
  PetscCall(PetscCalloc1(9 * N, null));
  for (PetscInt c = 0; c < 3; c++)
    for (PetscInt i = 0; i < N; i++) (*null)[c * 3 * N + 3 * i + c] = 1 / PetscSqrtReal(N);
  PetscCall(DWMinimizerDestroy(&min));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}

/* Frees what MakeIS made. */
static inline PetscErrorCode DestroyIS(DWSystem *sys, Mat *H, PetscReal **null)
{
  PetscFunctionBegin;
  PetscCall(MatDestroy(H));
  PetscCall(PetscFree(*null));
  PetscCall(DWSystemDestroy(sys));
  PetscFunctionReturn(0);
}
