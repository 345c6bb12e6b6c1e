/* The merge of a sample under the fast protocol (issue 16; Ciarella et al., Nat. Commun. 14,
   4229 (2023); farmimpl.h DWScreenPlan, include/dwell/screen.h).
   The pool of the sample: its candidate pairs (the paper protocol's, [JCP23]) and, with
   screen_unseen, the pairs of IS that are not candidates (never seen in transition, or fewer
   than min_transitions times) with N |e_b - e_a| <= screen_unseen_dE and largest particle
   displacement <= screen_unseen_dmax, the smallest displacements first: at most
   screen_unseen_max of them when a model judges the pool, screen_unseen_warmup (a sample for
   the training set: every pair of a warm-up pool runs) without one. Every pool pair gets its
   features (DWPairFeaturesCompute). The model of round g > 0 is trained on the NEBs of the samples
   of the rounds before it: a row per done NEB, its label 1 when the pair gave a double well with E
   <= multiple k_B T_Q in some unit set, and its target y = log10 min_u (E_u / k_B T_Q,u) (NaN
   without a converged splitting). E is in units of each unit set's own k_B T_Q so that one
   regressor serves every unit set; a TLS has y < 0. (Deviation: the issue names the classifier "is
   it a double well?"; on dwell's candidates almost every NEB gives one, which leaves nothing to
   learn, so the label is "a double well near the TLS window".)
   Selection: with a model, a pair goes to the NEB when p >= screen_p_min or y <=
   log10(screen_multiple) (either says it may be a TLS), or when it falls in the random
   fraction screen_keep (uniform draw of the stream (seed, DW_STAGE_SCREEN_KEEP, sample,
   pair)): those rejected by the model but run anyway measure the model's recall. Without a
   model (round 0, or fewer than screen_min_rows training rows, or one class only) every pool
   pair runs (flag DW_SCREEN_WARMUP). The pairs run become the sample's candidates in the order
   the NEB queue takes them: the model's picks by increasing predicted y, then the random
   ones, each by (a, b). */
#include "farm/farmimpl.h"
#include <dwell/rng.h>

/* ------------------------------------------------------------------ the pool */
static PetscErrorCode PoolAlloc(DWMergeData *m, PetscInt n)
{
  PetscFunctionBegin;
  m->n_pool = n;
  PetscCall(PetscCalloc1(n + 1, &m->pool_a));
  PetscCall(PetscCalloc1(n + 1, &m->pool_b));
  PetscCall(PetscCalloc1(n + 1, &m->pool_cand));
  PetscCall(PetscCalloc1(n + 1, &m->pool_flags));
  PetscCall(PetscCalloc1(n + 1, &m->pool_gen));
  PetscCall(PetscCalloc1(n + 1, &m->pool_p));
  PetscCall(PetscCalloc1(n + 1, &m->pool_y));
  for (PetscInt k = 0; k < DW_PAIR_NFEATURES; k++) PetscCall(PetscCalloc1(n + 1, &m->pool_f[k]));
  PetscFunctionReturn(0);
}

typedef struct {
  PetscReal dmax;
  PetscInt a, b;
} Extra;

static int CompareExtra(const void *x, const void *y)
{
  const Extra *p = x, *q = y;
  if (p->dmax != q->dmax) return p->dmax < q->dmax ? -1 : 1;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  return (p->b > q->b) - (p->b < q->b);
}

/* Whether (a, b), a < b, is a candidate (the candidates are sorted by (a, b)). */
static PetscBool IsCandidate(const DWISLibraryData *d, PetscInt a, PetscInt b)
{
  PetscInt lo = 0, hi = d->n_candidates;

  while (lo < hi) {
    const PetscInt mid = (lo + hi) / 2;
    if (d->cand_a[mid] < a || (d->cand_a[mid] == a && d->cand_b[mid] < b))
      lo = mid + 1;
    else
      hi = mid;
  }
  return (PetscBool)(lo < d->n_candidates && d->cand_a[lo] == a && d->cand_b[lo] == b);
}

