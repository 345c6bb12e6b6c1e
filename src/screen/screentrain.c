/* Training and prediction of DWScreen through XGBoost's C API (include/dwell/screen.h).

   Classifier: gradient-boosted trees with the logistic loss (objective binary:logistic),
   p = sigma(sum_t f_t(x)) the probability of label 1. Regressor: the same trees with the
   squared loss (reg:squarederror) on y = log10 E, its base score the mean of y over its
   training rows (XGBoost's default 0.5 would spend the first rounds walking to log10 E ~ -3).
   Both are trained from scratch, rounds x XGBoosterUpdateOneIter, on one thread.

   Determinism: XGBoost sees single-precision features, so the rows are converted to float
   first and then sorted lexicographically by (features, label, target) with a stable sort:
   rows that compare equal are identical to XGBoost, so the order it sees is a function of the
   set of rows. Its seed (used only by row and column subsampling) is drawn from the stream
   (campaign seed, DW_STAGE_SCREEN, 0, generation). */
#include "screen/screenimpl.h"
#include <dwell/rng.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>

/* A training row as XGBoost sees it: nf features, the label, the target (NaN: none). */
typedef struct {
  PetscInt n, nf, stride; /* stride = nf + 2 floats */
  float *rows;
} Rows;

static int CompareRows(const void *pa, const void *pb, void *ctx)
{
  const float *a = (const float *)pa, *b = (const float *)pb;
  const PetscInt stride = *(const PetscInt *)ctx;

  for (PetscInt k = 0; k < stride; k++) {
    const int na = isnan(a[k]) != 0, nb = isnan(b[k]) != 0;
    if (na != nb) return na - nb; /* a missing target last */
    if (na) continue;
    if (a[k] < b[k]) return -1;
    if (a[k] > b[k]) return 1;
  }
  return 0;
}

/* Checks a feature matrix: nf the screen's count, every value finite in single precision (what
   XGBoost sees). */
static PetscErrorCode CheckFeatures(DWScreen s, PetscInt n, PetscInt nf, const PetscReal X[],
                                    const char what[])
{
  PetscFunctionBegin;
  PetscCheck(nf == s->nf, s->comm, PETSC_ERR_ARG_SIZ,
             "%s: %" PetscInt_FMT " features per row, the screen has %" PetscInt_FMT, what, nf,
             s->nf);
  for (PetscInt i = 0; i < n; i++)
    for (PetscInt k = 0; k < nf; k++)
      PetscCheck(PetscAbsReal(X[i * nf + k]) <= FLT_MAX, s->comm, PETSC_ERR_ARG_OUTOFRANGE,
                 "%s: feature %" PetscInt_FMT " of row %" PetscInt_FMT
                 " is %g (not a finite single-precision number)",
                 what, k, i, (double)X[i * nf + k]);
  PetscFunctionReturn(0);
}

/* The training rows, checked, as floats, in canonical order. */
static PetscErrorCode RowsCreate(DWScreen s, PetscInt n, PetscInt nf, const PetscReal X[],
                                 const PetscInt label[], const PetscReal y[], Rows *r)
{
  PetscFunctionBegin;
  PetscCheck(n > 0, s->comm, PETSC_ERR_ARG_SIZ,
             "training the screen: empty training set (%" PetscInt_FMT " rows)", n);
  PetscCall(CheckFeatures(s, n, nf, X, "training the screen"));
  PetscInt n1 = 0;
  for (PetscInt i = 0; i < n; i++) {
    PetscCheck(label[i] == 0 || label[i] == 1, s->comm, PETSC_ERR_ARG_OUTOFRANGE,
               "training the screen: label of row %" PetscInt_FMT " is %" PetscInt_FMT " (0 or 1)",
               i, label[i]);
    PetscCheck(!y || isnan(y[i]) || PetscAbsReal(y[i]) <= FLT_MAX, s->comm,
               PETSC_ERR_ARG_OUTOFRANGE,
               "training the screen: target of row %" PetscInt_FMT " is %g (finite or NaN)", i,
               (double)y[i]);
    n1 += label[i];
  }
  /* one class only: the logistic loss would only drive p to 0 or 1 everywhere, a model that
     ranks nothing; the caller waits for rows of both labels */
  PetscCheck(n1 > 0 && n1 < n, s->comm, PETSC_ERR_ARG_WRONG,
             "training the screen: one class only (all %" PetscInt_FMT
             " rows have label %d): the classifier needs rows of both labels",
             n, n1 ? 1 : 0);
  r->n      = n;
  r->nf     = nf;
  r->stride = nf + 2;
  PetscCall(PetscMalloc1(n * r->stride, &r->rows));
  for (PetscInt i = 0; i < n; i++) {
    float *row = r->rows + i * r->stride;
    for (PetscInt k = 0; k < nf; k++) row[k] = (float)X[i * nf + k];
    row[nf]     = (float)label[i];
    row[nf + 1] = y ? (float)y[i] : NAN;
  }
  PetscCall(PetscTimSort(n, r->rows, r->stride * sizeof(float), CompareRows, &r->stride));
  PetscFunctionReturn(0);
}

