/* What the fast protocol's pre-screen did (issue 16; src/farm/taskscreen.c): from /screen
   and /dw, the pool pairs, those the NEB ran and why, the TLS among them (E < k_B T_Q in some
   unit set, as the modes stage counts them), and the model's recall and precision over the
   pairs it judged:
     precision = TLS among its picks / its picks (all run);
     recall    = TLS among its picks / (that + the TLS it rejected), the rejected TLS estimated
                 from the random fraction: the TLS among rejected pairs run anyway times
                 (rejected pairs) / (rejected pairs run), an unbiased estimate since the random
                 fraction is drawn independently of the model.
   NaN where there is nothing to measure (no model, or no rejected pair ran). */
#include "report/reportimpl.h"

typedef struct {
  int64_t key; /* sample << 32 | candidate */
  PetscBool tls;
} PairTLS;

static int ComparePair(const void *x, const void *y)
{
  const int64_t a = ((const PairTLS *)x)->key, b = ((const PairTLS *)y)->key;
  return (a > b) - (a < b);
}

static int64_t Key(PetscInt sample, PetscInt cand)
{
  return ((int64_t)sample << 32) | (int64_t)(uint32_t)cand;
}

/* Whether /dw row i is a TLS in some unit set. */
static PetscBool RowTLS(const DWCampaignLibraryData *lib, PetscInt i)
{
  for (PetscInt k = 0; k < lib->n_mt; k++) {
    const DWCampaignLibraryQuantum *q = &lib->quantum[k];
    if (q->converged[i] == 1 && q->E[i] < q->kT_Q) return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

/* The NEB of pool row j gave a TLS (pairs: sorted, n entries). */
static PetscBool PoolTLS(const DWCampaignLibraryData *lib, PetscInt j, const PairTLS *pairs,
                         PetscInt n)
{
  PairTLS want = {Key(lib->screen_sample[j], lib->screen_candidate[j]), PETSC_FALSE};
  const PairTLS *hit;

  if (lib->screen_candidate[j] < 0) return PETSC_FALSE;
  hit = bsearch(&want, pairs, (size_t)n, sizeof(PairTLS), ComparePair);
  return (PetscBool)(hit && hit->tls);
}

/* Counts pool row j into s. */
static void Count(DWReportScreen *s, PetscInt flags, PetscBool run, PetscBool tls)
{
  const PetscBool judged = (PetscBool) !(flags & 1), pick = (PetscBool)((flags & 2) != 0);

  s->pool++;
  s->judged += judged;
  s->rejected += judged && !pick;
  if (!run) return;
  s->run++;
  s->warmup += !judged;
  s->model += judged && pick;
  s->random_only += judged && !pick;
  s->added += (flags & 8) != 0;
  s->tls_warmup += tls && !judged;
  s->tls_model += tls && judged && pick;
  s->tls_random_only += tls && judged && !pick;
  s->tls_added += tls && (flags & 8) != 0;
}

PetscErrorCode DWReportScreenCompute(DWReport r)
{
  const DWCampaignLibraryData *lib = &r->lib;
  DWReportScreen *s                = &r->screen;
  PairTLS *pairs;
  PetscInt n = 0;
  PetscReal missed;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(s, sizeof(*s)));
  s->recall = s->precision = NAN;
  if (!lib->n_screen) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(lib->n_dw + 1, &pairs));
  for (PetscInt i = 0; i < lib->n_dw; i++)
    pairs[n++] = (PairTLS){Key(lib->dw_sample[i], lib->dw_candidate[i]), RowTLS(lib, i)};
  qsort(pairs, (size_t)n, sizeof(PairTLS), ComparePair);
  for (PetscInt k = 1; k < n; k++) /* a pair with several double wells: TLS if any is */
    if (pairs[k].key == pairs[k - 1].key)
      pairs[k].tls = pairs[k - 1].tls = (PetscBool)(pairs[k].tls || pairs[k - 1].tls);
  for (PetscInt j = 0; j < lib->n_screen; j++)
    Count(s, lib->screen_flags[j], (PetscBool)(lib->screen_candidate[j] >= 0),
          PoolTLS(lib, j, pairs, n));
  PetscCall(PetscFree(pairs));
  if (s->model) s->precision = (PetscReal)s->tls_model / s->model;
  if (s->random_only || !s->rejected) {
    missed = s->random_only ? (PetscReal)s->tls_random_only * s->rejected / s->random_only : 0;
    if (s->tls_model + missed > 0) s->recall = s->tls_model / (s->tls_model + missed);
  }
  PetscFunctionReturn(0);
}

