/* Collect, part 1: reading the shards (rank r reads shards r, r + P, ...), gathering the keys
   of all records, choosing the winner of each task (its first done record by shard and
   offset: records of one task are identical, so any choice gives the same library) and
   laying out the tables (src/farm/collect.h). Whatever could make one rank fail alone in
   the writing (a payload that does not unpack, a glass of another N, a path of another
   number of images, a neb record whose merge record was lost to corruption) is found here,
   reported and left out, so the ranks write together or not at all. */
#include "farm/stage.h"
#include <dwell/library.h>
#include <dwell/neb.h>
#include <string.h>

typedef struct {
  DWCollection *col;
  PetscInt n, cap, unreadable;
  DWCollectEntry *e;
} Reader;

static PetscErrorCode AddEntry(Reader *r, const DWCollectEntry *e)
{
  PetscFunctionBegin;
  if (r->n == r->cap) {
    r->cap = PetscMax(256, 2 * r->cap);
    PetscCall(PetscRealloc(sizeof(DWCollectEntry) * (size_t)r->cap, &r->e));
  }
  r->e[r->n++] = *e;
  PetscFunctionReturn(0);
}

/* The glass of a done glass record, kept when it has the campaign's N (*ok). */
static PetscErrorCode KeepGlass(DWCollection *col, DWCollectEntry *e, DWUnpack *u, PetscBool *ok)
{
  DWSystem sys = NULL;
  DWGlassSummary g;
  DWCollectGlass k;
  PetscInt *species;
  PetscReal *x, *diameter;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&k, sizeof(k)));
  PetscCall(DWPayloadUnpackGlass(u, &sys, &g));
  PetscCall(DWSystemGetSize(sys, &k.N));
  *ok = (PetscBool)(k.N == col->N);
  if (*ok) {
    e->g[0] = (double)g.equilibrated;
    e->g[1] = (double)g.blocks;
    e->g[2] = g.tau_alpha;
    e->g[3] = g.U_equilibrated;
    e->g[4] = g.U_glass;
    e->g[5] = g.T_glass;
    k.e     = *e;
    PetscCall(DWSystemGetSpecies(sys, &species));
    PetscCall(DWSystemGetDiameters(sys, &diameter));
    PetscCall(DWSystemGetPositions(sys, &x));
    PetscCall(DWSystemGetBox(sys, &k.L));
    PetscCall(PetscMalloc2(k.N, &k.species, 3 * k.N, &k.x));
    PetscCall(PetscArraycpy(k.species, species, k.N));
    PetscCall(PetscArraycpy(k.x, x, 3 * k.N));
    if (diameter) {
      PetscCall(PetscMalloc1(k.N, &k.diameter));
      PetscCall(PetscArraycpy(k.diameter, diameter, k.N));
    }
    PetscCall(PetscRealloc(sizeof(DWCollectGlass) * (size_t)(col->nglass + 1), &col->glass));
    col->glass[col->nglass++] = k;
  }
  PetscCall(DWSystemDestroy(&sys));
  PetscFunctionReturn(0);
}

static PetscErrorCode KeepMerge(DWCollection *col, DWCollectEntry *e, DWUnpack *u, PetscBool *ok)
{
  DWCollectMerge k;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  ierr = DWPayloadUnpackMerge(u, &k.m);
  if (ierr) PetscCall(DWMergeDataFree(&k.m));
  PetscCall(ierr);
  e->c[0] = k.m.n_is;
  e->c[1] = k.m.n_tr;
  e->c[2] = k.m.n_cand;
  e->c[3] = k.m.n_pool;
  k.e     = *e;
  PetscCall(PetscRealloc(sizeof(DWCollectMerge) * (size_t)(col->nmerge + 1), &col->merge));
  col->merge[col->nmerge++] = k;
  *ok                       = PETSC_TRUE;
  PetscFunctionReturn(0);
}

static PetscErrorCode DropNEB(DWCollectNEB *k);

/* The double wells of a done neb record, kept when every path has the campaign's images and
   3N coordinates (*ok). */
