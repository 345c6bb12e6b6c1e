/* The pre-screen through XGBoost (DWScreen, include/dwell/screen.h).
   A synthetic problem with the 10 features of an IS pair: log10 dE_true uniform in [-4, 0],
   the observed feature dE = dE_true 10^(0.1 g) (g standard normal: 0.1 decades of noise),
   r_AB uniform in [0.1, 1.1], the other 8 features uniform noise; label = (dE_true < 1e-2)
   (half the rows), target y = log10 E = 2 log10 r_AB - 3 + 0.05 g' on the rows of label 1
   (NaN on the others). 1000 training rows, 2000 test rows from another stream.
   1. Learnt. The Bayes classifier (dE < 1e-2 on the noisy feature) errs when the noise moves
      log10 dE across -2: error = (1/4) 2 int_0^inf P(0.1 |g| > s) ds = 0.1 / (2 sqrt(2 pi))
      = 0.020, so no classifier beats an accuracy of 0.980; one that ignores dE scores 0.5.
      The bound 0.95 leaves 3% for the learnt threshold (250 training rows per decade: a
      split within ~0.01 decade of -2 costs ~0.3%) and for splits on the noise features,
      and is 10 standard deviations of the test-set accuracy (sqrt(0.02 0.98 / 2000) =
      0.003) above 0.92. Regressor: the irreducible RMSE is 0.05 (the noise g'); a predictor
      ignoring r_AB has the RMSE std(y) = 2 std(log10 r_AB) ~ 0.5. Bound: 0.15, three times
      the noise, a third of no skill.
   2. Round trip: train -> save -> load into a new DWScreen -> predict: p and y bit for bit as
      before loading, and the loaded model saves to the same bytes.
   3. Deterministic: the training rows in reversed order, with the same seed, give the same
      bytes; with row subsampling (-screen_subsample 0.8, where XGBoost draws random numbers)
      the same seed gives the same bytes twice and another generation other bytes (the seed
      reaches XGBoost).
   4. Trained without targets: no regressor, y predicted NaN, and the round trip holds.
   5. Separable: the same features, label = (dE < 1e-2 and r_AB < 0.6) on the observed
      features (a quarter of the rows), no noise. Trees of depth 6 represent this rule
      exactly, so the errors on held-out rows lie between the learnt split and the true
      threshold: at most the spacing of the training rows along each boundary (~125 rows
      per decade of dE next to the dE boundary, ~500 per sigma next to the r_AB one), 0.4%
      of the positives each; XGBoost also stops splitting a leaf whose sum of p (1 - p)
      is below min_child_weight (1), which coarsens the boundary further. Measured: 6
      false negatives and 1 false positive among ~520 positives of the 2000 test rows
      (recall 0.988, precision 0.998). The bound 0.95 is four times the measured loss and
      ten binomial sds (~0.005) below 1; a classifier that ignores either boundary has a
      precision of 0.5.
   6. Bad input: an empty training set, one class only, a wrong feature count (train,
      predict), a label that is not 0 or 1, a NaN feature, predicting without a model, a truncated
   buffer, a buffer that is not a model, one flipped byte (checksum), a buffer of another feature
   count, a valid container whose XGBoost bytes are damaged, and out-of-range options: each an error
   whose message is one line naming the problem. */
#include "testutil.h"
#include <dwell/screen.h>
#include <dwell/shard.h>
#include <math.h>
#include <string.h>

#define NF     DW_PAIR_NFEATURES
#define NTRAIN 1000
#define NTEST  2000

typedef struct {
  PetscInt n;
  PetscReal X[NTEST * NF], y[NTEST];
  PetscInt label[NTEST];
} Data;

static void Synthetic(uint64_t run, PetscInt n, Data *d)
{
  DWRng rng;

  DWRngInit(&rng, 5, DW_STAGE_TEST, 16, run);
  d->n = n;
  for (PetscInt i = 0; i < n; i++) {
    PetscReal *x      = d->X + i * NF;
    const PetscReal u = -4 + 4 * DWRngUniform(&rng);
    x[0]              = PetscPowReal(10, u + 0.1 * DWRngNormal(&rng));
    x[1]              = 0.1 + DWRngUniform(&rng);
    for (PetscInt k = 2; k < NF; k++) x[k] = DWRngUniform(&rng);
    d->label[i] = u < -2;
    d->y[i]     = d->label[i] ? 2 * PetscLog10Real(x[1]) - 3 + 0.05 * DWRngNormal(&rng) : NAN;
  }
}

