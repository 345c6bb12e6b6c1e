/* dwell modes: the k lowest normal modes of one inherent structure (include/dwell/modes.h;
   issue 14): omega_k = sqrt(lambda_k) of the Hessian with unit masses, the participation
   ratio P_k ([PRR20] eq. 4), the phonon order parameter O_k ([PRR20] eq. 3) and the
   quasi-localised flag, the density of states and its A_4 omega^4 fit; YAML on stdout, the modes
   and eigenvectors to -out (HDF5). The configuration is not minimised: an eigenvalue below
   -lambda_tol (translations removed) means it is not a minimum, which is an error naming the file
   and the eigenvalue. */
#include <dwell/modes.h>
#include <dwell/io.h>
#include "app/commands.h"

typedef struct {
  char in[PETSC_MAX_PATH_LEN], out[PETSC_MAX_PATH_LEN];
  PetscInt k;
  PetscBool kset;
  PetscReal lambda_tol;
} ModesCmdOptions;

static PetscErrorCode ReadOptions(MPI_Comm comm, ModesCmdOptions *o, PetscBool helponly)
{
  PetscFunctionBegin;
  PetscOptionsBegin(comm, NULL, "dwell modes: normal modes of an inherent structure", NULL);
  PetscCall(DWAppRequireString(comm, PetscOptionsObject, "-in",
                               "inherent structure (.xyz, .data, .h5)", o->in, sizeof(o->in),
                               helponly));
  PetscCall(PetscOptionsString("-out", "mode file (.h5): omega, P_k, O_k, flag, eigenvectors", NULL,
                               o->out, o->out, sizeof(o->out), NULL));
  PetscCall(
      PetscOptionsInt("-k", "number of lowest modes (as -modes_k)", NULL, o->k, &o->k, &o->kset));
  PetscCall(PetscOptionsReal("-lambda_tol",
                             "eigenvalues below -tol mean not a minimum (eps/sigma^2)", NULL,
                             o->lambda_tol, &o->lambda_tol, NULL));
  PetscOptionsEnd();
  PetscCheck(!o->kset || o->k >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-k %" PetscInt_FMT ": the number of modes must be at least 1", o->k);
  PetscCheck(o->lambda_tol >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-lambda_tol %g must be >= 0",
             (double)o->lambda_tol);
  PetscFunctionReturn(0);
}

/* Before the solve: the exact number of eigenvalues below -lambda_tol (LDL^T inertia; the
   translations are zero and not counted), when MUMPS can factorise the Hessian. */
static PetscErrorCode CheckMinimumInertia(MPI_Comm comm, DWModes modes, const ModesCmdOptions *o)
{
  PetscInt nneg;

  PetscFunctionBegin;
  PetscCall(DWModesCountBelow(modes, -o->lambda_tol, &nneg));
  PetscCheck(nneg <= 0, comm, PETSC_ERR_ARG_WRONG,
             "%s is not a minimum: its Hessian has %" PetscInt_FMT
             " negative eigenvalue(s) below -%g eps/sigma^2 besides the translations (LDL^T "
             "inertia); minimise it first (dwell minimize)",
             o->in, nneg, (double)o->lambda_tol);
  PetscFunctionReturn(0);
}

/* After the solve: negative eigenvalues among the modes found (any method, any Mat type). */
static PetscErrorCode CheckMinimum(MPI_Comm comm, DWModes modes, const ModesCmdOptions *o)
{
  PetscInt nneg;
  PetscReal lambda0;

  PetscFunctionBegin;
  PetscCall(DWModesGetNumNegative(modes, o->lambda_tol, &nneg));
  PetscCall(DWModesGetEigenvalue(modes, 0, &lambda0));
  PetscCheck(!nneg, comm, PETSC_ERR_ARG_WRONG,
             "%s is not a minimum: %" PetscInt_FMT
             " negative Hessian eigenvalue(s) besides the translations, the lowest %.6e "
             "eps/sigma^2 < -%g (minimise it first: dwell minimize)",
             o->in, nneg, (double)lambda0, (double)o->lambda_tol);
  PetscFunctionReturn(0);
}

/* -k against the 3N - 3 vibrational modes of the file, before any work. */
static PetscErrorCode CheckK(MPI_Comm comm, DWSystem sys, const ModesCmdOptions *o)
{
  PetscInt N;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCheck(!o->kset || o->k <= 3 * N - 3, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-k %" PetscInt_FMT " exceeds the 3N - 3 = %" PetscInt_FMT
             " vibrational modes of %s (N = %" PetscInt_FMT ")",
             o->k, 3 * N - 3, o->in, N);
  PetscFunctionReturn(0);
}

/* The modes of sys at its positions, on the particle surface (translations as zero modes). */
static PetscErrorCode SolveModes(MPI_Comm comm, DWModes modes, DWSystem sys, DWPotential pot,
                                 const ModesCmdOptions *o)
{
  DWMinimizer min;
  DWSurface s;
  PetscReal *x, L;

  PetscFunctionBegin;
  PetscCall(DWMinimizerCreate(comm, &min));
  PetscCall(DWSurfaceCreateParticles(sys, pot, min, &s));
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(DWModesSetSurface(modes, s, x));
  PetscCall(DWModesSetPositions(modes, L, x));
  PetscCall(DWModesSetUp(modes));
  PetscCall(CheckMinimumInertia(comm, modes, o));
  PetscCall(DWModesSolve(modes));
  PetscCall(DWSurfaceDestroy(&s));
  PetscCall(DWMinimizerDestroy(&min));
  PetscFunctionReturn(0);
}

static PetscErrorCode PrintYAML(MPI_Comm comm, DWModes modes, DWSystem sys,
                                const ModesCmdOptions *o)
{
  PetscInt N, k, nqlm = 0;
  PetscReal L;
  const char *model;
  PetscViewer viewer;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(DWSystemGetModelName(sys, &model));
  PetscCall(DWModesGetNumModes(modes, &k));
  for (PetscInt i = 0; i < k; i++) {
    DWModeInfo f;
    PetscCall(DWModesGetModeInfo(modes, i, &f));
    nqlm += f.qlm;
  }
  PetscCall(PetscPrintf(comm, "in: %s\nmodel: %s\nN: %" PetscInt_FMT "\nbox: %.17g\n", o->in, model,
                        N, (double)L));
  PetscCall(PetscPrintf(comm, "quasi_localised: %" PetscInt_FMT "\nout: %s\n", nqlm,
                        o->out[0] ? o->out : "null"));
  PetscCall(PetscViewerASCIIGetStdout(comm, &viewer));
  PetscCall(DWModesView(modes, viewer));
  PetscCall(DWModesViewDOS(modes, viewer));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCommandModes(MPI_Comm comm, PetscBool helponly)
{
  ModesCmdOptions o = {"", "", 50, PETSC_FALSE, 1e-6};
  DWPotential pot;
  DWModes modes;
  DWSystem sys = NULL;
  DWPotentialType type;

  PetscFunctionBegin;
  PetscCall(DWPotentialCreate(comm, &pot));
  PetscCall(DWModesCreate(comm, &modes));
  PetscCall(ReadOptions(comm, &o, helponly));
  if (o.kset) PetscCall(DWModesSetNumModes(modes, o.k));
  PetscCall(DWPotentialSetFromOptions(pot));
  PetscCall(DWModesSetFromOptions(modes));
  PetscCall(DWPotentialGetType(pot, &type));
  PetscCheck(type[0] || helponly, comm, PETSC_ERR_ARG_NULL,
             "missing required option -model (the pair potential)");
  if (!helponly) {
    DWFileFormat format;
    if (o.out[0]) PetscCall(DWFileFormatFromName(comm, o.out, &format));
    PetscCheck(!o.out[0] || format == DW_FORMAT_HDF5, comm, PETSC_ERR_ARG_WRONG,
               "-out %s: the mode file is HDF5 (.h5)", o.out);
    PetscCall(DWAppCheckUnusedOptions(comm));
    PetscCall(DWSystemLoad(comm, o.in, &sys));
    PetscCall(DWPotentialSetUp(pot, sys));
    PetscCall(CheckK(comm, sys, &o));
    PetscCall(SolveModes(comm, modes, sys, pot, &o));
    PetscCall(CheckMinimum(comm, modes, &o));
    if (o.out[0]) PetscCall(DWModesWriteFile(modes, sys, o.out));
    PetscCall(PrintYAML(comm, modes, sys, &o));
  }
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWModesDestroy(&modes));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}