static PetscErrorCode KeepNEB(DWCollection *col, DWCollectEntry *e, DWUnpack *u, PetscBool *ok)
{
  DWCollectNEB k;
  PetscInt ab[2];
  int64_t n;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&k, sizeof(k)));
  PetscCall(DWUnpackIntsInto(u, 2, ab));
  PetscCall(DWUnpackInt(u, &n));
  PetscCheck(n >= 0 && n <= (int64_t)u->len, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "neb payload: %lld rows", (long long)n);
  k.a = ab[0];
  k.b = ab[1];
  PetscCall(PetscCalloc1(n + 1, &k.rows));
  for (k.nrows = 0; k.nrows < (PetscInt)n && !ierr; k.nrows++)
    ierr = DWPayloadUnpackNEBRow(u, &k.rows[k.nrows], col->c->n_units);
  *ok = (PetscBool)!ierr;
  for (PetscInt r = 0; r < k.nrows && *ok; r++)
    *ok = (PetscBool)(k.rows[r].dw.nimages == col->M && k.rows[r].dw.n == 3 * col->N);
  if (!*ok) {
    PetscCall(DropNEB(&k));
    PetscFunctionReturn(0);
  }
  e->c[0] = k.nrows;
  k.e     = *e;
  PetscCall(PetscRealloc(sizeof(DWCollectNEB) * (size_t)(col->nneb + 1), &col->neb));
  col->neb[col->nneb++] = k;
  PetscFunctionReturn(0);
}

/* The DWNEBReason of a failed NEB task from its failure payload (attempt, then the reason
   text of DWTaskNEB, "NEB of IS a - b: <DWNEBReasonName>"), or DW_NEB_FAILED_ERROR. */
static PetscErrorCode FailedNEBReason(DWUnpack *u, int64_t *reason)
{
  const DWNEBReason known[] = {DW_NEB_DIVERGED_MAXIT,    DW_NEB_DIVERGED_NAN,
                               DW_NEB_DIVERGED_ENDPOINT, DW_NEB_DIVERGED_SPLITS,
                               DW_NEB_DIVERGED_SAME_IS,  DW_NEB_DIVERGED_RUNAWAY,
                               DW_NEB_DIVERGED_BUDGET,   DW_NEB_DIVERGED_STALL};
  char text[256];
  const char *colon;
  int64_t attempt;

  PetscFunctionBegin;
  PetscCall(DWUnpackInt(u, &attempt));
  PetscCall(DWUnpackString(u, text, sizeof(text)));
  *reason = DW_NEB_FAILED_ERROR;
  colon   = strstr(text, ": ");
  if (strncmp(text, "NEB of IS ", 10) || !colon) PetscFunctionReturn(0);
  for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
    if (!strcmp(colon + 2, DWNEBReasonName(known[k]))) *reason = known[k];
  PetscFunctionReturn(0);
}

/* An unreadable reason text counts as an error inside the task. */
static PetscErrorCode KeepFailedNEB(DWCollectEntry *e, DWUnpack *u)
{
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = FailedNEBReason(u, &e->c[0]);
  PetscCall(PetscPopErrorHandler());
  if (ierr) e->c[0] = DW_NEB_FAILED_ERROR;
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadRecord(void *ctx, const DWShardRecord *rec)
{
  Reader *r         = (Reader *)ctx;
  DWCollection *col = r->col;
  DWCollectEntry e;
  DWTaskKey key;
  DWUnpack u;
  const DWStageCollectOps *ops;

  PetscFunctionBegin;
  DWUnpackInit(&u, rec->payload, rec->length);
  PetscCall(DWTaskUnpackKey(&u, &key));
  if (DWTaskId(col->c, key) != rec->task) PetscFunctionReturn(0);
  PetscCall(PetscMemzero(&e, sizeof(e)));
  e.kind   = key.kind;
  e.sample = key.sample;
  e.index  = key.index;
  e.status = rec->status;
  e.shard  = rec->where.shard;
  e.offset = rec->where.offset;
  if (!DWStageGet(key.kind)) PetscFunctionReturn(0);
  ops = DWStageGet(key.kind)->collect;
  if (rec->status == DW_SHARD_DONE && ops->keep) {
    PetscBool ok = PETSC_FALSE;
    PetscErrorCode ierr;
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
    ierr = ops->keep(col, &e, &u, &ok);
    PetscCall(PetscPopErrorHandler());
    if (ierr || !ok) { /* left out, as if the record were corrupt */
      r->unreadable++;
      PetscFunctionReturn(0);
    }
  } else if (rec->status != DW_SHARD_DONE && ops->keep_failed)
    PetscCall(ops->keep_failed(&e, &u));
  PetscCall(AddEntry(r, &e));
  PetscFunctionReturn(0);
}

static int CompareEntries(const void *pa, const void *pb)
{
  const DWCollectEntry *a = (const DWCollectEntry *)pa, *b = (const DWCollectEntry *)pb;
  const int64_t ka[6] = {a->kind, a->sample, a->index, a->status, a->shard, a->offset};
  const int64_t kb[6] = {b->kind, b->sample, b->index, b->status, b->shard, b->offset};

  for (int k = 0; k < 6; k++)
    if (ka[k] != kb[k]) return ka[k] < kb[k] ? -1 : 1;
  return 0;
}

/* All ranks' entries on every rank, sorted: the first of each task is its winner (done
   sorts before failed). */
static PetscErrorCode GatherEntries(MPI_Comm comm, const Reader *r, PetscInt *n,
                                    DWCollectEntry **all)
{
  PetscMPIInt size, mine, *counts, *displs;
  PetscInt total = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscMPIIntCast(r->n * (PetscInt)sizeof(DWCollectEntry), &mine));
  PetscCall(PetscMalloc2(size, &counts, size, &displs));
  PetscCallMPI(MPI_Allgather(&mine, 1, MPI_INT, counts, 1, MPI_INT, comm));
  for (PetscMPIInt p = 0; p < size; p++) {
    displs[p] = (PetscMPIInt)total;
    total += counts[p];
  }
  PetscCall(PetscMalloc(total + sizeof(DWCollectEntry), all));
  PetscCallMPI(MPI_Allgatherv(r->e, mine, MPI_BYTE, *all, counts, displs, MPI_BYTE, comm));
  *n = total / (PetscInt)sizeof(DWCollectEntry);
  qsort(*all, (size_t)*n, sizeof(DWCollectEntry), CompareEntries);
  PetscCall(PetscFree2(counts, displs));
  PetscFunctionReturn(0);
}

