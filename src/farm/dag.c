/* The DAG of a campaign as the master keeps it (src/farm/farmimpl.h): one slot per task
   (glass(s), explore(s, r), merge(s), neb(s, c)) with its state, failures and the location
   of its record, and one FIFO queue of ready tasks per kind. Dependencies: explore(s, r)
   needs glass(s); merge(s) needs every explore(s, r) settled (done, or given up after
   max_attempts failures: the merge uses the runs that are done); neb(s, c) needs glass(s)
   and merge(s). */
#include "farm/farmimpl.h"

PetscErrorCode DWDagCreate(DWCampaign c, DWDag *dag)
{
  const PetscInt S = DWCampaignSamples(c);

  PetscFunctionBegin;
  PetscCall(PetscMemzero(dag, sizeof(*dag)));
  dag->S            = S;
  dag->max_attempts = c->max_attempts;
  PetscCall(PetscMalloc2(S + 1, &dag->R, S + 1, &dag->run0));
  dag->run0[0] = 0;
  for (PetscInt s = 0; s < S; s++) {
    dag->R[s]        = c->runs[DWCampaignSampleTf(c, s)];
    dag->run0[s + 1] = dag->run0[s] + dag->R[s];
  }
  PetscCall(PetscCalloc3(S, &dag->glass, dag->run0[S], &dag->explore, S, &dag->merge));
  PetscCall(PetscCalloc3(S, &dag->ncand, S, &dag->neb, S, &dag->runs_settled));
  for (PetscInt s = 0; s < S; s++) dag->ncand[s] = -1;
  PetscFunctionReturn(0);
}

PetscErrorCode DWDagDestroy(DWDag *dag)
{
  PetscFunctionBegin;
  for (PetscInt s = 0; s < dag->S; s++) PetscCall(PetscFree(dag->neb[s]));
  PetscCall(PetscFree3(dag->glass, dag->explore, dag->merge));
  PetscCall(PetscFree3(dag->ncand, dag->neb, dag->runs_settled));
  PetscCall(PetscFree2(dag->R, dag->run0));
  for (int k = 0; k < DW_TASK_NKINDS; k++) PetscCall(PetscFree(dag->queue[k].key));
  PetscCall(PetscFree2(dag->given, dag->given_reason));
  PetscCall(PetscMemzero(dag, sizeof(*dag)));
  PetscFunctionReturn(0);
}

/* The slot of a key, or NULL when the key is outside the campaign (a foreign record). */
static DWTaskSlot *Slot(const DWDag *dag, DWTaskKey key)
{
  const PetscInt s = key.sample, i = key.index;

  if (s < 0 || s >= dag->S) return NULL;
  switch (key.kind) {
  case DW_TASK_GLASS:
    return i == 0 ? &dag->glass[s] : NULL;
  case DW_TASK_EXPLORE:
    return (i >= 0 && i < dag->R[s]) ? &dag->explore[dag->run0[s] + i] : NULL;
  case DW_TASK_MERGE:
    return i == 0 ? &dag->merge[s] : NULL;
  case DW_TASK_NEB:
    return (dag->neb[s] && i >= 0 && i < dag->ncand[s]) ? &dag->neb[s][i] : NULL;
  default:
    return NULL;
  }
}

static PetscBool Settled(const DWTaskSlot *t)
{
  return t->state == DW_SLOT_DONE || t->state == DW_SLOT_GAVEUP;
}

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

