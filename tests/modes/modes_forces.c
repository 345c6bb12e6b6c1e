/* A force server for the finite-difference test of the modes (modes_fd_hessian.py): loads a
   configuration, prints "N L" and its 3N positions on one line, then for every line of 3N
   positions read from stdin prints the 3N forces of dwell's potential there (eps/sigma, %.17g),
   so one process serves the 6N evaluations of a central-difference Hessian.
   Usage: modes_forces -model M -in FILE */
#include "testutil.h"
#include <stdio.h>

static PetscErrorCode Serve(DWSystem sys, DWPotential pot, DWNeighborList nl)
{
  PetscInt N;
  PetscReal *x, *f, U, L;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(PetscMalloc1(3 * N, &f));
  printf("%" PetscInt_FMT " %.17g\n", N, (double)L);
  for (PetscInt k = 0; k < 3 * N; k++) printf("%.17g%c", (double)x[k], k + 1 < 3 * N ? ' ' : '\n');
  fflush(stdout);
  for (;;) {
    PetscInt k = 0;
    for (; k < 3 * N; k++) {
      double v;
      if (scanf("%lf", &v) != 1) break;
      x[k] = v;
    }
    if (k < 3 * N) break;
    PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, &U, f, NULL, NULL));
    for (k = 0; k < 3 * N; k++) printf("%.17g%c", (double)f[k], k + 1 < 3 * N ? ' ' : '\n');
    fflush(stdout);
  }
  PetscCall(PetscFree(f));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  char in[PETSC_MAX_PATH_LEN] = "";
  DWPotential pot;
  DWNeighborList nl;
  DWSystem sys;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-in", in, sizeof(in), NULL));
  PetscCall(DWPotentialCreate(PETSC_COMM_SELF, &pot));
  PetscCall(DWPotentialSetFromOptions(pot));
  PetscCall(DWNeighborListCreate(PETSC_COMM_SELF, &nl));
  PetscCall(DWSystemLoad(PETSC_COMM_SELF, in, &sys));
  PetscCall(DWPotentialSetUp(pot, sys));
  PetscCall(Serve(sys, pot, nl));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWPotentialDestroy(&pot));
  PetscCall(PetscFinalize());
  return 0;
}
