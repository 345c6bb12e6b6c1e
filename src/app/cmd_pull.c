/* dwell pull: mode pulling of one inherent structure ([PRR20] sec. II.C and III, eqs. 5-10,
   A3, Table I; include/dwell/pull.h; issue 15). Computes the lowest modes of the IS itself
   (DWModes, -modes_... options; k = the largest index of -pull_modes + 1 unless -modes_k is
   given), pulls each mode of -pull_modes (a list "0-49" or "0,3,7-9") to its A_c (DWPull,
   -pull_... options; the minimiser is DWMinimizer's -min_..., here L-BFGS preconditioned by
   default, -min_lbfgs_precond hessian: 2-3x fewer force evaluations per pull than without at
   lj N = 200, A_c within rtol of the unpreconditioned one), and writes one row per mode
   with the final IS of every transition to -out (HDF5; src/io/pullfile.c); the rows and T_c
   (eps/k_B) as YAML on stdout. Bad input (a mode index out of range or negative, -pull_rtol
   outside (0, 1), a start that is not a minimum) stops with one error line before any work. */
#include <dwell/pull.h>
#include <dwell/io.h>
#include "app/commands.h"

#define MAX_PULL_MODES 4096

typedef struct {
  char in[PETSC_MAX_PATH_LEN], out[PETSC_MAX_PATH_LEN], list[1024];
  PetscInt idx[MAX_PULL_MODES], n, k;
  PetscBool kset;
} PullCmdOptions;