/* A DMatrix of the rows whose target column (nf: label, nf + 1: y) is not NaN, with that
   column as its labels; *m its row count (0: no DMatrix). */
static PetscErrorCode RowsDMatrix(DWScreen s, const Rows *r, PetscInt col, DMatrixHandle *d,
                                  PetscInt *m, PetscReal *mean)
{
  float *X, *t;
  PetscReal sum = 0;

  PetscFunctionBegin;
  *m = 0;
  *d = NULL;
  PetscCall(PetscMalloc2(r->n * r->nf, &X, r->n, &t));
  for (PetscInt i = 0; i < r->n; i++) {
    const float *row = r->rows + i * r->stride;
    if (isnan(row[col])) continue;
    for (PetscInt k = 0; k < r->nf; k++) X[*m * r->nf + k] = row[k];
    t[*m] = row[col];
    sum += row[col];
    (*m)++;
  }
  if (*m) {
    DWXGBCall(s->comm, "building the training matrix",
              XGDMatrixCreateFromMat_omp(X, (bst_ulong)*m, (bst_ulong)r->nf, NAN, d, 1));
    DWXGBCall(s->comm, "setting the training labels",
              XGDMatrixSetFloatInfo(*d, "label", t, (bst_ulong)*m));
  }
  *mean = *m ? sum / *m : 0;
  PetscCall(PetscFree2(X, t));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetParam(DWScreen s, BoosterHandle b, const char name[], const char fmt[],
                               double v)
{
  char value[64];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(value, sizeof(value), fmt, v));
  DWXGBCall(s->comm, name, XGBoosterSetParam(b, name, value));
  PetscFunctionReturn(0);
}

/* A booster on d with the screen's hyperparameters, the objective and base score given. */
static PetscErrorCode CreateBooster(DWScreen s, DMatrixHandle d, const char objective[],
                                    PetscReal base_score, BoosterHandle *b)
{
  DWRng rng;
  char seed[32];

  PetscFunctionBegin;
  DWRngInit(&rng, s->seed, DW_STAGE_SCREEN, 0, (uint64_t)s->generation);
  PetscCall(PetscSNPrintf(seed, sizeof(seed), "%" PRIu64, DWRngNext64(&rng) >> 33));
  DWXGBCall(s->comm, "creating a booster", XGBoosterCreate(&d, 1, b));
  DWXGBCall(s->comm, "nthread", XGBoosterSetParam(*b, "nthread", "1"));
  DWXGBCall(s->comm, "seed", XGBoosterSetParam(*b, "seed", seed));
  DWXGBCall(s->comm, "objective", XGBoosterSetParam(*b, "objective", objective));
  DWXGBCall(s->comm, "tree_method", XGBoosterSetParam(*b, "tree_method", s->tree_method));
  PetscCall(SetParam(s, *b, "base_score", "%.17g", base_score));
  PetscCall(SetParam(s, *b, "eta", "%.17g", s->eta));
  PetscCall(SetParam(s, *b, "max_depth", "%.0f", (double)s->max_depth));
  PetscCall(SetParam(s, *b, "min_child_weight", "%.17g", s->min_child_weight));
  PetscCall(SetParam(s, *b, "lambda", "%.17g", s->lambda));
  PetscCall(SetParam(s, *b, "subsample", "%.17g", s->subsample));
  PetscCall(SetParam(s, *b, "colsample_bytree", "%.17g", s->colsample_bytree));
  PetscFunctionReturn(0);
}

