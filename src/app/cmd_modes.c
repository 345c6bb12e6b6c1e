/* dwell modes: the k lowest normal modes of one inherent structure (include/dwell/modes.h;
   issue 14): omega_k = sqrt(lambda_k) of the Hessian with unit masses, the participation
   ratio P_k ([PRR20] eq. 4), the phonon order parameter O_k ([PRR20] eq. 3) and the
   quasi-localised flag, the density of states and its A_4 omega^4 fit; YAML on stdout, the
   modes and eigenvectors to -out (HDF5). The configuration is not minimised: an eigenvalue
   below -lambda_tol (translations removed) means it is not a minimum, which is an error naming
   the file and the eigenvalue.
   With -in PATHS.h5, a path file of `dwell neb -out`, or -in library.h5, the library of a
   campaign: for every double well (or those of -dw_index), the k modes of its IS a and the
   overlaps c, a ([PRM21] eqs. 7, 8; DWModesOverlap) of r_AB, r_AS and r_12 with them, YAML per
   double well, the table to -out (src/io/modesfile.c). Both files go through SolvePaths: a
   library only has one system per sample (src/io/nebpaths.c). */
#include <dwell/modes.h>
#include <dwell/io.h>
#include "app/commands.h"

#define DW_MODES_MAX_DW_INDEX 4096

typedef struct {
  char in[PETSC_MAX_PATH_LEN], out[PETSC_MAX_PATH_LEN];
  PetscInt k;
  PetscBool kset;
  PetscReal lambda_tol;
  PetscInt ndw_index, dw_index[DW_MODES_MAX_DW_INDEX];
} ModesCmdOptions;

static PetscErrorCode ReadOptions(MPI_Comm comm, ModesCmdOptions *o, PetscBool helponly)
{
  PetscFunctionBegin;
  PetscOptionsBegin(comm, NULL, "dwell modes: normal modes of an inherent structure", NULL);
  PetscCall(
      DWAppRequireString(comm, PetscOptionsObject, "-in",
                         "inherent structure (.xyz, .data, .h5), or a path file of dwell neb -out",
                         o->in, sizeof(o->in), helponly));
  PetscCall(PetscOptionsString("-out", "mode file (.h5): omega, P_k, O_k, flag, eigenvectors", NULL,
                               o->out, o->out, sizeof(o->out), NULL));
  PetscCall(
      PetscOptionsInt("-k", "number of lowest modes (as -modes_k)", NULL, o->k, &o->k, &o->kset));
  PetscCall(PetscOptionsReal("-lambda_tol",
                             "eigenvalues below -tol mean not a minimum (eps/sigma^2)", NULL,
                             o->lambda_tol, &o->lambda_tol, NULL));
  o->ndw_index = DW_MODES_MAX_DW_INDEX;
  PetscCall(PetscOptionsIntArray(
      "-dw_index",
      "path file or library: the double wells (rows of /dw; 0,3,5-9 is 0,3,5,6,7,8; "
      "default all)",
      NULL, o->dw_index, &o->ndw_index, NULL));
  PetscOptionsEnd();
  PetscCheck(!o->kset || o->k >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-k %" PetscInt_FMT ": the number of modes must be at least 1", o->k);
  PetscCheck(o->lambda_tol >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-lambda_tol %g must be >= 0",
             (double)o->lambda_tol);
  PetscFunctionReturn(0);
}

/* Before the solve (after DWModesSetUp): the exact number of eigenvalues below sigma (LDL^T
   inertia; the translations are zero and not counted), when MUMPS can factorise the Hessian.
   With sinvert, sigma is the target when it is <= -lambda_tol: the count then comes from the
   factor of the solve itself, and the eigenvalues in [sigma, -lambda_tol), closer to the
   target than any non-negative one, are among the modes found (CheckMinimum after the solve).
   Otherwise sigma = -lambda_tol and a factorisation of its own, except with lobpcg, the method
   for sizes where a factorisation is what it avoids: it converges to the lowest eigenvalues,
   so a negative one is among its modes (CheckMinimum). */
static PetscErrorCode CheckMinimumInertia(MPI_Comm comm, DWModes modes, const char what[],
                                          const ModesCmdOptions *o)
{
  PetscInt nneg;
  PetscReal sigma;
  PetscBool has, lobpcg;
  DWModesType type;

  PetscFunctionBegin;
  PetscCall(DWModesGetFactorShift(modes, &has, &sigma));
  PetscCall(DWModesGetType(modes, &type));
  PetscCall(PetscStrcmp(type, DWMODES_LOBPCG, &lobpcg));
  if (!has && lobpcg) PetscFunctionReturn(0);
  if (!has || sigma > -o->lambda_tol) sigma = -o->lambda_tol;
  PetscCall(DWModesCountBelow(modes, sigma, &nneg));
  PetscCheck(nneg <= 0, comm, PETSC_ERR_ARG_WRONG,
             "%s is not a minimum: its Hessian has %" PetscInt_FMT
             " negative eigenvalue(s) below %g eps/sigma^2 besides the translations (LDL^T "
             "inertia); minimise it first (dwell minimize)",
             what, nneg, (double)sigma);
  PetscFunctionReturn(0);
}

/* After the solve: negative eigenvalues among the modes found (any method, any Mat type). */
static PetscErrorCode CheckMinimum(MPI_Comm comm, DWModes modes, const char what[],
                                   const ModesCmdOptions *o)
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
             what, nneg, (double)lambda0, (double)o->lambda_tol);
  PetscFunctionReturn(0);
}

