/* dwell eval: energy per particle, configurational pressure and force statistics of a
   configuration, as YAML on stdout. Pressure is the virial part P = W / V (no kinetic
   term: a configuration has no velocities), in eps/sigma^3. */
#include <dwell/potential.h>
#include <dwell/io.h>
#include "app/commands.h"

static PetscErrorCode WriteForces(DWSystem sys, const PetscReal f[], const char path[])
{
  char tmp[PETSC_MAX_PATH_LEN + 8];
  FILE *fp;
  PetscBool ok;
  PetscInt N;
  PetscMPIInt rank;
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys, &comm));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank) PetscFunctionReturn(0);
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(PetscSNPrintf(tmp, sizeof(tmp), "%s.tmp", path));
  fp = fopen(tmp, "w");
  PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "-forces_out %s: cannot create file", path);
  fprintf(fp, "# id fx fy fz (eps/sigma), id from 1 as in LAMMPS\n");
  for (PetscInt i = 0; i < N; i++)
    fprintf(fp, "%" PetscInt_FMT " %.17g %.17g %.17g\n", i + 1, (double)f[3 * i],
            (double)f[3 * i + 1], (double)f[3 * i + 2]);
  ok = (PetscBool)!ferror(fp);
  ok = (PetscBool)(!fclose(fp) && ok && !rename(tmp, path));
  if (!ok) remove(tmp); /* no partial output file */
  PetscCheck(ok, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "-forces_out %s: cannot write file", path);
  PetscFunctionReturn(0);
}

static PetscErrorCode PrintYAML(MPI_Comm comm, DWSystem sys, DWPotential pot, PetscReal U,
                                PetscReal W, const PetscReal f[])
{
  PetscInt N;
  PetscReal L, V, fmax = 0, f2 = 0;
  DWPotentialType type;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(DWSystemGetVolume(sys, &V));
  PetscCall(DWPotentialGetType(pot, &type));
  for (PetscInt k = 0; k < 3 * N; k++) {
    fmax = PetscMax(fmax, PetscAbsReal(f[k]));
    f2 += f[k] * f[k];
  }
  PetscCall(PetscPrintf(comm, "model: %s\nN: %" PetscInt_FMT "\nbox: %.17g\n", type, N, (double)L));
  PetscCall(PetscPrintf(comm, "energy_per_particle: %.17g\npressure: %.17g\n", (double)(U / N),
                        (double)(W / V)));
  PetscCall(PetscPrintf(comm, "max_force_component: %.17g\nforce_rms: %.17g\n", (double)fmax,
                        (double)PetscSqrtReal(f2 / (3 * N))));
  PetscCall(PetscPrintf(
      comm,
      "units: {box: sigma, energy_per_particle: eps, pressure: eps/sigma^3 (virial part), "
      "max_force_component: eps/sigma, force_rms: eps/sigma (rms over the 3N components)}\n"));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCommandEval(MPI_Comm comm, PetscBool helponly)
{
  char in[PETSC_MAX_PATH_LEN] = "", forces[PETSC_MAX_PATH_LEN] = "";
  DWPotential pot;
  DWNeighborList nl;
  DWSystem sys = NULL;
  PetscReal U, W, *f;
  PetscInt N;

  PetscFunctionBegin;
  PetscCall(DWPotentialCreate(comm, &pot));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscOptionsBegin(comm, NULL, "dwell eval: energy, pressure and forces of a configuration", NULL);
  PetscCall(DWAppRequireString(comm, PetscOptionsObject, "-in",
                               "configuration file (.xyz, .data, .h5)", in, sizeof(in), helponly));
  PetscCall(PetscOptionsString("-forces_out", "also write per-particle forces (text: id fx fy fz)",
                               NULL, forces, forces, sizeof(forces), NULL));
  PetscOptionsEnd();
  PetscCall(DWPotentialSetFromOptions(pot));
  PetscCall(DWNeighborListSetFromOptions(nl));
  PetscCall(DWAppRequireModel(comm, pot, helponly));
  if (!helponly) {
    PetscCall(DWAppLoadSystem(comm, in, pot, &sys));
    PetscCall(DWSystemGetSize(sys, &N));
    PetscCall(PetscMalloc1(3 * N, &f));
    PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, &U, f, &W, NULL));
    PetscCall(DWPotentialCheckFinite(sys, U, W, f));
    PetscCall(PrintYAML(comm, sys, pot, U, W, f));
    if (forces[0]) PetscCall(WriteForces(sys, f, forces));
    PetscCall(PetscFree(f));
  }
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}
