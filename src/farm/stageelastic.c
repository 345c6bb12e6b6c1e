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

/* The moduli of the IS of sys (minimised in place); *failed when it does not minimise. */
static PetscErrorCode Moduli(DWCampaign c, DWSystem sys, ElasticRow *row, PetscBool *failed,
                             char reason[], size_t len)
{
  DWPotential pot;
  DWMinimizer min;
  DWNeighborList nl;
  DWMinimizerResult mr;
  DWElastic el;
  DWElasticResult r;

  PetscFunctionBegin;
  PetscCall(DWPotentialCreate(PETSC_COMM_SELF, &pot));
  PetscCall(DWPotentialSetFromOptions(pot));
  PetscCall(DWPotentialSetUp(pot, sys));
  PetscCall(DWNeighborListCreate(PETSC_COMM_SELF, &nl));
  PetscCall(DWMinimizerCreate(PETSC_COMM_SELF, &min));
  PetscCall(DWMinimizerSetFromOptions(min));
  PetscCall(DWMinimizerSolve(min, sys, pot, nl, &mr));
  *failed = (PetscBool)(mr.reason <= 0);
  if (*failed)
    PetscCall(PetscSNPrintf(reason, len, "the glass did not minimise (%s, |F|_inf = %g)",
                            DWMinimizerReasonName(mr.reason), (double)mr.fmax));
  if (!*failed) {
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
  }
  PetscCall(DWMinimizerDestroy(&min));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunElastic(DWCampaign c, const DWTaskOrder *o, DWUnpack in[], DWPack *out,
                                 PetscBool *failed, char reason[], size_t len)
{
  DWSystem glass;
  ElasticRow row;

  PetscFunctionBegin;
  PetscCall(DWPayloadUnpackGlass(&in[0], &glass, NULL));
  PetscCall(Moduli(c, glass, &row, failed, reason, len));
  if (!*failed) PetscCall(RowPack(out, &row));
  PetscCall(DWSystemDestroy(&glass));
  PetscFunctionReturn(0);
}

/* ---------------------------------------------------------------- the DAG */
static PetscInt Count(const DWDag *dag, PetscInt s)
{
  return 1;
}

static PetscBool Ready(const DWDag *dag, PetscInt s)
{
  return (PetscBool)(dag->slot[DW_TASK_GLASS][s][0].state == DW_SLOT_DONE);
}

static PetscErrorCode Inputs(const DWDag *dag, DWTaskOrder *o)
{
  PetscFunctionBegin;
  o->inputs[o->ninputs++] = dag->slot[DW_TASK_GLASS][o->key.sample][0].where;
  PetscFunctionReturn(0);
}

static const DWStageDagOps dag_ops = {Count, Ready, Inputs, NULL, NULL};

/* ---------------------------------------------------------------- the collect */
typedef struct {
  DWCollectEntry e;
  ElasticRow r;
} ElasticRecord;

typedef struct {
  PetscInt n;
  ElasticRecord *rec;
  PetscInt *count; /* S: rows of each sample, 0 or 1 (every rank) */
} ElasticCollection;

static ElasticCollection *Data(const DWCollection *col)
{
  return (ElasticCollection *)col->data[DW_TASK_ELASTIC];
}

static PetscErrorCode Ensure(DWCollection *col, ElasticCollection **d)
{
  PetscFunctionBegin;
  if (!col->data[DW_TASK_ELASTIC]) {
    PetscCall(PetscNew(d));
    col->data[DW_TASK_ELASTIC] = *d;
  }
  *d = Data(col);
  PetscFunctionReturn(0);
}

static PetscErrorCode Keep(DWCollection *col, DWCollectEntry *e, DWUnpack *u, PetscBool *ok)
{
  ElasticCollection *d;
  ElasticRecord k;

  PetscFunctionBegin;
  PetscCall(Ensure(col, &d));
  PetscCall(RowUnpack(u, &k.r));
  k.e = *e;
  PetscCall(PetscRealloc(sizeof(ElasticRecord) * (size_t)(d->n + 1), &d->rec));
  d->rec[d->n++] = k;
  *ok            = PETSC_TRUE;
  PetscFunctionReturn(0);
}

static PetscErrorCode Drop(ElasticRecord *k)
{
  return 0;
}

static PetscErrorCode Winners(DWCollection *col, PetscInt nw, const DWCollectEntry w[])
{
  ElasticCollection *d = Data(col);

  PetscFunctionBegin;
  if (d) DW_KEEP_WINNERS(d->rec, d->n, w, nw, Drop);
  PetscFunctionReturn(0);
}

static PetscErrorCode LayoutCreate(DWCollection *col)
{
  ElasticCollection *d;

  PetscFunctionBegin;
  PetscCall(Ensure(col, &d));
  PetscCall(PetscCalloc1(col->S + 1, &d->count));
  PetscFunctionReturn(0);
}

static PetscErrorCode Layout(DWCollection *col, const DWCollectEntry *e)
{
  PetscFunctionBegin;
  if (e->status == DW_SHARD_DONE) Data(col)->count[e->sample] = 1;
  PetscFunctionReturn(0);
}

static PetscInt Known(const DWCollection *col, PetscInt s)
{
  return 1;
}

/* Column f of the records this rank holds (f = DWElasticNumFields, + 1: n_fit, nmodes; -1: the
   sample), at their rows. */
static PetscErrorCode WriteColumn(DWCampaignLibrary lib, const ElasticCollection *d,
                                  const PetscInt off[], PetscInt total, PetscInt f)
{
  const PetscBool real = (PetscBool)(f >= 0 && f < DWElasticNumFields);
  PetscInt *rows, *ints;
  PetscReal *reals;
  char name[64];
  const char *units = "1", *description = "glass sample";

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(d->n + 1, &rows, d->n + 1, &ints, d->n + 1, &reals));
  for (PetscInt k = 0; k < d->n; k++) {
    const ElasticRow *r = &d->rec[k].r;
    rows[k]             = off[d->rec[k].e.sample];
    ints[k] = f < 0 ? (PetscInt)d->rec[k].e.sample : f == DWElasticNumFields ? r->n_fit : r->nmodes;
    reals[k] = real ? r->v[f] : 0;
  }
  if (real) units = DWElasticFields[f].units, description = DWElasticFields[f].description;
  if (f == DWElasticNumFields) description = "modes in the A_4 window 0 < omega < omega_c";
  if (f == DWElasticNumFields + 1)
    description = "lowest modes computed (campaign key elastic_modes)";
  PetscCall(PetscSNPrintf(name, sizeof(name), "elastic/%s",
                          f < 0                     ? "sample"
                          : real                    ? DWElasticFields[f].name
                          : f == DWElasticNumFields ? "n_fit"
                                                    : "nmodes"));
  PetscCall(DWCampaignLibraryWriteColumn(lib, name, real ? DW_FIELD_REAL : DW_FIELD_INT, total,
                                         DWCollectOneD, d->n, rows, real ? (void *)reals : ints,
                                         units, description));
  PetscCall(PetscFree3(rows, ints, reals));
  PetscFunctionReturn(0);
}

