/* dwell neb: the minimum energy paths between two configurations (include/dwell/neb.h), or
   (-in LIB.h5) between the candidate pairs of an IS library of `dwell explore`:
   the end points are minimised, every elementary path is found (splitting at intermediate
   minima), each becomes a double-well record (include/dwell/dw.h) whose climbing image is
   checked to be a first-order saddle (SLEPc) and, with -neb_path_hessian k, gets the k lowest
   Hessian eigenvalues orthogonal to the path tangent at every image ([JCP23] App. C;
   src/modes/pathhessian.c); YAML on stdout, paths and records to -out
   (HDF5, src/io/nebfile.c). Bad input (missing file, end points of different models or
   sizes, identical end points) stops before any work with one line naming it.
   -neb_coarse: the coarse pass of issue 16 first (src/screen/coarsepass.c), then the full NEB
   only if the pair can still be a TLS for some unit set (always with -neb_coarse_full), both
   passes printed, with the full records' splittings and the evaluations of each pass; with -in
   a campaign library or path file, on the IS pairs of its double wells, with totals
   (src/app/cmd_nebcoarse.c). */
#include <dwell/neb.h>
#include <dwell/modes.h>
#include <dwell/io.h>
#include <dwell/screen.h>
#include "app/commands.h"

typedef struct {
  char a[PETSC_MAX_PATH_LEN], b[PETSC_MAX_PATH_LEN], in[PETSC_MAX_PATH_LEN],
      out[PETSC_MAX_PATH_LEN];
  DWSaddleCheckOptions saddle;   /* read by the saddle check (src/modes/saddle.c) */
  PetscInt path_k;               /* -neb_path_hessian: orthogonal eigenvalues per image (0: off) */
  DWModes path;                  /* their solver (prefix path_hessian_), when path_k > 0 */
  PetscBool coarse, coarse_full; /* -neb_coarse, -neb_coarse_full */
  DWCoarseOptions co;            /* the coarse pass's options, with -neb_coarse */
  DWTunnel tunnel;               /* the splittings of both passes, with -neb_coarse */
} NEBOptions;