/* -k against the 3N - 3 vibrational modes of the file, before any work. */
static PetscErrorCode CheckK(MPI_Comm comm, PetscInt N, const ModesCmdOptions *o)
{
  PetscFunctionBegin;
  PetscCheck(!o->kset || o->k <= 3 * N - 3, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-k %" PetscInt_FMT " exceeds the 3N - 3 = %" PetscInt_FMT
             " vibrational modes of %s (N = %" PetscInt_FMT ")",
             o->k, 3 * N - 3, o->in, N);
  PetscFunctionReturn(0);
}

/* DWModesSolve; an error of it (lobpcg: not a minimum; too few modes converged) names what. */
static PetscErrorCode SolveNamed(MPI_Comm comm, DWModes modes, const char what[])
{
  PetscErrorCode ierr;
  char *msg = NULL;

  PetscFunctionBegin;
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = DWModesSolve(modes);
  PetscCall(PetscPopErrorHandler());
  if (!ierr) PetscFunctionReturn(0);
  PetscCall(PetscErrorMessage(ierr, NULL, &msg));
  SETERRQ(comm, ierr, "%s: %s", what, msg ? msg : "the eigensolver failed");
}

/* The modes of sys at its positions on surface s (translations as zero modes), checked to be
   those of a minimum before the solve (inertia) and after it; what names the configuration. */
static PetscErrorCode SolveAt(MPI_Comm comm, DWModes modes, DWSurface s, DWSystem sys,
                              const char what[], const ModesCmdOptions *o)
{
  PetscReal *x, L;

  PetscFunctionBegin;
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(DWModesSetSurface(modes, s, x));
  PetscCall(DWModesSetPositions(modes, L, x));
  PetscCall(DWModesSetSystemBoxTilt(modes, sys));
  PetscCall(DWModesSetUp(modes));
  PetscCall(CheckMinimumInertia(comm, modes, what, o));
  PetscCall(SolveNamed(comm, modes, what));
  PetscCall(CheckMinimum(comm, modes, what, o));
  PetscFunctionReturn(0);
}

/* The particle surface of a system, on the potential given or (pot NULL) on one of its own
   from the options. */
typedef struct {
  DWPotential own; /* NULL when the potential is the caller's */
  DWMinimizer min;
  DWSurface s;
} ModesSurface;

static PetscErrorCode SurfaceDestroy(ModesSurface *m)
{
  PetscFunctionBegin;
  PetscCall(DWSurfaceDestroy(&m->s));
  PetscCall(DWMinimizerDestroy(&m->min));
  PetscCall(DWPotentialDestroy(&m->own));
  PetscFunctionReturn(0);
}

static PetscErrorCode SurfaceCreate(MPI_Comm comm, DWSystem sys, DWPotential pot, ModesSurface *m)
{
  PetscFunctionBegin;
  PetscCall(SurfaceDestroy(m));
  if (!pot) {
    PetscCall(DWPotentialCreate(comm, &m->own));
    PetscCall(DWPotentialSetFromOptions(m->own));
    PetscCall(DWPotentialSetUp(m->own, sys));
    pot = m->own;
  }
  PetscCall(DWMinimizerCreate(comm, &m->min));
  PetscCall(DWSurfaceCreateParticles(sys, pot, m->min, &m->s));
  PetscFunctionReturn(0);
}

