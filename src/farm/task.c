/* Tasks of a campaign (include/dwell/campaign.h): their ids and seeds, and the execution of
   one task on a worker: read the inputs from the shards, run the stage, and turn whatever
   goes wrong inside it into a recorded failure with its reason. */
#include "farm/stage.h"
#include <dwell/rng.h>

const char *DWTaskKindName(int kind)
{
  return DWStageGet(kind) ? DWStageGet(kind)->name : "unknown";
}

/* SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijective mixer of 64 bits. */
static uint64_t Mix(uint64_t z)
{
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t DWTaskId(DWCampaign c, DWTaskKey key)
{
  uint64_t h = Mix(c->identity_hash);
  h          = Mix(h ^ (uint64_t)key.kind);
  h          = Mix(h ^ ((uint64_t)(uint32_t)key.sample << 20));
  return Mix(h ^ (uint64_t)(uint32_t)key.index);
}

PetscInt DWTaskGlassSeed(DWCampaign c, PetscInt sample)
{
  uint64_t h = Mix(Mix((uint64_t)c->seed ^ ((uint64_t)DW_STAGE_GLASS << 56)) ^ (uint64_t)sample);
  return (PetscInt)(h & 0x7fffffffULL);
}

PetscErrorCode DWTaskPackKey(DWPack *p, DWTaskKey key)
{
  PetscFunctionBegin;
  PetscCall(DWPackInt(p, key.kind));
  PetscCall(DWPackInt(p, key.sample));
  PetscCall(DWPackInt(p, key.index));
  PetscFunctionReturn(0);
}

PetscErrorCode DWTaskUnpackKey(DWUnpack *u, DWTaskKey *key)
{
  int64_t v[3];

  PetscFunctionBegin;
  for (int k = 0; k < 3; k++) PetscCall(DWUnpackInt(u, &v[k]));
  key->kind   = (int32_t)v[0];
  key->sample = (int32_t)v[1];
  key->index  = (int32_t)v[2];
  PetscFunctionReturn(0);
}

/* Reads the input records of an order into payload buffers (the caller frees each). */
static PetscErrorCode ReadInputs(DWCampaign c, const DWTaskOrder *o, unsigned char **buf,
                                 DWUnpack in[])
{
  DWShardRecord rec;
  PetscBool ok;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < o->ninputs; k++) {
    PetscCall(DWShardReadRecord(c->shards, o->inputs[k], &rec, &buf[k], &ok));
    PetscCheck(ok, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "input record of %s task (sample %d) at shard %d offset %lld no longer checks",
               DWTaskKindName(o->key.kind), (int)o->key.sample, (int)o->inputs[k].shard,
               (long long)o->inputs[k].offset);
    DWUnpackInit(&in[k], buf[k], rec.length);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Dispatch(DWCampaign c, const DWTaskOrder *o, DWPack *out, PetscBool *failed,
                               char reason[], size_t len)
{
  unsigned char **buf;
  DWUnpack *in;
  DWTaskKey ikey;

  PetscFunctionBegin;
  PetscCall(PetscCalloc2(o->ninputs + 1, &buf, o->ninputs + 1, &in));
  PetscCall(ReadInputs(c, o, buf, in));
  /* every payload starts with its task's key: step over it to the stage's data */
  for (PetscInt k = 0; k < o->ninputs; k++) PetscCall(DWTaskUnpackKey(&in[k], &ikey));
  PetscCall(DWTaskPackKey(out, o->key));
  PetscCheck(DWStageGet(o->key.kind), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "unknown task kind %d", (int)o->key.kind);
  PetscCall(DWStageGet(o->key.kind)->run(c, o, in, out, failed, reason, len));
  for (PetscInt k = 0; k < o->ninputs; k++) PetscCall(PetscFree(buf[k]));
  PetscCall(PetscFree2(buf, in));
  PetscFunctionReturn(0);
}

/* The first message of an error raised inside a task, kept for its failure record. */
static char task_error[192];

static PetscErrorCode KeepErrorMessage(MPI_Comm comm, int line, const char *func, const char *file,
                                       PetscErrorCode n, PetscErrorType p, const char *mess,
                                       void *ctx)
{
  if (p == PETSC_ERROR_INITIAL) {
    snprintf(task_error, sizeof(task_error), "%s (%s)", mess ? mess : "", func ? func : "");
  }
  return n;
}

PetscBool DWTaskFailureIsFinal(DWTaskKey key, const char reason[])
{
  const DWStageOps *stage = DWStageGet(key.kind);
  const size_t n          = sizeof(DW_TASK_ERROR_PREFIX) - 1;

  return (PetscBool)(stage && stage->final_failures && reason &&
                     strncmp(reason, DW_TASK_ERROR_PREFIX, n) != 0);
}

PetscErrorCode DWTaskExecute(DWCampaign c, const DWTaskOrder *o, DWPack *payload, int *status,
                             char reason[], size_t len)
{
  PetscErrorCode ierr;
  PetscBool failed = PETSC_FALSE;

  PetscFunctionBegin;
  reason[0]     = 0;
  task_error[0] = 0;
  payload->len  = 0;
  PetscCall(PetscPushErrorHandler(KeepErrorMessage, NULL));
  ierr = Dispatch(c, o, payload, &failed, reason, len);
  PetscCall(PetscPopErrorHandler());
  if (ierr == DW_ERR_INTERRUPTED) {
    *status = DW_TASK_ABANDONED;
    PetscFunctionReturn(0);
  }
  if (ierr) {
    PetscCall(PetscSNPrintf(reason, len, DW_TASK_ERROR_PREFIX "%d: %s", (int)ierr, task_error));
    failed = PETSC_TRUE;
  }
  *status = failed ? DW_SHARD_FAILED : DW_SHARD_DONE;
  if (failed) {
    payload->len = 0;
    PetscCall(DWTaskPackKey(payload, o->key));
    PetscCall(DWPackInt(payload, o->attempt));
    PetscCall(DWPackString(payload, reason));
  }
  PetscFunctionReturn(0);
}
