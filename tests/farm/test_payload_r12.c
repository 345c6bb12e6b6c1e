/* The NEB and modes shard records across the format change that added r_12 (issue 14;
   src/farm/payload.c, src/farm/stagemodesrows.c). A campaign started by an older dwell must
   resume and collect, so its records must read back as they were written:
   1. A double-well row of this dwell (35 columns, fields r_AB, r_AS, r_12, two unit sets)
      packs and unpacks bit for bit: every column, xi, V, the three fields and the
      tunnelling quantities after them.
   2. The same row as the dwell before r_12 wrote it (34 columns, no r_12 field) and as the one
      before the path-Hessian columns (30 columns): the stored columns and fields, and the
      tunnelling quantities that follow the fields, read back exactly (so the reader did not
      take them for an r_12 field); the later columns are 0, r_12 is NaN and dr_12 is 0.
   3. A modes record of this dwell reads back bit for bit; one of the dwell before r_12 (it
      ends after the overlap columns of r_AS) reads with c_12 = a_12 = NaN and their modes -1,
      the other columns exact; one of the dwell before the nonlinear-mode columns (or of a
      campaign without modes_nlmode: it ends after those of r_12) reads with every nl_ column
      undefined (NaN, or -1), the other columns exact. */
#include "testutil.h"
#include "farm/farmimpl.h"
#include "farm/stagemodes.h"
#include <math.h>

#define NP 4 /* particles */
#define M  5 /* images */
#define NU 2 /* unit sets */

/* A row with distinct values everywhere (columns k + 0.25, integer columns k). */
static PetscErrorCode MakeRow(DWNEBRow *r)
{
  const DWDoubleWellColumn *cols;
  PetscInt ncol;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(r, sizeof(*r)));
  PetscCall(DWDoubleWellGetColumns(&ncol, &cols));
  r->piece = 1;
  r->is_a  = 7;
  r->is_b  = 9;
  for (PetscInt k = 0; k < ncol; k++)
    DWDoubleWellColumnSet(&r->dw, &cols[k], cols[k].type == 'r' ? k + 0.25 : (PetscReal)k);
  r->dw.nimages = M;
  r->dw.n       = 3 * NP;
  r->dw.bs      = 3;
  PetscCall(PetscMalloc2(M, &r->dw.xi, M, &r->dw.V));
  PetscCall(PetscCalloc4(3 * NP, &r->dw.x_TS, 3 * NP, &r->dw.dr_AB, 3 * NP, &r->dw.dr_AS, 3 * NP,
                         &r->dw.dr_12));
  for (PetscInt j = 0; j < M; j++) {
    r->dw.xi[j] = j / (M - 1.0);
    r->dw.V[j]  = 0.1 * j * (M - 1 - j);
  }
  for (PetscInt i = 0; i < 3 * NP; i++) {
    r->dw.dr_AB[i] = 0.01 * (i + 1);
    r->dw.dr_AS[i] = -0.02 * (i + 1);
    r->dw.dr_12[i] = 0.003 * (i + 1) * (i % 2 ? 1 : -1);
  }
  for (PetscInt u = 0; u < NU; u++) {
    r->q[u].E         = 1e-3 * (u + 1);
    r->q[u].Delta     = -2e-3 * (u + 1);
    r->q[u].Gamma     = NAN;
    r->q[u].converged = 1;
  }
  PetscFunctionReturn(0);
}

/* The payload `p` of this dwell's row (ncol columns, the fields r_AB, r_AS, r_12) cut to
   what a dwell with `old` columns and no r_12 field wrote: the labels (32 bytes), the column
   count, the first `old` columns, xi, V, r_AB, r_AS, then the quantities. */
static PetscErrorCode CutTo(const DWPack *p, PetscInt ncol, PetscInt old, DWPack *q)
{
  const size_t cols = 40, fields = cols + 8 * (size_t)ncol;
  const size_t r12 = fields + 2 * (8 + 8 * M) + 2 * (8 + 8 * 3 * NP), end12 = r12 + 8 + 8 * 3 * NP;

  PetscFunctionBegin;
  PetscCall(DWPackBytes(q, p->data, 32));
  PetscCall(DWPackInt(q, old));
  PetscCall(DWPackBytes(q, p->data + cols, 8 * (size_t)old));
  PetscCall(DWPackBytes(q, p->data + fields, r12 - fields));
  PetscCall(DWPackBytes(q, p->data + end12, p->len - end12));
  PetscFunctionReturn(0);
}

