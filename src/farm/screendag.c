/* The rounds of the fast protocol in the master's DAG (issue 16; farmimpl.h, DWScreenPlan).
   Samples are taken in rounds: round 0 is the first `warmup` samples, round g > 0 the
   `round` samples from warmup + (g - 1) round on. The merge of a sample of round g > 0
   trains the pre-screen on the NEBs of the last `train_samples` samples before its round, so
   it waits until every NEB before its round is settled (done, given up, or never to run
   because their glass or merge was given up): its training set is then the same whatever the
   number of ranks, the order in which results arrived, or how often the job was killed. The
   samples' glasses and explorations are not held back: only the merges (and the NEBs they
   create) wait. The window bounds the merge task's memory: it reads every training record at
   once (~0.1 MB per NEB record at N = 1500). */
#include "farm/stage.h"

PetscInt DWScreenRound(const DWScreenPlan *p, PetscInt s)
{
  if (p->protocol != DW_PROTOCOL_FAST || s < p->warmup) return 0;
  return 1 + (s - p->warmup) / p->round;
}

PetscInt DWScreenRoundStart(const DWScreenPlan *p, PetscInt g)
{
  return g == 0 ? 0 : p->warmup + (g - 1) * p->round;
}

/* Every NEB of sample t is settled, or none will ever run. */
static PetscBool NEBsSettled(const DWDag *dag, PetscInt t)
{
  const DWTaskSlot *glass = &dag->slot[DW_TASK_GLASS][t][0];
  const DWTaskSlot *merge = &dag->slot[DW_TASK_MERGE][t][0];

  if (glass->state == DW_SLOT_GAVEUP || merge->state == DW_SLOT_GAVEUP) return PETSC_TRUE;
  return (PetscBool)(merge->state == DW_SLOT_DONE && dag->ncand[t] >= 0 &&
                     dag->settled[DW_TASK_NEB][t] == dag->ncand[t]);
}

PetscBool DWDagScreenReady(const DWDag *dag, PetscInt s)
{
  const DWScreenPlan *p = &dag->screen;
  return (PetscBool)(dag->screen_prefix >= DWScreenRoundStart(p, DWScreenRound(p, s)));
}

PetscErrorCode DWDagScreenAdvance(DWDag *dag, PetscInt *from)
{
  PetscFunctionBegin;
  *from = dag->screen_prefix;
  if (dag->screen.protocol != DW_PROTOCOL_FAST) PetscFunctionReturn(0);
  while (dag->screen_prefix < dag->S && NEBsSettled(dag, dag->screen_prefix)) dag->screen_prefix++;
  PetscFunctionReturn(0);
}

/* The done merges of the samples t_begin .. t_end - 1 and their done NEBs: counted when out is
   NULL. */
static PetscInt TrainingRecords(const DWDag *dag, PetscInt t_begin, PetscInt t_end,
                                DWShardLocation *out)
{
  PetscInt n = 0;

  for (PetscInt t = t_begin; t < t_end; t++) {
    const DWTaskSlot *merge = &dag->slot[DW_TASK_MERGE][t][0];
    if (merge->state != DW_SLOT_DONE) continue;
    if (out) out[n] = merge->where;
    n++;
    for (PetscInt c = 0; c < dag->ncand[t]; c++) {
      const DWTaskSlot *neb = &dag->slot[DW_TASK_NEB][t][c];
      if (neb->state != DW_SLOT_DONE) continue;
      if (out) out[n] = neb->where;
      n++;
    }
  }
  return n;
}

PetscErrorCode DWDagScreenInputs(const DWDag *dag, DWTaskOrder *o)
{
  const DWScreenPlan *p = &dag->screen;
  PetscInt t_begin, t_end, n;

  PetscFunctionBegin;
  if (p->protocol != DW_PROTOCOL_FAST) PetscFunctionReturn(0);
  t_end   = DWScreenRoundStart(p, DWScreenRound(p, o->key.sample));
  t_begin = PetscMax(0, t_end - p->train_samples);
  n       = TrainingRecords(dag, t_begin, t_end, NULL);
  PetscCall(PetscRealloc(sizeof(DWShardLocation) * (size_t)(o->ninputs + n + 1), &o->inputs));
  o->ninputs += TrainingRecords(dag, t_begin, t_end, o->inputs + o->ninputs);
  PetscFunctionReturn(0);
}
