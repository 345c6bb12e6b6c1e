/* Writes a pair of neighbouring inherent structures (neb_pair.h) for the LAMMPS comparison
   and the benchmark: neb_pair -model ka -N 256 -seed S -a A.data -b B.data. */
#include "neb_pair.h"

int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWPotential pot;
  DWSystem a, b;
  PetscInt N = 256, seed = 3;
  char model[32] = "ka", fa[PETSC_MAX_PATH_LEN] = "a.data", fb[PETSC_MAX_PATH_LEN] = "b.data";

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-model", model, sizeof(model), NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-N", &N, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-seed", &seed, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-a", fa, sizeof(fa), NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-b", fb, sizeof(fb), NULL));
  PetscCall(NEBTestMakePair(comm, model, N, seed, &pot, &a, &b));
  PetscCall(DWSystemSave(a, fa));
  PetscCall(DWSystemSave(b, fb));
  PetscCall(DWSystemDestroy(&a));
  PetscCall(DWSystemDestroy(&b));
  PetscCall(DWPotentialDestroy(&pot));
  PetscCall(PetscFinalize());
  return 0;
}