static PetscErrorCode Write(DWCampaignLibrary lib, const DWCollection *col)
{
  const ElasticCollection *d = Data(col);
  PetscInt *off, total = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(col->S + 1, &off));
  for (PetscInt s = 0; s < col->S; s++) {
    off[s] = total;
    total += d->count[s];
  }
  for (PetscInt f = -1; f < DWElasticNumFields + 2; f++)
    PetscCall(WriteColumn(lib, d, off, total, f));
  PetscCall(PetscFree(off));
  PetscFunctionReturn(0);
}

static PetscErrorCode Free(DWCollection *col)
{
  ElasticCollection *d = Data(col);

  PetscFunctionBegin;
  if (!d) PetscFunctionReturn(0);
  PetscCall(PetscFree(d->rec));
  PetscCall(PetscFree(d->count));
  PetscCall(PetscFree(col->data[DW_TASK_ELASTIC]));
  PetscFunctionReturn(0);
}

static const DWStageCollectOps collect_ops = {Keep, NULL, Winners, LayoutCreate, Layout,
                                              NULL, NULL, Known,   Write,        Free};

static PetscBool Enabled(DWCampaign c)
{
  return c->elastic_stage;
}

const DWStageOps DWStageElastic = {"elastic", DW_TASK_ELASTIC, PETSC_FALSE,  Enabled,
                                   &dag_ops,  RunElastic,      &collect_ops, PETSC_TRUE};