static PetscErrorCode ReadOptions(MPI_Comm comm, NEBOptions *o, PetscBool helponly)
{
  PetscFunctionBegin;
  PetscOptionsBegin(comm, NULL, "dwell neb: minimum energy paths between two configurations", NULL);
  PetscCall(PetscOptionsString("-a", "end point a (.xyz, .data, .h5)", NULL, o->a, o->a,
                               sizeof(o->a), NULL));
  PetscCall(PetscOptionsString("-b", "end point b (.xyz, .data, .h5)", NULL, o->b, o->b,
                               sizeof(o->b), NULL));
  PetscCall(PetscOptionsString("-in",
                               "IS library (.h5): solve every candidate pair (instead of -a, -b); "
                               "with -neb_coarse a campaign library or path file",
                               NULL, o->in, o->in, sizeof(o->in), NULL));
  PetscCall(PetscOptionsString("-out", "paths and double-well records (.h5), optional", NULL,
                               o->out, o->out, sizeof(o->out), NULL));
  PetscCall(PetscOptionsInt("-neb_path_hessian",
                            "k lowest Hessian eigenvalues orthogonal to the path tangent at every "
                            "image (JCP23 App. C; 0: off; solver options -path_hessian_...)",
                            NULL, o->path_k, &o->path_k, NULL));
  PetscCall(PetscOptionsBool("-neb_coarse",
                             "a coarse string first; the full NEB only if the pair can still be a "
                             "TLS (issue 16; -neb_coarse_images, _ftol, _keep_multiple, _units)",
                             NULL, o->coarse, &o->coarse, NULL));
  PetscCall(PetscOptionsBool("-neb_coarse_full",
                             "with -neb_coarse: run the full NEB even for a discarded pair", NULL,
                             o->coarse_full, &o->coarse_full, NULL));
  PetscOptionsEnd();
  PetscCheck(o->path_k >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-neb_path_hessian %" PetscInt_FMT " must be >= 0", o->path_k);
  if (helponly) PetscFunctionReturn(0);
  PetscCheck(o->in[0] || (o->a[0] && o->b[0]), comm, PETSC_ERR_ARG_NULL,
             "missing required options -a and -b (the two end points), or -in (an IS library)");
  PetscCheck(!(o->in[0] && (o->a[0] || o->b[0])), comm, PETSC_ERR_ARG_INCOMP,
             "give either -a and -b or -in, not both");
  if (o->out[0]) {
    DWFileFormat format;
    PetscCall(DWFileFormatFromName(comm, o->out, &format));
    PetscCheck(format == DW_FORMAT_HDF5, comm, PETSC_ERR_ARG_WRONG,
               "-out %s: the path file is HDF5 (.h5)", o->out);
  }
  PetscFunctionReturn(0);
}

/* The end points must be two different configurations of the same system and model. */
static PetscErrorCode CheckEndPoints(MPI_Comm comm, const NEBOptions *o, DWSystem a, DWSystem b,
                                     const char model[])
{
  PetscInt Na, Nb, *sa, *sb;
  PetscReal La, Lb, *xb, dmax = 0;
  const char *ma, *mb;
  DWParticles pa;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(a, &Na));
  PetscCall(DWSystemGetSize(b, &Nb));
  PetscCheck(Na == Nb, comm, PETSC_ERR_ARG_INCOMP,
             "end points differ in size: %s has N = %" PetscInt_FMT ", %s has N = %" PetscInt_FMT,
             o->a, Na, o->b, Nb);
  PetscCall(DWSystemGetModelName(a, &ma));
  PetscCall(DWSystemGetModelName(b, &mb));
  PetscCheck(!ma[0] || !mb[0] || !strcmp(ma, mb), comm, PETSC_ERR_ARG_INCOMP,
             "end points of different models: %s is %s, %s is %s", o->a, ma, o->b, mb);
  PetscCheck(!ma[0] || !strcmp(ma, model), comm, PETSC_ERR_ARG_INCOMP,
             "%s is a %s configuration, not -model %s", o->a, ma, model);
  PetscCheck(!mb[0] || !strcmp(mb, model), comm, PETSC_ERR_ARG_INCOMP,
             "%s is a %s configuration, not -model %s", o->b, mb, model);
  PetscCall(DWSystemGetBox(a, &La));
  PetscCall(DWSystemGetBox(b, &Lb));
  PetscCheck(La == Lb, comm, PETSC_ERR_ARG_INCOMP,
             "end points differ in box: %s has L = %.17g, %s has L = %.17g sigma", o->a, (double)La,
             o->b, (double)Lb);
  PetscCall(DWSystemGetSpecies(a, &sa));
  PetscCall(DWSystemGetSpecies(b, &sb));
  for (PetscInt i = 0; i < Na; i++)
    PetscCheck(sa[i] == sb[i], comm, PETSC_ERR_ARG_INCOMP,
               "end points differ in particle %" PetscInt_FMT "'s species (%" PetscInt_FMT
               " in %s, %" PetscInt_FMT " in %s)",
               i, sa[i], o->a, sb[i], o->b);
  PetscCall(DWSystemGetParticles(a, &pa));
  PetscCall(DWSystemGetPositions(b, &xb));
  for (PetscInt i = 0; i < Na; i++) {
    PetscReal d[3];
    for (int c = 0; c < 3; c++) d[c] = pa.x[3 * i + c] - xb[3 * i + c];
    DWBoxMinimumImage(&pa.box, d);
    dmax = PetscMax(dmax, PetscSqrtReal(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]));
  }
  PetscCheck(dmax > 0, comm, PETSC_ERR_ARG_WRONG,
             "end points %s and %s are the same configuration (no particle moved)", o->a, o->b);
  PetscFunctionReturn(0);
}

