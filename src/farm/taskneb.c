/* The NEB task of a campaign: neb(s, c) finds the minimum energy path(s) of candidate pair c
   of glass s (include/dwell/neb.h: climbing-image NEB or the string method, split at
   intermediate minima, each elementary path a double-well record), checks each saddle
   (SLEPc, -neb_saddle_check; src/modes/saddle.c), with the campaign key neb_path_hessian k
   computes the k lowest Hessian eigenvalues orthogonal to the path tangent at every image
   ([JCP23] App. C; src/modes/pathhessian.c: the record's path_lambda_perp_* columns) and
   solves the 1D Schroedinger equation along each path for every unit set of the campaign
   (include/dwell/quantum.h: E, Delta, Delta_0, Gamma).
   The ends of a record are labelled with the library IS of the sample: the pair's own IS,
   or, for an intermediate minimum, the library IS it is the same as (DWISSame with the
   exploration's tolerances), else -1. A path that does not converge is a failure. */
#include "farm/farmimpl.h"
#include <dwell/neb.h>
#include <dwell/modes.h>

typedef struct {
  DWPotential pot;
  DWMinimizer min;
  DWSurface surface;
  DWNEB neb;
  DWModes path; /* the path Hessian's eigensolver (campaign key neb_path_hessian), or NULL */
} NEBSolver;

static PetscErrorCode SolverCreate(DWCampaign c, DWSystem glass, NEBSolver *s)
{
  PetscFunctionBegin;
  PetscCall(DWPotentialCreate(PETSC_COMM_SELF, &s->pot));
  PetscCall(DWPotentialSetFromOptions(s->pot));
  PetscCall(DWPotentialSetUp(s->pot, glass));
  PetscCall(DWMinimizerCreate(PETSC_COMM_SELF, &s->min));
  PetscCall(DWMinimizerSetFromOptions(s->min));
  PetscCall(DWSurfaceCreateParticles(glass, s->pot, s->min, &s->surface));
  PetscCall(DWNEBCreate(PETSC_COMM_SELF, &s->neb));
  PetscCall(DWNEBSetFromOptions(s->neb));
  PetscCall(DWNEBSetSurface(s->neb, s->surface));
  s->path = NULL;
  if (c->path_hessian_k)
    PetscCall(DWModesCreatePathHessian(PETSC_COMM_SELF, c->path_hessian_k, &s->path));
  PetscFunctionReturn(0);
}

static PetscErrorCode SolverDestroy(NEBSolver *s)
{
  PetscFunctionBegin;
  PetscCall(DWModesDestroy(&s->path));
  PetscCall(DWNEBDestroy(&s->neb));
  PetscCall(DWSurfaceDestroy(&s->surface));
  PetscCall(DWMinimizerDestroy(&s->min));
  PetscCall(DWPotentialDestroy(&s->pot));
  PetscFunctionReturn(0);
}

/* The stored positions of library IS `label` (a candidate's end). */
static PetscErrorCode MergePositions(const DWMergeData *m, PetscInt label, const PetscReal **x)
{
  PetscFunctionBegin;
  *x = NULL;
  for (PetscInt k = 0; k < m->n_pos && !*x; k++)
    if (m->pos_label[k] == label) *x = m->pos + 3 * m->N * k;
  PetscCheck(*x, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "merge payload has no positions for IS %" PetscInt_FMT, label);
  PetscFunctionReturn(0);
}

/* The library label of NEB IS `id` (0 = a, 1 = b, then intermediate minima), or -1. */
static PetscErrorCode LibraryLabel(DWCampaign c, DWNEB neb, const DWMergeData *m, PetscReal L,
                                   PetscInt a, PetscInt b, PetscInt id, PetscInt *label)
{
  PetscReal E;
  const PetscReal *x;

  PetscFunctionBegin;
  *label = id == 0 ? a : (id == 1 ? b : -1);
  if (id < 2) PetscFunctionReturn(0);
  PetscCall(DWNEBGetInherentStructure(neb, id, &E, &x));
  for (PetscInt k = 0; k < m->n_pos && *label < 0; k++) {
    PetscInt l = m->pos_label[k];
    if (DWISSame(m->N, L, E / m->N, x, m->energy[l], m->pos + 3 * m->N * k, c->tol_e, c->tol_x))
      *label = l;
  }
  PetscFunctionReturn(0);
}

/* The levels of one double well for mass mt; a profile the solver rejects gives NaN. */
static PetscErrorCode Tunnel(const DWDoubleWell *w, PetscReal mt, DWQuantumRow *q)
{
  DWTunnel t;
  DWTunnelResult r;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  q->E = q->E_tol = q->Delta = q->Delta_0 = q->Gamma = NAN;
  q->converged = q->wkb_valid = q->double_well = 0;
  PetscCall(DWTunnelCreate(PETSC_COMM_SELF, &t));
  PetscCall(DWTunnelSetSplineEnds(t, DW_SPLINE_MINIMA)); /* a path between two IS */
  PetscCall(DWTunnelSetFromOptions(t));
  PetscCall(DWTunnelSetRequireDoubleWell(t, PETSC_FALSE));
  PetscCall(DWTunnelSetMass(t, mt));
  PetscCall(DWTunnelSetProfile(t, w->nimages, w->xi, w->V, w->d));
  ierr = DWTunnelSetUp(t);
  if (!ierr) ierr = DWTunnelSolve(t);
  if (!ierr) {
    PetscCall(DWTunnelGetResult(t, &r));
    q->E           = r.E;
    q->E_tol       = r.E_tol;
    q->Delta       = r.Delta;
    q->Delta_0     = r.Delta_0;
    q->Gamma       = r.Gamma;
    q->converged   = r.converged;
    q->wkb_valid   = r.wkb_valid;
    q->double_well = r.double_well;
  }
  PetscCall(DWTunnelDestroy(&t));
  PetscFunctionReturn(0);
}