static PetscErrorCode NewScreen(MPI_Comm comm, uint64_t seed, PetscInt generation, DWScreen *s)
{
  PetscFunctionBegin;
  PetscCall(DWScreenCreate(comm, s));
  PetscCall(DWScreenSetFromOptions(*s));
  PetscCall(DWScreenSetSeed(*s, seed, generation));
  PetscFunctionReturn(0);
}

static PetscErrorCode TrainedBytes(MPI_Comm comm, const Data *d, PetscInt generation,
                                   PetscBool reversed, size_t *len, unsigned char **buf)
{
  static Data r;
  DWScreen s;

  PetscFunctionBegin;
  r.n = d->n;
  for (PetscInt i = 0; i < d->n; i++) {
    const PetscInt j = reversed ? d->n - 1 - i : i;
    PetscCall(PetscArraycpy(r.X + i * NF, d->X + j * NF, NF));
    r.label[i] = d->label[j];
    r.y[i]     = d->y[j];
  }
  PetscCall(NewScreen(comm, 11, generation, &s));
  PetscCall(DWScreenTrain(s, r.n, NF, r.X, r.label, r.y));
  PetscCall(DWScreenSave(s, len, buf));
  PetscCall(DWScreenDestroy(&s));
  PetscFunctionReturn(0);
}

static PetscBool SameBytes(size_t la, const unsigned char *a, size_t lb, const unsigned char *b)
{
  return (PetscBool)(la == lb && !memcmp(a, b, la));
}

static PetscErrorCode CheckLearnt(MPI_Comm comm, DWScreen s, const Data *test, PetscReal p[],
                                  PetscReal y[])
{
  PetscInt right = 0, nreg = 0;
  PetscReal se = 0;

  PetscFunctionBegin;
  PetscCall(DWScreenPredict(s, test->n, NF, test->X, p, y));
  for (PetscInt i = 0; i < test->n; i++) {
    right += (p[i] > 0.5) == (test->label[i] == 1);
    if (test->label[i]) {
      se += (y[i] - test->y[i]) * (y[i] - test->y[i]);
      nreg++;
    }
  }
  DWTestLE(comm, "classifier: 1 - accuracy on 2000 test rows (Bayes: 0.020)",
           1 - (double)right / test->n, 0.05);
  DWTestLE(comm, "regressor: RMSE of log10 E on the test rows of label 1 (noise 0.05)",
           PetscSqrtReal(se / nreg), 0.15);
  PetscFunctionReturn(0);
}

/* Labels of the separable rule of item 5, from the observed features; no targets. */
static void Separable(Data *d)
{
  for (PetscInt i = 0; i < d->n; i++) {
    d->label[i] = d->X[i * NF] < 1e-2 && d->X[i * NF + 1] < 0.6;
    d->y[i]     = NAN;
  }
}