static PetscErrorCode PrintYAML(MPI_Comm comm, DWNEB neb, const NEBOptions *o, const char model[],
                                const DWNEBResult *res, PetscLogDouble wall)
{
  DWDoubleWell *rec;
  PetscInt n, M;
  DWNEBType type;
  PetscReal k, ftol, ftol_plain, E;
  PetscViewer v;

  PetscFunctionBegin;
  PetscCall(PetscViewerASCIIGetStdout(comm, &v));
  PetscCall(DWNEBGetType(neb, &type));
  PetscCall(DWNEBGetImages(neb, &M));
  PetscCall(DWNEBGetSpring(neb, &k));
  PetscCall(DWNEBGetTolerances(neb, &ftol, &ftol_plain, NULL));
  PetscCall(DWNEBGetRecords(neb, &n, &rec));
  PetscCall(PetscViewerASCIIPrintf(
      v,
      "model: %s\na: %s\nb: %s\nneb_type: %s\nimages: %" PetscInt_FMT
      "\nspring: %g   # eps/sigma^2\nftol: %g   # eps/sigma (plain band %g)\n",
      model, o->a, o->b, type, M, (double)k, (double)ftol, (double)ftol_plain));
  PetscCall(PetscViewerASCIIPrintf(
      v,
      "status: %s\nsplits: %" PetscInt_FMT "\nbands: %" PetscInt_FMT "\niterations: %" PetscInt_FMT
      "\nforce_evaluations: %" PetscInt_FMT
      "   # all, minimisations included\nminimisation_evaluations: %" PetscInt_FMT
      "\nwall_time: %.3f   # s\n",
      DWNEBReasonName(res->reason), res->nsplits, res->nbands, res->iterations,
      res->force_evaluations, res->endpoint_evaluations, wall));
  PetscCall(PetscViewerASCIIPrintf(
      v, "inherent_structures:   # energy in eps; 0 = a, 1 = b (minimised)\n"));
  for (PetscInt i = 0; i < res->nis; i++) {
    PetscCall(DWNEBGetInherentStructure(neb, i, &E, NULL));
    PetscCall(
        PetscViewerASCIIPrintf(v, "  - {id: %" PetscInt_FMT ", energy: %.15g}\n", i, (double)E));
  }
  PetscCall(PetscViewerASCIIPrintf(v, "double_wells:\n"));
  for (PetscInt i = 0; i < n; i++) PetscCall(DWDoubleWellView(&rec[i], 2, v));
  if (o->out[0]) PetscCall(PetscViewerASCIIPrintf(v, "out: %s\n", o->out));
  PetscCall(PetscViewerASCIIPrintf(
      v, "units: {energy: eps, length: sigma, omega: 1/tau (unit mass), time: tau}\n"));
  PetscFunctionReturn(0);
}

/* -neb_path_hessian k against the 3N - 4 directions orthogonal to the tangent and the
   translations, before any work. */
static PetscErrorCode CheckPathK(MPI_Comm comm, const NEBOptions *o, DWSystem sys, const char f[])
{
  PetscInt N;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCheck(
      o->path_k <= 3 * N - 4, comm, PETSC_ERR_ARG_OUTOFRANGE,
      "-neb_path_hessian %" PetscInt_FMT " exceeds the 3N - 4 = %" PetscInt_FMT
      " directions orthogonal to the path tangent and the translations of %s (N = %" PetscInt_FMT
      ")",
      o->path_k, 3 * N - 4, f, N);
  PetscFunctionReturn(0);
}

/* The saddle check and (with -neb_path_hessian) the Hessian along the path of each record. */
static PetscErrorCode AnalyseRecords(const NEBOptions *o, DWSurface s, PetscInt n,
                                     DWDoubleWell rec[])
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < n && o->saddle.check; k++)
    PetscCall(DWDoubleWellCheckSaddle(s, &rec[k], o->saddle.gtol, o->saddle.lambda_tol));
  for (PetscInt k = 0; k < n && o->path_k; k++)
    PetscCall(DWDoubleWellPathHessian(o->path, s, &rec[k]));
  PetscFunctionReturn(0);
}

/* -neb_coarse: the coarse pass on its own band (the options of the full one, then its string,
   images and tolerance), printed; *full: whether the full NEB is to run. */
static PetscErrorCode CoarsePass(MPI_Comm comm, const NEBOptions *o, DWSurface s,
                                 const PetscReal xa[], const PetscReal xb[], PetscBool *full)
{
  DWNEB neb;
  DWCoarsePass p;
  PetscViewer v;

  PetscFunctionBegin;
  PetscCall(PetscViewerASCIIGetStdout(comm, &v));
  PetscCall(DWNEBCreate(comm, &neb));
  PetscCall(DWNEBSetFromOptions(neb));
  PetscCall(DWNEBSetSurface(neb, s));
  PetscCall(DWScreenCoarsePassRun(neb, &o->co, o->tunnel, xa, xb, &p));
  PetscCall(PetscViewerASCIIPrintf(v, "coarse:   # issue 16: splitting bound, keep or discard\n"));
  PetscCall(DWScreenCoarsePassView(&p, &o->co, 2, v));
  *full = (PetscBool)(p.keep_any || o->coarse_full);
  PetscCall(PetscViewerASCIIPrintf(
      v, "full_neb: %s\n",
      p.keep_any ? "run (kept)"
                 : (*full ? "run (discarded; -neb_coarse_full)" : "skipped (discarded)")));
  PetscCall(DWScreenCoarsePassReset(&p));
  PetscCall(DWNEBDestroy(&neb));
  PetscFunctionReturn(0);
}

