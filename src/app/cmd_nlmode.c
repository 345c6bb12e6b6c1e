/* dwell nlmode: the cubic nonlinear mode of one inherent structure ([PRM21] sec. II.C, eq. 6;
   include/dwell/nlmode.h; issue 15), started from a displacement field (-start B: the field
   r_AB = B - A, minimum image, [PRM21] Fig. 7) or from linear mode k of the IS (-start_mode k,
   the softest is 0, [PRM21] Fig. 8; DWModes, -modes_... options). Reports kappa = M:pi pi,
   U3 = U:pi pi pi, the cubic barrier V_3 = 2 kappa^3 / (3 U3^2), the participation ratio, the
   iterations, whether it converged, and the overlaps c, a ([PRM21] eqs. 7, 8) of pi with r_AB
   (-b B, or the -start configuration) and r_AS (-saddle S); YAML on stdout, the mode to -out
   (HDF5). A configuration that is not a minimum (|F|_inf > -nlmode_gtol, or M:pi pi <= 0) and
   U3 = 0 along the iteration (harmonic: eq. 6 undefined) are errors; non-convergence is
   reported (converged: false, a warning on stderr) with the last iterate. */
#include <dwell/nlmode.h>
#include <dwell/io.h>
#include "app/commands.h"

typedef struct {
  char in[PETSC_MAX_PATH_LEN], out[PETSC_MAX_PATH_LEN], start[PETSC_MAX_PATH_LEN];
  char b[PETSC_MAX_PATH_LEN], saddle[PETSC_MAX_PATH_LEN];
  PetscInt start_mode;
  PetscBool mode_set;
} NLModeCmdOptions;

enum { FIELD_AB, FIELD_AS, NFIELDS };
static const char *const field_names[NFIELDS] = {"r_AB", "r_AS"};

static PetscErrorCode ReadOptions(MPI_Comm comm, NLModeCmdOptions *o, PetscBool helponly)
{
  PetscFunctionBegin;
  PetscOptionsBegin(comm, NULL, "dwell nlmode: cubic nonlinear mode of an inherent structure",
                    NULL);
  PetscCall(DWAppRequireString(comm, PetscOptionsObject, "-in",
                               "inherent structure A (.xyz, .data, .h5)", o->in, sizeof(o->in),
                               helponly));
  PetscCall(PetscOptionsString("-start",
                               "start from r_AB = B - A (minimum image): configuration B of the "
                               "same particles",
                               NULL, o->start, o->start, sizeof(o->start), NULL));
  PetscCall(PetscOptionsInt("-start_mode", "start from linear mode k of A (0: the softest)", NULL,
                            o->start_mode, &o->start_mode, &o->mode_set));
  PetscCall(PetscOptionsString("-b", "configuration B for the overlaps with r_AB (default -start)",
                               NULL, o->b, o->b, sizeof(o->b), NULL));
  PetscCall(PetscOptionsString("-saddle", "saddle S for the overlaps with r_AS = S - A", NULL,
                               o->saddle, o->saddle, sizeof(o->saddle), NULL));
  PetscCall(PetscOptionsString("-out", "nonlinear-mode file (.h5)", NULL, o->out, o->out,
                               sizeof(o->out), NULL));
  PetscOptionsEnd();
  if (helponly) PetscFunctionReturn(0);
  PetscCheck(!o->start[0] != !o->mode_set, comm, PETSC_ERR_ARG_WRONG,
             "give exactly one of -start FILE and -start_mode k (the start of PRM21 eq. 6)");
  PetscCheck(!o->mode_set || o->start_mode >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-start_mode %" PetscInt_FMT " must be >= 0", o->start_mode);
  if (!o->b[0] && o->start[0]) PetscCall(PetscStrncpy(o->b, o->start, sizeof(o->b)));
  PetscFunctionReturn(0);
}

/* -out must be HDF5; -start_mode within the 3N - 3 vibrational modes. */
static PetscErrorCode CheckInput(MPI_Comm comm, DWSystem sys, const NLModeCmdOptions *o)
{
  PetscInt N;

  PetscFunctionBegin;
  if (o->out[0]) {
    DWFileFormat format;
    PetscCall(DWFileFormatFromName(comm, o->out, &format));
    PetscCheck(format == DW_FORMAT_HDF5, comm, PETSC_ERR_ARG_WRONG,
               "-out %s: the nonlinear-mode file is HDF5 (.h5)", o->out);
  }
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCheck(!o->mode_set || o->start_mode < 3 * N - 3, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-start_mode %" PetscInt_FMT " exceeds the 3N - 3 = %" PetscInt_FMT
             " vibrational modes of %s",
             o->start_mode, 3 * N - 3, o->in);
  PetscFunctionReturn(0);
}

/* r = X - A (minimum image) for the configuration X in path; r is NULL when path is "". */
static PetscErrorCode LoadField(MPI_Comm comm, DWSurface s, DWSystem sys, const char key[],
                                const char path[], PetscReal **r)
{
  DWSystem other;
  PetscInt N, Nx;
  PetscReal *x, *xa;

  PetscFunctionBegin;
  *r = NULL;
  if (!path[0]) PetscFunctionReturn(0);
  PetscCall(DWSystemLoad(comm, path, &other));
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetSize(other, &Nx));
  PetscCheck(N == Nx, comm, PETSC_ERR_ARG_SIZ,
             "%s %s has %" PetscInt_FMT " particles, the IS has %" PetscInt_FMT, key, path, Nx, N);
  PetscCall(DWSystemGetPositions(other, &x));
  PetscCall(DWSystemGetPositions(sys, &xa));
  PetscCall(PetscMalloc1(3 * N, r));
  PetscCall(DWSurfaceDifference(s, x, xa, *r));
  PetscCall(DWSystemDestroy(&other));
  PetscFunctionReturn(0);
}

