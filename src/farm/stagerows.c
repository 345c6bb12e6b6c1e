/* The collection of a stage whose done records are one row each, of one fixed size (the
   elastic stage: one per sample; the pull stage: one per (sample, mode)): the records this
   rank keeps, and on every rank which (sample, index) have a winning done record, so that the
   rows of the stage's tables are laid out in (sample, index) order (src/farm/stage.h). */
#include "farm/stage.h"

DWStageRows *DWStageRowsGet(const DWCollection *col, int kind)
{
  return (DWStageRows *)col->data[kind];
}

static PetscErrorCode Ensure(DWCollection *col, int kind, DWStageRows **d)
{
  PetscFunctionBegin;
  if (!col->data[kind]) {
    PetscCall(PetscNew(d));
    col->data[kind] = *d;
  }
  *d = DWStageRowsGet(col, kind);
  PetscFunctionReturn(0);
}

PetscErrorCode DWStageRowsAdd(DWCollection *col, int kind, size_t size, const DWCollectEntry *e,
                              const void *row)
{
  DWStageRows *d;

  PetscFunctionBegin;
  PetscCall(Ensure(col, kind, &d));
  PetscCheck(!d->n || d->size == size, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "stage %d: rows of %zu and %zu bytes", kind, d->size, size);
  d->size = size;
  PetscCall(PetscRealloc(sizeof(DWCollectEntry) * (size_t)(d->n + 1), &d->e));
  PetscCall(PetscRealloc(size * (size_t)(d->n + 1), &d->rows));
  d->e[d->n] = *e;
  PetscCall(PetscMemcpy((char *)d->rows + size * (size_t)d->n, row, size));
  d->n++;
  PetscFunctionReturn(0);
}

void *DWStageRowsRow(const DWStageRows *d, PetscInt k)
{
  return (char *)d->rows + d->size * (size_t)k;
}

PetscErrorCode DWStageRowsWinners(DWCollection *col, int kind, PetscInt nw,
                                  const DWCollectEntry w[])
{
  DWStageRows *d = DWStageRowsGet(col, kind);
  PetscInt kept  = 0;

  PetscFunctionBegin;
  if (!d) PetscFunctionReturn(0);
  for (PetscInt k = 0; k < d->n; k++) {
    if (!DWCollectIsWinner(&d->e[k], nw, w)) continue;
    d->e[kept] = d->e[k];
    if (kept != k) PetscCall(PetscMemcpy(DWStageRowsRow(d, kept), DWStageRowsRow(d, k), d->size));
    kept++;
  }
  d->n = kept;
  PetscFunctionReturn(0);
}

PetscErrorCode DWStageRowsLayoutCreate(DWCollection *col, int kind, PetscInt per)
{
  DWStageRows *d;

  PetscFunctionBegin;
  PetscCall(Ensure(col, kind, &d));
  d->per = per;
  PetscCall(PetscCalloc1(col->S * per + 1, &d->done));
  PetscFunctionReturn(0);
}

PetscErrorCode DWStageRowsLayout(DWCollection *col, int kind, const DWCollectEntry *e)
{
  DWStageRows *d = DWStageRowsGet(col, kind);

  PetscFunctionBegin;
  PetscCheck(e->index >= 0 && e->index < d->per, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "stage %d: task index %" PRId64 " outside 0 .. %" PetscInt_FMT, kind, e->index,
             d->per - 1);
  if (e->status == DW_SHARD_DONE) d->done[e->sample * d->per + e->index] = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWStageRowsPlace(const DWCollection *col, int kind, PetscInt *total, PetscInt **row)
{
  const DWStageRows *d = DWStageRowsGet(col, kind);
  PetscInt *off;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(col->S * d->per + 1, &off));
  *total = 0;
  for (PetscInt t = 0; t < col->S * d->per; t++) {
    off[t] = *total;
    *total += d->done[t] ? 1 : 0;
  }
  PetscCall(PetscMalloc1(d->n + 1, row));
  for (PetscInt k = 0; k < d->n; k++) (*row)[k] = off[d->e[k].sample * d->per + d->e[k].index];
  PetscCall(PetscFree(off));
  PetscFunctionReturn(0);
}

PetscErrorCode DWStageRowsFree(DWCollection *col, int kind)
{
  DWStageRows *d = DWStageRowsGet(col, kind);

  PetscFunctionBegin;
  if (!d) PetscFunctionReturn(0);
  PetscCall(PetscFree(d->e));
  PetscCall(PetscFree(d->rows));
  PetscCall(PetscFree(d->done));
  PetscCall(PetscFree(col->data[kind]));
  PetscFunctionReturn(0);
}

PetscErrorCode DWStageRowsWriteColumn(DWCampaignLibrary lib, const DWStageRows *d,
                                      const PetscInt row[], PetscInt total, const char name[],
                                      DWFieldType type, size_t offset, const char units[],
                                      const char description[])
{
  PetscInt *ints;
  PetscReal *reals;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(d->n + 1, &ints, d->n + 1, &reals));
  for (PetscInt k = 0; k < d->n; k++) {
    const char *r = (const char *)DWStageRowsRow(d, k);
    if (offset == DW_STAGE_ROWS_SAMPLE)
      ints[k] = (PetscInt)d->e[k].sample;
    else if (type == DW_FIELD_INT)
      ints[k] = *(const PetscInt *)(r + offset);
    else
      reals[k] = *(const PetscReal *)(r + offset);
  }
  PetscCall(DWCampaignLibraryWriteColumn(lib, name, type, total, DWCollectOneD, d->n, row,
                                         type == DW_FIELD_INT ? (void *)ints : reals, units,
                                         description));
  PetscCall(PetscFree2(ints, reals));
  PetscFunctionReturn(0);
}