/* -neb_coarse: the full records' splittings, with the coarse pass's settings. */
static PetscErrorCode PrintFullSplittings(MPI_Comm comm, const NEBOptions *o, PetscInt n,
                                          const DWDoubleWell rec[])
{
  PetscViewer v;

  PetscFunctionBegin;
  PetscCall(PetscViewerASCIIGetStdout(comm, &v));
  PetscCall(PetscViewerASCIIPrintf(v, "full_splittings:   # per double well, E in eps\n"));
  for (PetscInt i = 0; i < n; i++) {
    PetscCall(PetscViewerASCIIPrintf(v, "  - {"));
    for (PetscInt k = 0; k < o->co.nunits; k++) {
      PetscReal E, E_tol;

      PetscCall(DWTunnelSetMass(o->tunnel, o->co.mt[k]));
      PetscCall(
          DWScreenSplitting(o->tunnel, rec[i].nimages, rec[i].xi, rec[i].V, rec[i].d, &E, &E_tol));
      PetscCall(PetscViewerASCIIPrintf(v, "%s%s: {E: %.4e, kT_Q: %.4e, tls: %s}", k ? ", " : "",
                                       o->co.names[k], (double)E, (double)o->co.kT_Q[k],
                                       E < o->co.kT_Q[k] ? "true" : "false"));
    }
    PetscCall(PetscViewerASCIIPrintf(v, "}\n"));
  }
  PetscFunctionReturn(0);
}

/* One pair: minimise, solve, check the saddles, report, write. */
static PetscErrorCode SolvePair(MPI_Comm comm, const NEBOptions *o, DWPotential pot,
                                DWMinimizer min, DWNEB neb, const char model[])
{
  DWSystem a = NULL, b = NULL;
  DWSurface s;
  DWNEBResult res;
  DWDoubleWell *rec;
  PetscInt n;
  PetscReal *xa, *xb;
  PetscLogDouble t0, t1;

  PetscFunctionBegin;
  PetscCall(DWSystemLoad(comm, o->a, &a));
  PetscCall(DWSystemLoad(comm, o->b, &b));
  PetscCall(CheckEndPoints(comm, o, a, b, model));
  PetscCall(CheckPathK(comm, o, a, o->a));
  PetscCall(DWSystemSetModelName(a, model));
  PetscCall(DWPotentialSetUp(pot, a));
  PetscCall(DWSurfaceCreateParticles(a, pot, min, &s));
  PetscCall(DWNEBSetSurface(neb, s));
  PetscCall(DWSystemGetPositions(a, &xa));
  PetscCall(DWSystemGetPositions(b, &xb));
  if (o->coarse) {
    PetscBool full = PETSC_TRUE;

    PetscCall(CoarsePass(comm, o, s, xa, xb, &full));
    if (!full) {
      PetscCall(DWSurfaceDestroy(&s));
      PetscCall(DWSystemDestroy(&a));
      PetscCall(DWSystemDestroy(&b));
      PetscFunctionReturn(0);
    }
  }
  PetscCall(PetscTime(&t0));
  PetscCall(DWNEBSolve(neb, xa, xb, &res));
  PetscCheck(res.reason != DW_NEB_DIVERGED_SAME_IS, comm, PETSC_ERR_ARG_WRONG,
             "%s and %s minimise to the same inherent structure: no path; nothing written", o->a,
             o->b);
  PetscCheck(res.reason != DW_NEB_DIVERGED_ENDPOINT, comm, PETSC_ERR_NOT_CONVERGED,
             "a minimisation of an end point or intermediate minimum did not converge (see "
             "-min_maxit); nothing written");
  PetscCall(DWNEBGetRecords(neb, &n, &rec));
  PetscCall(AnalyseRecords(o, s, n, rec));
  PetscCall(PetscTime(&t1));
  PetscCall(PrintYAML(comm, neb, o, model, &res, t1 - t0));
  if (o->coarse) PetscCall(PrintFullSplittings(comm, o, n, rec));
  if (o->out[0]) PetscCall(DWNEBWriteFile(neb, a, &res, o->out));
  if (res.reason != DW_NEB_CONVERGED)
    PetscCall(PetscPrintf(comm, "# warning: %s\n", DWNEBReasonName(res.reason)));
  PetscCall(DWSurfaceDestroy(&s));
  PetscCall(DWSystemDestroy(&a));
  PetscCall(DWSystemDestroy(&b));
  PetscFunctionReturn(0);
}

