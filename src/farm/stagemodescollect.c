/* The modes stage's records into library.h5 (issue 14; src/farm/stagemodes.c): kept per
   rank, laid out per sample, written as /modes/is and /modes/dw with units and descriptions
   (collective on the library's communicator, as every DWStageCollectOps write). */
#include "farm/stagemodes.h"

typedef struct {
  DWCollectEntry e;
  ModesRows r;
} ModesRecord;

typedef struct {
  PetscInt n;
  ModesRecord *rec;
  PetscInt *n_is, *n_dw; /* S: rows of each sample (every rank) */
} ModesCollection;

static ModesCollection *Data(const DWCollection *col)
{
  return (ModesCollection *)col->data[DW_TASK_MODES];
}

/* The stage's part of the collection, created on first use. */
static PetscErrorCode Ensure(DWCollection *col, ModesCollection **d)
{
  PetscFunctionBegin;
  if (!col->data[DW_TASK_MODES]) {
    PetscCall(PetscNew(d));
    col->data[DW_TASK_MODES] = *d;
  }
  *d = Data(col);
  PetscFunctionReturn(0);
}

static PetscErrorCode Keep(DWCollection *col, DWCollectEntry *e, DWUnpack *u, PetscBool *ok)
{
  ModesCollection *d;
  ModesRecord k;

  PetscFunctionBegin;
  PetscCall(Ensure(col, &d));
  PetscCall(ModesRowsUnpack(u, col->c->modes_k, &k.r));
  e->c[0] = k.r.n_is;
  e->c[1] = k.r.n_dw;
  k.e     = *e;
  PetscCall(PetscRealloc(sizeof(ModesRecord) * (size_t)(d->n + 1), &d->rec));
  d->rec[d->n++] = k;
  *ok            = PETSC_TRUE;
  PetscFunctionReturn(0);
}

static PetscErrorCode Drop(ModesRecord *k)
{
  PetscFunctionBegin;
  PetscCall(ModesRowsFree(&k->r));
  PetscFunctionReturn(0);
}

static PetscErrorCode Winners(DWCollection *col, PetscInt nw, const DWCollectEntry w[])
{
  ModesCollection *d = Data(col);

  PetscFunctionBegin;
  if (d) DW_KEEP_WINNERS(d->rec, d->n, w, nw, Drop);
  PetscFunctionReturn(0);
}

static PetscErrorCode LayoutCreate(DWCollection *col)
{
  ModesCollection *d;

  PetscFunctionBegin;
  PetscCall(Ensure(col, &d));
  PetscCall(PetscCalloc2(col->S + 1, &d->n_is, col->S + 1, &d->n_dw));
  PetscFunctionReturn(0);
}

static PetscErrorCode Layout(DWCollection *col, const DWCollectEntry *e)
{
  PetscFunctionBegin;
  if (e->status != DW_SHARD_DONE) PetscFunctionReturn(0);
  Data(col)->n_is[e->sample] = (PetscInt)e->c[0];
  Data(col)->n_dw[e->sample] = (PetscInt)e->c[1];
  PetscFunctionReturn(0);
}

static PetscInt Known(const DWCollection *col, PetscInt s)
{
  return 1;
}

/* Column j of the records this rank holds: its rows in the table (off: first row of each
   sample) and their values. */
static PetscErrorCode Gather(const ModesCollection *d, int j, const PetscInt off[], PetscInt *n,
                             PetscInt **rows, void **data)
{
  const size_t size =
      DWStageModesColumns[j].type == DW_FIELD_REAL ? sizeof(PetscReal) : sizeof(PetscInt);
  PetscInt w = 1;

  PetscFunctionBegin;
  *n = 0;
  for (PetscInt k = 0; k < d->n; k++) {
    *n += ModesRowsCount(&d->rec[k].r, j);
    w = ModesRowsWidth(&d->rec[k].r, j);
  }
  PetscCall(PetscMalloc1(*n + 1, rows));
  PetscCall(PetscMalloc(size * (size_t)(*n * w + 1), data));
  *n = 0;
  for (PetscInt k = 0; k < d->n; k++) {
    const ModesRows *r = &d->rec[k].r;
    const PetscInt nr = ModesRowsCount(r, j), s = (PetscInt)d->rec[k].e.sample;
    for (PetscInt i = 0; i < nr; i++) (*rows)[*n + i] = off[s] + i;
    PetscCall(
        PetscMemcpy((char *)*data + size * (size_t)(*n * w), r->v[j], size * (size_t)(nr * w)));
    *n += nr;
  }
  PetscFunctionReturn(0);
}

