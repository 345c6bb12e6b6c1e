/* Rebuilding the DAG of a campaign from its shards at a (re)start: every record that checks
   is applied, whatever shard holds it; merges before the NEB tasks they create. A record
   whose id is not the hash of its key under this campaign's identity (a shard of another
   campaign copied in) is counted and ignored. A failure record brings its reason (for the
   summary of tasks given up); with -campaign_retry_failed failure records are left out, so
   that tasks given up in earlier runs get their attempts again. */
#include "farm/stage.h"

typedef struct {
  DWTaskKey key;
  int status;
  PetscInt ncand, reason; /* reason: index into Collected.reason of a failure, else -1 */
  DWShardLocation where;
} Entry;

typedef struct {
  DWCampaign c;
  PetscInt n, cap, foreign, nreason;
  Entry *e;
  char (*reason)[DW_REASON_LEN];
} Collected;

/* The reason of a failure record (after its key): attempt, then the reason string. */
static PetscErrorCode KeepReason(Collected *col, DWUnpack *u, Entry *e)
{
  int64_t attempt;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscRealloc(sizeof(*col->reason) * (size_t)(col->nreason + 1), &col->reason));
  e->reason = col->nreason++;
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = DWUnpackInt(u, &attempt);
  if (!ierr) ierr = DWUnpackString(u, col->reason[e->reason], DW_REASON_LEN);
  PetscCall(PetscPopErrorHandler());
  if (ierr) PetscCall(PetscStrncpy(col->reason[e->reason], "(unreadable reason)", DW_REASON_LEN));
  PetscFunctionReturn(0);
}

static PetscErrorCode Collect(void *ctx, const DWShardRecord *rec)
{
  Collected *col = (Collected *)ctx;
  DWUnpack u;
  Entry e;
  int64_t ncand = 0;

  PetscFunctionBegin;
  DWUnpackInit(&u, rec->payload, rec->length);
  PetscCall(DWTaskUnpackKey(&u, &e.key));
  if (DWTaskId(col->c, e.key) != rec->task) {
    col->foreign++;
    PetscFunctionReturn(0);
  }
  if (rec->status == DW_SHARD_FAILED && col->c->retry_failed) PetscFunctionReturn(0);
  e.reason = -1;
  if (DWStageGet(e.key.kind) && DWStageGet(e.key.kind)->dag->children &&
      rec->status == DW_SHARD_DONE)
    PetscCall(DWStageGet(e.key.kind)->dag->children(&u, &ncand));
  if (rec->status == DW_SHARD_FAILED) PetscCall(KeepReason(col, &u, &e));
  e.status = (int)rec->status;
  e.ncand  = (PetscInt)ncand;
  e.where  = rec->where;
  if (col->n == col->cap) {
    col->cap = PetscMax(256, 2 * col->cap);
    PetscCall(PetscRealloc(sizeof(Entry) * (size_t)col->cap, &col->e));
  }
  col->e[col->n++] = e;
  PetscFunctionReturn(0);
}

PetscErrorCode DWDagReadShards(DWCampaign c, DWDag *dag, DWShardScanInfo *sum)
{
  Collected col = {c, 0, 0, 0, 0, NULL, NULL};
  PetscInt nshards;
  int *shards;
  char path[PETSC_MAX_PATH_LEN + 64];
  DWShardScanInfo info;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(sum, sizeof(*sum)));
  PetscCall(DWShardList(c->shards, &nshards, &shards));
  for (PetscInt k = 0; k < nshards; k++) {
    PetscCall(DWShardPath(c->shards, shards[k], path, sizeof(path)));
    PetscCall(DWShardScan(path, shards[k], Collect, &col, &info));
    sum->good += info.good;
    sum->corrupt += info.corrupt;
    sum->torn += info.torn;
    sum->file_size += info.file_size;
  }
  for (int kind = 1; kind < DW_TASK_NKINDS; kind++)
    for (PetscInt k = 0; k < col.n; k++)
      if (col.e[k].key.kind == kind)
        PetscCall(DWDagRecord(dag, col.e[k].key, col.e[k].status, col.e[k].where, col.e[k].ncand,
                              col.e[k].reason >= 0 ? col.reason[col.e[k].reason] : NULL));
  dag->foreign += col.foreign;
  PetscCall(PetscFree(col.e));
  PetscCall(PetscFree(col.reason));
  PetscCall(PetscFree(shards));
  PetscFunctionReturn(0);
}