/* The added pairs of IS that are not candidates (the header's filters), smallest dmax first. */
static PetscErrorCode ExtraPairs(const DWScreenPlan *p, const DWISLibraryData *d, PetscInt max,
                                 PetscInt *n, Extra **extra)
{
  const PetscInt n3 = 3 * d->N;
  PetscInt cap      = 64;

  PetscFunctionBegin;
  *n = 0;
  PetscCall(PetscMalloc1(cap, extra));
  for (PetscInt a = 0; p->unseen && a < d->n_is; a++)
    for (PetscInt b = a + 1; b < d->n_is && d->N * (d->energy[b] - d->energy[a]) <= p->unseen_dE;
         b++) {
      PetscReal dmax;
      if (IsCandidate(d, a, b)) continue;
      dmax = DWISDistance(d->N, d->L, d->x + a * n3, d->x + b * n3);
      if (dmax > p->unseen_dmax) continue;
      if (*n == cap) {
        cap *= 2;
        PetscCall(PetscRealloc(sizeof(Extra) * (size_t)cap, extra));
      }
      (*extra)[(*n)++] = (Extra){dmax, a, b};
    }
  qsort(*extra, (size_t)*n, sizeof(Extra), CompareExtra);
  *n = PetscMin(*n, max);
  PetscFunctionReturn(0);
}

/* The pool of library d with the features of each pair (threshold d_thr), at most max added
   pairs. */