/* v as text, or `unmeasured` when it is NaN (no pair to count it over) */
static const char *Real(char buf[], size_t len, PetscReal v, const char *unmeasured)
{
  if (PetscIsNanReal(v)) return unmeasured;
  snprintf(buf, len, "%.6g", (double)v);
  return buf;
}

PetscErrorCode DWReportScreenWriteYAML(FILE *fp, DWReport r)
{
  const DWReportScreen *s = &r->screen;
  char rec[32], pre[32];

  PetscFunctionBegin;
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "protocol: %s\n", r->lib.protocol));
  if (!r->lib.n_screen) PetscFunctionReturn(0);
  PetscCall(PetscFPrintf(
      PETSC_COMM_SELF, fp,
      "screen:   # /screen (issue 16): pool pairs, pairs run (NEB) and why, TLS among them "
      "(E < k_B T_Q in some unit set); recall and precision of the model over the pairs it "
      "judged (null: not measured)\n"
      "  pool: %" PetscInt_FMT "\n  run: %" PetscInt_FMT "\n  judged: %" PetscInt_FMT
      "\n  rejected: %" PetscInt_FMT "\n  run_warmup: %" PetscInt_FMT
      "\n  run_model: %" PetscInt_FMT "\n  run_random_only: %" PetscInt_FMT
      "\n  run_added: %" PetscInt_FMT "\n  tls_warmup: %" PetscInt_FMT
      "\n  tls_model: %" PetscInt_FMT "\n  tls_random_only: %" PetscInt_FMT
      "\n  tls_added: %" PetscInt_FMT "\n  recall: %s\n  precision: %s\n",
      s->pool, s->run, s->judged, s->rejected, s->warmup, s->model, s->random_only, s->added,
      s->tls_warmup, s->tls_model, s->tls_random_only, s->tls_added,
      Real(rec, sizeof(rec), s->recall, "null"), Real(pre, sizeof(pre), s->precision, "null")));
  PetscFunctionReturn(0);
}

PetscErrorCode DWReportScreenPrintTable(DWReport r)
{
  const DWReportScreen *s = &r->screen;
  char rec[32], pre[32];

  PetscFunctionBegin;
  if (!r->lib.n_screen) PetscFunctionReturn(0);
  PetscCall(PetscPrintf(
      PETSC_COMM_SELF,
      "#\n# protocol fast: %" PetscInt_FMT " pool pairs, %" PetscInt_FMT " run (%" PetscInt_FMT
      " warm-up, %" PetscInt_FMT " model picks, %" PetscInt_FMT " random only; %" PetscInt_FMT
      " added pairs)\n# TLS: %" PetscInt_FMT " warm-up, %" PetscInt_FMT
      " model picks, %" PetscInt_FMT " random only, %" PetscInt_FMT
      " from added pairs; model recall %s, "
      "precision %s over %" PetscInt_FMT " judged pairs\n",
      s->pool, s->run, s->warmup, s->model, s->random_only, s->added, s->tls_warmup, s->tls_model,
      s->tls_random_only, s->tls_added, Real(rec, sizeof(rec), s->recall, "n/a (no TLS judged)"),
      Real(pre, sizeof(pre), s->precision, "n/a (none picked)"), s->judged));
  PetscFunctionReturn(0);
}
