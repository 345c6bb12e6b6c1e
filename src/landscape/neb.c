/* DWNEB: the object, its options and the registry of methods (include/dwell/neb.h). The
   algorithms are in nebsolve.c (splitting), nebstage.c (the stages of one band), nebband.c
   (band forces), the methods nebci.c (climbing-image NEB, improved tangent) and nebstring.c
   (string method), fire.c (FIRE) and dw.c (records). */
#include "landscape/nebimpl.h"
#include <petscviewer.h>

PetscErrorCode DWNEBCreate_CI(DWNEB);
PetscErrorCode DWNEBCreate_String(DWNEB);

static PetscFunctionList DWNEBList;
static PetscBool DWNEBRegisterAllCalled;

PetscErrorCode DWNEBRegister(const char name[], PetscErrorCode (*create)(DWNEB))
{
  PetscFunctionBegin;
  PetscCall(PetscFunctionListAdd(&DWNEBList, name, create));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBRegisterAll(void)
{
  PetscFunctionBegin;
  if (DWNEBRegisterAllCalled) PetscFunctionReturn(0);
  DWNEBRegisterAllCalled = PETSC_TRUE;
  PetscCall(DWNEBRegister(DWNEB_CI, DWNEBCreate_CI));
  PetscCall(DWNEBRegister(DWNEB_STRING, DWNEBCreate_String));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBListTypes(const char sep[], char buf[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(DWNEBRegisterAll());
  PetscCall(DWRegistryListNames(DWNEBList, sep, buf, len));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBCreate(MPI_Comm comm, DWNEB *neb)
{
  DWNEB p;

  PetscFunctionBegin;
  PetscCall(DWNEBRegisterAll());
  PetscCall(PetscNew(&p));
  p->comm        = comm;
  p->M           = 40;
  p->k           = 0.125;
  p->ftol        = 1e-4;
  p->ftol_plain  = 1e-3;
  p->maxit       = 20000;
  p->split_tol   = 1e-6;
  p->max_splits  = 16;
  p->is_etol     = 1e-8;
  p->is_dtol     = 1e-5;
  p->keep_images = PETSC_TRUE;
  p->restarts    = 2;
  p->max_evals   = 0;
  p->stall_its   = 2000;
  p->fallback    = PETSC_TRUE;
  DWFIRESetDefaults(&p->fire);
  /* the floor on FIRE's alpha (fire.c), measured on the quickstart's 55 candidates (issue
     12): a climbing image next to an end of a band that turns by 54 degrees stays in an
     oscillation (|F_climb|_inf bursting from 1e-3 to 4e-2 eps/sigma every few thousand
     iterations) for 20000 iterations with floors 0, 0.01 and 0.05, converges in 2697 with
     0.1 and 3880 with 0.2; with 0.1 all 55 paths take 62825 FIRE iterations, 77053 with 0 */
  p->fire.alphamin = 0.1;
  p->lbfgs.m       = 10;
  p->lbfgs.alpha0  = 0.01;
  p->lbfgs.spacing = 0.1;
  PetscCall(DWNEBSetType(p, DWNEB_STRING));
  *neb = p;
  PetscFunctionReturn(0);
}

/* Forgets the IS, records and pairs of the last solve. */
PetscErrorCode DWNEBResetResults(DWNEB neb)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < neb->nis; k++) PetscCall(PetscFree(neb->is[k].x));
  for (PetscInt k = 0; k < neb->nrec; k++) PetscCall(DWDoubleWellReset(&neb->rec[k]));
  neb->nis = neb->nrec = neb->npairs = 0;
  PetscCall(PetscMemzero(&neb->result, sizeof(neb->result)));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBDestroy(DWNEB *neb)
{
  PetscFunctionBegin;
  if (!*neb) PetscFunctionReturn(0);
  PetscCall(DWNEBResetResults(*neb));
  PetscCall(PetscFree((*neb)->is));
  PetscCall(PetscFree((*neb)->rec));
  PetscCall(PetscFree((*neb)->pairs));
  PetscCall(DWNEBBandFree(&(*neb)->band));
  PetscCall(PetscFree(*neb));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBSetType(DWNEB neb, DWNEBType type)
{
  PetscErrorCode (*create)(DWNEB);

  PetscFunctionBegin;
  PetscCall(DWRegistryFind(neb->comm, DWNEBList, "path method", type, &create));
  PetscCall(PetscMemzero(neb->ops, sizeof(struct _DWNEBOps)));
  PetscCall(PetscStrncpy(neb->type, type, sizeof(neb->type)));
  PetscCall(create(neb));
  /* each method with the optimiser it is robust with (include/dwell/neb.h) */
  neb->optimizer = strcmp(type, DWNEB_STRING) ? DW_NEB_OPT_FIRE : DW_NEB_OPT_LBFGS;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBGetType(DWNEB neb, DWNEBType *type)
{
  PetscFunctionBegin;
  *type = neb->type;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBSetImages(DWNEB neb, PetscInt M)
{
  PetscFunctionBegin;
  PetscCheck(M >= 3, neb->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-neb_images %" PetscInt_FMT
             " must be at least 3 (the two end points and one moving image)",
             M);
  neb->M = M;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBGetImages(DWNEB neb, PetscInt *M)
{
  PetscFunctionBegin;
  *M = neb->M;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBSetSpring(DWNEB neb, PetscReal k)
{
  PetscFunctionBegin;
  PetscCheck(k > 0 && PetscIsNormalReal(k), neb->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-neb_spring %g must be positive (eps/sigma^2)", (double)k);
  neb->k = k;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBGetSpring(DWNEB neb, PetscReal *k)
{
  PetscFunctionBegin;
  *k = neb->k;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBGetTolerances(DWNEB neb, PetscReal *ftol, PetscReal *ftol_plain,
                                  PetscInt *maxit)
{
  PetscFunctionBegin;
  if (ftol) *ftol = neb->ftol;
  if (ftol_plain) *ftol_plain = neb->ftol_plain;
  if (maxit) *maxit = neb->maxit;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBSetTolerances(DWNEB neb, PetscReal ftol, PetscReal ftol_plain, PetscInt maxit)
{
  PetscFunctionBegin;
  PetscCheck(ftol > 0, neb->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-neb_ftol %g must be positive (eps/sigma)", (double)ftol);
  PetscCheck(ftol_plain >= ftol, neb->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-neb_ftol_plain %g must be at least -neb_ftol %g", (double)ftol_plain, (double)ftol);
  PetscCheck(maxit > 0, neb->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-neb_maxit %" PetscInt_FMT " must be positive", maxit);
  neb->ftol       = ftol;
  neb->ftol_plain = ftol_plain;
  neb->maxit      = maxit;
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckOptions(DWNEB neb)
{
  PetscFunctionBegin;
  PetscCall(DWNEBSetImages(neb, neb->M));
  PetscCall(DWNEBSetSpring(neb, neb->k));
  PetscCall(DWNEBSetTolerances(neb, neb->ftol, neb->ftol_plain, neb->maxit));
  PetscCheck(neb->split_tol > 0, neb->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-neb_split_tol %g must be positive (eps)", (double)neb->split_tol);
  PetscCheck(neb->max_splits >= 0, neb->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-neb_max_splits %" PetscInt_FMT " must be non-negative", neb->max_splits);
  PetscCheck(neb->restarts >= 0 && neb->restarts <= 4, neb->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-neb_restarts %" PetscInt_FMT " must lie in 0 .. 4 (at most 16 (M - 1) + 1 images)",
             neb->restarts);
  PetscCheck(neb->fire.alphamin >= 0 && neb->fire.alphamin <= neb->fire.alpha0, neb->comm,
             PETSC_ERR_ARG_OUTOFRANGE, "-neb_fire_alpha_min %g must lie in [0, alpha0 = %g]",
             (double)neb->fire.alphamin, (double)neb->fire.alpha0);
  PetscCheck(neb->is_etol > 0 && neb->is_dtol > 0, neb->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-neb_is_etol %g and -neb_is_dtol %g must be positive", (double)neb->is_etol,
             (double)neb->is_dtol);
  PetscCheck(neb->fire.dt0 > 0, neb->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-neb_fire_dt %g must be positive (tau)", (double)neb->fire.dt0);
  PetscCheck(neb->lbfgs.m >= 1 && neb->lbfgs.m <= 100, neb->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-neb_lbfgs_m %" PetscInt_FMT " must lie in [1, 100]", neb->lbfgs.m);
  PetscCheck(neb->lbfgs.alpha0 > 0 && PetscIsNormalReal(neb->lbfgs.alpha0), neb->comm,
             PETSC_ERR_ARG_OUTOFRANGE, "-neb_lbfgs_alpha %g must be positive (sigma^2/eps)",
             (double)neb->lbfgs.alpha0);
  PetscCheck(neb->max_evals >= 0, neb->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-neb_max_evaluations %" PetscInt_FMT " must be non-negative (0: maxit (M - 2))",
             neb->max_evals);
  PetscCheck(neb->stall_its >= 0, neb->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-neb_stall_its %" PetscInt_FMT " must be non-negative (0: no stall detection)",
             neb->stall_its);
  PetscCheck(neb->fire.maxstep > 0, neb->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-neb_maxstep %g must be positive (sigma)", (double)neb->fire.maxstep);
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBSetFromOptions(DWNEB neb)
{
  char type[DW_REGISTRY_NAME_LEN], known[256];
  const char *const optimizers[] = {"fire", "lbfgs"};
  PetscInt opt                   = neb->optimizer;
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(DWNEBListTypes(", ", known, sizeof(known)));
  PetscCall(PetscStrncpy(type, neb->type, sizeof(type)));
  PetscOptionsBegin(neb->comm, NULL, "Minimum energy paths", "DWNEB");
  PetscCall(PetscOptionsString("-neb_type", known, "DWNEBSetType", type, type, sizeof(type), &set));
  if (set) PetscCall(DWNEBSetType(neb, type));
  opt = neb->optimizer; /* the type's own (DWNEBSetType) unless -neb_optimizer says otherwise */
  PetscCall(PetscOptionsEList("-neb_optimizer", "band optimiser", NULL, optimizers, 2,
                              optimizers[neb->optimizer], &opt, NULL));
  neb->optimizer = (DWNEBOptimizer)opt;
  PetscCall(PetscOptionsInt("-neb_lbfgs_m", "L-BFGS band optimiser: stored pairs", NULL,
                            neb->lbfgs.m, &neb->lbfgs.m, NULL));
  PetscCall(PetscOptionsReal("-neb_lbfgs_alpha",
                             "L-BFGS band optimiser: inverse curvature of the first step "
                             "(sigma^2/eps)",
                             NULL, neb->lbfgs.alpha0, &neb->lbfgs.alpha0, NULL));
  PetscCall(PetscOptionsReal("-neb_lbfgs_spacing",
                             "L-BFGS band optimiser: largest step of a particle as a fraction of "
                             "the shortest image spacing at the start of a stage",
                             NULL, neb->lbfgs.spacing, &neb->lbfgs.spacing, NULL));
  PetscCall(PetscOptionsInt("-neb_images", "images including both end points", "DWNEBSetImages",
                            neb->M, &neb->M, NULL));
  PetscCall(PetscOptionsReal("-neb_spring", "spring constant k (eps/sigma^2)", "DWNEBSetSpring",
                             neb->k, &neb->k, NULL));
  PetscCall(PetscOptionsReal("-neb_ftol",
                             "convergence: max |F_perp|_inf and |F_climb|_inf (eps/sigma)",
                             "DWNEBSetTolerances", neb->ftol, &neb->ftol, NULL));
  PetscCall(PetscOptionsReal("-neb_ftol_plain",
                             "plain band (before climbing): max |F_perp|_inf (eps/sigma)",
                             "DWNEBSetTolerances", neb->ftol_plain, &neb->ftol_plain, NULL));
  PetscCall(PetscOptionsInt("-neb_maxit", "iteration cap per band", "DWNEBSetTolerances",
                            neb->maxit, &neb->maxit, NULL));
  PetscCall(PetscOptionsReal(
      "-neb_split_tol",
      "depth (eps) of an intermediate minimum of the image energies that splits a path", NULL,
      neb->split_tol, &neb->split_tol, NULL));
  PetscCall(PetscOptionsInt("-neb_max_splits", "most intermediate minima split per solve", NULL,
                            neb->max_splits, &neb->max_splits, NULL));
  PetscCall(PetscOptionsReal("-neb_is_etol", "same IS: energy difference below (eps)", NULL,
                             neb->is_etol, &neb->is_etol, NULL));
  PetscCall(PetscOptionsReal("-neb_is_dtol", "same IS: every particle closer than (sigma)", NULL,
                             neb->is_dtol, &neb->is_dtol, NULL));
  PetscCall(PetscOptionsBool("-neb_keep_images",
                             "keep the image positions of every path (written to /paths)", NULL,
                             neb->keep_images, &neb->keep_images, NULL));
  PetscCall(PetscOptionsReal("-neb_fire_dt", "FIRE initial time step dt0 (tau); dt_max = 10 dt0",
                             NULL, neb->fire.dt0, &neb->fire.dt0, NULL));
  PetscCall(PetscOptionsInt("-neb_restarts",
                            "restarts of a band that reached -neb_maxit (from itself with 2M - 1 "
                            "images) or ran away (from its start, plain band to -neb_ftol)",
                            NULL, neb->restarts, &neb->restarts, NULL));
  PetscCall(PetscOptionsInt("-neb_max_evaluations",
                            "force evaluations one solve may spend, minimisations and splits "
                            "included, before it stops (0: -neb_maxit (M - 2))",
                            NULL, neb->max_evals, &neb->max_evals, NULL));
  PetscCall(PetscOptionsInt("-neb_stall_its",
                            "a band stage whose largest force has not halved in this many "
                            "iterations stops and is restarted like one at -neb_maxit (0: never)",
                            NULL, neb->stall_its, &neb->stall_its, NULL));
  PetscCall(PetscOptionsBool("-neb_fallback",
                             "a pair not converged (after its restarts; at once when stalled) "
                             "is solved again with the other method: CI-NEB and FIRE after the "
                             "string and L-BFGS, the string and L-BFGS after any other",
                             NULL, neb->fallback, &neb->fallback, NULL));
  PetscCall(PetscOptionsReal("-neb_fire_alpha_min",
                             "FIRE's floor on its mixing parameter alpha (0: FIRE 2.0 as LAMMPS)",
                             NULL, neb->fire.alphamin, &neb->fire.alphamin, NULL));
  PetscCall(PetscOptionsInt("-neb_monitor",
                            "print the band state every this many iterations (0: never)", NULL,
                            neb->monitor, &neb->monitor, NULL));
  PetscCall(PetscOptionsReal("-neb_maxstep",
                             "largest displacement of one particle of one image per step (sigma)",
                             NULL, neb->fire.maxstep, &neb->fire.maxstep, NULL));
  PetscOptionsEnd();
  PetscCall(CheckOptions(neb));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBSetSurface(DWNEB neb, DWSurface s)
{
  PetscFunctionBegin;
  neb->surface = s;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBGetSurface(DWNEB neb, DWSurface *s)
{
  PetscFunctionBegin;
  *s = neb->surface;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBGetRecords(DWNEB neb, PetscInt *n, DWDoubleWell *records[])
{
  PetscFunctionBegin;
  *n       = neb->nrec;
  *records = neb->rec;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBGetInherentStructure(DWNEB neb, PetscInt id, PetscReal *E, const PetscReal *x[])
{
  PetscFunctionBegin;
  PetscCheck(id >= 0 && id < neb->nis, neb->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "IS id %" PetscInt_FMT " is not in [0, %" PetscInt_FMT ")", id, neb->nis);
  if (E) *E = neb->is[id].E;
  if (x) *x = neb->is[id].x;
  PetscFunctionReturn(0);
}

const char *DWNEBReasonName(DWNEBReason reason)
{
  switch (reason) {
  case DW_NEB_CONVERGED:
    return "converged";
  case DW_NEB_DIVERGED_MAXIT:
    return "not converged: iteration cap reached";
  case DW_NEB_DIVERGED_NAN:
    return "not converged: not a number in the band";
  case DW_NEB_DIVERGED_ENDPOINT:
    return "not converged: a minimisation failed";
  case DW_NEB_DIVERGED_SPLITS:
    return "not converged: too many intermediate minima";
  case DW_NEB_DIVERGED_SAME_IS:
    return "the end points minimise to the same inherent structure";
  case DW_NEB_DIVERGED_RUNAWAY:
    return "not converged: the band ran away uphill (a segment 10 times the band)";
  case DW_NEB_DIVERGED_BUDGET:
    return "not converged: force-evaluation budget spent (-neb_max_evaluations)";
  case DW_NEB_DIVERGED_STALL:
    return "not converged: the band stalled (no progress in -neb_stall_its iterations)";
  }
  return "unknown";
}

PetscErrorCode DWNEBView(DWNEB neb, PetscViewer viewer)
{
  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(neb->comm, &viewer));
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "DWNEB %s: %" PetscInt_FMT
      " images, k = %g eps/sigma^2, ftol %g (plain band %g) eps/sigma, at most %" PetscInt_FMT
      " iterations per band, split depth %g eps\n",
      neb->type, neb->M, (double)neb->k, (double)neb->ftol, (double)neb->ftol_plain, neb->maxit,
      (double)neb->split_tol));
  PetscFunctionReturn(0);
}
