/* dwell explore: the landscape exploration of one glass ([JCP23] II.D; include/dwell/explore.h)
   - R isoconfigurational MD runs at T_exp, minimised every tau_cg, the IS merged into the
   glass's IS library with transition counts and candidate pairs, written to -out (HDF5,
   src/io/islibfile.c); a YAML summary on stdout, progress lines on stderr. The runs are
   shared among the MPI ranks; the result depends on the seed only. */
#include <dwell/explore.h>
#include <dwell/io.h>
#include "app/commands.h"
#include <libgen.h>
#include <unistd.h>

static PetscErrorCode CheckInput(MPI_Comm comm, DWPotential pot, const char out[])
{
  DWPotentialType type;
  DWFileFormat format;
  PetscBool set;
  char dir[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  PetscCall(DWPotentialGetType(pot, &type));
  PetscCheck(type[0], comm, PETSC_ERR_ARG_NULL,
             "missing required option -model (the pair potential)");
  PetscCall(PetscOptionsHasName(NULL, NULL, "-tau_cg", &set));
  PetscCheck(set, comm, PETSC_ERR_ARG_NULL,
             "missing required option -tau_cg (the interval between minimisations, tau)");
  PetscCall(PetscOptionsHasName(NULL, NULL, "-tau_total", &set));
  PetscCheck(set, comm, PETSC_ERR_ARG_NULL,
             "missing required option -tau_total (the length of each run, tau)");
  PetscCall(DWFileFormatFromName(comm, out, &format));
  PetscCheck(format == DW_FORMAT_HDF5, comm, PETSC_ERR_ARG_WRONG,
             "-out %s: the IS library is written as HDF5 (.h5)", out);
  /* the output is written after the whole exploration: its directory is checked now */
  PetscCall(PetscStrncpy(dir, out, sizeof(dir)));
  PetscCheck(!access(dirname(dir), W_OK), comm, PETSC_ERR_FILE_OPEN,
             "-out %s: cannot create (missing directory or no write permission)", out);
  PetscFunctionReturn(0);
}

/* N_IS(t) at about ten times spaced geometrically, as a YAML flow sequence. */
static PetscErrorCode PrintGrowth(MPI_Comm comm, const DWISLibraryData *d)
{
  PetscInt last = -1;

  PetscFunctionBegin;
  PetscCall(PetscPrintf(comm, "n_is_growth: ["));
  for (PetscReal f = 1; f < 2 * d->n_samples; f *= 2) {
    const PetscInt k = PetscMin((PetscInt)f, d->n_samples - 1);
    if (k == last) continue;
    PetscCall(PetscPrintf(comm, "%s{t: %g, n_is: %" PetscInt_FMT "}", last < 0 ? "" : ", ",
                          (double)(k * d->tau_cg), d->n_is_t[k]));
    last = k;
  }
  PetscCall(PetscPrintf(comm, "]\n"));
  PetscFunctionReturn(0);
}

static PetscErrorCode PrintSummary(MPI_Comm comm, DWExplore ex, DWISLibrary lib, const char in[],
                                   const char out[], PetscLogDouble wall)
{
  DWISLibraryData d;
  DWExploreInfo info;
  PetscMPIInt size;
  PetscInt total = 0;

  PetscFunctionBegin;
  PetscCall(DWISLibraryGetData(lib, &d));
  PetscCall(DWExploreGetInfo(ex, &info));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  for (PetscInt t = 0; t < d.n_transitions; t++) total += d.tr_count[t];
  PetscCall(PetscPrintf(comm,
                        "model: %s\nin: %s\nout: %s\nN: %" PetscInt_FMT "\nruns: %" PetscInt_FMT
                        "\nT_exp: %g\ntau_cg: %g\ntau_total: %g\nn_cg: %" PetscInt_FMT "\n",
                        info.model, in, out, d.N, info.runs, (double)info.T_exp,
                        (double)info.tau_cg, (double)info.tau_total, info.n_cg));
  PetscCall(PetscPrintf(comm,
                        "thermostat: %s\nmin_type: %s\nseed: %" PetscInt_FMT
                        "\nsample: %" PetscInt_FMT "\nbisect_depth: %" PetscInt_FMT
                        "\nenergy_tol: %g\ndisplacement_tol: %g\n",
                        info.thermostat, info.min_type, info.seed, info.sample, info.bisect_depth,
                        (double)info.tol_e, (double)info.tol_x));
  PetscCall(PetscPrintf(comm,
                        "n_is: %" PetscInt_FMT "\nn_visits: %" PetscInt_FMT
                        "\ntransition_pairs: %" PetscInt_FMT "\ntransitions: %" PetscInt_FMT
                        "\nn_candidates: %" PetscInt_FMT "\n",
                        d.n_is, d.n_visits, d.n_transitions, total, d.n_candidates));
  if (d.n_is)
    PetscCall(PetscPrintf(comm, "energy_per_particle_min: %.12f\nenergy_per_particle_max: %.12f\n",
                          (double)d.energy[0], (double)d.energy[d.n_is - 1]));
  PetscCall(PrintGrowth(comm, &d));
  PetscCall(PetscPrintf(comm,
                        "minimisations: %" PetscInt_FMT "\nfailed_minimisations: %" PetscInt_FMT
                        "\nforce_evaluations: %" PetscInt_FMT "\nmd_steps: %" PetscInt_FMT "\n",
                        d.n_min, d.n_min_failed, d.n_force_evaluations, d.n_md_steps));
  PetscCall(PetscPrintf(
      comm, "ranks: %d\ncpu_time: %.3f\nwall_time: %.3f\nis_per_cpu_second: %.4g\n", size,
      (double)d.cpu_time, (double)wall, d.cpu_time > 0 ? (double)(d.n_is / d.cpu_time) : 0.0));
  PetscCall(PetscPrintf(
      comm,
      "units: {T_exp: eps/k_B, tau_cg: tau, tau_total: tau, energy_tol: eps per particle, "
      "displacement_tol: sigma, energy_per_particle_min: eps, energy_per_particle_max: eps, "
      "n_is_growth.t: tau, cpu_time: s (sum over runs), wall_time: s, is_per_cpu_second: 1/s}\n"));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCommandExplore(MPI_Comm comm, PetscBool helponly)
{
  char in[PETSC_MAX_PATH_LEN] = "", out[PETSC_MAX_PATH_LEN] = "";
  DWPotential pot;
  DWExplore ex;
  DWSystem glass  = NULL;
  DWISLibrary lib = NULL;
  PetscLogDouble t0, t1;

  PetscFunctionBegin;
  PetscCall(DWPotentialCreate(comm, &pot));
  PetscCall(DWExploreCreate(comm, &ex));
  PetscOptionsBegin(comm, NULL, "dwell explore: IS library of one glass", NULL);
  PetscCall(DWAppRequireString(
      comm, PetscOptionsObject, "-in",
      "the glass (.h5 of dwell glass, or any configuration file .xyz, .data, .h5)", in, sizeof(in),
      helponly));
  PetscCall(DWAppRequireString(comm, PetscOptionsObject, "-out", "the IS library (.h5)", out,
                               sizeof(out), helponly));
  PetscOptionsEnd();
  PetscCall(DWPotentialSetFromOptions(pot));
  PetscCall(DWExploreSetFromOptions(ex));
  if (!helponly) {
    PetscCall(CheckInput(comm, pot, out));
    PetscCall(DWAppCheckUnusedOptions(comm));
    PetscCall(DWSystemLoad(comm, in, &glass));
    PetscCall(DWPotentialSetUp(pot, glass));
    PetscCall(DWExploreSetSystem(ex, glass, pot));
    PetscCall(DWExploreSetUp(ex));
    PetscCall(PetscTime(&t0));
    PetscCall(DWExploreSolve(ex, &lib));
    PetscCall(PetscTime(&t1));
    PetscCall(DWISLibraryWriteFile(lib, ex, out));
    PetscCall(PrintSummary(comm, ex, lib, in, out, t1 - t0));
  }
  PetscCall(DWISLibraryDestroy(&lib));
  PetscCall(DWExploreDestroy(&ex));
  PetscCall(DWSystemDestroy(&glass));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}