/* The modes of sys at its positions. */
static PetscErrorCode SolveModes(MPI_Comm comm, DWModes modes, DWSystem sys, DWPotential pot,
                                 const ModesCmdOptions *o)
{
  ModesSurface m = {NULL, NULL, NULL};

  PetscFunctionBegin;
  PetscCall(SurfaceCreate(comm, sys, pot, &m));
  PetscCall(SolveAt(comm, modes, m.s, sys, o->in, o));
  PetscCall(SurfaceDestroy(&m));
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

/* Whether -in is a file of double wells: a path file of dwell neb or a campaign library. */
static PetscErrorCode IsDoubleWellFile(MPI_Comm comm, const char in[], PetscBool *paths)
{
  DWFileFormat format;

  PetscFunctionBegin;
  *paths = PETSC_FALSE;
  PetscCall(DWFileFormatFromName(comm, in, &format));
  if (format == DW_FORMAT_HDF5) PetscCall(DWNEBPathsIsDoubleWellFile(comm, in, paths));
  PetscFunctionReturn(0);
}

/* The overlap table of the path mode (include/dwell/io.h), allocated for ndw x k. */
static PetscErrorCode TableCreate(const DWNEBPaths *p, PetscInt k, const ModesCmdOptions *o,
                                  DWModesType type, DWModesOverlapTable *t)
{
  const PetscInt m = p->ndw * k + 1;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(t, sizeof(*t)));
  t->ndw = p->ndw, t->k = k, t->source = o->in, t->type = type;
  PetscCall(PetscMalloc5(m, &t->lambda, m, &t->omega, m, &t->P, m, &t->O, m, &t->qlm));
  for (int f = 0; f < DW_NEB_PATH_FIELDS; f++)
    PetscCall(PetscMalloc3(m, &t->ck[f], m, &t->ak[f], p->ndw + 1, &t->best[f]));
  PetscFunctionReturn(0);
}

static PetscErrorCode TableDestroy(DWModesOverlapTable *t)
{
  PetscFunctionBegin;
  PetscCall(PetscFree5(t->lambda, t->omega, t->P, t->O, t->qlm));
  for (int f = 0; f < DW_NEB_PATH_FIELDS; f++)
    PetscCall(PetscFree3(t->ck[f], t->ak[f], t->best[f]));
  PetscFunctionReturn(0);
}

/* Row d of the table: the modes of the last solve and the overlaps of the three fields. */
static PetscErrorCode TableFill(DWModes modes, const DWNEBPaths *p, PetscInt d,
                                DWModesOverlapTable *t)
{
  const PetscInt k = t->k;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < k; i++) {
    DWModeInfo f;
    PetscCall(DWModesGetModeInfo(modes, i, &f));
    t->lambda[d * k + i] = f.lambda, t->omega[d * k + i] = f.omega;
    t->P[d * k + i] = f.P, t->O[d * k + i] = f.O, t->qlm[d * k + i] = f.qlm;
  }
  for (int f = 0; f < DW_NEB_PATH_FIELDS; f++)
    PetscCall(DWModesOverlap(modes, p->r[f] + d * p->n, t->ck[f] + d * k, t->ak[f] + d * k,
                             &t->best[f][d]));
  PetscFunctionReturn(0);
}

static PetscErrorCode PrintPathYAML(MPI_Comm comm, const DWModesOverlapTable *t,
                                    const DWNEBPaths *p, const ModesCmdOptions *o)
{
  PetscFunctionBegin;
  PetscCall(PetscPrintf(
      comm, "in: %s\nmodel: %s\nN: %" PetscInt_FMT "\nmodes_type: %s\nk: %" PetscInt_FMT "\n",
      o->in, p->model, p->n / 3, t->type, t->k));
  if (p->library)
    PetscCall(PetscPrintf(
        comm, "skipped: %" PetscInt_FMT "   # rows without IS a positions (is_a = -1)\n",
        p->skipped));
  PetscCall(PetscPrintf(comm, "double_wells:   # overlaps PRM21 eqs. 7, 8 with the modes of IS a; "
                              "dw: row in the file; mode: 0-based, ascending omega\n"));
  for (PetscInt d = 0; d < t->ndw; d++) {
    PetscCall(PetscPrintf(comm,
                          "  - {dw: %" PetscInt_FMT ", sample: %" PetscInt_FMT
                          ", is_a: %" PetscInt_FMT ", omega_1: %.8e}\n",
                          p->row[d], p->sample[d], p->is_a[d], (double)t->omega[d * t->k]));
    for (int f = 0; f < DW_NEB_PATH_FIELDS; f++) {
      const DWModesOverlapResult *b = &t->best[f][d];
      PetscCall(PetscPrintf(comm,
                            "    %s: {c: %.6f, mode_c: %" PetscInt_FMT
                            ", omega_c: %.6e, P_c: %.4f, a: %.6f, mode_a: %" PetscInt_FMT
                            ", c2sum: %.6f}\n",
                            DWNEBPathFieldNames[f], (double)b->c, b->kc, (double)b->omega_c,
                            (double)b->P_c, (double)b->a, b->ka, (double)b->c2sum));
    }
  }
  PetscCall(PetscPrintf(comm,
                        "out: %s\nunits: {omega: (eps/(m sigma^2))^(1/2), c: 1, a: 1, P: 1}\n",
                        o->out[0] ? o->out : "null"));
  PetscFunctionReturn(0);
}