static PetscBool SameTask(const DWCollectEntry *a, const DWCollectEntry *b)
{
  return a->kind == b->kind && a->sample == b->sample && a->index == b->index;
}

static int CompareTasks(const void *pa, const void *pb)
{
  const DWCollectEntry *a = (const DWCollectEntry *)pa, *b = (const DWCollectEntry *)pb;
  const int64_t ka[3] = {a->kind, a->sample, a->index}, kb[3] = {b->kind, b->sample, b->index};

  for (int k = 0; k < 3; k++)
    if (ka[k] != kb[k]) return ka[k] < kb[k] ? -1 : 1;
  return 0;
}

/* Whether record e is its task's winner (w: the winners, sorted by task). */
PetscBool DWCollectIsWinner(const DWCollectEntry *e, PetscInt nw, const DWCollectEntry *w)
{
  const DWCollectEntry *f = bsearch(e, w, (size_t)nw, sizeof(*w), CompareTasks);

  return (PetscBool)(f && f->shard == e->shard && f->offset == e->offset);
}

static PetscErrorCode DropGlass(DWCollectGlass *g)
{
  PetscFunctionBegin;
  PetscCall(PetscFree2(g->species, g->x));
  PetscCall(PetscFree(g->diameter));
  PetscFunctionReturn(0);
}

static PetscErrorCode DropMerge(DWCollectMerge *m)
{
  PetscFunctionBegin;
  PetscCall(DWMergeDataFree(&m->m));
  PetscFunctionReturn(0);
}

static PetscErrorCode DropNEB(DWCollectNEB *k)
{
  PetscFunctionBegin;
  for (PetscInt r = 0; r < k->nrows; r++) PetscCall(DWDoubleWellReset(&k->rows[r].dw));
  PetscCall(PetscFree(k->rows));
  PetscFunctionReturn(0);
}

static PetscErrorCode GlassWinners(DWCollection *col, PetscInt nw, const DWCollectEntry w[])
{
  PetscFunctionBegin;
  DW_KEEP_WINNERS(col->glass, col->nglass, w, nw, DropGlass);
  PetscFunctionReturn(0);
}

static PetscErrorCode MergeWinners(DWCollection *col, PetscInt nw, const DWCollectEntry w[])
{
  PetscFunctionBegin;
  DW_KEEP_WINNERS(col->merge, col->nmerge, w, nw, DropMerge);
  PetscFunctionReturn(0);
}

static PetscErrorCode NEBWinners(DWCollection *col, PetscInt nw, const DWCollectEntry w[])
{
  PetscFunctionBegin;
  DW_KEEP_WINNERS(col->neb, col->nneb, w, nw, DropNEB);
  PetscFunctionReturn(0);
}

