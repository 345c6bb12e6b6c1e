/* Collect, part 3: the /dw table of library.h5 (include/dwell/library.h): one row per
   distinct double well ([JCP23] II.D, [PRL20]), its index columns (sample, T_f, candidate,
   piece, IS a and b, found), every scalar column of the record (include/dwell/dw.h: dV,
   V_b, d, ...), its arrays, the positions x_a of IS a (from the merge records) and
   /dw/quantum/NAME per unit set.
   Each rank writes the rows of the NEB records it read into their canonical place
   (dw_map, collectdedupe.c) with collective parallel-HDF5 writes. */
#include "farm/collect.h"
#include <dwell/library.h>

/* The double wells this rank holds, in a flat list with their global rows. */
typedef struct {
  PetscInt n;
  PetscInt *rows, *sample, *cand;
  const DWNEBRow **row;
} DWRows;

static PetscErrorCode DWRowsCreate(const DWCollection *col, DWRows *r)
{
  PetscFunctionBegin;
  r->n = 0;
  for (PetscInt k = 0; k < col->nneb; k++) r->n += col->neb[k].nrows;
  PetscCall(PetscMalloc4(r->n + 1, &r->rows, r->n + 1, &r->sample, r->n + 1, &r->cand, r->n + 1,
                         &r->row));
  r->n = 0;
  for (PetscInt k = 0; k < col->nneb; k++) {
    const DWCollectNEB *b = &col->neb[k];
    const PetscInt s = (PetscInt)b->e.sample, c = (PetscInt)b->e.index;
    for (PetscInt i = 0; i < b->nrows; i++) {
      const PetscInt row = col->dw_map[col->dw_off[s][c] + i];
      if (row < 0) continue; /* a repeat of an earlier row */
      r->rows[r->n]   = row;
      r->sample[r->n] = s;
      r->cand[r->n]   = c;
      r->row[r->n++]  = &b->rows[i];
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode DWRowsDestroy(DWRows *r)
{
  PetscFunctionBegin;
  PetscCall(PetscFree4(r->rows, r->sample, r->cand, r->row));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteDWIndex(DWCampaignLibrary f, const DWCollection *col, const DWRows *r)
{
  const PetscInt n = r->n, total = col->n_dw_unique;
  PetscInt *iv;
  PetscReal *tf;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(n + 1, &iv, n + 1, &tf));
  PetscCall(DWCampaignLibraryWriteColumn(f, "dw/sample", DW_FIELD_INT, total, DWCollectOneD, n,
                                         r->rows, r->sample, "1", "glass sample"));
  for (PetscInt k = 0; k < n; k++) tf[k] = col->c->T_f[DWCampaignSampleTf(col->c, r->sample[k])];
  PetscCall(DWCampaignLibraryWriteColumn(f, "dw/T_f", DW_FIELD_REAL, total, DWCollectOneD, n,
                                         r->rows, tf, "eps/k_B",
                                         "fictive temperature of the glass"));
  PetscCall(DWCampaignLibraryWriteColumn(f, "dw/candidate", DW_FIELD_INT, total, DWCollectOneD, n,
                                         r->rows, r->cand, "1",
                                         "candidate pair of the sample (row of /candidates)"));
  for (PetscInt k = 0; k < n; k++) iv[k] = r->row[k]->piece;
  PetscCall(DWCampaignLibraryWriteColumn(
      f, "dw/piece", DW_FIELD_INT, total, DWCollectOneD, n, r->rows, iv, "1",
      "elementary path of the candidate's path (> 0 after a split)"));
  for (PetscInt k = 0; k < n; k++) iv[k] = r->row[k]->is_a;
  PetscCall(DWCampaignLibraryWriteColumn(f, "dw/is_a", DW_FIELD_INT, total, DWCollectOneD, n,
                                         r->rows, iv, "1",
                                         "library IS label of the deeper minimum (xi = 0); -1: an "
                                         "intermediate minimum not in the library"));
  for (PetscInt k = 0; k < n; k++) iv[k] = r->row[k]->is_b;
  PetscCall(DWCampaignLibraryWriteColumn(
      f, "dw/is_b", DW_FIELD_INT, total, DWCollectOneD, n, r->rows, iv, "1",
      "library IS label of the other minimum (xi = 1); -1 as is_a"));
  for (PetscInt k = 0; k < n; k++) iv[k] = col->dw_found[r->rows[k]];
  PetscCall(DWCampaignLibraryWriteColumn(
      f, "dw/found", DW_FIELD_INT, total, DWCollectOneD, n, r->rows, iv, "1",
      "candidate paths on which this double well was found (a split "
      "piece can repeat another candidate's path)"));
  PetscCall(PetscFree2(iv, tf));
  PetscFunctionReturn(0);
}

/* Every scalar column of the double-well record (include/dwell/dw.h) but its NEB-local ids. */
static PetscErrorCode WriteDWScalars(DWCampaignLibrary f, const DWCollection *col, const DWRows *r)
{
  const DWDoubleWellColumn *cols;
  PetscInt ncol, *iv;
  PetscReal *rv;
  char name[96];

  PetscFunctionBegin;
  PetscCall(DWDoubleWellGetColumns(&ncol, &cols));
  PetscCall(PetscMalloc2(r->n + 1, &iv, r->n + 1, &rv));
  for (PetscInt c = 0; c < ncol; c++) {
    const DWDoubleWellColumn *C = &cols[c];
    if (!strcmp(C->name, "is_a") || !strcmp(C->name, "is_b")) continue;
    for (PetscInt k = 0; k < r->n; k++) {
      rv[k] = DWDoubleWellColumnValue(&r->row[k]->dw, C);
      iv[k] = (PetscInt)rv[k];
    }
    PetscCall(PetscSNPrintf(name, sizeof(name), "dw/%s", C->name));
    PetscCall(DWCampaignLibraryWriteColumn(
        f, name, C->type == 'r' ? DW_FIELD_REAL : DW_FIELD_INT, col->n_dw_unique, DWCollectOneD,
        r->n, r->rows, C->type == 'r' ? (void *)rv : (void *)iv, C->units, C->description));
  }
  PetscCall(PetscFree2(iv, rv));
  PetscFunctionReturn(0);
}

/* The displacement fields of the rows (n x N x 3): r_AB, r_AS, r_12 of DWDoubleWell. */
static PetscErrorCode WriteDWFields(DWCampaignLibrary f, const DWCollection *col, const DWRows *r)
{
  static const char *const name[3]        = {"dw/dr_AB", "dw/dr_AS", "dw/dr_12"};
  static const char *const description[3] = {
      "displacement field x_b - x_a (minimum image)",
      "displacement field x_saddle - x_a (minimum image)",
      "displacement field x_1 - x_a (minimum image): the first step of the path out of IS a; 0 "
      "in a row of a dwell that did not keep r_12 (its r_12 is NaN)"};
  const PetscInt N3 = 3 * col->N, dn[2] = {col->N, 3};
  PetscReal *v;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(N3 * r->n + 1, &v));
  for (int j = 0; j < 3; j++) {
    for (PetscInt k = 0; k < r->n; k++) {
      const DWDoubleWell *w       = &r->row[k]->dw;
      const PetscReal *const d[3] = {w->dr_AB, w->dr_AS, w->dr_12};
      PetscCall(PetscArraycpy(v + N3 * k, d[j], N3));
    }
    PetscCall(DWCampaignLibraryWriteColumn(f, name[j], DW_FIELD_REAL, col->n_dw_unique, dn, r->n,
                                           r->rows, v, "sigma", description[j]));
  }
  PetscCall(PetscFree(v));
  PetscFunctionReturn(0);
}

/* The is_a of every row, on every rank (each row is held by exactly one rank). */
static PetscErrorCode GatherIsA(const DWCollection *col, const DWRows *r, PetscInt **isa)
{
  PetscFunctionBegin;
  PetscCall(PetscCalloc1(col->n_dw_unique + 1, isa));
  for (PetscInt k = 0; k < r->n; k++) (*isa)[r->rows[k]] = r->row[k]->is_a + 2; /* >= 1 */
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, *isa, (PetscMPIInt)col->n_dw_unique, MPIU_INT, MPI_SUM,
                             col->c->comm));
  for (PetscInt k = 0; k < col->n_dw_unique; k++) (*isa)[k] -= 2;
  PetscFunctionReturn(0);
}