static PetscErrorCode PrintBatchYAML(MPI_Comm comm, DWNEB neb, const NEBOptions *o,
                                     const char model[], PetscInt ncand, PetscInt nlib,
                                     const DWNEBBatch *b, PetscLogDouble wall)
{
  PetscViewer v;
  DWNEBType type;
  PetscInt M;
  PetscReal k, ftol;

  PetscFunctionBegin;
  PetscCall(PetscViewerASCIIGetStdout(comm, &v));
  PetscCall(DWNEBGetType(neb, &type));
  PetscCall(DWNEBGetImages(neb, &M));
  PetscCall(DWNEBGetSpring(neb, &k));
  PetscCall(DWNEBGetTolerances(neb, &ftol, NULL, NULL));
  PetscCall(PetscViewerASCIIPrintf(v,
                                   "model: %s\nin: %s\nneb_type: %s\nimages: %" PetscInt_FMT
                                   "\nspring: %g   # eps/sigma^2\nftol: %g   # eps/sigma\n",
                                   model, o->in, type, M, (double)k, (double)ftol));
  PetscCall(PetscViewerASCIIPrintf(
      v,
      "status: %s\ncandidates: %" PetscInt_FMT "\nsolved: %" PetscInt_FMT
      "\nskipped: %" PetscInt_FMT
      "   # already recorded as a piece of an earlier split\nfailed: %" PetscInt_FMT
      "\nsplits: %" PetscInt_FMT "\n",
      DWNEBReasonName(b->reason), ncand, b->npairs, b->nskipped, b->nfailed, b->nsplits));
  PetscCall(PetscViewerASCIIPrintf(v,
                                   "iterations: %" PetscInt_FMT
                                   "\nforce_evaluations: %" PetscInt_FMT
                                   "\nwall_time: %.3f   # s\n",
                                   b->iterations, b->force_evaluations, wall));
  PetscCall(PetscViewerASCIIPrintf(v,
                                   "new_inherent_structures:   # found between candidates, energy "
                                   "in eps; ids after the library's %" PetscInt_FMT "\n",
                                   nlib));
  for (PetscInt i = nlib; i < b->nis; i++)
    PetscCall(PetscViewerASCIIPrintf(v, "  - {id: %" PetscInt_FMT ", energy: %.15g}\n", i,
                                     (double)b->E[i]));
  PetscCall(
      PetscViewerASCIIPrintf(v, "double_wells:   # is_a, is_b are library labels (or new ids)\n"));
  for (PetscInt i = 0; i < b->nrec; i++) {
    PetscCall(PetscViewerASCIIPrintf(v, "  # candidate %" PetscInt_FMT "\n", b->rec_pair[i]));
    PetscCall(DWDoubleWellView(&b->rec[i], 2, v));
  }
  if (o->out[0]) PetscCall(PetscViewerASCIIPrintf(v, "out: %s\n", o->out));
  PetscCall(PetscViewerASCIIPrintf(
      v, "units: {energy: eps, length: sigma, omega: 1/tau (unit mass), time: tau}\n"));
  PetscFunctionReturn(0);
}