static PetscErrorCode GlassLayout(DWCollection *col, const DWCollectEntry *e)
{
  const PetscInt s = (PetscInt)e->sample;

  PetscFunctionBegin;
  col->glass_status[s] = (PetscInt)e->status;
  if (e->status == DW_SHARD_DONE) PetscCall(PetscArraycpy(&col->glass_g[6 * s], e->g, 6));
  PetscFunctionReturn(0);
}

static PetscErrorCode ExploreLayout(DWCollection *col, const DWCollectEntry *e)
{
  PetscFunctionBegin;
  if (e->status == DW_SHARD_DONE) col->n_runs[e->sample]++;
  PetscFunctionReturn(0);
}

static PetscErrorCode MergeLayout(DWCollection *col, const DWCollectEntry *e)
{
  const PetscInt s = (PetscInt)e->sample;

  PetscFunctionBegin;
  if (e->status != DW_SHARD_DONE) PetscFunctionReturn(0);
  col->n_is[s]   = (PetscInt)e->c[0];
  col->n_tr[s]   = (PetscInt)e->c[1];
  col->n_cand[s] = (PetscInt)e->c[2];
  col->n_pool[s] = (PetscInt)e->c[3];
  PetscCall(PetscCalloc4(col->n_cand[s] + 1, &col->cand_status[s], col->n_cand[s] + 1,
                         &col->cand_rows[s], col->n_cand[s] + 1, &col->dw_off[s],
                         col->n_cand[s] + 1, &col->cand_neb_reason[s]));
  PetscFunctionReturn(0);
}

static PetscBool Placed(const DWCollection *col, const DWCollectEntry *e);

static PetscErrorCode NEBLayout(DWCollection *col, const DWCollectEntry *e)
{
  const PetscInt s = (PetscInt)e->sample;

  PetscFunctionBegin;
  if (!Placed(col, e)) PetscFunctionReturn(0);
  col->cand_status[s][e->index]     = (PetscInt)e->status;
  col->cand_rows[s][e->index]       = e->status == DW_SHARD_DONE ? (PetscInt)e->c[0] : 0;
  col->cand_neb_reason[s][e->index] = e->status == DW_SHARD_FAILED ? (PetscInt)e->c[0] : 0;
  PetscFunctionReturn(0);
}

/* The per-sample layout from the winners (every rank computes the same). */
static PetscErrorCode Layout(DWCollection *col, PetscInt nw, const DWCollectEntry *w)
{
  const PetscInt S = col->S;

  PetscFunctionBegin;
  PetscCall(PetscCalloc6(S, &col->glass_status, S, &col->n_runs, S, &col->n_is, S, &col->n_tr, S,
                         &col->n_cand, S, &col->n_dw));
  PetscCall(PetscCalloc4(6 * S, &col->glass_g, S + 1, &col->is_off, S + 1, &col->tr_off, S + 1,
                         &col->cand_off));
  PetscCall(PetscCalloc4(S, &col->cand_status, S, &col->cand_rows, S, &col->dw_off, S,
                         &col->cand_neb_reason));
  PetscCall(PetscCalloc2(S, &col->n_pool, S + 1, &col->pool_off));
  for (PetscInt s = 0; s < 6 * S; s++) col->glass_g[s] = NAN;
  for (PetscInt k = 0; k < nw; k++) {
    const DWCollectEntry *e = &w[k];
    const PetscInt s        = (PetscInt)e->sample;
    if (s < 0 || s >= S || !DWStageGet((int)e->kind) || !DWStageGet((int)e->kind)->collect->layout)
      continue;
    PetscCall(DWStageGet((int)e->kind)->collect->layout(col, e));
  }
  for (PetscInt s = 0; s < S; s++) {
    col->is_off[s + 1]   = col->is_off[s] + col->n_is[s];
    col->tr_off[s + 1]   = col->tr_off[s] + col->n_tr[s];
    col->cand_off[s + 1] = col->cand_off[s] + col->n_cand[s];
    col->pool_off[s + 1] = col->pool_off[s] + col->n_pool[s];
    for (PetscInt c = 0; c < col->n_cand[s]; c++) {
      col->dw_off[s][c] = col->n_dw_total;
      col->n_dw[s] += col->cand_rows[s][c];
      col->n_dw_total += col->cand_rows[s][c];
    }
  }
  col->n_is_total   = col->is_off[S];
  col->n_tr_total   = col->tr_off[S];
  col->n_cand_total = col->cand_off[S];
  col->n_pool_total = col->pool_off[S];
  PetscFunctionReturn(0);
}

