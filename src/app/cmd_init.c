/* dwell init: a random configuration of a model (random sequential addition at the
   model's density), written in any configuration format. */
#include <dwell/potential.h>
#include <dwell/io.h>
#include "app/commands.h"

PetscErrorCode DWCommandInit(MPI_Comm comm, PetscBool helponly)
{
  char out[PETSC_MAX_PATH_LEN] = "";
  DWPotential pot;
  DWSystem sys;
  DWPotentialType type;
  PetscInt N = 0, seed = 1;
  PetscReal rho = 0, L;
  PetscBool setN;
  DWFileFormat format;

  PetscFunctionBegin;
  PetscCall(DWPotentialCreate(comm, &pot));
  PetscOptionsBegin(comm, NULL, "dwell init: random configuration of a model", NULL);
  PetscCall(PetscOptionsInt("-N", "number of particles", NULL, N, &N, &setN));
  PetscCall(PetscOptionsReal("-rho", "number density (sigma^-3); default: the model's", NULL, rho,
                             &rho, NULL));
  PetscCall(PetscOptionsInt("-seed", "random seed", NULL, seed, &seed, NULL));
  PetscCall(DWAppRequireString(comm, PetscOptionsObject, "-out",
                               "output configuration (.xyz, .data, .h5)", out, sizeof(out),
                               helponly));
  PetscOptionsEnd();
  PetscCall(DWPotentialSetFromOptions(pot));
  if (!helponly) {
    PetscCall(DWPotentialGetType(pot, &type));
    PetscCheck(type[0], comm, PETSC_ERR_ARG_NULL,
               "missing required option -model (the pair potential)");
    PetscCheck(setN, comm, PETSC_ERR_ARG_NULL, "missing required option -N (number of particles)");
    PetscCheck(N > 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
               "-N %" PetscInt_FMT ": the number of particles must be positive", N);
    PetscCheck(rho >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-rho %g: the density must be positive",
               (double)rho);
    PetscCall(DWFileFormatFromName(comm, out, &format));
    PetscCall(DWAppCheckUnusedOptions(comm));
    PetscCall(DWPotentialCreateRandomSystem(pot, N, rho, seed, &sys));
    PetscCall(DWSystemSave(sys, out));
    PetscCall(DWSystemGetBox(sys, &L));
    PetscCall(DWSystemGetDensity(sys, &rho));
    PetscCall(PetscPrintf(comm,
                          "model: %s\nN: %" PetscInt_FMT
                          "\nbox: %.17g\nrho: %.17g\nseed: %" PetscInt_FMT
                          "\nout: %s\nunits: {box: sigma, rho: sigma^-3}\n",
                          type, N, (double)L, (double)rho, seed, out));
    PetscCall(DWSystemDestroy(&sys));
  }
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}