/* The unique rows of sample s (dw_map of its candidates' path rows), appended to rows[n]. */
static void SampleRows(const DWCollection *col, PetscInt s, PetscInt *n, PetscInt rows[])
{
  for (PetscInt c = 0; c < col->n_cand[s]; c++)
    for (PetscInt i = 0; i < col->cand_rows[s][c]; i++) {
      const PetscInt row = col->dw_map[col->dw_off[s][c] + i];
      if (row >= 0 && rows) rows[*n] = row;
      *n += row >= 0;
    }
}

/* x_a (n x N x 3, sigma): the positions of library IS is_a stored by the merge of the sample,
   the minimum the modes stage computes the modes of (and the NEB's end A for piece 0); NaN
   where is_a is -1. The merge record of a sample is with one rank, its rows with others: the
   rank holding the merge writes the rows of its sample. */
static PetscErrorCode WriteDWPositions(DWCampaignLibrary f, const DWCollection *col,
                                       const DWRows *r)
{
  const PetscInt N3 = 3 * col->N, dn[2] = {col->N, 3};
  PetscInt *isa, *rows, n = 0;
  PetscReal *x;

  PetscFunctionBegin;
  PetscCall(GatherIsA(col, r, &isa));
  for (PetscInt k = 0; k < col->nmerge; k++)
    SampleRows(col, (PetscInt)col->merge[k].e.sample, &n, NULL);
  PetscCall(PetscMalloc2(n + 1, &rows, N3 * n + 1, &x));
  n = 0;
  for (PetscInt k = 0; k < col->nmerge; k++) {
    const DWMergeData *m = &col->merge[k].m;
    const PetscInt n0    = n;
    PetscCheck(m->N == col->N, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "merge of sample %lld has N = %" PetscInt_FMT ", the campaign %" PetscInt_FMT,
               (long long)col->merge[k].e.sample, m->N, col->N);
    SampleRows(col, (PetscInt)col->merge[k].e.sample, &n, rows);
    for (PetscInt j = n0; j < n; j++) {
      const PetscReal *xa = NULL;
      for (PetscInt p = 0; p < m->n_pos && !xa; p++)
        if (m->pos_label[p] == isa[rows[j]]) xa = m->pos + N3 * p;
      for (PetscInt i = 0; i < N3; i++) x[N3 * j + i] = xa ? xa[i] : NAN;
    }
  }
  PetscCall(DWCampaignLibraryWriteColumn(
      f, "dw/x_a", DW_FIELD_REAL, col->n_dw_unique, dn, n, rows, x, "sigma",
      "positions (unwrapped) of IS a, the library IS is_a as stored by the merge of the sample: "
      "the minimum of the /modes tables and of dwell modes -in library.h5; NaN where is_a is -1"));
  PetscCall(PetscFree2(rows, x));
  PetscCall(PetscFree(isa));
  PetscFunctionReturn(0);
}

