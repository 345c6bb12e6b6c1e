/* The elastic stage of a campaign (issue 15; [JCP23] sec. IV.C, eqs. 17-19, Fig. 10), after the
   glass: elastic(s) minimises the glass of sample s (its configuration quenched to T_exp, the
   glass payload) to its inherent structure (DWMinimizer, -min_... options) and computes there
   the zero-temperature moduli of include/dwell/elastic.h: G and K as the Born term minus the
   non-affine correction (a KSP solve on the Hessian), their parts, c_t, c_l, omega_t (eq. 18),
   omega_D (eq. 19) and, with the campaign key elastic_modes k > 0, A_4 of the k lowest modes
   below omega_t and A_4 omega_D^5 (options -elastic_ksp_..., -elastic_modes_type, ...).
   Campaign keys: elastic_stage (off by default), elastic_modes (default 0, at most 3N - 3).
   One task per sample, index 0, whose input is the glass. The library gets /elastic: one row
   per sample with a record (column sample, then the fields of DWElasticFields with units,
   n_fit and nmodes). The record: the DWElasticNumFields reals, then n_fit and nmodes. */
#include "farm/stage.h"
#include <dwell/elastic.h>

/* ---------------------------------------------------------------- the task */
typedef struct {
  PetscReal v[32]; /* DWElasticFields order */
  PetscInt n_fit, nmodes;
} ElasticRow;

static PetscErrorCode RowPack(DWPack *p, const ElasticRow *r)
{
  PetscFunctionBegin;
  PetscCheck(DWElasticNumFields <= (PetscInt)(sizeof(r->v) / sizeof(r->v[0])), PETSC_COMM_SELF,
             PETSC_ERR_PLIB, "elastic record: %" PetscInt_FMT " fields, room for %d",
             DWElasticNumFields, (int)(sizeof(r->v) / sizeof(r->v[0])));
  PetscCall(DWPackReals(p, DWElasticNumFields, r->v));
  PetscCall(DWPackInts(p, 2, (const PetscInt[]){r->n_fit, r->nmodes}));
  PetscFunctionReturn(0);
}

static PetscErrorCode RowUnpack(DWUnpack *u, ElasticRow *r)
{
  PetscInt iv[2];

  PetscFunctionBegin;
  PetscCall(DWUnpackRealsInto(u, DWElasticNumFields, r->v));
  PetscCall(DWUnpackIntsInto(u, 2, iv));
  r->n_fit  = iv[0];
  r->nmodes = iv[1];
  PetscFunctionReturn(0);
}

/* The moduli of the IS of sys, pot set up on it. */
static PetscErrorCode Moduli(DWCampaign c, DWSystem sys, DWPotential pot, ElasticRow *row)
{
  DWElastic el;
  DWElasticResult r;

  PetscFunctionBegin;
  PetscCall(DWElasticCreate(PETSC_COMM_SELF, &el));
  PetscCall(DWElasticSetFromOptions(el));
  PetscCall(DWElasticSetNumModes(el, c->elastic_modes));
  PetscCall(DWElasticSetPotential(el, pot, sys));
  PetscCall(DWElasticSolve(el));
  PetscCall(DWElasticGetResult(el, &r));
  for (PetscInt f = 0; f < DWElasticNumFields; f++)
    row->v[f] = *(const PetscReal *)((const char *)&r + DWElasticFields[f].offset);
  row->n_fit  = r.n_fit;
  row->nmodes = r.nmodes;
  PetscCall(DWElasticDestroy(&el));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunElastic(DWCampaign c, const DWTaskOrder *o, DWUnpack in[], DWPack *out,
                                 PetscBool *failed, char reason[], size_t len)
{
  DWSystem glass;
  DWPotential pot;
  ElasticRow row;

  PetscFunctionBegin;
  PetscCall(DWPayloadUnpackGlass(&in[0], &glass, NULL));
  PetscCall(DWStageGlassIS(glass, &pot, failed, reason, len));
  if (!*failed) {
    PetscCall(Moduli(c, glass, pot, &row));
    PetscCall(RowPack(out, &row));
  }
  PetscCall(DWPotentialDestroy(&pot));
  PetscCall(DWSystemDestroy(&glass));
  PetscFunctionReturn(0);
}

/* ---------------------------------------------------------------- the DAG */
static PetscInt Count(const DWDag *dag, PetscInt s)
{
  return 1;
}

static const DWStageDagOps dag_ops = {Count, DWStageGlassReady, DWStageGlassInputs, NULL, NULL};

/* ---------------------------------------------------------------- the collect */
static PetscErrorCode Keep(DWCollection *col, DWCollectEntry *e, DWUnpack *u, PetscBool *ok)
{
  ElasticRow row;

  PetscFunctionBegin;
  *ok = (PetscBool)(e->index == 0); /* one task per sample */
  if (!*ok) PetscFunctionReturn(0);
  PetscCall(RowUnpack(u, &row));
  PetscCall(DWStageRowsAdd(col, DW_TASK_ELASTIC, sizeof(row), e, &row));
  PetscFunctionReturn(0);
}

static PetscInt Known(const DWCollection *col, PetscInt s)
{
  return 1;
}

static PetscErrorCode Write(DWCampaignLibrary lib, const DWCollection *col)
{
  const DWStageRows *d = DWStageRowsGet(col, DW_TASK_ELASTIC);
  PetscInt total, *row;
  char name[64];

  PetscFunctionBegin;
  PetscCall(DWStageRowsPlace(col, DW_TASK_ELASTIC, &total, &row));
  PetscCall(DWStageRowsWriteColumn(lib, d, row, total, "elastic/sample", DW_FIELD_INT,
                                   DW_STAGE_ROWS_SAMPLE, "1", "glass sample"));
  for (PetscInt f = 0; f < DWElasticNumFields; f++) {
    PetscCall(PetscSNPrintf(name, sizeof(name), "elastic/%s", DWElasticFields[f].name));
    PetscCall(DWStageRowsWriteColumn(lib, d, row, total, name, DW_FIELD_REAL,
                                     offsetof(ElasticRow, v) + sizeof(PetscReal) * (size_t)f,
                                     DWElasticFields[f].units, DWElasticFields[f].description));
  }
  PetscCall(DWStageRowsWriteColumn(lib, d, row, total, "elastic/n_fit", DW_FIELD_INT,
                                   offsetof(ElasticRow, n_fit), "1",
                                   "modes in the A_4 window 0 < omega < omega_c"));
  PetscCall(DWStageRowsWriteColumn(lib, d, row, total, "elastic/nmodes", DW_FIELD_INT,
                                   offsetof(ElasticRow, nmodes), "1",
                                   "lowest modes computed (campaign key elastic_modes)"));
  PetscCall(PetscFree(row));
  PetscFunctionReturn(0);
}

DW_STAGE_ROWS_COLLECT(DW_TASK_ELASTIC, 1)

static const DWStageCollectOps collect_ops = {
    Keep, NULL, RowsWinners, RowsLayoutCreate, RowsLayout, NULL, NULL, Known, Write, RowsFree};

static PetscBool Enabled(DWCampaign c)
{
  return c->elastic_stage;
}

const DWStageOps DWStageElastic = {"elastic", DW_TASK_ELASTIC, PETSC_FALSE,  Enabled,
                                   &dag_ops,  RunElastic,      &collect_ops, PETSC_TRUE};
