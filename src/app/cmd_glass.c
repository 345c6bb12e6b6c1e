/* dwell glass: prepare one glass ([PRL20], [JCP23] II.B-C): a random configuration of the
   model, equilibrated at T_f with swap Monte Carlo (or MD) until the run spans
   -glass_tau_alpha structural relaxation times, then quenched with MD to T_exp (see
   include/dwell/glass.h). Writes one HDF5 file (-out) with the glass (/config), the
   equilibrated liquid, the equilibration record and F_s(k, t); a YAML summary on stdout,
   progress lines on stderr. The equilibration checkpoints itself to OUT.ckpt (and keeps
   OUT.ckpt.prev); running the same command again resumes from there and writes the same
   file, bit for bit, as an uninterrupted run. */
#include <dwell/glass.h>
#include <dwell/io.h>
#include <dwell/options.h>
#include "app/commands.h"
#include <libgen.h>
#include <unistd.h>

/* Options left out of the run's identity: where the output goes and wall-clock settings;
   none of them changes the result. */
static const char *const not_identity[] = {"out", "glass_checkpoint_interval",
                                           "glass_progress_interval", NULL};

static PetscErrorCode WriteCheckpoint(DWGlass glass, void *ctx)
{
  PetscFunctionBegin;
  PetscCall(DWGlassCheckpointWrite(glass, (const char *)ctx));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckInput(MPI_Comm comm, DWGlass glass, const char out[], PetscBool setTf,
                                 PetscReal T_f, PetscBool setN, PetscInt N, PetscBool setTexp,
                                 PetscReal T_exp)
{
  DWPotential pot;
  DWPotentialType type;
  DWFileFormat format;
  char dir[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  PetscCall(DWGlassGetPotential(glass, &pot));
  PetscCall(DWPotentialGetType(pot, &type));
  PetscCheck(type[0], comm, PETSC_ERR_ARG_NULL,
             "missing required option -model (the pair potential)");
  PetscCheck(setTf, comm, PETSC_ERR_ARG_NULL,
             "missing required option -T_f (the fictive temperature, eps/k_B)");
  PetscCheck(T_f > 0 && PetscIsNormalReal(T_f), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-T_f %g: the fictive temperature must be positive", (double)T_f);
  PetscCheck(!setN || N > 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-N %" PetscInt_FMT ": the number of particles must be positive", N);
  PetscCheck(!setTexp || (T_exp > 0 && PetscIsNormalReal(T_exp)), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-T_exp %g: the exploration temperature must be positive", (double)T_exp);
  PetscCall(DWFileFormatFromName(comm, out, &format));
  PetscCheck(format == DW_FORMAT_HDF5, comm, PETSC_ERR_ARG_WRONG,
             "-out %s: the glass file is HDF5; name it .h5", out);
  /* the file is written hours later: its directory must be usable now */
  PetscCall(PetscStrncpy(dir, out, sizeof(dir)));
  PetscCheck(!access(dirname(dir), W_OK | X_OK), comm, PETSC_ERR_FILE_OPEN,
             "-out %s: cannot create file (its directory is missing or not writable)", out);
  PetscFunctionReturn(0);
}

static PetscReal Ratio(PetscReal accepted, PetscReal attempts)
{
  return attempts > 0 ? accepted / attempts : 0;
}

/* The swaps of the equilibration (swap dynamics only): attempts and acceptance, in total and
   per species pair type. */
static PetscErrorCode PrintSwaps(MPI_Comm comm, const DWGlassResults *r)
{
  PetscFunctionBegin;
  if (r->swap_attempts <= 0) PetscFunctionReturn(0);
  PetscCall(PetscPrintf(comm, "swap_attempts: %.17g\nswap_acceptance: %.6g\n",
                        (double)r->swap_attempts,
                        (double)Ratio(r->swap_accepted, r->swap_attempts)));
  if (r->swap_npairs == 0) PetscFunctionReturn(0);
  PetscCall(PetscPrintf(comm, "swap_pairs:\n"));
  for (PetscInt k = 0; k < r->swap_npairs; k++)
    PetscCall(PetscPrintf(comm, "  %s: {attempts: %.17g, accepted: %.17g, acceptance: %.6g}\n",
                          r->swap_pair[k], (double)r->swap_pair_attempts[k],
                          (double)r->swap_pair_accepted[k],
                          (double)Ratio(r->swap_pair_accepted[k], r->swap_pair_attempts[k])));
  PetscFunctionReturn(0);
}

static PetscErrorCode PrintSummary(MPI_Comm comm, DWGlass glass, const char out[], PetscInt seed)
{
  DWGlassResults r;

  PetscFunctionBegin;
  PetscCall(DWGlassGetResults(glass, &r));
  PetscCall(PetscPrintf(comm,
                        "out: %s\nseed: %" PetscInt_FMT "\nblocks: %" PetscInt_FMT
                        "\nequilibration_time: %.10g\ntau_alpha: %.10g\ntau_alpha_earlier: "
                        "%.10g\nrun_length_tau_alpha: %.6g\nequilibrated: %s\n",
                        out, seed, r.blocks, (double)r.duration, (double)r.tau_alpha,
                        (double)r.tau_alpha_earlier, (double)r.run_length_tau_alpha,
                        r.equilibrated ? "true" : "false"));
  PetscCall(PetscPrintf(comm,
                        "potential_energy_equilibrated: %.10g\npotential_energy_glass: "
                        "%.10g\nkinetic_temperature_glass: %.10g\n",
                        (double)r.U_equilibrated, (double)r.U_glass, (double)r.T_glass));
  PetscCall(PrintSwaps(comm, &r));
  PetscCall(PetscPrintf(comm,
                        "units: {equilibration_time: %s, tau_alpha: %s, potential_energy: eps per "
                        "particle, kinetic_temperature: eps/k_B}\n",
                        r.time_unit, r.time_unit));
  if (!r.equilibrated)
    PetscCall(PetscFPrintf(
        comm, PETSC_STDERR,
        "dwell glass: warning: not proven equilibrated (record/equilibrated = 0): the "
        "run spans %.3g tau_alpha (-glass_tau_alpha asks more?) and tau_alpha of "
        "[t/4, t/2) is %.4g vs %.4g of [t/2, t) (-glass_tau_tolerance)\n",
        (double)r.run_length_tau_alpha, (double)r.tau_alpha_earlier, (double)r.tau_alpha));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCommandGlass(MPI_Comm comm, PetscBool helponly)
{
  char out[PETSC_MAX_PATH_LEN] = "", ckpt[PETSC_MAX_PATH_LEN + 8], *identity;
  PetscInt N = 0, seed = 1;
  PetscReal T_f = 0, T_exp = 0;
  PetscBool setN, setTf, setTexp, restored;
  DWGlass glass;

  PetscFunctionBegin;
  PetscCall(DWGlassCreate(comm, &glass));
  PetscOptionsBegin(comm, NULL,
                    "dwell glass: equilibrate at T_f (swap Monte Carlo), prove it (F_s, "
                    "tau_alpha), quench to T_exp",
                    NULL);
  PetscCall(PetscOptionsReal("-T_f", "fictive temperature: equilibration temperature (eps/k_B)",
                             NULL, T_f, &T_f, &setTf));
  PetscCall(PetscOptionsReal(
      "-T_exp",
      "exploration temperature the glass is quenched to (eps/k_B); default pss 0.04, tlj/ka2 0.4",
      NULL, T_exp, &T_exp, &setTexp));
  PetscCall(PetscOptionsInt(
      "-N", "number of particles (default: the papers': pss 1500, tlj/ka2 1200, others 1000)", NULL,
      N, &N, &setN));
  PetscCall(PetscOptionsInt("-seed", "random seed", NULL, seed, &seed, NULL));
  PetscCall(DWAppRequireString(comm, PetscOptionsObject, "-out",
                               "output glass file (.h5); checkpoints go to OUT.ckpt", out,
                               sizeof(out), helponly));
  PetscOptionsEnd();
  PetscCall(DWGlassSetFromOptions(glass));
  if (!helponly) {
    PetscCall(CheckInput(comm, glass, out, setTf, T_f, setN, N, setTexp, T_exp));
    PetscCall(DWAppCheckUnusedOptions(comm));
    PetscCall(DWGlassSetSize(glass, N));
    PetscCall(DWGlassSetTemperatures(glass, T_f, T_exp));
    PetscCall(DWGlassSetSeed(glass, seed));
    PetscCall(DWOptionsGetIdentity(not_identity, &identity));
    PetscCall(DWGlassSetIdentity(glass, identity));
    PetscCall(PetscFree(identity));
    PetscCall(DWGlassSetUp(glass));
    PetscCall(PetscSNPrintf(ckpt, sizeof(ckpt), "%s.ckpt", out));
    PetscCall(DWGlassSetCheckpointFunction(glass, WriteCheckpoint, ckpt));
    PetscCall(DWGlassCheckpointRead(glass, ckpt, &restored));
    PetscCall(DWGlassSolve(glass));
    PetscCall(DWGlassWriteFile(glass, out));
    PetscCall(DWGlassCheckpointRemove(glass, ckpt));
    PetscCall(PrintSummary(comm, glass, out, seed));
  }
  PetscCall(DWGlassDestroy(&glass));
  PetscFunctionReturn(0);
}
