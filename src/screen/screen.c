/* DWScreen: the object, its options and its view (include/dwell/screen.h; training and
   prediction in screentrain.c, the byte buffer in screenio.c).

   Hyperparameters are XGBoost's (https://xgboost.readthedocs.io, "XGBoost Parameters") with
   its defaults, except the number of boosting rounds: 100 rounds of eta = 0.3 (XGBoost's own
   command-line default is 10) let trees of depth 6 fit the sharp thresholds of a
   classification (a double well or not) on the few hundred to few thousand pairs a campaign
   has computed when it trains, at a cost of milliseconds per thousand rows. Ciarella et al.
   (Nat. Commun. 14, 4229 (2023)) trained AutoGluon ensembles; a single gradient-boosted
   ensemble is what the issue asks for, through the C API only (no Python at run time).
   XGBoost's messages (warnings) go to PetscInfo, with the "screen" class. */
#include "screen/screenimpl.h"
#include <petscviewer.h>
#include <dwell/options.h>
#include <dwell/rng.h>
#include <dwell/shard.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static PetscBool DWScreenInitialized;
PetscLogEvent DW_SCREEN_TRAIN, DW_SCREEN_PREDICT;

PetscErrorCode DWScreenLogRegister(void)
{
  PetscFunctionBegin;
  if (!DW_SCREEN_TRAIN) PetscCall(PetscLogEventRegister("DWScreenTrain", 0, &DW_SCREEN_TRAIN));
  if (!DW_SCREEN_PREDICT)
    PetscCall(PetscLogEventRegister("DWScreenPredict", 0, &DW_SCREEN_PREDICT));
  PetscFunctionReturn(0);
}

static void LogToInfo(const char *msg)
{
  (void)PetscInfo(NULL, "XGBoost: %s\n", msg);
}

static PetscErrorCode Initialize(void)
{
  PetscFunctionBegin;
  if (DWScreenInitialized) PetscFunctionReturn(0);
  DWScreenInitialized = PETSC_TRUE;
  PetscCall(DWScreenLogRegister());
  DWXGBCall(PETSC_COMM_SELF, "routing XGBoost's log", XGBRegisterLogCallback(LogToInfo));
  PetscFunctionReturn(0);
}

void DWScreenXGBLastError(char line[], size_t len)
{
  const char *p = XGBGetLastError(), *q;
  size_t n;

  if (p[0] == '[' && (q = strstr(p, "] "))) p = q + 2; /* time stamp */
  q = strstr(p, ": ");
  if (q && !memchr(p, ' ', (size_t)(q - p)) && memchr(p, ':', (size_t)(q - p)))
    p = q + 2; /* source location file:line */
  n = PetscMin(strcspn(p, "\n"), len - 1);
  memcpy(line, p, n);
  line[n] = 0;
}

PetscErrorCode DWScreenXGBError(MPI_Comm comm, const char what[])
{
  char line[512];

  PetscFunctionBegin;
  DWScreenXGBLastError(line, sizeof(line));
  SETERRQ(comm, PETSC_ERR_LIB, "%s: XGBoost: %s", what, line);
}