/* Whether a neb record has its place: its sample's merge record is there (it may have been
   lost to corruption) and knows its candidate. */
static PetscBool Placed(const DWCollection *col, const DWCollectEntry *e)
{
  const PetscInt s = (PetscInt)e->sample;
  return (PetscBool)(s >= 0 && s < col->S && col->cand_status[s] && e->index >= 0 &&
                     e->index < col->n_cand[s]);
}

/* Leaves out the neb records without a place (every rank counts the same from the winners),
   and counts the tasks per kind: known, done, failed (no result), blocked. */
static PetscErrorCode Account(DWCollection *col, PetscInt nw, const DWCollectEntry *w)
{
  PetscFunctionBegin;
  for (int k = 1; k < DW_TASK_NKINDS; k++)
    if (DWStageGet(k)->collect->drop_unplaced)
      PetscCall(DWStageGet(k)->collect->drop_unplaced(col));
  for (PetscInt k = 0; k < nw; k++) {
    const int kind = (int)w[k].kind;
    const DWStageCollectOps *ops;
    if (!DWStageGet(kind) || w[k].sample < 0 || w[k].sample >= col->S) continue;
    ops = DWStageGet(kind)->collect;
    if (ops->placed && !ops->placed(col, &w[k])) {
      col->orphans += w[k].status == DW_SHARD_DONE;
      continue;
    }
    if (w[k].status == DW_SHARD_DONE)
      col->done[kind]++;
    else
      col->failed[kind]++;
  }
  for (PetscInt s = 0; s < col->S; s++)
    for (int k = 1; k < DW_TASK_NKINDS; k++) {
      if (!DWStageEnabled(col->c, k)) continue;
      col->known[k] += DWStageGet(k)->collect->known(col, s);
      /* the tasks after a failed glass never run */
      if (k > DW_TASK_GLASS && col->glass_status[s] == DW_SHARD_FAILED)
        col->blocked[k] += DWStageGet(k)->collect->known(col, s);
    }
  PetscFunctionReturn(0);
}

static PetscErrorCode NEBDropUnplaced(DWCollection *col)
{
  PetscInt kept = 0;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < col->nneb; k++) {
    if (Placed(col, &col->neb[k].e))
      col->neb[kept++] = col->neb[k];
    else
      PetscCall(DropNEB(&col->neb[k]));
  }
  col->nneb = kept;
  PetscFunctionReturn(0);
}

static PetscInt KnownOne(const DWCollection *col, PetscInt s)
{
  return 1;
}

static PetscInt KnownRuns(const DWCollection *col, PetscInt s)
{
  return col->c->runs[DWCampaignSampleTf(col->c, s)];
}

static PetscInt KnownCandidates(const DWCollection *col, PetscInt s)
{
  return col->n_cand[s];
}

static PetscErrorCode GlassFree(DWCollection *col)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < col->nglass; k++) PetscCall(DropGlass(&col->glass[k]));
  PetscCall(PetscFree(col->glass));
  PetscFunctionReturn(0);
}

static PetscErrorCode MergeFree(DWCollection *col)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < col->nmerge; k++) PetscCall(DropMerge(&col->merge[k]));
  PetscCall(PetscFree(col->merge));
  PetscFunctionReturn(0);
}

static PetscErrorCode NEBFree(DWCollection *col)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < col->nneb; k++) PetscCall(DropNEB(&col->neb[k]));
  PetscCall(PetscFree(col->neb));
  PetscFunctionReturn(0);
}

/* keep, keep_failed, winners, layout_create, layout, placed, drop_unplaced, known, write, free */
const DWStageCollectOps DWCollectGlassOps = {
    KeepGlass, NULL,     GlassWinners,           NULL,     GlassLayout, NULL,
    NULL,      KnownOne, DWCollectionWriteGlass, GlassFree};
const DWStageCollectOps DWCollectExploreOps = {NULL, NULL, NULL,      NULL, ExploreLayout,
                                               NULL, NULL, KnownRuns, NULL, NULL};
const DWStageCollectOps DWCollectMergeOps   = {
      KeepMerge, NULL,     MergeWinners,           NULL,     MergeLayout, NULL,
      NULL,      KnownOne, DWCollectionWriteMerge, MergeFree};
const DWStageCollectOps DWCollectNEBOps = {
    KeepNEB,         KeepFailedNEB,   NEBWinners,          NULL,   NEBLayout, Placed,
    NEBDropUnplaced, KnownCandidates, DWCollectionWriteDW, NEBFree};