static PetscErrorCode Boost(DWScreen s, BoosterHandle b, DMatrixHandle d, const char what[])
{
  PetscFunctionBegin;
  for (PetscInt t = 0; t < s->rounds; t++)
    DWXGBCall(s->comm, what, XGBoosterUpdateOneIter(b, (int)t, d));
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenTrain(DWScreen s, PetscInt n, PetscInt nf, const PetscReal X[],
                             const PetscInt label[], const PetscReal y[])
{
  Rows r;
  DMatrixHandle dc, dr;
  PetscInt mc, mr;
  PetscReal pos, mean;

  PetscFunctionBegin;
  PetscCall(RowsCreate(s, n, nf, X, label, y, &r));
  PetscCall(PetscLogEventBegin(DW_SCREEN_TRAIN, 0, 0, 0, 0));
  PetscCall(DWScreenClearModel(s));
  PetscCall(RowsDMatrix(s, &r, nf, &dc, &mc, &pos));
  /* the classifier starts from the fraction of label 1, in (0, 1): both labels are there */
  PetscCall(CreateBooster(s, dc, "binary:logistic", pos, &s->cls));
  PetscCall(SetParam(s, s->cls, "scale_pos_weight", "%.17g", s->scale_pos_weight));
  PetscCall(Boost(s, s->cls, dc, "training the classifier"));
  s->n_cls = mc;
  DWXGBCall(s->comm, "freeing a matrix", XGDMatrixFree(dc));
  PetscCall(RowsDMatrix(s, &r, nf + 1, &dr, &mr, &mean));
  if (mr) {
    PetscCall(CreateBooster(s, dr, "reg:squarederror", mean, &s->reg));
    PetscCall(Boost(s, s->reg, dr, "training the regressor"));
    s->n_reg = mr;
    DWXGBCall(s->comm, "freeing a matrix", XGDMatrixFree(dr));
  }
  PetscCall(PetscLogEventEnd(DW_SCREEN_TRAIN, 0, 0, 0, 0));
  PetscCall(PetscFree(r.rows));
  PetscFunctionReturn(0);
}

/* out[i] = prediction of booster b for the n rows of the DMatrix d. */
static PetscErrorCode PredictBooster(DWScreen s, BoosterHandle b, DMatrixHandle d, PetscInt n,
                                     PetscReal out[])
{
  const char *config = "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, "
                       "\"iteration_end\": 0, \"strict_shape\": false}";
  const bst_ulong *shape;
  bst_ulong dim;
  const float *res;

  PetscFunctionBegin;
  DWXGBCall(s->comm, "predicting", XGBoosterPredictFromDMatrix(b, d, config, &shape, &dim, &res));
  PetscCheck(dim == 1 && shape[0] == (bst_ulong)n, s->comm, PETSC_ERR_LIB,
             "predicting: XGBoost returned %llu values in %llu dimensions for %" PetscInt_FMT
             " rows",
             (unsigned long long)shape[0], (unsigned long long)dim, n);
  for (PetscInt i = 0; i < n; i++) out[i] = res[i];
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenPredict(DWScreen s, PetscInt n, PetscInt nf, const PetscReal X[],
                               PetscReal p[], PetscReal y[])
{
  DMatrixHandle d;
  float *Xf;

  PetscFunctionBegin;
  PetscCheck(s->cls, s->comm, PETSC_ERR_ORDER,
             "predicting: the screen has no model (train or load one first)");
  PetscCall(CheckFeatures(s, n, nf, X, "predicting"));
  if (n == 0) PetscFunctionReturn(0);
  PetscCall(PetscLogEventBegin(DW_SCREEN_PREDICT, 0, 0, 0, 0));
  PetscCall(PetscMalloc1(n * nf, &Xf));
  for (PetscInt k = 0; k < n * nf; k++) Xf[k] = (float)X[k];
  DWXGBCall(s->comm, "building the matrix to predict",
            XGDMatrixCreateFromMat_omp(Xf, (bst_ulong)n, (bst_ulong)nf, NAN, &d, 1));
  if (p) PetscCall(PredictBooster(s, s->cls, d, n, p));
  if (y && s->reg)
    PetscCall(PredictBooster(s, s->reg, d, n, y));
  else if (y)
    for (PetscInt i = 0; i < n; i++) y[i] = NAN;
  DWXGBCall(s->comm, "freeing a matrix", XGDMatrixFree(d));
  PetscCall(PetscFree(Xf));
  PetscCall(PetscLogEventEnd(DW_SCREEN_PREDICT, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