/* One item "a" or "a-b" of the list into o->idx. */
static PetscErrorCode ParseItem(MPI_Comm comm, const char item[], PullCmdOptions *o)
{
  char *end;
  long a, b;

  PetscFunctionBegin;
  a = strtol(item, &end, 10);
  PetscCheck(end != item, comm, PETSC_ERR_ARG_WRONG,
             "-pull_modes %s: '%s' is not a mode index or a range a-b", o->list, item);
  PetscCheck(a >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pull_modes %s: mode index %ld is negative (0 is the softest mode)", o->list, a);
  b = a;
  if (*end == '-') {
    const char *start = end + 1;
    b                 = strtol(start, &end, 10);
    PetscCheck(end != start && b >= a, comm, PETSC_ERR_ARG_WRONG,
               "-pull_modes %s: '%s' is not a range a-b with a <= b", o->list, item);
  }
  PetscCheck(*end == 0, comm, PETSC_ERR_ARG_WRONG,
             "-pull_modes %s: '%s' is not a mode index or a range a-b", o->list, item);
  PetscCheck(o->n + (b - a + 1) <= MAX_PULL_MODES, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pull_modes %s: more than %d modes", o->list, MAX_PULL_MODES);
  for (long m = a; m <= b; m++) o->idx[o->n++] = (PetscInt)m;
  PetscFunctionReturn(0);
}

static PetscErrorCode ParseModes(MPI_Comm comm, PullCmdOptions *o)
{
  char buf[sizeof(o->list)], *save = NULL;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(buf, o->list, sizeof(buf)));
  for (char *item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save))
    PetscCall(ParseItem(comm, item, o));
  PetscCheck(o->n > 0, comm, PETSC_ERR_ARG_WRONG, "-pull_modes '%s' names no mode", o->list);
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadOptions(MPI_Comm comm, PullCmdOptions *o, PetscBool helponly)
{
  PetscFunctionBegin;
  PetscOptionsBegin(comm, NULL, "dwell pull: mode pulling of an inherent structure (PRR20)", NULL);
  PetscCall(DWAppRequireString(comm, PetscOptionsObject, "-in",
                               "inherent structure (.xyz, .data, .h5)", o->in, sizeof(o->in),
                               helponly));
  PetscCall(PetscOptionsString("-pull_modes", "modes to pull: a list of indices and ranges a-b",
                               NULL, o->list, o->list, sizeof(o->list), NULL));
  PetscCall(
      PetscOptionsString("-out", "pull file (.h5)", NULL, o->out, o->out, sizeof(o->out), NULL));
  PetscCall(PetscOptionsInt("-modes_k", "modes to compute (default: the largest index + 1)", NULL,
                            o->k, &o->k, &o->kset));
  PetscOptionsEnd();
  if (helponly) PetscFunctionReturn(0);
  PetscCall(ParseModes(comm, o));
  PetscFunctionReturn(0);
}

/* Every index below the computed k and the 3N - 3 modes; -out HDF5. */
static PetscErrorCode CheckInput(MPI_Comm comm, DWSystem sys, PullCmdOptions *o)
{
  PetscInt N, top = 0;

  PetscFunctionBegin;
  if (o->out[0]) {
    DWFileFormat format;
    PetscCall(DWFileFormatFromName(comm, o->out, &format));
    PetscCheck(format == DW_FORMAT_HDF5, comm, PETSC_ERR_ARG_WRONG,
               "-out %s: the pull file is HDF5 (.h5)", o->out);
  }
  PetscCall(DWSystemGetSize(sys, &N));
  for (PetscInt j = 0; j < o->n; j++) top = PetscMax(top, o->idx[j]);
  if (!o->kset) o->k = top + 1;
  PetscCheck(top < o->k, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pull_modes %s: mode %" PetscInt_FMT " is out of range: -modes_k %" PetscInt_FMT
             " modes are computed (0 .. %" PetscInt_FMT ")",
             o->list, top, o->k, o->k - 1);
  PetscCheck(top < 3 * N - 3, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pull_modes %s: mode %" PetscInt_FMT " exceeds the 3N - 3 = %" PetscInt_FMT
             " vibrational modes of %s",
             o->list, top, 3 * N - 3, o->in);
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(MPI_Comm comm, DWPull pull, DWModes modes, DWMinimizer min, DWSystem sys,
                          DWPotential pot, const PullCmdOptions *o)
{
  DWSurface s;
  PetscReal *x, L, Tc;
  PetscInt N, jmin;
  const char *model;
  PetscViewer viewer;

  PetscFunctionBegin;
  PetscCall(DWPullSetPotential(pull, pot, sys, min));
  PetscCall(DWPullSetUp(pull));
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSurfaceCreateParticles(sys, pot, min, &s));
  PetscCall(DWModesSetNumModes(modes, o->k));
  PetscCall(DWModesSetSurface(modes, s, x));
  PetscCall(DWModesSetPositions(modes, L, x));
  PetscCall(DWModesSetSystemBoxTilt(modes, sys));
  PetscCall(DWModesSolve(modes));
  PetscCall(DWPullModes(pull, modes, o->n, o->idx));
  if (o->out[0]) PetscCall(DWPullWriteFile(pull, sys, o->out));
  PetscCall(DWSystemGetModelName(sys, &model));
  PetscCall(PetscPrintf(comm, "in: %s\nmodel: %s\nN: %" PetscInt_FMT "\n", o->in, model, N));
  PetscCall(PetscViewerASCIIGetStdout(comm, &viewer));
  PetscCall(DWPullView(pull, viewer));
  PetscCall(PetscPrintf(comm, "out: %s\n", o->out[0] ? o->out : "null"));
  PetscCall(DWPullGetTc(pull, &Tc, &jmin));
  if (jmin < 0)
    PetscCall(PetscFPrintf(comm, PETSC_STDERR,
                           "dwell: warning: no pulled mode of %s transitioned: T_c undefined\n",
                           o->in));
  PetscCall(DWSurfaceDestroy(&s));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCommandPull(MPI_Comm comm, PetscBool helponly)
{
  PullCmdOptions o = {"", "", "0", {0}, 0, 0, PETSC_FALSE};
  DWPotential pot;
  DWPull pull;
  DWModes modes;
  DWMinimizer min;
  DWSystem sys = NULL;

  PetscFunctionBegin;
  PetscCall(DWPotentialCreate(comm, &pot));
  PetscCall(DWPullCreate(comm, &pull));
  PetscCall(DWModesCreate(comm, &modes));
  PetscCall(DWMinimizerCreate(comm, &min));
  PetscCall(DWMinimizerLBFGSSetPreconditioner(min, "hessian"));
  PetscCall(ReadOptions(comm, &o, helponly));
  PetscCall(DWPotentialSetFromOptions(pot));
  PetscCall(DWPullSetFromOptions(pull));
  PetscCall(DWModesSetFromOptions(modes));
  PetscCall(DWMinimizerSetFromOptions(min));
  PetscCall(DWAppRequireModel(comm, pot, helponly));
  if (!helponly) {
    PetscCall(DWAppLoadSystem(comm, o.in, pot, &sys));
    PetscCall(CheckInput(comm, sys, &o));
    PetscCall(Run(comm, pull, modes, min, sys, pot, &o));
  }
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWMinimizerDestroy(&min));
  PetscCall(DWModesDestroy(&modes));
  PetscCall(DWPullDestroy(&pull));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}