PetscErrorCode DWScreenCreate(MPI_Comm comm, DWScreen *screen)
{
  DWScreen s;

  PetscFunctionBegin;
  PetscCall(Initialize());
  PetscCall(PetscNew(&s));
  s->comm             = comm;
  s->nf               = DW_PAIR_NFEATURES;
  s->rounds           = 100;
  s->max_depth        = 6;
  s->eta              = 0.3;
  s->min_child_weight = 1;
  s->lambda           = 1;
  s->subsample        = 1;
  s->colsample_bytree = 1;
  s->scale_pos_weight = 1;
  s->d_thr            = DW_SCREEN_DISPLACED_THRESHOLD;
  PetscCall(PetscStrncpy(s->tree_method, "exact", sizeof(s->tree_method)));
  PetscCall(DWScreenSetOptionsPrefix(s, "screen_"));
  *screen = s;
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenClearModel(DWScreen screen)
{
  PetscFunctionBegin;
  if (screen->cls) DWXGBCall(screen->comm, "freeing the classifier", XGBoosterFree(screen->cls));
  if (screen->reg) DWXGBCall(screen->comm, "freeing the regressor", XGBoosterFree(screen->reg));
  screen->cls   = NULL;
  screen->reg   = NULL;
  screen->n_cls = screen->n_reg = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenDestroy(DWScreen *screen)
{
  PetscFunctionBegin;
  if (!*screen) PetscFunctionReturn(0);
  PetscCall(DWScreenClearModel(*screen));
  PetscCall(PetscFree((*screen)->prefix));
  PetscCall(PetscFree(*screen));
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenSetOptionsPrefix(DWScreen screen, const char prefix[])
{
  PetscFunctionBegin;
  PetscCall(DWOptionsPrefixSet(screen->comm, &screen->prefix, prefix));
  PetscFunctionReturn(0);
}

/* Errors naming the option -PREFIXname when v is not in [lo, hi] ((lo, hi] if open_lo; hi < lo:
   no upper bound). The numbers are printed by C's %g (PETSc's would print 0 as "0."). */
static PetscErrorCode CheckRange(DWScreen s, const char name[], PetscReal v, PetscReal lo,
                                 PetscReal hi, PetscBool open_lo)
{
  const PetscBool ok = (PetscBool)((open_lo ? v > lo : v >= lo) && (hi < lo || v <= hi));
  char range[96];

  PetscFunctionBegin;
  if (hi < lo)
    snprintf(range, sizeof(range), "%g must be in %s%g, inf)", (double)v, open_lo ? "(" : "[",
             (double)lo);
  else
    snprintf(range, sizeof(range), "%g must be in %s%g, %g]", (double)v, open_lo ? "(" : "[",
             (double)lo, (double)hi);
  PetscCheck(ok, s->comm, PETSC_ERR_ARG_OUTOFRANGE, "-%s%s %s", s->prefix, name, range);
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckOptions(DWScreen s)
{
  PetscBool ok                = PETSC_FALSE;
  const char *const methods[] = {"exact", "hist", "approx"};

  PetscFunctionBegin;
  PetscCall(CheckRange(s, "rounds", s->rounds, 1, 0, PETSC_FALSE));
  PetscCall(CheckRange(s, "max_depth", s->max_depth, 1, 0, PETSC_FALSE));
  PetscCall(CheckRange(s, "eta", s->eta, 0, 1, PETSC_TRUE));
  PetscCall(CheckRange(s, "min_child_weight", s->min_child_weight, 0, -1, PETSC_FALSE));
  PetscCall(CheckRange(s, "lambda", s->lambda, 0, -1, PETSC_FALSE));
  PetscCall(CheckRange(s, "subsample", s->subsample, 0, 1, PETSC_TRUE));
  PetscCall(CheckRange(s, "colsample_bytree", s->colsample_bytree, 0, 1, PETSC_TRUE));
  PetscCall(CheckRange(s, "scale_pos_weight", s->scale_pos_weight, 0, -1, PETSC_TRUE));
  PetscCall(CheckRange(s, "displaced_threshold", s->d_thr, 0, -1, PETSC_FALSE));
  for (size_t k = 0; k < sizeof(methods) / sizeof(methods[0]) && !ok; k++)
    PetscCall(PetscStrcmp(s->tree_method, methods[k], &ok));
  PetscCheck(ok, s->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%stree_method %s: unknown; known: exact, hist, approx", s->prefix, s->tree_method);
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenSetFromOptions(DWScreen s)
{
  PetscFunctionBegin;
  PetscOptionsBegin(s->comm, s->prefix, "Pre-screen of IS pairs (XGBoost)", "DWScreen");
  PetscCall(PetscOptionsInt("-rounds", "boosting rounds", NULL, s->rounds, &s->rounds, NULL));
  PetscCall(PetscOptionsInt("-max_depth", "largest depth of a tree", NULL, s->max_depth,
                            &s->max_depth, NULL));
  PetscCall(PetscOptionsReal("-eta", "learning rate (shrinkage of each tree)", NULL, s->eta,
                             &s->eta, NULL));
  PetscCall(PetscOptionsReal("-min_child_weight", "smallest Hessian sum of a leaf", NULL,
                             s->min_child_weight, &s->min_child_weight, NULL));
  PetscCall(PetscOptionsReal("-lambda", "L2 regularisation of the leaf weights", NULL, s->lambda,
                             &s->lambda, NULL));
  PetscCall(PetscOptionsReal("-subsample", "fraction of the rows drawn for each tree", NULL,
                             s->subsample, &s->subsample, NULL));
  PetscCall(PetscOptionsReal("-colsample_bytree", "fraction of the features drawn for each tree",
                             NULL, s->colsample_bytree, &s->colsample_bytree, NULL));
  PetscCall(PetscOptionsReal("-scale_pos_weight", "weight of the rows of label 1 (classifier)",
                             NULL, s->scale_pos_weight, &s->scale_pos_weight, NULL));
  PetscCall(PetscOptionsString("-tree_method", "exact, hist or approx", NULL, s->tree_method,
                               s->tree_method, sizeof(s->tree_method), NULL));
  PetscCall(PetscOptionsReal("-displaced_threshold",
                             "displacement above which a particle counts in n_displaced (sigma)",
                             NULL, s->d_thr, &s->d_thr, NULL));
  PetscOptionsEnd();
  PetscCall(CheckOptions(s));
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenSetNumFeatures(DWScreen screen, PetscInt nf)
{
  PetscFunctionBegin;
  PetscCheck(nf > 0, screen->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "number of features %" PetscInt_FMT " must be positive", nf);
  if (nf != screen->nf) PetscCall(DWScreenClearModel(screen));
  screen->nf = nf;
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenGetNumFeatures(DWScreen screen, PetscInt *nf)
{
  PetscFunctionBegin;
  *nf = screen->nf;
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenSetSeed(DWScreen screen, uint64_t seed, PetscInt generation)
{
  PetscFunctionBegin;
  PetscCheck(generation >= 0, screen->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "generation %" PetscInt_FMT " must not be negative", generation);
  screen->seed       = seed;
  screen->generation = generation;
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenGetDisplacedThreshold(DWScreen screen, PetscReal *d_thr)
{
  PetscFunctionBegin;
  *d_thr = screen->d_thr;
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenGetTrained(DWScreen screen, PetscBool *trained, PetscInt *n_cls,
                                  PetscInt *n_reg)
{
  PetscFunctionBegin;
  if (trained) *trained = (PetscBool)(screen->cls != NULL);
  if (n_cls) *n_cls = screen->n_cls;
  if (n_reg) *n_reg = screen->n_reg;
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenView(DWScreen s, PetscViewer viewer)
{
  PetscBool ascii;
  int major, minor, patch;

  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(s->comm, &viewer));
  PetscCall(PetscObjectTypeCompare((PetscObject)viewer, PETSCVIEWERASCII, &ascii));
  if (!ascii) PetscFunctionReturn(0);
  XGBoostVersion(&major, &minor, &patch);
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "screen:   # gradient-boosted pre-screen (XGBoost %d.%d.%d)\n", major, minor, patch));
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "  features: %" PetscInt_FMT "\n  rounds: %" PetscInt_FMT "\n  max_depth: %" PetscInt_FMT
      "\n  eta: %g\n  min_child_weight: %g\n  lambda: %g\n  subsample: %g\n"
      "  colsample_bytree: %g\n  scale_pos_weight: %g\n  tree_method: %s\n",
      s->nf, s->rounds, s->max_depth, (double)s->eta, (double)s->min_child_weight,
      (double)s->lambda, (double)s->subsample, (double)s->colsample_bytree,
      (double)s->scale_pos_weight, s->tree_method));
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "  displaced_threshold: %g   # sigma\n  seed: %" PRIu64
                                   "\n  generation: %" PetscInt_FMT "\n",
                                   (double)s->d_thr, s->seed, s->generation));
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "  classifier_rows: %" PetscInt_FMT
                                   "   # 0: not trained\n  regressor_rows: %" PetscInt_FMT "\n",
                                   s->n_cls, s->n_reg));
  if (s->cls) {
    size_t len;
    unsigned char *buf;

    /* the container's own CRC-32 (its last 4 bytes): one number to compare models across runs */
    PetscCall(DWScreenSave(s, &len, &buf));
    PetscCall(PetscViewerASCIIPrintf(viewer,
                                     "  model_crc32: 0x%08x   # of DWScreenSave's %zu bytes\n",
                                     (unsigned)DWLoadLE32(buf + len - 4), len));
    PetscCall(PetscFree(buf));
  }
  PetscFunctionReturn(0);
}
