/* The DAG of a campaign as the master keeps it (src/farm/farmimpl.h): one slot per task
   (glass(s), explore(s, r), merge(s), neb(s, c)) with its state, failures and the location
   of its record, and one FIFO queue of ready tasks per kind. Dependencies: explore(s, r)
   needs glass(s); merge(s) needs every explore(s, r) settled (done, or given up after
   max_attempts failures: the merge uses the runs that are done); neb(s, c) needs glass(s)
   and merge(s). */
#include "farm/stage.h"

/* The slots of the tasks of sample s of stage k, once their number is known. */
static PetscErrorCode EnsureSlots(DWDag *dag, int k, PetscInt s)
{
  const PetscInt n = dag->on[k] ? DWStageGet(k)->dag->count(dag, s) : 0;

  PetscFunctionBegin;
  if (!dag->slot[k][s] && n >= 0) PetscCall(PetscCalloc1(n + 1, &dag->slot[k][s]));
  PetscFunctionReturn(0);
}

PetscErrorCode DWDagCreate(DWCampaign c, DWDag *dag)
{
  const PetscInt S = DWCampaignSamples(c);

  PetscFunctionBegin;
  PetscCall(PetscMemzero(dag, sizeof(*dag)));
  dag->S            = S;
  dag->max_attempts = c->max_attempts;
  dag->pull_modes   = c->pull_modes;
  dag->screen       = c->screen;
  PetscCall(PetscMalloc2(S + 1, &dag->R, S + 1, &dag->ncand));
  for (PetscInt s = 0; s < S; s++) {
    dag->R[s]     = c->runs[DWCampaignSampleTf(c, s)];
    dag->ncand[s] = -1;
  }
  for (int k = 1; k < DW_TASK_NKINDS; k++) {
    dag->on[k] = DWStageEnabled(c, k);
    PetscCall(PetscCalloc2(S + 1, &dag->slot[k], S + 1, &dag->settled[k]));
    for (PetscInt s = 0; s < S; s++) PetscCall(EnsureSlots(dag, k, s));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWDagDestroy(DWDag *dag)
{
  PetscFunctionBegin;
  for (int k = 1; k < DW_TASK_NKINDS; k++) {
    for (PetscInt s = 0; s < dag->S && dag->slot[k]; s++) PetscCall(PetscFree(dag->slot[k][s]));
    PetscCall(PetscFree2(dag->slot[k], dag->settled[k]));
  }
  PetscCall(PetscFree2(dag->R, dag->ncand));
  for (int k = 0; k < DW_TASK_NKINDS; k++) PetscCall(PetscFree(dag->queue[k].key));
  PetscCall(PetscFree2(dag->given, dag->given_reason));
  PetscCall(PetscMemzero(dag, sizeof(*dag)));
  PetscFunctionReturn(0);
}

/* The number of tasks of stage k in sample s (-1: not known yet). */
static PetscInt Count(const DWDag *dag, int k, PetscInt s)
{
  return dag->on[k] ? DWStageGet(k)->dag->count(dag, s) : 0;
}

/* The slot of a key, or NULL when the key is outside the campaign (a foreign record). */
static DWTaskSlot *Slot(const DWDag *dag, DWTaskKey key)
{
  const PetscInt s = key.sample, i = key.index;

  if (key.kind < 1 || key.kind >= DW_TASK_NKINDS || s < 0 || s >= dag->S) return NULL;
  return (dag->slot[key.kind][s] && i >= 0 && i < Count(dag, key.kind, s))
             ? &dag->slot[key.kind][s][i]
             : NULL;
}

PetscBool DWSlotSettled(const DWTaskSlot *t)
{
  return t->state == DW_SLOT_DONE || t->state == DW_SLOT_GAVEUP;
}

/* ------------------------------------------------- the DAG ops of the stages of issue 7 */
static PetscInt CountOne(const DWDag *dag, PetscInt s)
{
  return 1;
}

static PetscInt CountRuns(const DWDag *dag, PetscInt s)
{
  return dag->R[s];
}

static PetscInt CountCandidates(const DWDag *dag, PetscInt s)
{
  return dag->ncand[s];
}

static PetscBool Always(const DWDag *dag, PetscInt s)
{
  return PETSC_TRUE;
}

static PetscBool GlassDone(const DWDag *dag, PetscInt s)
{
  return (PetscBool)(dag->slot[DW_TASK_GLASS][s][0].state == DW_SLOT_DONE);
}

static PetscBool RunsSettled(const DWDag *dag, PetscInt s)
{
  return (PetscBool)(GlassDone(dag, s) && dag->settled[DW_TASK_EXPLORE][s] == dag->R[s]);
}

/* Under the fast protocol the merge also waits for the NEBs of the rounds before its own. */
static PetscBool MergeReady(const DWDag *dag, PetscInt s)
{
  return (PetscBool)(RunsSettled(dag, s) && DWDagScreenReady(dag, s));
}

static PetscErrorCode InputGlass(const DWDag *dag, DWTaskOrder *o)
{
  PetscFunctionBegin;
  o->inputs[o->ninputs++] = dag->slot[DW_TASK_GLASS][o->key.sample][0].where;
  PetscFunctionReturn(0);
}

static PetscErrorCode InputRuns(const DWDag *dag, DWTaskOrder *o)
{
  const DWTaskSlot *run = dag->slot[DW_TASK_EXPLORE][o->key.sample];

  PetscFunctionBegin;
  for (PetscInt r = 0; r < dag->R[o->key.sample]; r++)
    if (run[r].state == DW_SLOT_DONE) o->inputs[o->ninputs++] = run[r].where;
  PetscFunctionReturn(0);
}

static PetscErrorCode InputMerge(const DWDag *dag, DWTaskOrder *o)
{
  PetscFunctionBegin;
  PetscCall(InputRuns(dag, o));
  PetscCall(DWDagScreenInputs(dag, o));
  PetscFunctionReturn(0);
}

static PetscErrorCode InputGlassMerge(const DWDag *dag, DWTaskOrder *o)
{
  PetscFunctionBegin;
  PetscCall(InputGlass(dag, o));
  o->inputs[o->ninputs++] = dag->slot[DW_TASK_MERGE][o->key.sample][0].where;
  PetscFunctionReturn(0);
}

static PetscErrorCode SetCandidates(DWDag *dag, DWTaskKey key, PetscInt ncand)
{
  PetscFunctionBegin;
  if (dag->ncand[key.sample] < 0) dag->ncand[key.sample] = ncand;
  PetscFunctionReturn(0);
}

/* The candidate count comes first after the key of a merge payload. */
static PetscErrorCode MergeCandidates(DWUnpack *u, int64_t *n)
{
  PetscFunctionBegin;
  PetscCall(DWUnpackInt(u, n));
  PetscFunctionReturn(0);
}

const DWStageDagOps DWDagGlassOps   = {CountOne, Always, NULL, NULL, NULL};
const DWStageDagOps DWDagExploreOps = {CountRuns, GlassDone, InputGlass, NULL, NULL};
const DWStageDagOps DWDagMergeOps   = {CountOne, MergeReady, InputMerge, SetCandidates,
                                       MergeCandidates};
const DWStageDagOps DWDagNEBOps     = {CountCandidates, GlassDone, InputGlassMerge, NULL, NULL};

/* ------------------------------------------------------------------------ the DAG itself */
static PetscErrorCode Push(DWDag *dag, DWTaskKey key)
{
  DWTaskQueue *q = &dag->queue[key.kind];
  DWTaskSlot *t  = Slot(dag, key);

  PetscFunctionBegin;
  if (!t || t->state != DW_SLOT_PENDING) PetscFunctionReturn(0);
  if (q->head > 0 && q->head == q->n) q->head = q->n = 0;
  if (q->n == q->cap) {
    q->cap = PetscMax(64, 2 * q->cap);
    PetscCall(PetscRealloc(sizeof(DWTaskKey) * (size_t)q->cap, &q->key));
  }
  q->key[q->n++] = key;
  t->state       = DW_SLOT_QUEUED;
  PetscFunctionReturn(0);
}

/* Queues what became ready in sample s: the tasks of every stage whose inputs are settled. */
static PetscErrorCode Unlock(DWDag *dag, PetscInt s)
{
  PetscFunctionBegin;
  for (int k = 1; k < DW_TASK_NKINDS; k++) {
    if (!dag->on[k] || !DWStageGet(k)->dag->ready(dag, s)) continue;
    for (PetscInt i = 0; i < Count(dag, k, s); i++) PetscCall(Push(dag, (DWTaskKey){k, s, i}));
  }
  PetscFunctionReturn(0);
}

static void Settle(DWDag *dag, DWTaskKey key)
{
  dag->settled[key.kind][key.sample]++;
}

/* A task given up: kept with the reason of its last failure for the summaries. */
static PetscErrorCode GiveUp(DWDag *dag, DWTaskKey key, const char reason[])
{
  DWTaskKey *k;
  char(*r)[DW_REASON_LEN];

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(dag->ngiven + 1, &k, dag->ngiven + 1, &r));
  if (dag->ngiven) {
    PetscCall(PetscArraycpy(k, dag->given, dag->ngiven));
    PetscCall(PetscArraycpy(r, dag->given_reason, dag->ngiven));
  }
  PetscCall(PetscFree2(dag->given, dag->given_reason));
  dag->given        = k;
  dag->given_reason = r;
  k[dag->ngiven]    = key;
  PetscCall(PetscStrncpy(r[dag->ngiven++], reason && reason[0] ? reason : "(no reason recorded)",
                         DW_REASON_LEN));
  PetscFunctionReturn(0);
}

/* A task given up that is done after all (a later attempt, e.g. with more attempts allowed). */
static void Forgive(DWDag *dag, DWTaskKey key)
{
  PetscInt n = 0;

  for (PetscInt k = 0; k < dag->ngiven; k++) {
    const DWTaskKey g = dag->given[k];
    if (g.kind == key.kind && g.sample == key.sample && g.index == key.index) continue;
    dag->given[n] = g;
    memmove(dag->given_reason[n++], dag->given_reason[k], DW_REASON_LEN);
  }
  dag->ngiven = n;
}

PetscErrorCode DWDagRecord(DWDag *dag, DWTaskKey key, int status, DWShardLocation where,
                           PetscInt ncand, const char reason[])
{
  DWTaskSlot *t = Slot(dag, key);

  PetscFunctionBegin;
  if (!t) { /* a neb record whose merge record was lost (corrupt) is redone after the merge */
    if (key.kind >= 1 && key.kind < DW_TASK_NKINDS && key.sample >= 0 && key.sample < dag->S &&
        Count(dag, key.kind, key.sample) < 0)
      dag->orphans++;
    else
      dag->foreign++;
    PetscFunctionReturn(0);
  }
  if (t->state == DW_SLOT_RUNNING) dag->running[key.kind]--;
  if (t->state == DW_SLOT_DONE) {
    dag->duplicates++;
    PetscFunctionReturn(0);
  }
  if (status == DW_SHARD_DONE) {
    if (t->state == DW_SLOT_GAVEUP) {
      dag->gaveup[key.kind]--;
      Forgive(dag, key);
    } else
      Settle(dag, key);
    t->state = DW_SLOT_DONE;
    t->where = where;
    dag->done[key.kind]++;
    if (DWStageGet(key.kind)->dag->recorded)
      PetscCall(DWStageGet(key.kind)->dag->recorded(dag, key, ncand));
    for (int k = key.kind + 1; k < DW_TASK_NKINDS; k++) PetscCall(EnsureSlots(dag, k, key.sample));
  } else {
    dag->failures++;
    if (t->state == DW_SLOT_GAVEUP) PetscFunctionReturn(0);
    t->failures++;
    if (DWTaskFailureIsFinal(key, reason))
      t->failures = (int8_t)PetscMax(t->failures, dag->max_attempts);
    t->state = t->failures >= dag->max_attempts ? DW_SLOT_GAVEUP : DW_SLOT_PENDING;
    if (t->state == DW_SLOT_GAVEUP) {
      dag->gaveup[key.kind]++;
      Settle(dag, key);
      PetscCall(GiveUp(dag, key, reason));
    }
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWDagSeed(DWDag *dag)
{
  PetscInt from;

  PetscFunctionBegin;
  PetscCall(DWDagScreenAdvance(dag, &from));
  for (PetscInt s = 0; s < dag->S; s++) PetscCall(Unlock(dag, s));
  PetscFunctionReturn(0);
}

PetscErrorCode DWDagRequeue(DWDag *dag, DWTaskKey key)
{
  DWTaskSlot *t = Slot(dag, key);

  PetscFunctionBegin;
  if (t && t->state == DW_SLOT_RUNNING) {
    dag->running[key.kind]--;
    t->state = DW_SLOT_PENDING;
  }
  PetscFunctionReturn(0);
}

PetscBool DWDagReady(const DWDag *dag)
{
  for (int kind = 1; kind < DW_TASK_NKINDS; kind++) {
    const DWTaskQueue *q = &dag->queue[kind];
    for (PetscInt k = q->head; k < q->n; k++) {
      const DWTaskSlot *t = Slot(dag, q->key[k]);
      if (t && t->state == DW_SLOT_QUEUED) return PETSC_TRUE;
    }
  }
  return PETSC_FALSE;
}

/* The input locations of a task (see the header). */
static PetscErrorCode Inputs(const DWDag *dag, DWTaskOrder *o)
{
  const DWStageDagOps *ops = DWStageGet(o->key.kind)->dag;
  PetscInt n               = 2;

  PetscFunctionBegin;
  for (int k = 1; k < o->key.kind; k++) n += PetscMax(Count(dag, k, o->key.sample), 0);
  PetscCall(PetscMalloc1(n, &o->inputs));
  o->ninputs = 0;
  if (ops->inputs) PetscCall(ops->inputs(dag, o));
  PetscFunctionReturn(0);
}

PetscErrorCode DWDagNext(DWDag *dag, DWTaskOrder *o, PetscBool *found)
{
  PetscFunctionBegin;
  *found = PETSC_FALSE;
  for (int kind = DW_TASK_NKINDS - 1; kind > 0 && !*found; kind--) {
    DWTaskQueue *q = &dag->queue[kind];
    while (q->head < q->n && !*found) {
      DWTaskKey key = q->key[q->head++];
      DWTaskSlot *t = Slot(dag, key);
      if (!t || t->state != DW_SLOT_QUEUED) continue;
      t->state = DW_SLOT_RUNNING;
      dag->running[kind]++;
      o->key     = key;
      o->attempt = t->failures + 1;
      PetscCall(Inputs(dag, o));
      *found = PETSC_TRUE;
    }
  }
  PetscFunctionReturn(0);
}

/* After a report: the sample's newly ready tasks, and the failed task again if it may retry. */
PetscErrorCode DWDagAfterReport(DWDag *dag, DWTaskKey key)
{
  PetscInt from;

  PetscFunctionBegin;
  if (key.sample >= 0 && key.sample < dag->S) PetscCall(Unlock(dag, key.sample));
  PetscCall(DWDagScreenAdvance(dag, &from));
  for (PetscInt s = from; s < dag->S && from < dag->screen_prefix; s++)
    if (MergeReady(dag, s)) PetscCall(Push(dag, (DWTaskKey){DW_TASK_MERGE, s, 0}));
  PetscFunctionReturn(0);
}

/* Nothing of sample s is left to run: a task of a blocking stage (glass, merge) gave up, or
   every task settled. */
static PetscBool SampleComplete(const DWDag *dag, PetscInt s)
{
  for (int k = 1; k < DW_TASK_NKINDS; k++) {
    const PetscInt n = Count(dag, k, s);
    PetscBool gaveup = PETSC_FALSE;
    if (n < 0) return PETSC_FALSE;
    for (PetscInt i = 0; i < n; i++) {
      if (!DWSlotSettled(&dag->slot[k][s][i])) return PETSC_FALSE;
      gaveup = (PetscBool)(gaveup || dag->slot[k][s][i].state == DW_SLOT_GAVEUP);
    }
    if (gaveup && DWStageGet(k)->blocks) return PETSC_TRUE;
  }
  return PETSC_TRUE;
}

/* Tasks of sample s that will never run: those of the stages after its glass, given up. */
static void Blocked(const DWDag *dag, PetscInt s, PetscInt blocked[])
{
  if (dag->slot[DW_TASK_GLASS][s][0].state != DW_SLOT_GAVEUP) return;
  for (int k = DW_TASK_GLASS + 1; k < DW_TASK_NKINDS; k++)
    blocked[k] += PetscMax(Count(dag, k, s), 0);
}

PetscErrorCode DWDagSummarize(const DWDag *dag, DWDagSummary *sum)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(sum, sizeof(*sum)));
  for (PetscInt s = 0; s < dag->S; s++) {
    for (int k = 1; k < DW_TASK_NKINDS; k++) sum->total[k] += PetscMax(Count(dag, k, s), 0);
    Blocked(dag, s, sum->blocked);
  }
  for (int k = 1; k < DW_TASK_NKINDS; k++) sum->gaveup += dag->gaveup[k];
  sum->finished = PETSC_TRUE;
  for (PetscInt s = 0; s < dag->S && sum->finished; s++) sum->finished = SampleComplete(dag, s);
  sum->complete = (PetscBool)(sum->finished && !sum->gaveup);
  PetscFunctionReturn(0);
}

PetscErrorCode DWDagPrintFailures(const DWDag *dag, FILE *fp, const char prefix[])
{
  DWDagSummary sum;
  const PetscInt shown = 10;

  PetscFunctionBegin;
  PetscCall(DWDagSummarize(dag, &sum));
  if (!sum.gaveup) PetscFunctionReturn(0);
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "%s%" PetscInt_FMT " tasks given up (errors after %" PetscInt_FMT
                         " attempts, NEBs not converged at once):",
                         prefix, sum.gaveup, dag->max_attempts));
  for (int k = 1; k < DW_TASK_NKINDS; k++)
    if (dag->on[k])
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "%s %s %" PetscInt_FMT, k > 1 ? "," : "",
                             DWTaskKindName(k), dag->gaveup[k]));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "; never run because their glass was given up:"));
  for (int k = DW_TASK_GLASS + 1; k < DW_TASK_NKINDS; k++)
    if (dag->on[k])
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "%s %s %" PetscInt_FMT,
                             k > DW_TASK_GLASS + 1 ? "," : "", DWTaskKindName(k), sum.blocked[k]));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\n"));
  for (PetscInt k = 0; k < PetscMin(dag->ngiven, shown); k++)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "%s  %s(%d, %d): %s\n", prefix,
                           DWTaskKindName(dag->given[k].kind), (int)dag->given[k].sample,
                           (int)dag->given[k].index, dag->given_reason[k]));
  if (dag->ngiven > shown)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "%s  ... and %" PetscInt_FMT " more\n", prefix,
                           dag->ngiven - shown));
  PetscFunctionReturn(0);
}
