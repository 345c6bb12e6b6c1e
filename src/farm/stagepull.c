/* The pull stage of a campaign (issue 15; [PRR20] sec. II.C and III, eqs. 5-10, A3, Table I),
   after the glass: pull(s, k) minimises the glass of sample s to its inherent structure r_0
   (DWStageGlassIS), computes its pull_modes lowest modes (DWModes, -modes_... options), pulls
   mode k (DWPull, -pull_... options; its minimisations by L-BFGS preconditioned with the
   Hessian, -pull_min_... options) to A_c and records the result. A transition ends in a new
   IS r_1: the row keeps r_0 and r_1 with their energies, a double-well candidate (r_0, r_1)
   for `dwell neb -a -b`.
   With the campaign key pull_neb (default true) the task then finds the double well
   r_0 -> r_1 as a neb task does (DWTaskNEBPair: dV, V_b, d and E per unit set when the path is
   one double well).
   Campaign keys: pull_stage (off by default), pull_modes (default min(10, 3N - 3)), pull_neb. Tasks
   (s, k), k = 0 .. pull_modes - 1, each on the glass. The library gets /pull: one row per
   task done, in (sample, mode) order: sample, the columns of DWPullRealFields and
   DWPullIntFields as in the pull file of `dwell pull`, V0, V1 and
   x0, x1 (n x N x 3, sigma; x1 NaN without a transition). The record: the reals of
   DWPullRealFields, V0, V1, the ints of DWPullIntFields, x0 (3N) and x1 (3N). */
#include "farm/stage.h"
#include <dwell/minimizer.h>
#include <dwell/pull.h>

/* ---------------------------------------------------------------- the record */
#define NREALS DW_PULL_NREALS
#define NINTS  DW_PULL_NINTS
/* A row: the fields, the energies of r_0 and r_1 (eps), the double well r_0 -> r_1 (dV, V_b,
   d, then E per unit set: DWTaskNEBPair), the ints, the NEB's reason and pieces, then x0 and
   x1 (3N each, sigma). */
#define V_0        NREALS
#define V_1        (NREALS + 1)
#define NEB_V      (NREALS + 2) /* dV, V_b, d */
#define NEB_E      (NREALS + 5) /* E of unit set u at NEB_E + u */
#define NV         (NEB_E + DW_CAMPAIGN_MAX_UNITS)
#define NEB_REASON NINTS
#define NEB_PIECES (NINTS + 1)
#define NI         (NINTS + 2)
typedef struct {
  PetscReal v[NV];
  PetscInt i[NI];
  PetscReal x[];
} PullRow;

static size_t RowSize(PetscInt N)
{
  return sizeof(PullRow) + sizeof(PetscReal) * (size_t)(6 * N);
}

static PetscErrorCode RowPack(DWPack *p, const PullRow *r, PetscInt N)
{
  PetscFunctionBegin;
  PetscCall(DWPackReals(p, NV, r->v));
  PetscCall(DWPackInts(p, NI, r->i));
  PetscCall(DWPackReals(p, 6 * N, r->x));
  PetscFunctionReturn(0);
}

static PetscErrorCode RowUnpack(DWUnpack *u, PullRow *r, PetscInt N)
{
  PetscFunctionBegin;
  PetscCall(DWUnpackRealsInto(u, NV, r->v));
  PetscCall(DWUnpackIntsInto(u, NI, r->i));
  PetscCall(DWUnpackRealsInto(u, 6 * N, r->x));
  PetscFunctionReturn(0);
}

/* The row of result res: its fields, V0, V1 and the two IS (x1 NaN without a transition). */
static void RowFill(PullRow *row, const DWPullResult *res, PetscReal V0, const PetscReal x0[],
                    PetscReal V1, const PetscReal x1[], PetscInt N)
{
  for (PetscInt f = 0; f < NREALS; f++)
    row->v[f] = *(const PetscReal *)((const char *)res + DWPullRealFields[f].offset);
  row->i[0]   = res->mode;
  row->i[1]   = res->sign;
  row->i[2]   = res->nmin;
  row->i[3]   = res->nevals;
  row->i[4]   = (PetscInt)res->reason;
  row->v[V_0] = V0;
  row->v[V_1] = x1 ? V1 : NAN;
  for (PetscInt k = NEB_V; k < NV; k++) row->v[k] = NAN;
  row->i[NEB_REASON] = row->i[NEB_PIECES] = 0;
  for (PetscInt k = 0; k < 3 * N; k++) {
    row->x[k]         = x0[k];
    row->x[3 * N + k] = x1 ? x1[k] : NAN;
  }
}