/* Rank r scans shards r, r + P, ...; stats: good, corrupt and torn records. */
static PetscErrorCode ReadShare(DWCampaign c, Reader *r, PetscInt nshards, const int shards[],
                                PetscMPIInt rank, PetscMPIInt size, PetscInt stats[3])
{
  char path[PETSC_MAX_PATH_LEN + 64];
  DWShardScanInfo info;

  PetscFunctionBegin;
  for (PetscInt k = rank; k < nshards; k += size) {
    PetscCall(DWShardPath(c->shards, shards[k], path, sizeof(path)));
    PetscCall(DWShardScan(path, shards[k], ReadRecord, r, &info));
    stats[0] += info.good;
    stats[1] += info.corrupt;
    stats[2] += info.torn;
  }
  PetscFunctionReturn(0);
}

/* Kinds sort glass < explore < merge < neb, so Layout sees a sample's merge before its NEB
   tasks. */
PetscErrorCode DWCollectionRead(DWCampaign c, DWCollection *col)
{
  Reader r;
  PetscMPIInt rank, size;
  PetscInt nshards, nall = 0, nw = 0;
  int *shards;
  DWCollectEntry *all, *w;
  PetscInt stats[3] = {0, 0, 0};
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(col, sizeof(*col)));
  PetscCall(PetscMemzero(&r, sizeof(r)));
  col->c = c;
  col->S = DWCampaignSamples(c);
  col->M = c->images;
  col->N = c->N;
  r.col  = col;
  PetscCallMPI(MPI_Comm_rank(c->comm, &rank));
  PetscCallMPI(MPI_Comm_size(c->comm, &size));
  PetscCall(DWShardList(c->shards, &nshards, &shards));
  /* a rank that cannot read its share must not leave the others in the collectives below */
  ierr = ReadShare(c, &r, nshards, shards, rank, size, stats);
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &ierr, 1, MPI_INT, MPI_MAX, c->comm));
  PetscCheck(!ierr, c->comm, PETSC_ERR_FILE_READ,
             "collect: a rank could not read its shards (its error is printed above)");
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, stats, 3, MPIU_INT, MPI_SUM, c->comm));
  col->records = stats[0];
  col->corrupt = stats[1];
  col->torn    = stats[2];
  PetscCall(GatherEntries(c->comm, &r, &nall, &all));
  PetscCall(PetscMalloc1(nall + 1, &w));
  for (PetscInt k = 0; k < nall; k++)
    if (!k || !SameTask(&all[k], &all[k - 1])) w[nw++] = all[k];
  for (int k = 1; k < DW_TASK_NKINDS; k++)
    if (DWStageGet(k)->collect->winners) PetscCall(DWStageGet(k)->collect->winners(col, nw, w));
  for (int k = 1; k < DW_TASK_NKINDS; k++)
    if (DWStageGet(k)->collect->layout_create)
      PetscCall(DWStageGet(k)->collect->layout_create(col));
  PetscCall(Layout(col, nw, w));
  PetscCall(Account(col, nw, w));
  PetscCallMPI(MPI_Allreduce(&r.unreadable, &col->unreadable, 1, MPIU_INT, MPI_SUM, c->comm));
  PetscCall(DWCollectionDeduplicate(col));
  PetscCall(PetscFree(w));
  PetscCall(PetscFree(all));
  PetscCall(PetscFree(r.e));
  PetscCall(PetscFree(shards));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCollectionFree(DWCollection *col)
{
  PetscFunctionBegin;
  for (int k = 1; k < DW_TASK_NKINDS; k++)
    if (DWStageGet(k)->collect->free) PetscCall(DWStageGet(k)->collect->free(col));
  for (PetscInt s = 0; s < col->S && col->cand_status; s++)
    PetscCall(PetscFree4(col->cand_status[s], col->cand_rows[s], col->dw_off[s],
                         col->cand_neb_reason[s]));
  PetscCall(
      PetscFree6(col->glass_status, col->n_runs, col->n_is, col->n_tr, col->n_cand, col->n_dw));
  PetscCall(PetscFree4(col->glass_g, col->is_off, col->tr_off, col->cand_off));
  PetscCall(PetscFree2(col->n_pool, col->pool_off));
  PetscCall(PetscFree4(col->cand_status, col->cand_rows, col->dw_off, col->cand_neb_reason));
  PetscCall(PetscFree(col->dw_map));
  PetscCall(PetscFree(col->dw_found));
  PetscFunctionReturn(0);
}
