/* The modes stage of a campaign (issue 14), after neb: modes(s) computes the k lowest normal
   modes (include/dwell/modes.h: omega_k, the participation ratio P_k of [PRR20] eq. 4, the
   phonon order parameter O_k of [PRR20] eq. 3, the quasi-localised flag) of every library IS
   of sample s that is end A of a double well of s (-modes_tls_only: of a TLS, E < k_B T_Q in
   some unit set, DESIGN.md), and for every such double well the overlaps of its displacement
   fields r_AB and r_AS with the modes of A, [PRM21] eqs. 7 and 8:
     c(v) = |r.v| / (|r| |v|),   a(v) = sum_i |r_i| |v_i| / sqrt(sum_i |r_i|^2 sum_i |v_i|^2),
   keeping per field the largest c and a over the k modes and the mode that gives each.
   Campaign keys: modes_stage (off by default), modes_tls_only, modes_k (default 50, at most
   3N - 3); the DWModes of a task reads its own options (-modes_type, -modes_eps_tol, ...).
   One task per sample, index 0: its inputs are the glass, the merge (the positions of the
   candidate ends) and every done neb record of the sample. An IS A without stored positions
   (an intermediate minimum of a split path that is no candidate's end) is skipped.
   The library gets /modes/is (one row per IS: sample, label, then k-wide omega, lambda, P,
   O, qlm) and /modes/dw (one row per double well of a neb record whose A has modes). */
#include "farm/stage.h"
#include <dwell/modes.h>
#include <dwell/neb.h>

/* ---------------------------------------------------------------- the columns */
typedef enum {
  MODES_IS, /* a row per IS, k values */
  MODES_DW  /* a row per double well, one value */
} ModesTable;

typedef struct {
  const char *name, *units, *description;
  ModesTable table;
  DWFieldType type;
} ModesColumn;

/* The payload holds these columns in this order (after the two row counts and k). */
static const ModesColumn columns[] = {
    {"is/label", "1", "library IS label within the sample (end A of a double well)", MODES_IS,
     DW_FIELD_INT},
    {"is/omega", "1/tau",
     "frequencies of the k lowest modes, sqrt(lambda) (negative: -sqrt(|lambda|), not a minimum)",
     MODES_IS, DW_FIELD_REAL},
    {"is/lambda", "eps/sigma^2", "Hessian eigenvalues of the k lowest modes (translations removed)",
     MODES_IS, DW_FIELD_REAL},
    {"is/P", "1", "participation ratio P_k = 1/(N sum_i |e_i^k|^4), [PRR20] eq. 4", MODES_IS,
     DW_FIELD_REAL},
    {"is/O", "1", "phonon order parameter O_k against the plane waves of the box, [PRR20] eq. 3",
     MODES_IS, DW_FIELD_REAL},
    {"is/qlm", "1", "1 if quasi-localised: omega < -modes_qlm_omega and P_k < -modes_qlm_pr",
     MODES_IS, DW_FIELD_INT},
    {"dw/candidate", "1", "candidate (neb task) of the double well within the sample", MODES_DW,
     DW_FIELD_INT},
    {"dw/piece", "1", "piece of the candidate's path (the /dw row of sample, candidate, piece)",
     MODES_DW, DW_FIELD_INT},
    {"dw/is_a", "1", "library IS label of end A, whose modes are compared", MODES_DW, DW_FIELD_INT},
    {"dw/c_AB", "1", "largest overlap c of r_AB with a mode of A, [PRM21] eq. 7", MODES_DW,
     DW_FIELD_REAL},
    {"dw/c_AB_mode", "1", "the mode (0: lowest) of the largest c of r_AB", MODES_DW, DW_FIELD_INT},
    {"dw/a_AB", "1", "largest overlap a of r_AB with a mode of A, [PRM21] eq. 8", MODES_DW,
     DW_FIELD_REAL},
    {"dw/a_AB_mode", "1", "the mode (0: lowest) of the largest a of r_AB", MODES_DW, DW_FIELD_INT},
    {"dw/c_AS", "1", "largest overlap c of r_AS with a mode of A, [PRM21] eq. 7", MODES_DW,
     DW_FIELD_REAL},
    {"dw/c_AS_mode", "1", "the mode (0: lowest) of the largest c of r_AS", MODES_DW, DW_FIELD_INT},
    {"dw/a_AS", "1", "largest overlap a of r_AS with a mode of A, [PRM21] eq. 8", MODES_DW,
     DW_FIELD_REAL},
    {"dw/a_AS_mode", "1", "the mode (0: lowest) of the largest a of r_AS", MODES_DW, DW_FIELD_INT},
};
#define NCOL ((int)(sizeof(columns) / sizeof(columns[0])))
enum { C_LABEL, C_OMEGA, C_LAMBDA, C_P, C_O, C_QLM, C_CAND, C_PIECE, C_ISA, C_OV };

