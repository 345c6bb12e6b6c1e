/* Writes one triclinic ka configuration for the LAMMPS cross-check of the triclinic box
   (tests/lammps/triclinic.sh): a random ka configuration of N particles (seed) mapped
   affinely, with its box, onto the cell tilted by (xy, xz, yz) = t L, as PREFIX.data (LAMMPS data
   file with the "xy xz yz" line), and dwell's energy U (eps), pressure tensor W_ab / V
   (eps/sigma^3; xx yy zz xy xz yz, LAMMPS's compute pressure NULL virial) and forces (eps/sigma) as
   PREFIX.dwell. usage: lammps_triclinic -out PREFIX -N N -seed S -tilt t_xy,t_xz,t_yz */
#include <dwell/dwell.h>

int main(int argc, char **argv)
{
  DWPotential pot;
  DWSystem sys;
  DWNeighborList nl;
  char prefix[PETSC_MAX_PATH_LEN] = "triclinic", path[PETSC_MAX_PATH_LEN + 8];
  PetscInt N = 500, seed = 3, nt = 3;
  PetscReal t[3] = {0, 0, 0}, tilt[3], L, V, U, W[6], *f, *x;
  FILE *fp;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-out", prefix, sizeof(prefix), NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-N", &N, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-seed", &seed, NULL));
  PetscCall(PetscOptionsGetRealArray(NULL, NULL, "-tilt", t, &nt, NULL));
  PetscCall(DWPotentialCreate(PETSC_COMM_WORLD, &pot));
  PetscCall(DWPotentialSetType(pot, DWPOTENTIAL_KA));
  PetscCall(DWPotentialCreateRandomSystem(pot, N, 0, seed, &sys));
  PetscCall(DWPotentialSetUp(pot, sys));
  PetscCall(DWSystemGetBox(sys, &L));
  for (int k = 0; k < 3; k++) tilt[k] = t[k] * L;
  PetscCall(DWSystemSetBoxTilt(sys, tilt));
  PetscCall(DWSystemGetPositions(sys, &x));
  for (PetscInt i = 0; i < N; i++) { /* the affine map of the cube onto the tilted cell */
    x[3 * i] += t[0] * x[3 * i + 1] + t[1] * x[3 * i + 2];
    x[3 * i + 1] += t[2] * x[3 * i + 2];
  }
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s.data", prefix));
  PetscCall(DWSystemWriteLAMMPS(sys, path));
  PetscCall(PetscMalloc1(3 * N, &f));
  PetscCall(DWNeighborListCreate(PETSC_COMM_WORLD, &nl));
  PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, &U, f, NULL, NULL));
  PetscCall(DWPotentialComputeVirialTensor(pot, sys, nl, W));
  PetscCall(DWSystemGetVolume(sys, &V));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s.dwell", prefix));
  fp = fopen(path, "w");
  PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write %s", path);
  fprintf(fp, "%.17g\n", (double)U);
  for (int k = 0; k < 6; k++) fprintf(fp, "%.17g%s", (double)(W[k] / V), k < 5 ? " " : "\n");
  for (PetscInt i = 0; i < N; i++)
    fprintf(fp, "%.17g %.17g %.17g\n", (double)f[3 * i], (double)f[3 * i + 1],
            (double)f[3 * i + 2]);
  fclose(fp);
  PetscCall(PetscFree(f));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  PetscCall(PetscFinalize());
  return 0;
}