/* Every candidate pair of an IS library file (`dwell explore`). */
static PetscErrorCode SolveLibrary(MPI_Comm comm, const NEBOptions *o, DWPotential pot,
                                   DWMinimizer min, DWNEB neb, const char model[])
{
  DWISLibrary lib;
  DWISLibraryData data;
  DWSystem glass = NULL;
  DWSurface s;
  DWNEBBatch b;
  const char *gmodel;
  PetscLogDouble t0, t1;

  PetscFunctionBegin;
  PetscCall(DWISLibraryReadFile(comm, o->in, &lib, &glass));
  PetscCall(DWSystemGetModelName(glass, &gmodel));
  PetscCheck(!gmodel[0] || !strcmp(gmodel, model), comm, PETSC_ERR_ARG_INCOMP,
             "%s is a library of a %s glass, not -model %s", o->in, gmodel, model);
  PetscCall(DWISLibraryGetData(lib, &data));
  PetscCall(CheckPathK(comm, o, glass, o->in));
  PetscCall(DWSystemSetModelName(glass, model));
  PetscCall(DWPotentialSetUp(pot, glass));
  PetscCall(DWSurfaceCreateParticles(glass, pot, min, &s));
  PetscCall(DWNEBSetSurface(neb, s));
  PetscCall(PetscTime(&t0));
  PetscCall(DWNEBSolveLibrary(neb, lib, &b));
  PetscCall(AnalyseRecords(o, s, b.nrec, b.rec));
  PetscCall(PetscTime(&t1));
  PetscCall(PrintBatchYAML(comm, neb, o, model, data.n_candidates, data.n_is, &b, t1 - t0));
  if (o->out[0]) {
    DWNEBOutput out = {
        DWNEBReasonName(b.reason),
        b.nsplits,
        b.nis,
        b.E,
        b.X,
        "the library's IS (labels by increasing energy), then new intermediate minima",
        b.nrec,
        b.rec};
    PetscCall(DWNEBWriteRecords(neb, glass, &out, o->out));
  }
  PetscCall(DWNEBBatchReset(&b));
  PetscCall(DWSurfaceDestroy(&s));
  PetscCall(DWSystemDestroy(&glass));
  PetscCall(DWISLibraryDestroy(&lib));
  PetscFunctionReturn(0);
}

/* The particle surface creates its neighbour lists during the solve; their options are read
   here first so that -help lists them and misspelt ones stop the run before any work. */
static PetscErrorCode ReadListOptions(MPI_Comm comm)
{
  DWNeighborList nl;

  PetscFunctionBegin;
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWNeighborListSetFromOptions(nl));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCommandNEB(MPI_Comm comm, PetscBool helponly)
{
  NEBOptions o = {"", "", "", "", {PETSC_TRUE, 0, 0}, 0, NULL, PETSC_FALSE, PETSC_FALSE, {0}, NULL};
  DWPotential pot;
  DWMinimizer min;
  DWNEB neb;
  DWPotentialType type;
  PetscReal ftol;

  PetscFunctionBegin;
  PetscCall(DWPotentialCreate(comm, &pot));
  PetscCall(DWMinimizerCreate(comm, &min));
  PetscCall(DWNEBCreate(comm, &neb));
  PetscCall(ReadOptions(comm, &o, helponly));
  PetscCall(DWPotentialSetFromOptions(pot));
  PetscCall(DWMinimizerSetFromOptions(min));
  PetscCall(DWNEBSetFromOptions(neb));
  PetscCall(ReadListOptions(comm));
  PetscCall(DWNEBGetTolerances(neb, &ftol, NULL, NULL));
  PetscCall(DWSaddleCheckSetFromOptions(comm, ftol, &o.saddle));
  if (o.coarse || helponly) {
    PetscCall(DWCoarseOptionsSetFromOptions(comm, &o.co));
    PetscCall(DWTunnelCreate(PETSC_COMM_SELF, &o.tunnel));
    PetscCall(DWTunnelSetSplineEnds(o.tunnel, DW_SPLINE_MINIMA)); /* a path between two IS */
    PetscCall(DWTunnelSetFromOptions(o.tunnel));
    PetscCall(DWTunnelSetRequireDoubleWell(o.tunnel, PETSC_FALSE));
  }
  if (!helponly) {
    PetscCall(DWPotentialGetType(pot, &type));
    PetscCheck(type[0], comm, PETSC_ERR_ARG_NULL,
               "missing required option -model (the pair potential)");
    if (o.path_k) PetscCall(DWModesCreatePathHessian(comm, o.path_k, &o.path));
    PetscCall(DWAppCheckUnusedOptions(comm));
    if (o.in[0] && o.coarse)
      PetscCall(DWAppNEBCoarseLibrary(comm, o.in, &o.co, o.tunnel, o.coarse_full));
    else if (o.in[0])
      PetscCall(SolveLibrary(comm, &o, pot, min, neb, type));
    else
      PetscCall(SolvePair(comm, &o, pot, min, neb, type));
  }
  PetscCall(DWModesDestroy(&o.path));
  PetscCall(DWTunnelDestroy(&o.tunnel));
  PetscCall(DWNEBDestroy(&neb));
  PetscCall(DWMinimizerDestroy(&min));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}