/* Linear mode k of the IS, replicated (n reals), by a DWModes with k + 1 modes. */
static PetscErrorCode LinearMode(DWModes modes, DWSurface s, DWSystem sys, PetscInt k,
                                 PetscReal e[])
{
  PetscReal *x, L;

  PetscFunctionBegin;
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(DWModesSetNumModes(modes, k + 1));
  PetscCall(DWModesSetSurface(modes, s, x));
  PetscCall(DWModesSetPositions(modes, L, x));
  PetscCall(DWModesSetSystemBoxTilt(modes, sys));
  PetscCall(DWModesSolve(modes));
  PetscCall(DWModesGetModeReplicated(modes, k, e));
  PetscFunctionReturn(0);
}

/* The outcomes that are errors of the input: not a minimum, harmonic along pi. */
static PetscErrorCode CheckOutcome(MPI_Comm comm, const DWNLModeResult *r,
                                   const NLModeCmdOptions *o)
{
  PetscFunctionBegin;
  PetscCheck(r->reason != DW_NLMODE_DIVERGED_INDEFINITE, comm, PETSC_ERR_ARG_WRONG,
             "%s is not a minimum: M:pi pi = %g eps/sigma^2 <= 0 (or CG met negative curvature) "
             "at iteration %" PetscInt_FMT "; minimise it first (dwell minimize)",
             o->in, (double)r->kappa, r->its);
  PetscCheck(r->reason != DW_NLMODE_DIVERGED_HARMONIC, comm, PETSC_ERR_ARG_WRONG,
             "%s: U:pi pi pi = %g vanishes along pi at iteration %" PetscInt_FMT
             " (harmonic there: PRM21 eq. 6 is undefined); try another start",
             o->in, (double)r->U3, r->its);
  PetscFunctionReturn(0);
}

static PetscErrorCode PrintYAML(MPI_Comm comm, DWNLMode m, DWSystem sys, const char start[],
                                const PetscReal c[], const PetscReal a[], const NLModeCmdOptions *o)
{
  PetscInt N;
  const char *model;
  PetscViewer viewer;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetModelName(sys, &model));
  PetscCall(PetscPrintf(comm, "in: %s\nmodel: %s\nN: %" PetscInt_FMT "\nstart: %s\n", o->in, model,
                        N, start));
  PetscCall(PetscViewerASCIIGetStdout(comm, &viewer));
  PetscCall(DWNLModeView(m, viewer));
  PetscCall(
      PetscPrintf(comm, "overlaps:   # PRM21 eqs. 7, 8 of pi with the fields (null: not given)\n"));
  for (int f = 0; f < NFIELDS; f++) {
    if (PetscIsNanReal(c[f]))
      PetscCall(PetscPrintf(comm, "  %s: null\n", field_names[f]));
    else
      PetscCall(PetscPrintf(comm, "  %s: {c: %.6f, a: %.6f}\n", field_names[f], (double)c[f],
                            (double)a[f]));
  }
  PetscCall(PetscPrintf(comm, "out: %s\n", o->out[0] ? o->out : "null"));
  PetscFunctionReturn(0);
}