/* -in PATHS.h5 or library.h5: the modes of IS a of every double well (of -dw_index) and the
   overlaps of its fields; a surface per system (per sample of a library). */
static PetscErrorCode SolvePaths(MPI_Comm comm, DWModes modes, const ModesCmdOptions *o)
{
  DWNEBPaths p;
  DWModesOverlapTable t;
  ModesSurface m = {NULL, NULL, NULL};
  DWModesType type;
  PetscInt k;

  PetscFunctionBegin;
  PetscCall(DWNEBPathsRead(comm, o->in, o->ndw_index, o->dw_index, &p));
  PetscCall(CheckK(comm, p.n / 3, o));
  PetscCall(DWModesGetType(modes, &type));
  t.k = 0;
  for (PetscInt d = 0; d < p.ndw; d++) {
    DWSystem sys = p.config[p.sample[d]];
    PetscReal *x;
    char what[PETSC_MAX_PATH_LEN + 64];
    if (!d || p.sample[d] != p.sample[d - 1]) PetscCall(SurfaceCreate(comm, sys, NULL, &m));
    PetscCall(DWSystemGetPositions(sys, &x));
    PetscCall(PetscArraycpy(x, p.x_a + d * p.n, p.n));
    PetscCall(PetscSNPrintf(what, sizeof(what), "%s, IS a of double well %" PetscInt_FMT, o->in,
                            p.row[d]));
    PetscCall(SolveAt(comm, modes, m.s, sys, what, o));
    PetscCall(DWModesGetNumModes(modes, &k));
    if (!d) PetscCall(TableCreate(&p, k, o, type, &t));
    PetscCall(TableFill(modes, &p, d, &t));
  }
  if (!p.ndw) PetscCall(TableCreate(&p, 0, o, type, &t));
  if (o->out[0]) PetscCall(DWModesWriteOverlapFile(comm, &p, &t, o->out));
  PetscCall(PrintPathYAML(comm, &t, &p, o));
  PetscCall(TableDestroy(&t));
  PetscCall(SurfaceDestroy(&m));
  PetscCall(DWNEBPathsReset(&p));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCommandModes(MPI_Comm comm, PetscBool helponly)
{
  ModesCmdOptions o = {"", "", 50, PETSC_FALSE, 1e-6, 0, {0}};
  DWPotential pot;
  DWModes modes;
  DWSystem sys = NULL;
  PetscBool paths;

  PetscFunctionBegin;
  PetscCall(DWPotentialCreate(comm, &pot));
  PetscCall(DWModesCreate(comm, &modes));
  PetscCall(ReadOptions(comm, &o, helponly));
  if (o.kset) PetscCall(DWModesSetNumModes(modes, o.k));
  PetscCall(DWPotentialSetFromOptions(pot));
  PetscCall(DWModesSetFromOptions(modes));
  PetscCall(DWAppRequireModel(comm, pot, helponly));
  if (!helponly) {
    DWFileFormat format;
    if (o.out[0]) PetscCall(DWFileFormatFromName(comm, o.out, &format));
    PetscCheck(!o.out[0] || format == DW_FORMAT_HDF5, comm, PETSC_ERR_ARG_WRONG,
               "-out %s: the mode file is HDF5 (.h5)", o.out);
    PetscCall(DWAppCheckUnusedOptions(comm));
    PetscCall(IsDoubleWellFile(comm, o.in, &paths));
    PetscCheck(paths || !o.ndw_index, comm, PETSC_ERR_ARG_WRONG,
               "-dw_index: %s is one configuration, not a path file of dwell neb or a campaign "
               "library",
               o.in);
    if (paths)
      PetscCall(SolvePaths(comm, modes, &o));
    else {
      PetscInt N;
      PetscCall(DWSystemLoad(comm, o.in, &sys));
      PetscCall(DWPotentialSetUp(pot, sys));
      PetscCall(DWSystemGetSize(sys, &N));
      PetscCall(CheckK(comm, N, &o));
      PetscCall(SolveModes(comm, modes, sys, pot, &o));
      if (o.out[0]) PetscCall(DWModesWriteFile(modes, sys, o.out));
      PetscCall(PrintYAML(comm, modes, sys, &o));
    }
  }
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWModesDestroy(&modes));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}