/* The sample of each row of a table, as column "sample". */
static PetscErrorCode WriteSample(DWCampaignLibrary f, const DWCollection *col, const char name[],
                                  const PetscInt count[], const PetscInt off[], PetscInt total)
{
  const ModesCollection *d = Data(col);
  PetscInt n               = 0, *rows, *sample;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < d->n; k++) n += count[d->rec[k].e.sample];
  PetscCall(PetscMalloc2(n + 1, &rows, n + 1, &sample));
  n = 0;
  for (PetscInt k = 0; k < d->n; k++) {
    const PetscInt s = (PetscInt)d->rec[k].e.sample;
    for (PetscInt i = 0; i < count[s]; i++, n++) {
      rows[n]   = off[s] + i;
      sample[n] = s;
    }
  }
  PetscCall(DWCampaignLibraryWriteColumn(f, name, DW_FIELD_INT, total, DWCollectOneD, n, rows,
                                         sample, "1", "glass sample"));
  PetscCall(PetscFree2(rows, sample));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteTables(DWCampaignLibrary f, const DWCollection *col,
                                  const PetscInt *off[2], const PetscInt total[2])
{
  const ModesCollection *d = Data(col);
  const PetscInt wide[2]   = {col->c->modes_k, 0};
  char name[64];

  PetscFunctionBegin;
  PetscCall(WriteSample(f, col, "modes/is/sample", d->n_is, off[MODES_IS], total[MODES_IS]));
  PetscCall(WriteSample(f, col, "modes/dw/sample", d->n_dw, off[MODES_DW], total[MODES_DW]));
  for (int j = 0; j < (col->c->modes_nlmode ? NCOL : C_NL); j++) {
    const ModesTable t = DWStageModesColumns[j].table;
    PetscInt n, *rows;
    void *data;
    PetscCall(Gather(d, j, off[t], &n, &rows, &data));
    PetscCall(PetscSNPrintf(name, sizeof(name), "modes/%s", DWStageModesColumns[j].name));
    PetscCall(DWCampaignLibraryWriteColumn(f, name, DWStageModesColumns[j].type, total[t],
                                           t == MODES_IS && j != C_LABEL ? wide : DWCollectOneD, n,
                                           rows, data, DWStageModesColumns[j].units,
                                           DWStageModesColumns[j].description));
    PetscCall(PetscFree(rows));
    PetscCall(PetscFree(data));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Write(DWCampaignLibrary f, const DWCollection *col)
{
  const ModesCollection *d = Data(col);
  PetscInt *off_is, *off_dw, total[2] = {0, 0};

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(col->S + 1, &off_is, col->S + 1, &off_dw));
  for (PetscInt s = 0; s < col->S; s++) {
    off_is[s] = total[MODES_IS];
    off_dw[s] = total[MODES_DW];
    total[MODES_IS] += d->n_is[s];
    total[MODES_DW] += d->n_dw[s];
  }
  PetscCall(WriteTables(f, col, (const PetscInt *[2]){off_is, off_dw}, total));
  PetscCall(DWCampaignLibraryWriteAttribute(f, "modes", "k", DW_FIELD_INT, &col->c->modes_k));
  PetscCall(DWCampaignLibraryWriteAttribute(f, "modes", "ends", DW_FIELD_STRING,
                                            col->c->modes_tls_only ? "tls" : "dw"));
  PetscCall(PetscFree2(off_is, off_dw));
  PetscFunctionReturn(0);
}

static PetscErrorCode Free(DWCollection *col)
{
  ModesCollection *d = Data(col);

  PetscFunctionBegin;
  if (!d) PetscFunctionReturn(0);
  for (PetscInt k = 0; k < d->n; k++) PetscCall(Drop(&d->rec[k]));
  PetscCall(PetscFree(d->rec));
  PetscCall(PetscFree2(d->n_is, d->n_dw));
  PetscCall(PetscFree(col->data[DW_TASK_MODES]));
  PetscFunctionReturn(0);
}

const DWStageCollectOps DWStageModesCollectOps = {Keep, NULL, Winners, LayoutCreate, Layout,
                                                  NULL, NULL, Known,   Write,        Free};