/* ---------------------------------------------------------------- the task */
/* Pulls mode k of the IS of sys (pot set up on it) into row. */
static PetscErrorCode PullMode(DWCampaign c, DWSystem sys, DWPotential pot, PetscInt k,
                               PullRow *row)
{
  DWMinimizer min;
  DWPull pull;
  DWModes modes;
  DWSurface s;
  DWPullResult res;
  PetscReal *x, L, V0, V1;
  const PetscReal *x0, *x1;

  PetscFunctionBegin;
  PetscCall(DWMinimizerCreate(PETSC_COMM_SELF, &min));
  PetscCall(DWMinimizerSetOptionsPrefix(min, "pull_min_"));
  PetscCall(DWMinimizerLBFGSSetPreconditioner(min, "hessian"));
  PetscCall(DWMinimizerSetFromOptions(min));
  PetscCall(DWPullCreate(PETSC_COMM_SELF, &pull));
  PetscCall(DWPullSetFromOptions(pull));
  PetscCall(DWPullSetPotential(pull, pot, sys, min));
  PetscCall(DWPullSetUp(pull));
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(DWSurfaceCreateParticles(sys, pot, min, &s));
  PetscCall(DWModesCreate(PETSC_COMM_SELF, &modes));
  PetscCall(DWModesSetFromOptions(modes));
  PetscCall(DWModesSetNumModes(modes, c->pull_modes));
  PetscCall(DWModesSetSurface(modes, s, x));
  PetscCall(DWModesSetPositions(modes, L, x));
  PetscCall(DWModesSolve(modes));
  PetscCall(DWPullModes(pull, modes, 1, &k));
  PetscCall(DWPullGetResult(pull, 0, &res));
  PetscCall(DWPullGetStart(pull, &V0, &x0));
  PetscCall(DWPullGetFinalState(pull, 0, &x1, &V1));
  RowFill(row, &res, V0, x0, V1, x1, c->N);
  if (x1 && c->pull_neb)
    PetscCall(DWTaskNEBPair(c, sys, x0, x1, &row->i[NEB_REASON], &row->i[NEB_PIECES],
                            &row->v[NEB_V], &row->v[NEB_E]));
  PetscCall(DWModesDestroy(&modes));
  PetscCall(DWSurfaceDestroy(&s));
  PetscCall(DWPullDestroy(&pull));
  PetscCall(DWMinimizerDestroy(&min));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunPull(DWCampaign c, const DWTaskOrder *o, DWUnpack in[], DWPack *out,
                              PetscBool *failed, char reason[], size_t len)
{
  DWSystem glass;
  DWPotential pot;
  PullRow *row;

  PetscFunctionBegin;
  PetscCall(DWPayloadUnpackGlass(&in[0], &glass, NULL));
  PetscCall(DWStageGlassIS(glass, &pot, failed, reason, len));
  if (!*failed) {
    PetscCall(PetscMalloc(RowSize(c->N), &row));
    PetscCall(PullMode(c, glass, pot, o->key.index, row));
    PetscCall(RowPack(out, row, c->N));
    PetscCall(PetscFree(row));
  }
  PetscCall(DWPotentialDestroy(&pot));
  PetscCall(DWSystemDestroy(&glass));
  PetscFunctionReturn(0);
}

/* ---------------------------------------------------------------- the DAG */
static PetscInt Count(const DWDag *dag, PetscInt s)
{
  return dag->pull_modes;
}

static const DWStageDagOps dag_ops = {Count, DWStageGlassReady, DWStageGlassInputs, NULL, NULL};

/* ---------------------------------------------------------------- the collect */
static PetscErrorCode Keep(DWCollection *col, DWCollectEntry *e, DWUnpack *u, PetscBool *ok)
{
  const PetscInt N = col->c->N;
  PullRow *row;

  PetscFunctionBegin;
  *ok = (PetscBool)(e->index >= 0 && e->index < col->c->pull_modes);
  if (!*ok) PetscFunctionReturn(0);
  PetscCall(PetscMalloc(RowSize(N), &row));
  PetscCall(RowUnpack(u, row, N));
  PetscCall(DWStageRowsAdd(col, DW_TASK_PULL, RowSize(N), e, row));
  PetscCall(PetscFree(row));
  PetscFunctionReturn(0);
}

static PetscInt Known(const DWCollection *col, PetscInt s)
{
  return col->c->pull_modes;
}

/* x0 (which = 0) or x1 (1): n x N x 3, sigma. */
static PetscErrorCode WritePositions(DWCampaignLibrary lib, const DWStageRows *d,
                                     const PetscInt row[], PetscInt total, PetscInt N, int which)
{
  const PetscInt dims[2] = {N, 3};
  PetscReal *x;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(3 * N * d->n + 1, &x));
  for (PetscInt k = 0; k < d->n; k++)
    PetscCall(PetscArraycpy(x + 3 * N * k,
                            ((const PullRow *)DWStageRowsRow(d, k))->x + 3 * N * which, 3 * N));
  PetscCall(DWCampaignLibraryWriteColumn(
      lib, which ? "pull/x1" : "pull/x0", DW_FIELD_REAL, total, dims, d->n, row, x, "sigma",
      which ? "the new IS r_1 after the transition (NaN: none); with x0 a double-well candidate"
            : "the IS r_0 pulled: the glass of the sample minimised"));
  PetscCall(PetscFree(x));
  PetscFunctionReturn(0);
}