static PetscErrorCode PackRecords(DWCampaign c, NEBSolver *s, const DWMergeData *m, PetscReal L,
                                  PetscInt a, PetscInt b, DWPack *out)
{
  DWDoubleWell *rec;
  PetscInt n;
  DWNEBRow row;

  PetscFunctionBegin;
  PetscCall(DWNEBGetRecords(s->neb, &n, &rec));
  PetscCall(DWPackInt(out, n));
  for (PetscInt k = 0; k < n; k++) {
    if (c->saddle.check)
      PetscCall(DWDoubleWellCheckSaddle(s->surface, &rec[k], c->saddle.gtol, c->saddle.lambda_tol));
    if (s->path) PetscCall(DWDoubleWellPathHessian(s->path, s->surface, &rec[k]));
    PetscCall(PetscMemzero(&row, sizeof(row)));
    row.piece = k;
    row.dw    = rec[k];
    PetscCall(LibraryLabel(c, s->neb, m, L, a, b, rec[k].is_a, &row.is_a));
    PetscCall(LibraryLabel(c, s->neb, m, L, a, b, rec[k].is_b, &row.is_b));
    for (PetscInt u = 0; u < c->n_units; u++) PetscCall(Tunnel(&rec[k], c->units[u].mt, &row.q[u]));
    PetscCall(DWPayloadPackNEBRow(out, &row, c->n_units));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWTaskNEBPair(DWCampaign c, DWSystem glass, const PetscReal xa[],
                             const PetscReal xb[], PetscInt *reason, PetscInt *n, PetscReal dw[3],
                             PetscReal E[])
{
  NEBSolver s;
  DWNEBResult res;
  DWDoubleWell *rec;
  DWQuantumRow q;

  PetscFunctionBegin;
  dw[0] = dw[1] = dw[2] = NAN;
  for (PetscInt u = 0; u < c->n_units; u++) E[u] = NAN;
  *n = 0;
  PetscCall(SolverCreate(c, glass, &s));
  PetscCall(DWNEBSolve(s.neb, xa, xb, &res));
  *reason = (PetscInt)res.reason;
  if (res.reason == DW_NEB_CONVERGED) PetscCall(DWNEBGetRecords(s.neb, n, &rec));
  if (*n == 1) {
    dw[0] = rec[0].dV;
    dw[1] = rec[0].V_b;
    dw[2] = rec[0].d;
    for (PetscInt u = 0; u < c->n_units; u++) {
      PetscCall(Tunnel(&rec[0], c->units[u].mt, &q));
      E[u] = q.converged ? q.E : NAN;
    }
  }
  PetscCall(SolverDestroy(&s));
  PetscFunctionReturn(0);
}

PetscErrorCode DWTaskNEB(DWCampaign c, DWTaskKey key, DWUnpack *glass_in, DWUnpack *merge_in,
                         DWPack *out, PetscBool *failed, char reason[], size_t len)
{
  DWSystem glass;
  DWMergeData m;
  NEBSolver s;
  DWNEBResult res;
  PetscInt a, b;
  PetscReal L;
  const PetscReal *xa, *xb;

  PetscFunctionBegin;
  PetscCall(DWPayloadUnpackGlass(glass_in, &glass, NULL));
  PetscCall(DWPayloadUnpackMerge(merge_in, &m));
  PetscCheck(key.index >= 0 && key.index < m.n_cand, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "sample %d has %" PetscInt_FMT " candidates, not %d", (int)key.sample, m.n_cand,
             (int)key.index);
  a = m.cand_a[key.index];
  b = m.cand_b[key.index];
  PetscCall(MergePositions(&m, a, &xa));
  PetscCall(MergePositions(&m, b, &xb));
  PetscCall(DWSystemGetBox(glass, &L));
  PetscCall(SolverCreate(c, glass, &s));
  PetscCall(DWNEBSolve(s.neb, xa, xb, &res));
  PetscCall(DWPackInts(out, 2, (const PetscInt[]){a, b}));
  if (res.reason == DW_NEB_CONVERGED)
    PetscCall(PackRecords(c, &s, &m, L, a, b, out));
  else {
    *failed = PETSC_TRUE;
    PetscCall(PetscSNPrintf(reason, len, "NEB of IS %" PetscInt_FMT " - %" PetscInt_FMT ": %s", a,
                            b, DWNEBReasonName(res.reason)));
  }
  PetscCall(SolverDestroy(&s));
  PetscCall(DWMergeDataFree(&m));
  PetscCall(DWSystemDestroy(&glass));
  PetscFunctionReturn(0);
}