/* The profiles (n x M) and the displacement fields (n x N x 3). */
static PetscErrorCode WriteDWArrays(DWCampaignLibrary f, const DWCollection *col, const DWRows *r)
{
  const PetscInt M = col->M, N3 = 3 * col->N, total = col->n_dw_unique;
  const PetscInt dm[2] = {M, 0};
  PetscReal *xi, *V;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(M * r->n + 1, &xi, M * r->n + 1, &V));
  for (PetscInt k = 0; k < r->n; k++) {
    const DWDoubleWell *w = &r->row[k]->dw;
    PetscCheck(w->nimages == M && w->n == N3, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "double well of sample %" PetscInt_FMT " has %" PetscInt_FMT
               " images and %" PetscInt_FMT " coordinates, the campaign %" PetscInt_FMT
               " and %" PetscInt_FMT,
               r->sample[k], w->nimages, w->n, M, N3);
    PetscCall(PetscArraycpy(xi + M * k, w->xi, M));
    PetscCall(PetscArraycpy(V + M * k, w->V, M));
  }
  PetscCall(DWCampaignLibraryWriteColumn(f, "dw/xi", DW_FIELD_REAL, total, dm, r->n, r->rows, xi,
                                         "1", "reaction coordinate s / d of the images"));
  PetscCall(DWCampaignLibraryWriteColumn(f, "dw/V", DW_FIELD_REAL, total, dm, r->n, r->rows, V,
                                         "eps",
                                         "energy of the images relative to the deeper minimum"));
  PetscCall(PetscFree2(xi, V));
  PetscCall(WriteDWFields(f, col, r));
  PetscCall(WriteDWPositions(f, col, r));
  PetscFunctionReturn(0);
}

/* The tunnelling quantities of one unit set: /dw/quantum/NAME (DWQuantumColumns). */
static PetscErrorCode WriteDWQuantum(DWCampaignLibrary f, const DWCollection *col, const DWRows *r)
{
  DWCampaign c = col->c;
  PetscReal *rv;
  PetscInt *iv;
  char name[128], group[96];

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(r->n + 1, &rv, r->n + 1, &iv));
  for (PetscInt u = 0; u < c->n_units; u++) {
    PetscCall(PetscSNPrintf(group, sizeof(group), "dw/quantum/%s", c->units[u].name));
    for (PetscInt q = 0; q < DWQuantumNColumns; q++) {
      const DWQuantumColumn *Q = &DWQuantumColumns[q];
      for (PetscInt k = 0; k < r->n; k++) {
        const char *p = (const char *)&r->row[k]->q[u] + Q->offset;
        if (Q->type == DW_FIELD_REAL)
          rv[k] = *(const PetscReal *)p;
        else
          iv[k] = *(const PetscInt *)p;
      }
      PetscCall(PetscSNPrintf(name, sizeof(name), "%s/%s", group, Q->name));
      PetscCall(DWCampaignLibraryWriteColumn(
          f, name, Q->type, col->n_dw_unique, DWCollectOneD, r->n, r->rows,
          Q->type == DW_FIELD_REAL ? (void *)rv : (void *)iv, Q->units, Q->description));
    }
    PetscCall(DWCampaignLibraryWriteAttribute(f, group, "mt", DW_FIELD_REAL, &c->units[u].mt));
    PetscCall(DWCampaignLibraryWriteAttribute(f, group, "kT_Q", DW_FIELD_REAL, &c->units[u].kT_Q));
  }
  PetscCall(PetscFree2(rv, iv));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCollectionWriteDW(DWCampaignLibrary f, const DWCollection *col)
{
  DWRows r;

  PetscFunctionBegin;
  PetscCall(DWRowsCreate(col, &r));
  PetscCall(WriteDWIndex(f, col, &r));
  PetscCall(WriteDWScalars(f, col, &r));
  PetscCall(WriteDWArrays(f, col, &r));
  PetscCall(WriteDWQuantum(f, col, &r));
  PetscCall(DWRowsDestroy(&r));
  PetscFunctionReturn(0);
}