static PetscErrorCode CheckSeparable(MPI_Comm comm, const Data *train, const Data *test,
                                     PetscReal p[])
{
  static Data tr, te;
  DWScreen s;
  PetscInt tp = 0, fp = 0, fn = 0;

  PetscFunctionBegin;
  tr = *train;
  te = *test;
  Separable(&tr);
  Separable(&te);
  PetscCall(NewScreen(comm, 11, 0, &s));
  PetscCall(DWScreenTrain(s, tr.n, NF, tr.X, tr.label, NULL));
  PetscCall(DWScreenPredict(s, te.n, NF, te.X, p, NULL));
  for (PetscInt i = 0; i < te.n; i++) {
    const PetscBool pos = (PetscBool)(p[i] > 0.5);
    tp += pos && te.label[i];
    fp += pos && !te.label[i];
    fn += !pos && te.label[i];
  }
  PetscCall(PetscPrintf(comm,
                        "separable: %" PetscInt_FMT " true positives, %" PetscInt_FMT
                        " false positives, %" PetscInt_FMT " false negatives\n",
                        tp, fp, fn));
  DWTestTrue(comm, "separable: the test set has both labels", (PetscBool)(tp + fn > 0));
  DWTestLE(comm, "separable: 1 - recall on the test rows", 1 - (double)tp / PetscMax(tp + fn, 1),
           0.05);
  DWTestLE(comm, "separable: 1 - precision on the test rows", 1 - (double)tp / PetscMax(tp + fp, 1),
           0.05);
  PetscCall(DWScreenDestroy(&s));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckRoundTrip(MPI_Comm comm, DWScreen s, const Data *test,
                                     const PetscReal p[], const PetscReal y[])
{
  DWScreen t;
  size_t len, len2;
  unsigned char *buf, *buf2;
  PetscReal *p2, *y2;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(test->n, &p2, test->n, &y2));
  PetscCall(DWScreenSave(s, &len, &buf));
  PetscCall(NewScreen(comm, 999, 3, &t));
  PetscCall(DWScreenLoad(t, len, buf));
  PetscCall(DWScreenPredict(t, test->n, NF, test->X, p2, y2));
  DWTestTrue(comm, "round trip: p bit for bit after save and load",
             !memcmp(p, p2, test->n * sizeof(PetscReal)));
  DWTestTrue(comm, "round trip: y bit for bit after save and load",
             !memcmp(y, y2, test->n * sizeof(PetscReal)));
  PetscCall(DWScreenSave(t, &len2, &buf2));
  DWTestTrue(comm, "round trip: the loaded model saves to the same bytes",
             SameBytes(len, buf, len2, buf2));
  PetscCall(PetscPrintf(comm, "     (model buffer: %zu bytes)\n", len));
  PetscCall(PetscFree(buf));
  PetscCall(PetscFree(buf2));
  PetscCall(PetscFree2(p2, y2));
  PetscCall(DWScreenDestroy(&t));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckDeterministic(MPI_Comm comm, const Data *train)
{
  size_t l0, l1, l2, l3, l4;
  unsigned char *b0, *b1, *b2, *b3, *b4;

  PetscFunctionBegin;
  PetscCall(TrainedBytes(comm, train, 0, PETSC_FALSE, &l0, &b0));
  PetscCall(TrainedBytes(comm, train, 0, PETSC_TRUE, &l1, &b1));
  DWTestTrue(comm, "rows in reversed order, same seed: the same model bytes",
             SameBytes(l0, b0, l1, b1));
  PetscCall(PetscOptionsSetValue(NULL, "-screen_subsample", "0.8"));
  PetscCall(TrainedBytes(comm, train, 0, PETSC_FALSE, &l2, &b2));
  PetscCall(TrainedBytes(comm, train, 0, PETSC_TRUE, &l3, &b3));
  PetscCall(TrainedBytes(comm, train, 1, PETSC_FALSE, &l4, &b4));
  PetscCall(PetscOptionsClearValue(NULL, "-screen_subsample"));
  DWTestTrue(comm, "subsample 0.8, same seed, rows reversed: the same model bytes",
             SameBytes(l2, b2, l3, b3));
  DWTestTrue(comm, "subsample 0.8, another generation: other model bytes",
             !SameBytes(l2, b2, l4, b4));
  DWTestTrue(comm, "subsample 0.8 and 1: other model bytes", !SameBytes(l0, b0, l2, b2));
  PetscCall(PetscFree(b0));
  PetscCall(PetscFree(b1));
  PetscCall(PetscFree(b2));
  PetscCall(PetscFree(b3));
  PetscCall(PetscFree(b4));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckNoRegressor(MPI_Comm comm, const Data *train, const Data *test)
{
  DWScreen s, t;
  size_t len;
  unsigned char *buf;
  PetscReal p[4], y[4], p2[4], y2[4];
  PetscInt n_reg;
  PetscBool nan = PETSC_TRUE;

  PetscFunctionBegin;
  PetscCall(NewScreen(comm, 1, 0, &s));
  PetscCall(DWScreenTrain(s, train->n, NF, train->X, train->label, NULL));
  PetscCall(DWScreenGetTrained(s, NULL, NULL, &n_reg));
  PetscCall(DWScreenPredict(s, 4, NF, test->X, p, y));
  for (int i = 0; i < 4; i++) nan = (PetscBool)(nan && PetscIsNanReal(y[i]));
  DWTestTrue(comm, "no targets: no regressor, y predicted NaN", n_reg == 0 && nan);
  PetscCall(DWScreenSave(s, &len, &buf));
  PetscCall(NewScreen(comm, 1, 0, &t));
  PetscCall(DWScreenLoad(t, len, buf));
  PetscCall(DWScreenPredict(t, 4, NF, test->X, p2, y2));
  DWTestTrue(comm, "no targets: round trip bit for bit", !memcmp(p, p2, sizeof(p)));
  PetscCall(PetscFree(buf));
  PetscCall(DWScreenDestroy(&s));
  PetscCall(DWScreenDestroy(&t));
  PetscFunctionReturn(0);
}

/* One bad call: an error whose message is one line containing needle. */
static void Expect(MPI_Comm comm, const char what[], PetscErrorCode ierr, const char needle[])
{
  const char *text;
  char *msg = NULL, line[256];

  if (ierr) PetscErrorMessage(ierr, &text, &msg);
  PetscPrintf(comm, "     %s -> %s\n", what, msg ? msg : "no error");
  PetscSNPrintf(line, sizeof(line), "%s: a one-line error naming '%s'", what, needle);
  DWTestTrue(comm, line, ierr && msg && strstr(msg, needle) && !strchr(msg, '\n'));
}

static PetscErrorCode CheckBadBuffers(MPI_Comm comm, DWScreen s, DWScreen fresh)
{
  size_t len;
  unsigned char *buf, *bad;
  PetscErrorCode ierr;
  DWScreen three;
  PetscReal X3[6] = {0, 1, 2, 1, 2, 3};
  PetscInt l3[2]  = {0, 1};

  PetscFunctionBegin;
  PetscCall(DWScreenSave(s, &len, &buf));
  PetscCall(PetscMalloc1(len, &bad));
  DWTestCatch(ierr, DWScreenLoad(fresh, 20, buf));
  Expect(comm, "load 20 bytes", ierr, "truncated model");
  DWTestCatch(ierr, DWScreenLoad(fresh, len - 1, buf));
  Expect(comm, "load all but the last byte", ierr, "truncated or damaged");
  PetscCall(PetscArraycpy(bad, buf, len));
  bad[0] = 'X';
  DWTestCatch(ierr, DWScreenLoad(fresh, len, bad));
  Expect(comm, "load a buffer with another magic", ierr, "not a DWScreen model");
  PetscCall(PetscArraycpy(bad, buf, len));
  bad[len / 2] ^= 0x10;
  DWTestCatch(ierr, DWScreenLoad(fresh, len, bad));
  Expect(comm, "load with one bit flipped", ierr, "checksum mismatch");
  PetscCall(PetscArraycpy(bad, buf, len));
  for (size_t k = 60; k < 160; k++) bad[k] = '#';
  DWStoreLE32(bad + len - 4, DWCRC32(0, bad, len - 4));
  DWTestCatch(ierr, DWScreenLoad(fresh, len, bad));
  Expect(comm, "load damaged XGBoost bytes (checksum made valid)", ierr,
         "loading the classifier: XGBoost: ");
  PetscCall(PetscFree(buf));
  PetscCall(PetscFree(bad));
  PetscCall(NewScreen(comm, 1, 0, &three));
  PetscCall(DWScreenSetNumFeatures(three, 3));
  PetscCall(DWScreenTrain(three, 2, 3, X3, l3, NULL));
  PetscCall(DWScreenSave(three, &len, &buf));
  DWTestCatch(ierr, DWScreenLoad(fresh, len, buf));
  Expect(comm, "load a model of 3 features into a screen of 10", ierr,
         "the model has 3 features per row, the screen 10");
  PetscCall(PetscFree(buf));
  PetscCall(DWScreenDestroy(&three));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckBadOption(MPI_Comm comm, const char name[], const char value[],
                                     const char needle[])
{
  DWScreen s;
  PetscErrorCode ierr;
  char what[96];

  PetscFunctionBegin;
  PetscCall(PetscOptionsSetValue(NULL, name, value));
  PetscCall(DWScreenCreate(comm, &s));
  DWTestCatch(ierr, DWScreenSetFromOptions(s));
  PetscCall(PetscSNPrintf(what, sizeof(what), "option %s %s", name, value));
  Expect(comm, what, ierr, needle);
  PetscCall(PetscOptionsClearValue(NULL, name));
  PetscCall(DWScreenDestroy(&s));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckBadInput(MPI_Comm comm, DWScreen s, Data *d)
{
  DWScreen fresh;
  PetscErrorCode ierr;
  PetscReal p[2], keep;
  const PetscInt one_class[10] = {0};

  PetscFunctionBegin;
  PetscCall(NewScreen(comm, 1, 0, &fresh));
  DWTestCatch(ierr, DWScreenTrain(fresh, 0, NF, d->X, d->label, d->y));
  Expect(comm, "train on 0 rows", ierr, "empty training set");
  DWTestCatch(ierr, DWScreenTrain(fresh, 10, NF, d->X, one_class, d->y));
  Expect(comm, "train on one class", ierr, "one class only (all 10 rows have label 0)");
  DWTestCatch(ierr, DWScreenTrain(fresh, 10, NF - 1, d->X, d->label, d->y));
  Expect(comm, "train with 9 features", ierr, "9 features per row, the screen has 10");
  DWTestCatch(ierr, DWScreenPredict(fresh, 2, NF, d->X, p, NULL));
  Expect(comm, "predict without a model", ierr, "no model");
  DWTestCatch(ierr, DWScreenPredict(s, 2, NF + 1, d->X, p, NULL));
  Expect(comm, "predict with 11 features", ierr, "11 features per row, the screen has 10");
  d->label[3] = 2;
  DWTestCatch(ierr, DWScreenTrain(fresh, 10, NF, d->X, d->label, d->y));
  d->label[3] = 0;
  Expect(comm, "train with a label 2", ierr, "label of row 3 is 2");
  keep             = d->X[5 * NF + 4];
  d->X[5 * NF + 4] = NAN;
  DWTestCatch(ierr, DWScreenTrain(fresh, 10, NF, d->X, d->label, d->y));
  d->X[5 * NF + 4] = keep;
  Expect(comm, "train with a NaN feature", ierr, "feature 4 of row 5 is nan");
  PetscCall(CheckBadBuffers(comm, s, fresh));
  PetscCall(DWScreenDestroy(&fresh));
  PetscCall(CheckBadOption(comm, "-screen_eta", "0", "-screen_eta 0 must be in (0, 1]"));
  PetscCall(CheckBadOption(comm, "-screen_rounds", "0", "-screen_rounds 0 must be in [1, inf)"));
  PetscCall(CheckBadOption(comm, "-screen_tree_method", "gpu_hist",
                           "-screen_tree_method gpu_hist: unknown"));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  int status;
  static Data train, test;
  DWScreen s;
  PetscReal *p, *y;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  Synthetic(0, NTRAIN, &train);
  Synthetic(1, NTEST, &test);
  PetscCall(PetscMalloc2(NTEST, &p, NTEST, &y));
  PetscCall(NewScreen(comm, 11, 0, &s));
  PetscCall(DWScreenTrain(s, train.n, NF, train.X, train.label, train.y));
  PetscCall(DWScreenView(s, NULL));
  PetscCall(CheckLearnt(comm, s, &test, p, y));
  PetscCall(CheckRoundTrip(comm, s, &test, p, y));
  PetscCall(CheckDeterministic(comm, &train));
  PetscCall(CheckNoRegressor(comm, &train, &test));
  PetscCall(CheckSeparable(comm, &train, &test, p));
  PetscCall(CheckBadInput(comm, s, &train));
  PetscCall(DWScreenDestroy(&s));
  PetscCall(PetscFree2(p, y));
  status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
