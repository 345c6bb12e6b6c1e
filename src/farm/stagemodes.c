/* The modes stage of a campaign (issue 14), after neb: modes(s) computes the k lowest normal
   modes (include/dwell/modes.h: omega_k, the participation ratio P_k of [PRR20] eq. 4, the
   phonon order parameter O_k of [PRR20] eq. 3, the quasi-localised flag) of every library IS
   of sample s that is end A of a double well of s (-modes_tls_only: of a TLS, E < k_B T_Q in
   some unit set, DESIGN.md), and for every such double well the overlaps of its displacement
   fields r_AB, r_AS and r_12 with the modes of A, [PRM21] eqs. 7 and 8:
     c(v) = |r.v| / (|r| |v|),   a(v) = sum_i |r_i| |v_i| / sqrt(sum_i |r_i|^2 sum_i |v_i|^2),
   keeping per field the largest c and a over the k modes and the mode that gives each.
   Campaign keys: modes_stage (off by default), modes_tls_only, modes_k (default 50, at most
   3N - 3); the DWModes of a task reads its own options (-modes_type, -modes_eps_tol, ...).
   With modes_nlmode (off by default), per double well also the cubic nonlinear mode pi of A
   started from r_AB / |r_AB| ([PRM21] eq. 6 and Fig. 7; include/dwell/nlmode.h, options
   -nlmode_...): kappa, U3, the cubic barrier 2 kappa^3 / (3 U3^2), P, the iterations, the
   outcome (non-convergence is recorded, not an error) and the overlaps c, a of pi with r_AB
   and r_AS.
   One task per sample, index 0: its inputs are the glass, the merge (the positions of the
   candidate ends) and every done neb record of the sample. An IS A without stored positions
   (an intermediate minimum of a split path that is no candidate's end) is skipped.
   The library gets /modes/is (one row per IS: sample, label, then k-wide omega, lambda, P,
   O, qlm) and /modes/dw (one row per double well of a neb record whose A has modes).
   This file: the task and its place in the DAG; the record's columns and packing:
   stagemodesrows.c; its collect into the library: stagemodescollect.c. */
#include "farm/stagemodes.h"
#include <dwell/modes.h>
#include <dwell/nlmode.h>
#include <dwell/neb.h>

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
  DWSystem is;  /* A itself (modes_nlmode) */
  DWNLMode nlm; /* its nonlinear modes (modes_nlmode) */
} ModesSolver;

/* The nonlinear modes of A at positions x: a copy of the glass at x, its Hessian. */
static PetscErrorCode NLModeSetUp(DWSystem glass, const PetscReal x[], ModesSolver *s)
{
  PetscReal *xs;
  PetscInt N;

  PetscFunctionBegin;
  PetscCall(DWSystemDuplicate(glass, &s->is));
  PetscCall(DWSystemGetSize(s->is, &N));
  PetscCall(DWSystemGetPositions(s->is, &xs));
  PetscCall(PetscArraycpy(xs, x, 3 * N));
  PetscCall(DWNLModeCreate(PETSC_COMM_SELF, &s->nlm));
  PetscCall(DWNLModeSetFromOptions(s->nlm));
  PetscCall(DWNLModeSetPotential(s->nlm, s->pot, s->is));
  PetscFunctionReturn(0);
}

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
  if (c->modes_nlmode) PetscCall(NLModeSetUp(glass, x, s));
  PetscFunctionReturn(0);
}