static PetscErrorCode BuildPool(const DWScreenPlan *p, const DWISLibraryData *d, PetscReal d_thr,
                                PetscInt max, DWMergeData *m)
{
  PetscInt nextra;
  Extra *extra;
  DWPairFeatures f;
  PetscReal x[DW_PAIR_NFEATURES];

  PetscFunctionBegin;
  PetscCall(ExtraPairs(p, d, max, &nextra, &extra));
  PetscCall(PoolAlloc(m, d->n_candidates + nextra));
  for (PetscInt i = 0; i < m->n_pool; i++) {
    const PetscBool cand = (PetscBool)(i < d->n_candidates);
    m->pool_a[i]         = cand ? d->cand_a[i] : extra[i - d->n_candidates].a;
    m->pool_b[i]         = cand ? d->cand_b[i] : extra[i - d->n_candidates].b;
    m->pool_flags[i]     = cand ? 0 : DW_SCREEN_UNSEEN;
    m->pool_cand[i]      = -1;
    m->pool_p[i] = m->pool_y[i] = NAN;
    PetscCall(DWPairFeaturesCompute(d, m->pool_a[i], m->pool_b[i], d_thr, &f));
    DWPairFeaturesToArray(&f, x);
    for (PetscInt k = 0; k < DW_PAIR_NFEATURES; k++) m->pool_f[k][i] = x[k];
  }
  PetscCall(PetscFree(extra));
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------------------ the training rows */
typedef struct {
  PetscInt n;
  PetscReal *X, *y; /* n x DW_PAIR_NFEATURES, n */
  PetscInt *label;
  PetscBool both; /* both classes present */
} Rows;

/* y = log10 min_u E_u / k_B T_Q,u over the double wells of a done neb payload (NaN: none). */
static PetscErrorCode NEBTarget(DWCampaign c, DWUnpack *u, PetscReal *y)
{
  PetscInt ab[2];
  int64_t n;
  DWNEBRow row;
  PetscReal best = PETSC_INFINITY;

  PetscFunctionBegin;
  PetscCall(DWUnpackIntsInto(u, 2, ab));
  PetscCall(DWUnpackInt(u, &n));
  PetscCheck(n >= 0 && (uint64_t)n <= u->len, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "neb payload: %lld rows", (long long)n);
  for (int64_t r = 0; r < n; r++) {
    PetscCall(DWPayloadUnpackNEBRow(u, &row, c->n_units));
    for (PetscInt k = 0; k < c->n_units; k++)
      if (row.q[k].converged && row.q[k].E > 0)
        best = PetscMin(best, row.q[k].E / c->units[k].kT_Q);
    PetscCall(DWDoubleWellReset(&row.dw));
  }
  *y = best < PETSC_INFINITY ? PetscLog10Real(best) : NAN;
  PetscFunctionReturn(0);
}

/* The pool row of candidate cand in merge m (-1: none). */
static PetscInt PoolRow(const DWMergeData *m, PetscInt cand)
{
  for (PetscInt i = 0; i < m->n_pool; i++)
    if (m->pool_cand[i] == cand) return i;
  return -1;
}

static PetscErrorCode AddRow(Rows *r, const DWMergeData *m, PetscInt i, PetscReal y,
                             PetscReal log_multiple)
{
  PetscFunctionBegin;
  PetscCall(PetscRealloc(sizeof(PetscReal) * DW_PAIR_NFEATURES * (size_t)(r->n + 1), &r->X));
  PetscCall(PetscRealloc(sizeof(PetscReal) * (size_t)(r->n + 1), &r->y));
  PetscCall(PetscRealloc(sizeof(PetscInt) * (size_t)(r->n + 1), &r->label));
  for (PetscInt k = 0; k < DW_PAIR_NFEATURES; k++)
    r->X[r->n * DW_PAIR_NFEATURES + k] = m->pool_f[k][i];
  r->y[r->n]     = y;
  r->label[r->n] = !PetscIsNanReal(y) && y <= log_multiple;
  r->both        = (PetscBool)(r->both || (r->n > 0 && r->label[r->n] != r->label[0]));
  r->n++;
  PetscFunctionReturn(0);
}

/* The rows of the training records (merges first, then each done NEB joined to its pool row). */
static PetscErrorCode TrainingRows(DWCampaign c, PetscInt ntrain, const DWTaskKey keys[],
                                   DWUnpack train[], Rows *r)
{
  DWMergeData *m;
  PetscInt *sample, nm = 0;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(r, sizeof(*r)));
  PetscCall(PetscCalloc2(ntrain + 1, &m, ntrain + 1, &sample));
  for (PetscInt k = 0; k < ntrain; k++) {
    if (keys[k].kind != DW_TASK_MERGE) continue;
    sample[nm] = keys[k].sample;
    PetscCall(DWPayloadUnpackMerge(&train[k], &m[nm++]));
  }
  for (PetscInt k = 0; k < ntrain; k++) {
    PetscInt j  = 0, i;
    PetscReal y = NAN;
    if (keys[k].kind != DW_TASK_NEB) continue;
    while (j < nm && sample[j] != keys[k].sample) j++;
    PetscCheck(j < nm, PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "training record neb(%d, %d) comes without its merge", (int)keys[k].sample,
               (int)keys[k].index);
    i = PoolRow(&m[j], keys[k].index);
    if (i < 0) continue; /* a merge record of the paper protocol: no features */
    PetscCall(NEBTarget(c, &train[k], &y));
    PetscCall(AddRow(r, &m[j], i, y, PetscLog10Real(c->screen.multiple)));
  }
  for (PetscInt j = 0; j < nm; j++) PetscCall(DWMergeDataFree(&m[j]));
  PetscCall(PetscFree2(m, sample));
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------------------ the model and selection */
/* Trains scr (model generation g) on the rows and predicts the pool. */
static PetscErrorCode Predict(DWCampaign c, DWScreen scr, PetscInt g, const Rows *r, DWMergeData *m)
{
  PetscReal *X;
  size_t len;

  PetscFunctionBegin;
  PetscCall(DWScreenSetSeed(scr, (uint64_t)c->seed, g));
  PetscCall(DWScreenTrain(scr, r->n, DW_PAIR_NFEATURES, r->X, r->label, r->y));
  PetscCall(PetscMalloc1(DW_PAIR_NFEATURES * m->n_pool + 1, &X));
  for (PetscInt i = 0; i < m->n_pool; i++)
    for (PetscInt k = 0; k < DW_PAIR_NFEATURES; k++) X[i * DW_PAIR_NFEATURES + k] = m->pool_f[k][i];
  PetscCall(DWScreenPredict(scr, m->n_pool, DW_PAIR_NFEATURES, X, m->pool_p, m->pool_y));
  PetscCall(PetscFree(X));
  PetscCall(DWScreenSave(scr, &len, &m->model));
  m->model_len = (PetscInt)len;
  m->n_train   = r->n;
  PetscFunctionReturn(0);
}

/* The flags of every pool row of sample s (header). */
static void Flag(DWCampaign c, PetscInt s, PetscInt g, PetscBool trained, DWMergeData *m)
{
  const PetscReal log_multiple = PetscLog10Real(c->screen.multiple);

  for (PetscInt i = 0; i < m->n_pool; i++) {
    DWRng rng;
    m->pool_gen[i] = trained ? g : 0;
    if (!trained) {
      m->pool_flags[i] |= DW_SCREEN_WARMUP;
      continue;
    }
    if (m->pool_p[i] >= c->screen.p_min || m->pool_y[i] <= log_multiple)
      m->pool_flags[i] |= DW_SCREEN_MODEL;
    DWRngInit(&rng, (uint64_t)c->seed, DW_STAGE_SCREEN_KEEP, (uint64_t)s,
              ((uint64_t)m->pool_a[i] << 32) | (uint64_t)m->pool_b[i]);
    if (DWRngUniform(&rng) < c->screen.keep) m->pool_flags[i] |= DW_SCREEN_RANDOM;
  }
}

/* A row's place in the NEB queue: warm-up rows as pooled, the model's picks by predicted y,
   then the random ones; ties by (a, b). Compared lexicographically. */
typedef struct {
  int cls;     /* 0: warm-up or model pick, 1: random only */
  PetscReal y; /* the predicted y of a pick (+inf: none), else 0 */
  PetscInt a, b, row;
} RunKey;

static int CompareRun(const void *x, const void *y)
{
  const RunKey *p = x, *q = y;

  if (p->cls != q->cls) return p->cls - q->cls;
  if (p->y != q->y) return p->y < q->y ? -1 : 1;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  return (p->b > q->b) - (p->b < q->b);
}

static RunKey Key(const DWMergeData *m, PetscInt i)
{
  const PetscInt f = m->pool_flags[i];

  if (f & DW_SCREEN_WARMUP) return (RunKey){0, 0, i, 0, i};
  if (!(f & DW_SCREEN_MODEL)) return (RunKey){1, 0, m->pool_a[i], m->pool_b[i], i};
  return (RunKey){0, PetscIsNanReal(m->pool_y[i]) ? PETSC_INFINITY : m->pool_y[i], m->pool_a[i],
                  m->pool_b[i], i};
}

/* The rows that run, in queue order, and their candidate indices. */
static PetscErrorCode Select(DWMergeData *m, PetscInt *nrun, PetscInt **run)
{
  RunKey *key;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(m->n_pool + 1, run));
  PetscCall(PetscMalloc1(m->n_pool + 1, &key));
  *nrun = 0;
  for (PetscInt i = 0; i < m->n_pool; i++)
    if (m->pool_flags[i] & (DW_SCREEN_WARMUP | DW_SCREEN_MODEL | DW_SCREEN_RANDOM))
      key[(*nrun)++] = Key(m, i);
  qsort(key, (size_t)*nrun, sizeof(RunKey), CompareRun);
  for (PetscInt k = 0; k < *nrun; k++) {
    (*run)[k]                = key[k].row;
    m->pool_cand[key[k].row] = k;
  }
  PetscCall(PetscFree(key));
  PetscFunctionReturn(0);
}