/* Column name of the table /pull (without the group). */
static PetscErrorCode WriteColumn(DWCampaignLibrary lib, const DWStageRows *d, const PetscInt row[],
                                  PetscInt total, const char name[], DWFieldType type,
                                  size_t offset, const char units[], const char description[])
{
  char path[160];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof(path), "pull/%s", name));
  PetscCall(DWStageRowsWriteColumn(lib, d, row, total, path, type, offset, units, description));
  PetscFunctionReturn(0);
}

/* The double well r_0 -> r_1 of each transition (campaign key pull_neb). */
static PetscErrorCode WriteNEBColumns(DWCampaignLibrary lib, DWCampaign c, const DWStageRows *d,
                                      const PetscInt row[], PetscInt total)
{
  static const char *const name[3]  = {"neb_dV", "neb_V_b", "neb_d"};
  static const char *const units[3] = {"eps", "eps", "sigma"};
  static const char *const what[3]  = {"asymmetry dV", "barrier V_b", "path length d"};
  const size_t real = sizeof(PetscReal), integer = sizeof(PetscInt);
  char path[128], description[256];

  PetscFunctionBegin;
  PetscCall(WriteColumn(lib, d, row, total, "neb_reason", DW_FIELD_INT,
                        offsetof(PullRow, i) + integer * (size_t)NEB_REASON, "1",
                        "the NEB from r_0 to r_1 (DWNEBReason: 1 converged, < 0 failed; 0 not "
                        "run: no transition or pull_neb false)"));
  PetscCall(WriteColumn(lib, d, row, total, "neb_pieces", DW_FIELD_INT,
                        offsetof(PullRow, i) + integer * (size_t)NEB_PIECES, "1",
                        "elementary paths (double wells) between r_0 and r_1"));
  for (int k = 0; k < 3; k++) {
    PetscCall(PetscSNPrintf(description, sizeof(description),
                            "%s of the double well r_0 -> r_1 when the path is one double well "
                            "(neb_pieces 1; NaN otherwise), as in /dw",
                            what[k]));
    PetscCall(WriteColumn(lib, d, row, total, name[k], DW_FIELD_REAL,
                          offsetof(PullRow, v) + real * (size_t)(NEB_V + k), units[k],
                          description));
  }
  for (PetscInt u = 0; u < c->n_units; u++) {
    PetscCall(PetscSNPrintf(path, sizeof(path), "quantum/%s/E", c->units[u].name));
    PetscCall(WriteColumn(lib, d, row, total, path, DW_FIELD_REAL,
                          offsetof(PullRow, v) + real * (size_t)(NEB_E + u), "eps",
                          "tunnel splitting E of that double well for this unit set (NaN: "
                          "not one double well, or not converged), as /dw/quantum"));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Write(DWCampaignLibrary lib, const DWCollection *col)
{
  const DWStageRows *d = DWStageRowsGet(col, DW_TASK_PULL);
  const size_t real = sizeof(PetscReal), integer = sizeof(PetscInt);
  PetscInt total, *row;

  PetscFunctionBegin;
  PetscCall(DWStageRowsPlace(col, DW_TASK_PULL, &total, &row));
  PetscCall(WriteColumn(lib, d, row, total, "sample", DW_FIELD_INT, DW_STAGE_ROWS_SAMPLE, "1",
                        "glass sample"));
  for (PetscInt f = 0; f < NINTS; f++)
    PetscCall(WriteColumn(lib, d, row, total, DWPullIntFields[f].name, DW_FIELD_INT,
                          offsetof(PullRow, i) + integer * (size_t)f, DWPullIntFields[f].units,
                          DWPullIntFields[f].description));
  for (PetscInt f = 0; f < NREALS; f++)
    PetscCall(WriteColumn(lib, d, row, total, DWPullRealFields[f].name, DW_FIELD_REAL,
                          offsetof(PullRow, v) + real * (size_t)f, DWPullRealFields[f].units,
                          DWPullRealFields[f].description));
  PetscCall(WriteColumn(lib, d, row, total, "V0", DW_FIELD_REAL,
                        offsetof(PullRow, v) + real * (size_t)V_0, "eps",
                        "Phi(r_0), the energy of the IS pulled"));
  PetscCall(WriteColumn(lib, d, row, total, "V1", DW_FIELD_REAL,
                        offsetof(PullRow, v) + real * (size_t)V_1, "eps",
                        "Phi(r_1), the energy of the new IS (NaN: no transition)"));
  PetscCall(WriteNEBColumns(lib, col->c, d, row, total));
  for (int which = 0; which < 2; which++)
    PetscCall(WritePositions(lib, d, row, total, col->c->N, which));
  PetscCall(PetscFree(row));
  PetscFunctionReturn(0);
}

DW_STAGE_ROWS_COLLECT(DW_TASK_PULL, col->c->pull_modes)

static const DWStageCollectOps collect_ops = {
    Keep, NULL, RowsWinners, RowsLayoutCreate, RowsLayout, NULL, NULL, Known, Write, RowsFree};

static PetscBool Enabled(DWCampaign c)
{
  return c->pull_stage;
}

const DWStageOps DWStagePull = {"pull",   DW_TASK_PULL, PETSC_FALSE,  Enabled,
                                &dag_ops, RunPull,      &collect_ops, PETSC_TRUE};