static PetscErrorCode SolverDestroy(ModesSolver *s)
{
  PetscFunctionBegin;
  PetscCall(DWNLModeDestroy(&s->nlm));
  PetscCall(DWSystemDestroy(&s->is));
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

/* The overlap columns of double well row j: for r_AB, r_AS, then r_12, the largest c and its
   mode, the largest a and its mode ([PRM21] eqs. 7 and 8, DWModesOverlap; NaN and mode -1 for
   a field that is 0: r_12 of a neb record of a dwell that did not keep it). */
static PetscErrorCode Best(DWModes modes, ModesRows *r, PetscInt j, const DWDoubleWell *w)
{
  const PetscReal *field[3] = {w->dr_AB, w->dr_AS, w->dr_12};

  PetscFunctionBegin;
  for (int f = 0; f < 3; f++) {
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

/* The nonlinear-mode columns of double well row j: pi from r_AB ([PRM21] eq. 6, Fig. 7), its
   numbers and the overlaps of pi with r_AB and r_AS. */
static PetscErrorCode NLMode(DWNLMode nlm, ModesRows *r, PetscInt j, const DWDoubleWell *w)
{
  DWNLModeResult res;
  const PetscReal *field[2] = {w->dr_AB, w->dr_AS};
  PetscReal *real[4];
  PetscInt *ints[3];

  PetscFunctionBegin;
  for (int k = 0; k < 4; k++) real[k] = (PetscReal *)r->v[C_NL + k];
  for (int k = 0; k < 3; k++) ints[k] = (PetscInt *)r->v[C_NL + 4 + k];
  PetscCall(DWNLModeSolve(nlm, w->dr_AB));
  PetscCall(DWNLModeGetResult(nlm, &res));
  real[0][j] = res.kappa, real[1][j] = res.U3, real[2][j] = res.V3, real[3][j] = res.P;
  ints[0][j] = res.its, ints[1][j] = res.reason == DW_NLMODE_CONVERGED, ints[2][j] = res.reason;
  for (int f = 0; f < 2; f++)
    PetscCall(DWNLModeOverlap(nlm, field[f], (PetscReal *)r->v[C_NL + 7 + 2 * f] + j,
                              (PetscReal *)r->v[C_NL + 8 + 2 * f] + j));
  PetscFunctionReturn(0);
}

/* [PRM21] Fig. 8 for the double wells of A (label) from row j on: the softest quasi-localised
   mode of A (the softest mode when none of the k is), its overlap c with each r_AB, the
   nonlinear mode started from it (one per IS) and its overlap c with each r_AB. */
static PetscErrorCode SoftNLMode(ModesSolver *s, PetscInt label, const DWList *l, ModesRows *r,
                                 PetscInt j)
{
  DWNLModeResult res;
  DWModeInfo f;
  DWModesOverlapResult o;
  PetscInt soft = 0, n;
  PetscReal *e, *ck, a;

  PetscFunctionBegin;
  for (PetscInt m = r->k - 1; m >= 0; m--) {
    PetscCall(DWModesGetModeInfo(s->modes, m, &f));
    if (f.qlm) soft = m;
  }
  PetscCall(DWSystemGetSize(s->is, &n));
  n *= 3;
  PetscCall(PetscMalloc2(n, &e, r->k, &ck));
  PetscCall(DWModesGetModeReplicated(s->modes, soft, e));
  PetscCall(DWNLModeSolve(s->nlm, e));
  PetscCall(DWNLModeGetResult(s->nlm, &res));
  for (PetscInt k = 0; k < l->n; k++) {
    if (l->row[k].is_a != label || l->row[k].dw.n <= 0) continue;
    ((PetscInt *)r->v[C_SOFT])[j] = soft;
    PetscCall(DWModesOverlap(s->modes, l->row[k].dw.dr_AB, ck, NULL, &o));
    ((PetscReal *)r->v[C_SOFT + 1])[j] = ck[soft];
    PetscCall(DWNLModeOverlap(s->nlm, l->row[k].dw.dr_AB, (PetscReal *)r->v[C_SOFT + 2] + j, &a));
    ((PetscInt *)r->v[C_SOFT + 3])[j++] = res.reason == DW_NLMODE_CONVERGED;
  }
  PetscCall(PetscFree2(e, ck));
  PetscFunctionReturn(0);
}

/* The overlaps of every wanted double well of A (label) with its modes. */
static PetscErrorCode FillDW(ModesSolver *s, PetscInt label, const DWList *l, const PetscInt cand[],
                             ModesRows *r, PetscInt *j)
{
  PetscFunctionBegin;
  if (s->nlm) PetscCall(SoftNLMode(s, label, l, r, *j));
  for (PetscInt k = 0; k < l->n; k++) {
    if (l->row[k].is_a != label || l->row[k].dw.n <= 0) continue;
    ((PetscInt *)r->v[C_CAND])[*j]  = cand[l->cand[k]];
    ((PetscInt *)r->v[C_PIECE])[*j] = l->row[k].piece;
    ((PetscInt *)r->v[C_ISA])[*j]   = label;
    if (s->nlm) PetscCall(NLMode(s->nlm, r, *j, &l->row[k].dw));
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
  r->nl   = c->modes_nlmode;
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

static PetscBool Enabled(DWCampaign c)
{
  return c->modes_stage;
}

const DWStageOps DWStageModes = {"modes",  DW_TASK_MODES,           PETSC_FALSE, Enabled, &dag_ops,
                                 RunModes, &DWStageModesCollectOps, PETSC_FALSE};