/* The library d with the rows run as its candidates, packed as a merge payload. */
static PetscErrorCode PackCandidates(const DWISLibraryData *d, const DWMergeData *m, PetscInt n,
                                     const PetscInt run[], DWPack *out)
{
  DWISLibraryData s = *d;
  PetscInt *a, *b, *ab, *ba;
  PetscReal *dE, *dmax, *dist;

  PetscFunctionBegin;
  PetscCall(PetscMalloc4(n + 1, &a, n + 1, &b, n + 1, &ab, n + 1, &ba));
  PetscCall(PetscMalloc3(n + 1, &dE, n + 1, &dmax, n + 1, &dist));
  for (PetscInt k = 0; k < n; k++) {
    const PetscInt i    = run[k];
    const PetscBool was = (PetscBool)(i < d->n_candidates); /* a candidate of the library */
    a[k]                = m->pool_a[i];
    b[k]                = m->pool_b[i];
    ab[k]               = (PetscInt)m->pool_f[6][i]; /* T_ab */
    ba[k]               = (PetscInt)m->pool_f[7][i]; /* T_ba */
    dE[k]               = m->pool_f[0][i];
    dmax[k]             = was ? d->cand_dmax[i]
                              : DWISDistance(d->N, d->L, d->x + a[k] * 3 * d->N, d->x + b[k] * 3 * d->N);
    dist[k]             = was ? d->cand_distance[i] : m->pool_f[1][i]; /* added: <d> removed */
  }
  s.n_candidates  = n;
  s.cand_a        = a;
  s.cand_b        = b;
  s.cand_ab       = ab;
  s.cand_ba       = ba;
  s.cand_dE       = dE;
  s.cand_dmax     = dmax;
  s.cand_distance = dist;
  PetscCall(DWPayloadPackMerge(out, &s));
  PetscCall(PetscFree4(a, b, ab, ba));
  PetscCall(PetscFree3(dE, dmax, dist));
  PetscFunctionReturn(0);
}