/* The mode of sys from the chosen start, reported. */
static PetscErrorCode Run(MPI_Comm comm, DWNLMode m, DWModes modes, DWSystem sys, DWPotential pot,
                          const NLModeCmdOptions *o)
{
  DWMinimizer min;
  DWSurface s;
  DWNLModeResult r;
  PetscReal *field[NFIELDS], *start, c[NFIELDS], a[NFIELDS], fmax, gtol;
  PetscInt N;
  char what[PETSC_MAX_PATH_LEN + 32];

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWMinimizerCreate(comm, &min));
  PetscCall(DWSurfaceCreateParticles(sys, pot, min, &s));
  PetscCall(LoadField(comm, s, sys, o->mode_set ? "-b" : "-start", o->b, &field[FIELD_AB]));
  PetscCall(LoadField(comm, s, sys, "-saddle", o->saddle, &field[FIELD_AS]));
  PetscCall(DWNLModeSetPotential(m, pot, sys));
  PetscCall(DWNLModeGetForceNorm(m, &fmax, &gtol));
  PetscCheck(fmax <= gtol, comm, PETSC_ERR_ARG_WRONG,
             "%s is not a minimum: |F|_inf = %g eps/sigma > -nlmode_gtol %g (minimise it first: "
             "dwell minimize)",
             o->in, (double)fmax, (double)gtol);
  PetscCall(PetscMalloc1(3 * N, &start));
  if (o->mode_set) {
    PetscCall(LinearMode(modes, s, sys, o->start_mode, start));
    PetscCall(PetscSNPrintf(what, sizeof(what), "linear mode %" PetscInt_FMT, o->start_mode));
  } else {
    PetscReal *rs;
    PetscReal r2 = 0;
    PetscCall(LoadField(comm, s, sys, "-start", o->start, &rs));
    for (PetscInt i = 0; i < 3 * N; i++) r2 += rs[i] * rs[i];
    PetscCheck(r2 > 0, comm, PETSC_ERR_ARG_WRONG,
               "-start %s: the field r_AB = B - A is zero (B is the IS %s itself)", o->start,
               o->in);
    PetscCall(PetscArraycpy(start, rs, 3 * N));
    PetscCall(PetscFree(rs));
    PetscCall(PetscSNPrintf(what, sizeof(what), "r_AB = %s - %s", o->start, o->in));
  }
  PetscCall(DWNLModeSolve(m, start));
  PetscCall(DWNLModeGetResult(m, &r));
  PetscCall(CheckOutcome(comm, &r, o));
  for (int f = 0; f < NFIELDS; f++) {
    c[f] = a[f] = NAN;
    if (field[f]) PetscCall(DWNLModeOverlap(m, field[f], &c[f], &a[f]));
  }
  if (o->out[0]) PetscCall(DWNLModeWriteFile(m, sys, what, NFIELDS, field_names, c, a, o->out));
  PetscCall(PrintYAML(comm, m, sys, what, c, a, o));
  if (r.reason != DW_NLMODE_CONVERGED)
    PetscCall(PetscFPrintf(comm, PETSC_STDERR,
                           "dwell: warning: the nonlinear mode of %s did not converge (%s, change "
                           "%g after %" PetscInt_FMT " iterations)\n",
                           o->in, DWNLModeReasonName(r.reason), (double)r.change, r.its));
  for (int f = 0; f < NFIELDS; f++) PetscCall(PetscFree(field[f]));
  PetscCall(PetscFree(start));
  PetscCall(DWSurfaceDestroy(&s));
  PetscCall(DWMinimizerDestroy(&min));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCommandNLMode(MPI_Comm comm, PetscBool helponly)
{
  NLModeCmdOptions o = {"", "", "", "", "", 0, PETSC_FALSE};
  DWPotential pot;
  DWNLMode m;
  DWModes modes;
  DWSystem sys = NULL;

  PetscFunctionBegin;
  PetscCall(DWPotentialCreate(comm, &pot));
  PetscCall(DWNLModeCreate(comm, &m));
  PetscCall(DWModesCreate(comm, &modes));
  PetscCall(ReadOptions(comm, &o, helponly));
  PetscCall(DWPotentialSetFromOptions(pot));
  PetscCall(DWNLModeSetFromOptions(m));
  PetscCall(DWModesSetFromOptions(modes));
  PetscCall(DWAppRequireModel(comm, pot, helponly));
  if (!helponly) {
    PetscCall(DWAppLoadSystem(comm, o.in, pot, &sys));
    PetscCall(CheckInput(comm, sys, &o));
    PetscCall(Run(comm, m, modes, sys, pot, &o));
  }
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWModesDestroy(&modes));
  PetscCall(DWNLModeDestroy(&m));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}