/* Queues what became ready in sample s. */
static PetscErrorCode Unlock(DWDag *dag, PetscInt s)
{
  PetscFunctionBegin;
  if (dag->glass[s].state == DW_SLOT_PENDING)
    PetscCall(Push(dag, (DWTaskKey){DW_TASK_GLASS, s, 0}));
  if (dag->glass[s].state != DW_SLOT_DONE) PetscFunctionReturn(0);
  for (PetscInt r = 0; r < dag->R[s]; r++) PetscCall(Push(dag, (DWTaskKey){DW_TASK_EXPLORE, s, r}));
  if (dag->runs_settled[s] == dag->R[s]) PetscCall(Push(dag, (DWTaskKey){DW_TASK_MERGE, s, 0}));
  for (PetscInt c = 0; c < dag->ncand[s]; c++) PetscCall(Push(dag, (DWTaskKey){DW_TASK_NEB, s, c}));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetCandidates(DWDag *dag, PetscInt s, PetscInt ncand)
{
  PetscFunctionBegin;
  if (dag->ncand[s] >= 0) PetscFunctionReturn(0);
  dag->ncand[s] = ncand;
  PetscCall(PetscCalloc1(ncand + 1, &dag->neb[s]));
  PetscFunctionReturn(0);
}

static void Settle(DWDag *dag, DWTaskKey key)
{
  if (key.kind == DW_TASK_EXPLORE) dag->runs_settled[key.sample]++;
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
    if (key.kind == DW_TASK_NEB && key.sample >= 0 && key.sample < dag->S &&
        dag->ncand[key.sample] < 0)
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
    if (key.kind == DW_TASK_MERGE) PetscCall(SetCandidates(dag, key.sample, ncand));
  } else {
    dag->failures++;
    if (t->state == DW_SLOT_GAVEUP) PetscFunctionReturn(0);
    t->failures++;
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
  PetscFunctionBegin;
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
  const PetscInt s = o->key.sample;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(dag->R[s] + 2, &o->inputs));
  o->ninputs = 0;
  switch (o->key.kind) {
  case DW_TASK_EXPLORE:
    o->inputs[o->ninputs++] = dag->glass[s].where;
    break;
  case DW_TASK_MERGE:
    for (PetscInt r = 0; r < dag->R[s]; r++)
      if (dag->explore[dag->run0[s] + r].state == DW_SLOT_DONE)
        o->inputs[o->ninputs++] = dag->explore[dag->run0[s] + r].where;
    break;
  case DW_TASK_NEB:
    o->inputs[o->ninputs++] = dag->glass[s].where;
    o->inputs[o->ninputs++] = dag->merge[s].where;
    break;
  default:
    break;
  }
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
  PetscFunctionBegin;
  if (key.sample >= 0 && key.sample < dag->S) PetscCall(Unlock(dag, key.sample));
  PetscFunctionReturn(0);
}

/* Nothing of sample s is left to run: its glass or merge gave up, or every task settled. */
static PetscBool SampleComplete(const DWDag *dag, PetscInt s)
{
  if (dag->glass[s].state == DW_SLOT_GAVEUP) return PETSC_TRUE;
  if (dag->glass[s].state != DW_SLOT_DONE || dag->runs_settled[s] < dag->R[s]) return PETSC_FALSE;
  if (dag->merge[s].state == DW_SLOT_GAVEUP) return PETSC_TRUE;
  if (dag->merge[s].state != DW_SLOT_DONE) return PETSC_FALSE;
  for (PetscInt c = 0; c < dag->ncand[s]; c++)
    if (!Settled(&dag->neb[s][c])) return PETSC_FALSE;
  return PETSC_TRUE;
}

PetscErrorCode DWDagSummarize(const DWDag *dag, DWDagSummary *sum)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(sum, sizeof(*sum)));
  sum->total[DW_TASK_GLASS]   = dag->S;
  sum->total[DW_TASK_EXPLORE] = dag->run0[dag->S];
  sum->total[DW_TASK_MERGE]   = dag->S;
  for (PetscInt s = 0; s < dag->S; s++) {
    sum->total[DW_TASK_NEB] += PetscMax(dag->ncand[s], 0);
    if (dag->glass[s].state != DW_SLOT_GAVEUP) continue;
    sum->blocked[DW_TASK_EXPLORE] += dag->R[s];
    sum->blocked[DW_TASK_MERGE]++;
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
  PetscCall(PetscFPrintf(
      PETSC_COMM_SELF, fp,
      "%s%" PetscInt_FMT " tasks given up after %" PetscInt_FMT
      " failed attempts: glass %" PetscInt_FMT ", explore %" PetscInt_FMT ", merge %" PetscInt_FMT
      ", neb %" PetscInt_FMT "; never run because their glass was given up: explore %" PetscInt_FMT
      ", merge %" PetscInt_FMT "\n",
      prefix, sum.gaveup, dag->max_attempts, dag->gaveup[DW_TASK_GLASS],
      dag->gaveup[DW_TASK_EXPLORE], dag->gaveup[DW_TASK_MERGE], dag->gaveup[DW_TASK_NEB],
      sum.blocked[DW_TASK_EXPLORE], sum.blocked[DW_TASK_MERGE]));
  for (PetscInt k = 0; k < PetscMin(dag->ngiven, shown); k++)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "%s  %s(%d, %d): %s\n", prefix,
                           DWTaskKindName(dag->given[k].kind), (int)dag->given[k].sample,
                           (int)dag->given[k].index, dag->given_reason[k]));
  if (dag->ngiven > shown)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "%s  ... and %" PetscInt_FMT " more\n", prefix,
                           dag->ngiven - shown));
  PetscFunctionReturn(0);
}