PetscErrorCode DWTaskMergeScreen(DWCampaign c, DWTaskKey key, const DWISLibraryData *d,
                                 PetscInt ntrain, const DWTaskKey keys[], DWUnpack train[],
                                 DWPack *out)
{
  const PetscInt g = DWScreenRound(&c->screen, key.sample);
  DWScreen scr;
  DWMergeData m;
  Rows r;
  PetscReal d_thr;
  PetscBool trained;
  PetscInt nrun, *run;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&m, sizeof(m)));
  PetscCall(DWScreenCreate(PETSC_COMM_SELF, &scr));
  PetscCall(DWScreenSetFromOptions(scr));
  PetscCall(DWScreenGetDisplacedThreshold(scr, &d_thr));
  PetscCall(TrainingRows(c, g > 0 ? ntrain : 0, keys, train, &r));
  trained = (PetscBool)(g > 0 && r.n >= c->screen.min_rows && r.both); /* else: warm-up */
  PetscCall(BuildPool(&c->screen, d, d_thr,
                      trained ? c->screen.unseen_max : c->screen.unseen_warmup, &m));
  if (trained) PetscCall(Predict(c, scr, g, &r, &m));
  Flag(c, key.sample, g, trained, &m);
  PetscCall(Select(&m, &nrun, &run));
  PetscCall(PackCandidates(d, &m, nrun, run, out));
  PetscCall(DWPayloadPackPool(out, &m));
  PetscCall(PetscFree(run));
  PetscCall(PetscFree(r.X));
  PetscCall(PetscFree(r.y));
  PetscCall(PetscFree(r.label));
  PetscCall(DWMergeDataFree(&m));
  PetscCall(DWScreenDestroy(&scr));
  PetscFunctionReturn(0);
}
