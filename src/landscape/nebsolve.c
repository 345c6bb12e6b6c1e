/* DWNEBSolve: every elementary minimum energy path between two configurations
   (include/dwell/neb.h; DESIGN.md section 4). The end points are minimised first (b aligned
   on a, so both share a's periodic images and centre of mass). Then a work list of IS pairs,
   starting with (a, b): a pair already solved is skipped; otherwise its band is run
   (nebstage.c). When the band shows an intermediate minimum, the image there is minimised to
   an IS c; if c is new or another known IS, the pair is split into (a, c) and (c, b) and both
   are queued (a's side first); if c is one of the ends (the dip was shallow noise of the
   band), the band goes on to the climbing stage without further detection. Every band that
   does not split becomes one DWDoubleWell record. */
#include "landscape/nebimpl.h"

static PetscLogEvent DW_NEB;

/* Failures that stop the whole solve (a band that hits the iteration cap is recorded as not
   converged and the other pairs go on). */
static PetscBool Fatal(DWNEBReason r)
{
  return (PetscBool)(r == DW_NEB_DIVERGED_ENDPOINT || r == DW_NEB_DIVERGED_SPLITS ||
                     r == DW_NEB_DIVERGED_SAME_IS);
}

/* The id of the known IS that x (energy E) is, or -1. */
static PetscErrorCode FindIS(DWNEB neb, const PetscReal x[], PetscReal E, PetscInt *id)
{
  PetscFunctionBegin;
  *id = -1;
  for (PetscInt k = 0; k < neb->nis && *id < 0; k++) {
    PetscReal dmax;
    if (PetscAbsReal(E - neb->is[k].E) > neb->is_etol) continue;
    PetscCall(DWSurfaceMaxDisplacement(neb->surface, x, neb->is[k].x, &dmax));
    if (dmax <= neb->is_dtol) *id = k;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode AddIS(DWNEB neb, const PetscReal x[], PetscReal E, PetscInt *id)
{
  const PetscInt n = neb->surface->n;

  PetscFunctionBegin;
  if (neb->nis == neb->mis) {
    DWNEBIS *is;
    neb->mis = PetscMax(8, 2 * neb->mis);
    PetscCall(PetscCalloc1(neb->mis, &is));
    if (neb->nis) PetscCall(PetscArraycpy(is, neb->is, neb->nis));
    PetscCall(PetscFree(neb->is));
    neb->is = is;
  }
  PetscCall(PetscMalloc1(n, &neb->is[neb->nis].x));
  PetscCall(PetscArraycpy(neb->is[neb->nis].x, x, n));
  neb->is[neb->nis].E = E;
  *id                 = neb->nis++;
  PetscFunctionReturn(0);
}

/* Minimises x in place; *ok says whether it converged. */
static PetscErrorCode Minimise(DWNEB neb, PetscReal x[], PetscReal *E, PetscBool *ok)
{
  PetscInt nevals;

  PetscFunctionBegin;
  PetscCall(DWSurfaceMinimize(neb->surface, x, E, &nevals, ok));
  neb->result.endpoint_evaluations += nevals;
  PetscFunctionReturn(0);
}

/* IS 0 = a and IS 1 = b (aligned on a), both minimised. */
static PetscErrorCode EndPoints(DWNEB neb, const PetscReal a[], const PetscReal b[])
{
  const PetscInt n = neb->surface->n;
  PetscReal *x, E[2];
  PetscBool ok[2];
  PetscInt id, same;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(2 * n, &x));
  PetscCall(PetscArraycpy(x, a, n));
  PetscCall(DWSurfaceAlign(neb->surface, a, b, x + n));
  PetscCall(Minimise(neb, x, &E[0], &ok[0]));
  PetscCall(Minimise(neb, x + n, &E[1], &ok[1]));
  PetscCall(AddIS(neb, x, E[0], &id));
  PetscCall(FindIS(neb, x + n, E[1], &same));
  PetscCall(AddIS(neb, x + n, E[1], &id));
  if (!ok[0] || !ok[1])
    neb->result.reason = DW_NEB_DIVERGED_ENDPOINT;
  else if (same == 0)
    neb->result.reason = DW_NEB_DIVERGED_SAME_IS;
  PetscCall(PetscFree(x));
  PetscFunctionReturn(0);
}

static PetscBool PairKnown(DWNEB neb, PetscInt i, PetscInt j)
{
  for (PetscInt k = 0; k < neb->npairs; k++) {
    const PetscInt p = neb->pairs[2 * k], q = neb->pairs[2 * k + 1];
    if ((p == i && q == j) || (p == j && q == i)) return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

/* Appends (i, j) to a pair list of capacity *m (reallocated as needed). */
static PetscErrorCode PushPair(PetscInt **list, PetscInt *len, PetscInt *m, PetscInt i, PetscInt j)
{
  PetscFunctionBegin;
  if (*len == *m) {
    PetscInt *l;
    *m = PetscMax(8, 2 * *m);
    PetscCall(PetscMalloc1(2 * *m, &l));
    if (*len) PetscCall(PetscArraycpy(l, *list, 2 * *len));
    PetscCall(PetscFree(*list));
    *list = l;
  }
  (*list)[2 * *len]     = i;
  (*list)[2 * *len + 1] = j;
  (*len)++;
  PetscFunctionReturn(0);
}

/* The record of the current band between IS i and j. */
static PetscErrorCode Record(DWNEB neb, PetscInt i, PetscInt j, DWNEBReason reason)
{
  DWNEBBand *band = &neb->band;
  DWDoubleWell *dw;

  PetscFunctionBegin;
  if (neb->nrec == neb->mrec) {
    DWDoubleWell *rec;
    neb->mrec = PetscMax(4, 2 * neb->mrec);
    PetscCall(PetscCalloc1(neb->mrec, &rec));
    if (neb->nrec) PetscCall(PetscArraycpy(rec, neb->rec, neb->nrec));
    PetscCall(PetscFree(neb->rec));
    neb->rec = rec;
  }
  dw = &neb->rec[neb->nrec++];
  PetscCall(DWDoubleWellFromBand(neb->surface, band, i, j, neb->keep_images, dw));
  dw->converged         = (PetscBool)(reason == DW_NEB_CONVERGED);
  dw->iterations        = band->iterations;
  dw->force_evaluations = band->evaluations;
  dw->f_perp            = band->fperp;
  dw->f_climb           = band->fclimb;
  if (reason != DW_NEB_CONVERGED && neb->result.reason == DW_NEB_CONVERGED)
    neb->result.reason = reason;
  PetscFunctionReturn(0);
}

/* Minimises the dip image and returns the IS c it belongs to (added if new), or -1 if the
   minimisation failed. */
static PetscErrorCode DipIS(DWNEB neb, PetscInt dip, PetscInt *c)
{
  const PetscInt n = neb->band.n;
  PetscReal *x, E;
  PetscBool ok;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n, &x));
  PetscCall(PetscArraycpy(x, neb->band.X + dip * n, n));
  PetscCall(Minimise(neb, x, &E, &ok));
  *c = -1;
  if (ok) {
    PetscCall(FindIS(neb, x, E, c));
    if (*c < 0) PetscCall(AddIS(neb, x, E, c));
  }
  PetscCall(PetscFree(x));
  PetscFunctionReturn(0);
}

/* Runs the band of pair (i, j); queues the halves if it splits, else records it. */
static PetscErrorCode SolvePair(DWNEB neb, PetscInt i, PetscInt j, PetscInt **todo, PetscInt *ntodo,
                                PetscInt *mtodo)
{
  DWNEBReason reason;
  PetscInt dip, c;

  PetscFunctionBegin;
  PetscCall(DWNEBBandStart(neb, i, j));
  PetscCall(DWNEBBandRun(neb, PETSC_TRUE, &reason, &dip));
  neb->result.nbands++;
  if (dip >= 0) {
    PetscCall(DipIS(neb, dip, &c));
    if (c < 0) {
      neb->result.reason = DW_NEB_DIVERGED_ENDPOINT;
    } else if (c != i && c != j) {
      neb->result.iterations += neb->band.iterations;
      if (++neb->result.nsplits > neb->max_splits) neb->result.reason = DW_NEB_DIVERGED_SPLITS;
      PetscCall(PushPair(todo, ntodo, mtodo, c, j));
      PetscCall(PushPair(todo, ntodo, mtodo, i, c));
      PetscFunctionReturn(0);
    } else
      PetscCall(DWNEBBandRun(neb, PETSC_FALSE, &reason, &dip));
  }
  neb->result.iterations += neb->band.iterations;
  if (!Fatal(neb->result.reason)) PetscCall(Record(neb, i, j, reason));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBSolve(DWNEB neb, const PetscReal a[], const PetscReal b[], DWNEBResult *result)
{
  DWSurface s    = neb->surface;
  PetscInt *todo = NULL, ntodo = 0, mtodo = 0, e0;

  PetscFunctionBegin;
  PetscCheck(s, neb->comm, PETSC_ERR_ORDER, "call DWNEBSetSurface() before DWNEBSolve()");
  if (!DW_NEB) PetscCall(PetscLogEventRegister("DWNEBSolve", 0, &DW_NEB));
  PetscCall(PetscLogEventBegin(DW_NEB, 0, 0, 0, 0));
  PetscCall(DWNEBResetResults(neb));
  PetscCall(DWSurfaceGetEvaluations(s, &e0));
  PetscCall(DWNEBBandAllocate(&neb->band, neb->M, s->n, s->bs));
  neb->result.reason = DW_NEB_CONVERGED;
  PetscCall(EndPoints(neb, a, b));
  if (neb->result.reason == DW_NEB_CONVERGED) PetscCall(PushPair(&todo, &ntodo, &mtodo, 0, 1));
  while (ntodo > 0 && !Fatal(neb->result.reason)) {
    const PetscInt i = todo[2 * (ntodo - 1)], j = todo[2 * (ntodo - 1) + 1];
    ntodo--;
    if (PairKnown(neb, i, j)) continue;
    PetscCall(PushPair(&neb->pairs, &neb->npairs, &neb->mpairs, i, j));
    PetscCall(SolvePair(neb, i, j, &todo, &ntodo, &mtodo));
  }
  PetscCall(PetscFree(todo));
  PetscCall(DWSurfaceGetEvaluations(s, &neb->result.force_evaluations));
  neb->result.force_evaluations -= e0;
  neb->result.nrecords = neb->nrec;
  neb->result.nis      = neb->nis;
  *result              = neb->result;
  PetscCall(PetscLogEventEnd(DW_NEB, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
