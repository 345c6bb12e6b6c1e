/* dwell minimize: the inherent structure of a configuration (FIRE 2.0 or L-BFGS, see
   include/dwell/minimizer.h), written to -out; YAML on stdout. */
#include <dwell/minimizer.h>
#include <dwell/io.h>
#include "app/commands.h"

PetscErrorCode DWCommandMinimize(MPI_Comm comm, PetscBool helponly)
{
  char in[PETSC_MAX_PATH_LEN] = "", out[PETSC_MAX_PATH_LEN] = "";
  DWPotential pot;
  DWNeighborList nl;
  DWMinimizer min;
  DWSystem sys = NULL;
  DWPotentialType type;
  DWMinimizerType mtype;
  DWMinimizerResult res;
  DWFileFormat format;
  PetscLogDouble t0, t1;

  PetscFunctionBegin;
  PetscCall(DWPotentialCreate(comm, &pot));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWMinimizerCreate(comm, &min));
  PetscOptionsBegin(comm, NULL, "dwell minimize: inherent structure of a configuration", NULL);
  PetscCall(DWAppRequireString(comm, PetscOptionsObject, "-in",
                               "configuration file (.xyz, .data, .h5)", in, sizeof(in), helponly));
  PetscCall(DWAppRequireString(comm, PetscOptionsObject, "-out",
                               "minimised configuration (.xyz, .data, .h5)", out, sizeof(out),
                               helponly));
  PetscOptionsEnd();
  PetscCall(DWPotentialSetFromOptions(pot));
  PetscCall(DWNeighborListSetFromOptions(nl));
  PetscCall(DWMinimizerSetFromOptions(min));
  if (!helponly) {
    PetscCall(DWPotentialGetType(pot, &type));
    PetscCheck(type[0], comm, PETSC_ERR_ARG_NULL,
               "missing required option -model (the pair potential)");
    PetscCall(DWFileFormatFromName(comm, out, &format));
    PetscCall(DWAppLoadSystem(comm, in, pot, &sys));
    PetscCall(PetscTime(&t0));
    PetscCall(DWMinimizerSolve(min, sys, pot, nl, &res));
    PetscCall(PetscTime(&t1));
    PetscCall(DWMinimizerGetType(min, &mtype));
    PetscCheck(res.reason > 0, comm, PETSC_ERR_NOT_CONVERGED,
               "minimisation of %s did not converge: %s after %" PetscInt_FMT
               " iterations, |F|_inf = %g eps/sigma; nothing written",
               in, DWMinimizerReasonName(res.reason), res.iterations, (double)res.fmax);
    PetscCall(DWSystemSave(sys, out));
    PetscCall(PetscPrintf(comm,
                          "model: %s\nmin_type: %s\nenergy_per_particle: "
                          "%.17g\nmax_force_component: %.6e\niterations: %" PetscInt_FMT
                          "\nforce_evaluations: %" PetscInt_FMT "\nwall_time: %.3f\nout: %s\n",
                          type, mtype, (double)res.energy, (double)res.fmax, res.iterations,
                          res.force_evaluations, t1 - t0, out));
    PetscCall(PetscPrintf(
        comm, "units: {energy_per_particle: eps, max_force_component: eps/sigma, wall_time: s}\n"));
  }
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWMinimizerDestroy(&min));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}