static int Same(PetscInt n, const PetscReal a[], const PetscReal b[])
{
  for (PetscInt i = 0; i < n; i++)
    if (memcmp(&a[i], &b[i], sizeof(PetscReal))) return 0;
  return 1;
}

/* Unpacks p and compares with w: the first `ncol` columns and the fields (r_12 too if with12),
   and the quantities; the columns after ncol 0 but r_12 NaN, dr_12 0 without the field. */
static PetscErrorCode Check(MPI_Comm comm, const char what[], const DWPack *p, const DWNEBRow *w,
                            PetscInt ncol, PetscBool with12)
{
  const DWDoubleWellColumn *cols;
  PetscInt n, bad = 0, zero = 1;
  DWUnpack u;
  DWNEBRow r;
  char msg[160];

  PetscFunctionBegin;
  PetscCall(DWDoubleWellGetColumns(&n, &cols));
  DWUnpackInit(&u, p->data, p->len);
  PetscCall(DWPayloadUnpackNEBRow(&u, &r, NU));
  for (PetscInt k = 0; k < n; k++) {
    const PetscReal got  = DWDoubleWellColumnValue(&r.dw, &cols[k]);
    const PetscReal want = DWDoubleWellColumnValue(&w->dw, &cols[k]);
    if (!strcmp(cols[k].name, "r_12") && !with12)
      bad += !PetscIsNanReal(got);
    else if (k < ncol)
      bad += got != want;
    else
      bad += got != 0;
  }
  PetscCall(PetscSNPrintf(msg, sizeof(msg),
                          "%s: columns (r_12 NaN without the field, later ones 0)", what));
  DWTestTrue(comm, msg, !bad && r.piece == w->piece && r.is_a == w->is_a && r.is_b == w->is_b);
  PetscCall(PetscSNPrintf(msg, sizeof(msg), "%s: xi, V, r_AB, r_AS bit for bit", what));
  DWTestTrue(comm, msg,
             r.dw.nimages == M && r.dw.n == 3 * NP && Same(M, r.dw.xi, w->dw.xi) &&
                 Same(M, r.dw.V, w->dw.V) && Same(3 * NP, r.dw.dr_AB, w->dw.dr_AB) &&
                 Same(3 * NP, r.dw.dr_AS, w->dw.dr_AS));
  for (PetscInt i = 0; i < 3 * NP; i++) zero = zero && r.dw.dr_12[i] == 0;
  PetscCall(PetscSNPrintf(msg, sizeof(msg), "%s: r_12 %s", what, with12 ? "bit for bit" : "0"));
  DWTestTrue(comm, msg, with12 ? Same(3 * NP, r.dw.dr_12, w->dw.dr_12) : zero);
  bad = 0;
  for (PetscInt q = 0; q < NU; q++)
    bad += !Same(1, &r.q[q].E, &w->q[q].E) || !Same(1, &r.q[q].Delta, &w->q[q].Delta) ||
           !Same(1, &r.q[q].Gamma, &w->q[q].Gamma) || r.q[q].converged != w->q[q].converged;
  PetscCall(PetscSNPrintf(msg, sizeof(msg),
                          "%s: tunnelling quantities after the fields, the whole payload read",
                          what));
  DWTestTrue(comm, msg, !bad && u.pos == u.len);
  PetscCall(DWDoubleWellReset(&r.dw));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestNEBRows(MPI_Comm comm)
{
  DWNEBRow w;
  DWPack p;
  PetscInt ncol;
  const DWDoubleWellColumn *cols;

  PetscFunctionBegin;
  PetscCall(DWDoubleWellGetColumns(&ncol, &cols));
  DWTestTrue(comm, "the record's column 35 is r_12 (the format marker of src/farm/payload.c)",
             ncol >= 35 && !strcmp(cols[34].name, "r_12"));
  PetscCall(MakeRow(&w));
  PetscCall(DWPackInit(&p));
  PetscCall(DWPayloadPackNEBRow(&p, &w, NU));
  PetscCall(Check(comm, "this dwell's row", &p, &w, ncol, PETSC_TRUE));
  for (PetscInt old = 34; old >= 30; old -= 4) {
    char what[64];
    DWPack q;
    PetscCall(PetscSNPrintf(what, sizeof(what), "a %d-column row", (int)old));
    PetscCall(DWPackInit(&q));
    PetscCall(CutTo(&p, ncol, old, &q));
    PetscCall(Check(comm, what, &q, &w, old, PETSC_FALSE));
    PetscCall(DWPackFree(&q));
  }
  PetscCall(DWPackFree(&p));
  PetscCall(DWDoubleWellReset(&w.dw));
  PetscFunctionReturn(0);
}

/* A modes record of 2 IS (k = 3) and 3 double wells with distinct values. */
static PetscErrorCode MakeModes(ModesRows *r)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(r, sizeof(*r)));
  r->n_is = 2;
  r->n_dw = 3;
  r->k    = 3;
  PetscCall(ModesRowsAlloc(r));
  for (int j = 0; j < NCOL; j++)
    for (PetscInt i = 0; i < ModesRowsCount(r, j) * ModesRowsWidth(r, j); i++) {
      if (DWStageModesColumns[j].type == DW_FIELD_REAL)
        ((PetscReal *)r->v[j])[i] = 0.5 + j + 0.01 * i;
      else
        ((PetscInt *)r->v[j])[i] = (j + i) % 3;
    }
  PetscFunctionReturn(0);
}

