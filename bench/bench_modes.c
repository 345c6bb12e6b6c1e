/* bench_modes: the Hessian of one configuration (DWPotentialCreateHessian, unit masses, the
   matrix DWModes diagonalises) written to -out in PETSc's binary AIJ format, for
   bench/modes.sh, which hands the same matrix to scipy's eigsh (bench/modes_scipy.py). */
#include <dwell/dwell.h>

int main(int argc, char **argv)
{
  char in[PETSC_MAX_PATH_LEN] = "", out[PETSC_MAX_PATH_LEN] = "";
  PetscBool inset, outset;
  DWSystem sys;
  DWPotential pot;
  DWNeighborList nl;
  Mat H;
  PetscViewer v;

  PetscCall(PetscInitialize(&argc, &argv, NULL, "bench_modes -model NAME -in FILE -out H.petsc"));
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "bench_modes: write the Hessian", NULL);
  PetscCall(PetscOptionsString("-in", "inherent structure (.h5, .xyz, .data)", NULL, in, in,
                               sizeof(in), &inset));
  PetscCall(
      PetscOptionsString("-out", "Hessian, PETSc binary", NULL, out, out, sizeof(out), &outset));
  PetscOptionsEnd();
  PetscCheck(inset && outset, PETSC_COMM_WORLD, PETSC_ERR_ARG_NULL, "missing -in or -out");
  PetscCall(DWSystemLoad(PETSC_COMM_WORLD, in, &sys));
  PetscCall(DWPotentialCreate(PETSC_COMM_WORLD, &pot));
  PetscCall(DWPotentialSetFromOptions(pot));
  PetscCall(DWPotentialSetUp(pot, sys));
  PetscCall(DWNeighborListCreate(PETSC_COMM_WORLD, &nl));
  PetscCall(DWPotentialCreateHessian(pot, sys, nl, &H));
  PetscCall(PetscViewerBinaryOpen(PETSC_COMM_WORLD, out, FILE_MODE_WRITE, &v));
  PetscCall(MatView(H, v));
  PetscCall(PetscViewerDestroy(&v));
  PetscCall(MatDestroy(&H));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWPotentialDestroy(&pot));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(PetscFinalize());
  return 0;
}