/* The rows of one modes record: column j holds rows(j) x width(j) values (PetscInt or
   PetscReal by its type). */
typedef struct {
  PetscInt n_is, n_dw, k;
  void *v[NCOL];
} ModesRows;

static PetscInt Width(const ModesRows *r, int j)
{
  return columns[j].table == MODES_IS && j != C_LABEL ? r->k : 1;
}

static PetscInt Rows(const ModesRows *r, int j)
{
  return columns[j].table == MODES_IS ? r->n_is : r->n_dw;
}

static PetscErrorCode ModesRowsAlloc(ModesRows *r)
{
  PetscFunctionBegin;
  for (int j = 0; j < NCOL; j++) {
    const size_t size = columns[j].type == DW_FIELD_REAL ? sizeof(PetscReal) : sizeof(PetscInt);
    PetscCall(PetscCalloc(size * (size_t)(Rows(r, j) * Width(r, j) + 1), &r->v[j]));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ModesRowsFree(ModesRows *r)
{
  PetscFunctionBegin;
  for (int j = 0; j < NCOL; j++) PetscCall(PetscFree(r->v[j]));
  PetscFunctionReturn(0);
}

static PetscErrorCode ModesRowsPack(DWPack *p, const ModesRows *r)
{
  PetscFunctionBegin;
  PetscCall(DWPackInts(p, 3, (const PetscInt[]){r->n_is, r->n_dw, r->k}));
  for (int j = 0; j < NCOL; j++) {
    const PetscInt n = Rows(r, j) * Width(r, j);
    if (columns[j].type == DW_FIELD_REAL)
      PetscCall(DWPackReals(p, n, (const PetscReal *)r->v[j]));
    else
      PetscCall(DWPackInts(p, n, (const PetscInt *)r->v[j]));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode UnpackColumns(DWUnpack *u, ModesRows *r)
{
  PetscFunctionBegin;
  PetscCall(ModesRowsAlloc(r));
  for (int j = 0; j < NCOL; j++) {
    const PetscInt n = Rows(r, j) * Width(r, j);
    if (columns[j].type == DW_FIELD_REAL)
      PetscCall(DWUnpackRealsInto(u, n, (PetscReal *)r->v[j]));
    else
      PetscCall(DWUnpackIntsInto(u, n, (PetscInt *)r->v[j]));
  }
  PetscFunctionReturn(0);
}

/* A record of k modes (the campaign's), or an error (nothing allocated then). */
static PetscErrorCode ModesRowsUnpack(DWUnpack *u, PetscInt k, ModesRows *r)
{
  PetscInt iv[3];
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(r, sizeof(*r)));
  PetscCall(DWUnpackIntsInto(u, 3, iv));
  PetscCheck(iv[0] >= 0 && iv[1] >= 0 && iv[2] == k && (uint64_t)iv[0] * k <= u->len &&
                 (uint64_t)iv[1] <= u->len,
             PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "modes payload: %" PetscInt_FMT " IS, %" PetscInt_FMT " double wells, %" PetscInt_FMT
             " modes (campaign: %" PetscInt_FMT ")",
             iv[0], iv[1], iv[2], k);
  r->n_is = iv[0];
  r->n_dw = iv[1];
  r->k    = iv[2];
  ierr    = UnpackColumns(u, r);
  if (ierr) PetscCall(ModesRowsFree(r));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

/* ---------------------------------------------------------------- the task */
/* The double wells of a sample, from its neb payloads. */
typedef struct {
  PetscInt n;
  DWNEBRow *row;
  PetscInt *cand;
} DWList;

static PetscErrorCode DWListRead(DWCampaign c, PetscInt nin, DWUnpack in[], DWList *l)
{
  PetscInt ab[2];
  int64_t n;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(l, sizeof(*l)));
  for (PetscInt k = 0; k < nin; k++) {
    PetscCall(DWUnpackIntsInto(&in[k], 2, ab));
    PetscCall(DWUnpackInt(&in[k], &n));
    PetscCheck(n >= 0 && (uint64_t)n <= in[k].len, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "neb payload: %lld rows", (long long)n);
    PetscCall(PetscRealloc(sizeof(DWNEBRow) * (size_t)(l->n + n + 1), &l->row));
    PetscCall(PetscRealloc(sizeof(PetscInt) * (size_t)(l->n + n + 1), &l->cand));
    for (int64_t r = 0; r < n; r++) {
      PetscCall(DWPayloadUnpackNEBRow(&in[k], &l->row[l->n], c->n_units));
      l->cand[l->n++] = k; /* the index among the inputs; the candidate is set by the caller */
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode DWListFree(DWList *l)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < l->n; k++) PetscCall(DWDoubleWellReset(&l->row[k].dw));
  PetscCall(PetscFree(l->row));
  PetscCall(PetscFree(l->cand));
  PetscFunctionReturn(0);
}

/* A TLS in some unit set: E < k_B T_Q (DESIGN.md, [PRL20]). */
static PetscBool IsTLS(DWCampaign c, const DWNEBRow *r)
{
  for (PetscInt u = 0; u < c->n_units; u++)
    if (r->q[u].E < c->units[u].kT_Q) return PETSC_TRUE;
  return PETSC_FALSE;
}

/* Whether the modes of double well r's end A are wanted. */
static PetscBool Wanted(DWCampaign c, const DWNEBRow *r)
{
  return (PetscBool)(r->is_a >= 0 && (!c->modes_tls_only || IsTLS(c, r)));
}

/* The labels of the wanted ends A that have stored positions, sorted, unique. */
static PetscErrorCode Labels(DWCampaign c, const DWList *l, const DWMergeData *m, PetscInt *n,
                             PetscInt **label)
{
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(l->n + 1, label));
  *n = 0;
  for (PetscInt k = 0; k < l->n; k++) {
    PetscBool stored = PETSC_FALSE;
    for (PetscInt p = 0; p < m->n_pos; p++)
      stored = (PetscBool)(stored || m->pos_label[p] == l->row[k].is_a);
    if (Wanted(c, &l->row[k]) && stored) (*label)[(*n)++] = l->row[k].is_a;
  }
  PetscCall(PetscSortRemoveDupsInt(n, *label));
  PetscFunctionReturn(0);
}

typedef struct {
  DWPotential pot;
  DWMinimizer min;
  DWSurface surface;
  DWModes modes;
  PetscReal L;
} ModesSolver;

static PetscErrorCode Solve(DWCampaign c, DWSystem glass, const PetscReal x[], ModesSolver *s)
{
  PetscFunctionBegin;
  PetscCall(DWPotentialCreate(PETSC_COMM_SELF, &s->pot));
  PetscCall(DWPotentialSetFromOptions(s->pot));
  PetscCall(DWPotentialSetUp(s->pot, glass));
  PetscCall(DWMinimizerCreate(PETSC_COMM_SELF, &s->min));
  PetscCall(DWSurfaceCreateParticles(glass, s->pot, s->min, &s->surface));
  PetscCall(DWModesCreate(PETSC_COMM_SELF, &s->modes));
  PetscCall(DWModesSetFromOptions(s->modes));
  PetscCall(DWModesSetNumModes(s->modes, c->modes_k));
  PetscCall(DWModesSetSurface(s->modes, s->surface, x));
  PetscCall(DWModesSetPositions(s->modes, s->L, x));
  PetscCall(DWModesSolve(s->modes));
  PetscFunctionReturn(0);
}

static PetscErrorCode SolverDestroy(ModesSolver *s)
{
  PetscFunctionBegin;
  PetscCall(DWModesDestroy(&s->modes));
  PetscCall(DWSurfaceDestroy(&s->surface));
  PetscCall(DWMinimizerDestroy(&s->min));
  PetscCall(DWPotentialDestroy(&s->pot));
  PetscFunctionReturn(0);
}

/* Row i of the IS table: the k modes. */
static PetscErrorCode FillIS(ModesSolver *s, PetscInt i, ModesRows *r)
{
  DWModeInfo f;

  PetscFunctionBegin;
  for (PetscInt m = 0; m < r->k; m++) {
    const PetscInt at = i * r->k + m;
    PetscCall(DWModesGetModeInfo(s->modes, m, &f));
    ((PetscReal *)r->v[C_OMEGA])[at]  = f.omega;
    ((PetscReal *)r->v[C_LAMBDA])[at] = f.lambda;
    ((PetscReal *)r->v[C_P])[at]      = f.P;
    ((PetscReal *)r->v[C_O])[at]      = f.O;
    ((PetscInt *)r->v[C_QLM])[at]     = f.qlm;
  }
  PetscFunctionReturn(0);
}

/* The overlap columns of double well row j: for r_AB then r_AS, the largest c and its mode,
   the largest a and its mode ([PRM21] eqs. 7 and 8, DWModesOverlap). */
static PetscErrorCode Best(DWModes modes, ModesRows *r, PetscInt j, const DWDoubleWell *w)
{
  const PetscReal *field[2] = {w->dr_AB, w->dr_AS};

  PetscFunctionBegin;
  for (int f = 0; f < 2; f++) {
    DWModesOverlapResult o;
    const int col = C_OV + 4 * f;
    PetscCall(DWModesOverlap(modes, field[f], NULL, NULL, &o));
    ((PetscReal *)r->v[col])[j]     = o.c;
    ((PetscInt *)r->v[col + 1])[j]  = o.kc;
    ((PetscReal *)r->v[col + 2])[j] = o.a;
    ((PetscInt *)r->v[col + 3])[j]  = o.ka;
  }
  PetscFunctionReturn(0);
}

/* The overlaps of every wanted double well of A (label) with its modes. */
static PetscErrorCode FillDW(ModesSolver *s, PetscInt label, const DWList *l, const PetscInt cand[],
                             ModesRows *r, PetscInt *j)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < l->n; k++) {
    if (l->row[k].is_a != label || l->row[k].dw.n <= 0) continue;
    ((PetscInt *)r->v[C_CAND])[*j]  = cand[l->cand[k]];
    ((PetscInt *)r->v[C_PIECE])[*j] = l->row[k].piece;
    ((PetscInt *)r->v[C_ISA])[*j]   = label;
    PetscCall(Best(s->modes, r, (*j)++, &l->row[k].dw));
  }
  PetscFunctionReturn(0);
}

/* Counts the rows of the record: the IS with modes and their double wells. */
static void CountRows(DWCampaign c, const DWList *l, PetscInt nlabel, const PetscInt label[],
                      ModesRows *r)
{
  r->n_is = nlabel;
  r->n_dw = 0;
  r->k    = c->modes_k;
  for (PetscInt k = 0; k < l->n; k++) {
    PetscBool has = PETSC_FALSE;
    for (PetscInt i = 0; i < nlabel; i++) has = (PetscBool)(has || label[i] == l->row[k].is_a);
    r->n_dw += has && l->row[k].dw.n > 0;
  }
}

static PetscErrorCode ComputeRows(DWCampaign c, DWSystem glass, const DWMergeData *m,
                                  const DWList *l, const PetscInt cand[], PetscInt nlabel,
                                  const PetscInt label[], ModesRows *r)
{
  PetscInt j = 0;

  PetscFunctionBegin;
  CountRows(c, l, nlabel, label, r);
  PetscCall(ModesRowsAlloc(r));
  for (PetscInt i = 0; i < nlabel; i++) {
    ModesSolver s;
    const PetscReal *x = NULL;
    PetscCall(PetscMemzero(&s, sizeof(s)));
    PetscCall(DWSystemGetBox(glass, &s.L));
    for (PetscInt p = 0; p < m->n_pos && !x; p++)
      if (m->pos_label[p] == label[i]) x = m->pos + 3 * m->N * p;
    ((PetscInt *)r->v[C_LABEL])[i] = label[i];
    PetscCall(Solve(c, glass, x, &s));
    PetscCall(FillIS(&s, i, r));
    PetscCall(FillDW(&s, label[i], l, cand, r, &j));
    PetscCall(SolverDestroy(&s));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode RunModes(DWCampaign c, const DWTaskOrder *o, DWUnpack in[], DWPack *out,
                               PetscBool *failed, char reason[], size_t len)
{
  DWSystem glass;
  DWMergeData m;
  DWList l;
  ModesRows r;
  PetscInt nlabel, *label, *cand;
  DWTaskKey key;

  PetscFunctionBegin;
  PetscCall(DWPayloadUnpackGlass(&in[0], &glass, NULL));
  PetscCall(DWPayloadUnpackMerge(&in[1], &m));
  /* the candidate of each neb input: its key, read again from the start of its payload */
  PetscCall(PetscMalloc1(o->ninputs + 1, &cand));
  for (PetscInt k = 2; k < o->ninputs; k++) {
    DWUnpack u = in[k];
    u.pos      = 0;
    PetscCall(DWTaskUnpackKey(&u, &key));
    cand[k - 2] = key.index;
  }
  PetscCall(DWListRead(c, o->ninputs - 2, &in[2], &l));
  PetscCall(Labels(c, &l, &m, &nlabel, &label));
  PetscCall(PetscMemzero(&r, sizeof(r)));
  PetscCall(ComputeRows(c, glass, &m, &l, cand, nlabel, label, &r));
  PetscCall(ModesRowsPack(out, &r));
  PetscCall(ModesRowsFree(&r));
  PetscCall(PetscFree(label));
  PetscCall(PetscFree(cand));
  PetscCall(DWListFree(&l));
  PetscCall(DWMergeDataFree(&m));
  PetscCall(DWSystemDestroy(&glass));
  PetscFunctionReturn(0);
}

/* ---------------------------------------------------------------- the DAG */
static PetscInt Count(const DWDag *dag, PetscInt s)
{
  return 1;
}

/* The merge is done and every neb task of the sample settled. */
static PetscBool Ready(const DWDag *dag, PetscInt s)
{
  return (PetscBool)(dag->slot[DW_TASK_MERGE][s][0].state == DW_SLOT_DONE && dag->ncand[s] >= 0 &&
                     dag->settled[DW_TASK_NEB][s] == dag->ncand[s]);
}

static PetscErrorCode Inputs(const DWDag *dag, DWTaskOrder *o)
{
  const PetscInt s = o->key.sample;

  PetscFunctionBegin;
  o->inputs[o->ninputs++] = dag->slot[DW_TASK_GLASS][s][0].where;
  o->inputs[o->ninputs++] = dag->slot[DW_TASK_MERGE][s][0].where;
  for (PetscInt c = 0; c < dag->ncand[s]; c++)
    if (dag->slot[DW_TASK_NEB][s][c].state == DW_SLOT_DONE)
      o->inputs[o->ninputs++] = dag->slot[DW_TASK_NEB][s][c].where;
  PetscFunctionReturn(0);
}

static const DWStageDagOps dag_ops = {Count, Ready, Inputs, NULL, NULL};

/* ---------------------------------------------------------------- the collect */
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
  const size_t size = columns[j].type == DW_FIELD_REAL ? sizeof(PetscReal) : sizeof(PetscInt);
  PetscInt w        = 1;

  PetscFunctionBegin;
  *n = 0;
  for (PetscInt k = 0; k < d->n; k++) {
    *n += Rows(&d->rec[k].r, j);
    w = Width(&d->rec[k].r, j);
  }
  PetscCall(PetscMalloc1(*n + 1, rows));
  PetscCall(PetscMalloc(size * (size_t)(*n * w + 1), data));
  *n = 0;
  for (PetscInt k = 0; k < d->n; k++) {
    const ModesRows *r = &d->rec[k].r;
    const PetscInt nr = Rows(r, j), s = (PetscInt)d->rec[k].e.sample;
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
  for (int j = 0; j < NCOL; j++) {
    const ModesTable t = columns[j].table;
    PetscInt n, *rows;
    void *data;
    PetscCall(Gather(d, j, off[t], &n, &rows, &data));
    PetscCall(PetscSNPrintf(name, sizeof(name), "modes/%s", columns[j].name));
    PetscCall(DWCampaignLibraryWriteColumn(f, name, columns[j].type, total[t],
                                           t == MODES_IS && j != C_LABEL ? wide : DWCollectOneD, n,
                                           rows, data, columns[j].units, columns[j].description));
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

static const DWStageCollectOps collect_ops = {Keep, NULL, Winners, LayoutCreate, Layout,
                                              NULL, NULL, Known,   Write,        Free};

static PetscBool Enabled(DWCampaign c)
{
  return c->modes_stage;
}

const DWStageOps DWStageModes = {"modes",  DW_TASK_MODES, PETSC_FALSE, Enabled,
                                 &dag_ops, RunModes,      &collect_ops};