static PetscErrorCode TestModesRecords(MPI_Comm comm)
{
  ModesRows w, r;
  DWPack p;
  DWUnpack u;
  PetscInt bad = 0, undefined = 0;

  PetscFunctionBegin;
  PetscCall(MakeModes(&w));
  for (int f = 0; f < 3; f++) {
    const int end[3] = {NCOL_FIRST, C_NL, NCOL}; /* before r_12, before nl_, this dwell */
    PetscCall(DWPackInit(&p));
    PetscCall(DWPackInts(&p, 3, (const PetscInt[]){w.n_is, w.n_dw, w.k}));
    for (int j = 0; j < end[f]; j++) {
      const PetscInt n = ModesRowsCount(&w, j) * ModesRowsWidth(&w, j);
      if (DWStageModesColumns[j].type == DW_FIELD_REAL)
        PetscCall(DWPackReals(&p, n, (const PetscReal *)w.v[j]));
      else
        PetscCall(DWPackInts(&p, n, (const PetscInt *)w.v[j]));
    }
    DWUnpackInit(&u, p.data, p.len);
    PetscCall(ModesRowsUnpack(&u, w.k, &r));
    bad = undefined = 0;
    for (int j = 0; j < NCOL; j++) {
      const PetscInt n     = ModesRowsCount(&w, j) * ModesRowsWidth(&w, j);
      const PetscBool real = (PetscBool)(DWStageModesColumns[j].type == DW_FIELD_REAL);
      for (PetscInt i = 0; i < n; i++) {
        if (j >= end[f])
          undefined +=
              real ? PetscIsNanReal(((PetscReal *)r.v[j])[i]) : ((PetscInt *)r.v[j])[i] == -1;
        else
          bad += real ? !Same(1, (PetscReal *)r.v[j] + i, (PetscReal *)w.v[j] + i)
                      : ((PetscInt *)r.v[j])[i] != ((PetscInt *)w.v[j])[i];
      }
    }
    if (f == 0) {
      DWTestTrue(comm, "a modes record of the dwell before r_12: its columns exact",
                 !bad && !strcmp(DWStageModesColumns[NCOL_FIRST].name, "dw/c_12"));
      DWTestTrue(comm, "... and c_12, a_12, nl_ undefined (NaN, mode -1) in every double well",
                 undefined == (NCOL - NCOL_FIRST) * w.n_dw);
    } else if (f == 1) {
      DWTestTrue(comm, "a modes record without the nonlinear mode: its columns exact",
                 !bad && !strcmp(DWStageModesColumns[C_NL].name, "dw/nl_kappa") && !r.nl);
      DWTestTrue(comm, "... and every nl_ column undefined (NaN, -1) in every double well",
                 undefined == (NCOL - C_NL) * w.n_dw);
    } else
      DWTestTrue(comm, "this dwell's modes record (with c_12, a_12, nl_) bit for bit",
                 !bad && r.nl);
    PetscCall(ModesRowsFree(&r));
    PetscCall(DWPackFree(&p));
  }
  PetscCall(ModesRowsFree(&w));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(TestNEBRows(comm));
  PetscCall(TestModesRecords(comm));
  int status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
