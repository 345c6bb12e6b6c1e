/* Rebuilding the DAG of a campaign from its shards at a (re)start: every record that checks
   is applied, whatever shard holds it; merges before the NEB tasks they create. A record
   whose id is not the hash of its key under this campaign's identity (a shard of another
   campaign copied in) is counted and ignored. */
#include "farm/farmimpl.h"

typedef struct {
  DWTaskKey key;
  int status;
  PetscInt ncand;
  DWShardLocation where;
} Entry;

typedef struct {
  DWCampaign c;
  PetscInt n, cap, foreign;
  Entry *e;
} Collected;

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
  if (e.key.kind == DW_TASK_MERGE && rec->status == DW_SHARD_DONE)
    PetscCall(DWUnpackInt(&u, &ncand));
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
  Collected col = {c, 0, 0, 0, NULL};
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
        PetscCall(DWDagRecord(dag, col.e[k].key, col.e[k].status, col.e[k].where, col.e[k].ncand));
  dag->foreign += col.foreign;
  PetscCall(PetscFree(col.e));
  PetscCall(PetscFree(shards));
  PetscFunctionReturn(0);
}
