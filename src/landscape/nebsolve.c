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

PetscErrorCode DWNEBLogRegister(void)
{
  PetscFunctionBegin;
  if (!DW_NEB) PetscCall(PetscLogEventRegister("DWNEBSolve", 0, &DW_NEB));
  PetscFunctionReturn(0);
}

/* Failures that stop the whole solve (a band that hits the iteration cap is recorded as not
   converged and the other pairs go on). */
static PetscBool Fatal(DWNEBReason r)
{
  return (PetscBool)(r == DW_NEB_DIVERGED_ENDPOINT || r == DW_NEB_DIVERGED_SPLITS ||
                     r == DW_NEB_DIVERGED_SAME_IS || r == DW_NEB_DIVERGED_BUDGET);
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
  if (band->M > neb->M) PetscCall(DWDoubleWellReduceImages(dw, neb->M));
  PetscCall(PushPair(&neb->pairs, &neb->npairs, &neb->mpairs, i, j));
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

/* A pair still to solve and the path its band starts from (np points, NULL: the straight
   line). */
typedef struct {
  PetscInt i, j, np;
  PetscReal *path;
} WorkPair;

typedef struct {
  PetscInt n, m;
  WorkPair *w;
} WorkList;

/* Queues (i, j) with a copy of the path (np rows of P, or none). */
static PetscErrorCode WorkPush(DWNEB neb, WorkList *l, PetscInt i, PetscInt j, PetscInt np,
                               const PetscReal *const P[])
{
  const PetscInt n = neb->surface->n;
  WorkPair *w;

  PetscFunctionBegin;
  if (l->n == l->m) {
    l->m = PetscMax(8, 2 * l->m);
    PetscCall(PetscRealloc(l->m * sizeof(WorkPair), &l->w));
  }
  w       = &l->w[l->n++];
  w->i    = i;
  w->j    = j;
  w->np   = P ? np : 0;
  w->path = NULL;
  if (!P) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(np * n, &w->path));
  for (PetscInt k = 0; k < np; k++) PetscCall(PetscArraycpy(w->path + k * n, P[k], n));
  PetscFunctionReturn(0);
}

/* Splits the current band of (i, j) at image dip, which minimised to IS c: (c, j) and (i, c)
   are queued (a's side on top), each starting from its part of the band, the dip image
   replaced by c. Inheriting the band keeps a piece in the valley the band found: the
   straight line between c and an end may cross yet another basin, and from there lead back
   to a pair already split (a cycle that would leave a and b unconnected). */
static PetscErrorCode Split(DWNEB neb, WorkList *todo, PetscInt i, PetscInt j, PetscInt dip,
                            PetscInt c)
{
  const DWNEBBand *band = &neb->band;
  const PetscInt M = band->M, n = band->n;
  const PetscReal **P;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(M, &P));
  for (PetscInt k = 0; k < M; k++) P[k] = band->X + k * n;
  P[dip] = neb->is[c].x;
  PetscCall(WorkPush(neb, todo, c, j, M - dip, P + dip));
  PetscCall(WorkPush(neb, todo, i, c, dip + 1, P));
  PetscCall(PetscFree(P));
  PetscFunctionReturn(0);
}

/* Starts the band of pair w again:
   - after it reached -neb_maxit or stalled (nebstage.c), from itself with 2M - 1 images. Measured
   on the pairs the quickstart lost (issue 12): after a split, a band between an intermediate
   minimum and an end whose path turns by 40-75 degrees within one image spacing next to that end:
   the images there oscillate across the turn (max |F_perp|_inf stalls at 4e-4 - 3e-3 eps/sigma
     while the climbing image has converged to 1e-10), and with 23 images instead of 12 the
     band converges in ~600 iterations;
   - after it ran away (nebstage.c), from the path it started from, its plain stage run to
     -neb_ftol instead of -neb_ftol_plain before the climbing image is switched on (*late),
     and with 2M - 1 images if it had been so already. Measured on a pss pair of a reduced
     campaign (issue 12; fixtures neb_runaway_*.xyz): a piece of a split band, 0.4 sigma long,
     relaxed to -neb_ftol_plain 1e-3 eps/sigma with its highest image 2.1e-3 eps above its
     first end; with the climbing image on, the rest of the band relaxed to a path whose top
     is 2e-4 eps, and folded (consecutive segments at 180 degrees), while the climbing image,
     no longer near the top, climbed along its tangent to 39 eps: the plain band had hidden an
     intermediate minimum. Relaxed to 1e-4 first, the band shows that minimum and splits. */
static PetscErrorCode Restart(DWNEB neb, PetscInt r, DWNEBReason reason, PetscInt *M, PetscInt *np,
                              PetscReal **path, PetscReal **own, PetscBool *late)
{
  const PetscInt n = neb->surface->n, Mnow = *M;

  PetscFunctionBegin;
  neb->result.nrestarts++;
  if (reason == DW_NEB_DIVERGED_RUNAWAY) {
    if (*late) *M = 2 * Mnow - 1;
    *late = PETSC_TRUE;
    PetscCall(PetscInfo(NULL,
                        "band of %" PetscInt_FMT " images ran away: restart %" PetscInt_FMT
                        " from its start with %" PetscInt_FMT " images, plain band to %g\n",
                        Mnow, r, *M, (double)neb->ftol));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscFree(*own));
  PetscCall(PetscMalloc1(Mnow * n, own));
  PetscCall(PetscArraycpy(*own, neb->band.X, Mnow * n));
  *path = *own;
  *np   = Mnow;
  *M    = 2 * Mnow - 1;
  PetscCall(PetscInfo(NULL,
                      "band of %" PetscInt_FMT " images %s (max |F_perp|_inf %g, |F_climb|_inf "
                      "%g): restart %" PetscInt_FMT " with %" PetscInt_FMT " images\n",
                      Mnow, DWNEBReasonName(reason), (double)neb->band.fperp,
                      (double)neb->band.fclimb, r, *M));
  PetscFunctionReturn(0);
}

/* Whether the method in use is the climbing string driven by L-BFGS (the default). */
static PetscBool StringLBFGS(DWNEB neb)
{
  return (PetscBool)(!strcmp(neb->type, DWNEB_STRING) && neb->optimizer == DW_NEB_OPT_LBFGS);
}

/* Runs the band of pair w, restarted up to -neb_restarts times (Restart: after the
   iteration cap, a stall or a run-away, whichever comes; every band counts in the result's
   iterations, force evaluations and restarts); queues the pieces if it splits. *settled: it
   split or the solve failed; else *reason says how its last band ended. */
static PetscErrorCode RunPair(DWNEB neb, const WorkPair *w, WorkList *todo, PetscInt restarts,
                              PetscBool shortcut, DWNEBReason *out, PetscBool *settled,
                              PetscBool *cut)
{
  DWNEBReason reason;
  PetscInt dip, c, M = neb->M, np = w->np;
  const PetscInt i = w->i, j = w->j;
  PetscReal *path = w->path, *own = NULL;
  PetscBool late = PETSC_FALSE;

  PetscFunctionBegin;
  *settled = *cut = PETSC_FALSE;
  for (PetscInt r = 0;; r++) {
    PetscCall(DWNEBBandStart(neb, i, j, M, np, path));
    if (late) neb->band.ftol1 = neb->ftol;
    PetscCall(DWNEBBandRun(neb, PETSC_TRUE, &reason, &dip));
    neb->result.nbands++;
    if (dip >= 0) {
      PetscCall(DipIS(neb, dip, &c));
      PetscCall(PetscInfo(NULL,
                          "pair (%" PetscInt_FMT ", %" PetscInt_FMT "), %" PetscInt_FMT
                          " images: dip at image %" PetscInt_FMT " minimises to IS %" PetscInt_FMT
                          "\n",
                          i, j, M, dip, c));
      if (c < 0) {
        neb->result.reason = DW_NEB_DIVERGED_ENDPOINT;
      } else if (c != i && c != j) {
        neb->result.iterations += neb->band.iterations;
        if (++neb->result.nsplits > neb->max_splits) neb->result.reason = DW_NEB_DIVERGED_SPLITS;
        PetscCall(Split(neb, todo, i, j, dip, c));
        *settled = PETSC_TRUE;
        break;
      } else
        PetscCall(DWNEBBandRun(neb, PETSC_FALSE, &reason, &dip));
    }
    neb->result.iterations += neb->band.iterations;
    if (reason == DW_NEB_DIVERGED_BUDGET) neb->result.reason = reason;
    const PetscBool retry =
        (PetscBool)(reason == DW_NEB_DIVERGED_MAXIT || reason == DW_NEB_DIVERGED_STALL ||
                    reason == DW_NEB_DIVERGED_RUNAWAY);
    /* a stalled band goes to the fallback first (SolvePair), its restarts after */
    *cut = (PetscBool)(shortcut && reason == DW_NEB_DIVERGED_STALL && neb->fallback);
    if (!retry || *cut || r == restarts || Fatal(neb->result.reason)) {
      *settled = Fatal(neb->result.reason);
      *out     = reason;
      break;
    }
    PetscCall(Restart(neb, r + 1, reason, &M, &np, &path, &own, &late));
  }
  PetscCall(PetscFree(own));
  PetscFunctionReturn(0);
}

/* Solves pair w (RunPair) and records it unless it split. With the default method, the
   climbing string driven by L-BFGS, a pair not converged after at most one restart (2M - 1
   images: the piece (IS 2, b) of the quickstart's fold pair stalls with 12 images and
   converges with 23, where CI-NEB stalls with 12, 23 and 45) is solved again from the same start
   with CI-NEB and FIRE and its restarts
   (-neb_fallback). Measured on IS 7-25 of sample 4 of tests/farm/tiny.yaml with 6 glasses
   (the pair the campaign lost with string + L-BFGS): the climbing image sits next to end b,
   where the path bends by 60-80 degrees; the climbing string stalls there with L-BFGS (its
   capped steps then carried the band to |F| ~ 1e13 before the stall was detected) and with
   FIRE alike, with 12, 23 and 45 images; CI-NEB + FIRE converges with 23 images. A guard
   sending L-BFGS back to its best point after a 100-fold force rise stopped the blow-up but
   not the stall, and made the string stall on IS 0-2 of sample 5, which passes through such
   a rise on its way to convergence, so there is none. With any other method, a pair the
   method has not converged (a band that stalled, at once; after its restarts, one that
   reached -neb_maxit or ran away) is solved again with the climbing string ([JCP23] II.D
   uses the string method with a climbing image) driven by L-BFGS (neblbfgs.c), one band
   without restarts; if that fails too after a stall, the method runs again with its
   restarts (2M - 1 images). Measured on the quickstart's pairs with the
   pair kernels (issue 17): string + L-BFGS converged every pair but the cascade (IS 27-76),
   with 3-10 times fewer evaluations than CI-NEB + FIRE, and converged the CI-NEB bands that
   stall next to a fold of the path (IS 47-48 of sample 0) or next to an end (IS 20-25),
   where the springs of CI-NEB let the images swing across the fold. */
static PetscErrorCode SolvePair(DWNEB neb, const WorkPair *w, WorkList *todo)
{
  DWNEBReason reason = DW_NEB_CONVERGED;
  PetscBool settled, cut, unused;

  PetscFunctionBegin;
  const PetscBool string = StringLBFGS(neb);
  const PetscInt first   = string && neb->fallback ? PetscMin(1, neb->restarts) : neb->restarts;
  PetscCall(RunPair(neb, w, todo, first, (PetscBool)!string, &reason, &settled, &cut));
  if (!settled && reason != DW_NEB_CONVERGED && neb->fallback) {
    char type[DW_REGISTRY_NAME_LEN];
    const DWNEBOptimizer opt = neb->optimizer;

    PetscCall(PetscInfo(
        NULL, "pair (%" PetscInt_FMT ", %" PetscInt_FMT "): %s; solved again with %s\n", w->i, w->j,
        DWNEBReasonName(reason), string ? "CI-NEB and FIRE" : "the string method and L-BFGS"));
    neb->result.nfallbacks++;
    PetscCall(PetscStrncpy(type, neb->type, sizeof(type)));
    PetscCall(DWNEBSetType(neb, string ? DWNEB_CI : DWNEB_STRING));
    neb->optimizer = string ? DW_NEB_OPT_FIRE : DW_NEB_OPT_LBFGS;
    PetscCall(
        RunPair(neb, w, todo, string ? neb->restarts : 0, PETSC_FALSE, &reason, &settled, &unused));
    PetscCall(DWNEBSetType(neb, type));
    neb->optimizer = opt;
    /* the fallback failed too: the method's own restarts, which the stall had skipped */
    if (!settled && reason != DW_NEB_CONVERGED && cut) {
      PetscCall(PetscInfo(NULL, "pair (%" PetscInt_FMT ", %" PetscInt_FMT "): fallback %s\n", w->i,
                          w->j, DWNEBReasonName(reason)));
      PetscCall(RunPair(neb, w, todo, neb->restarts, PETSC_FALSE, &reason, &settled, &unused));
    }
  }
  if (!settled) PetscCall(Record(neb, w->i, w->j, reason));
  PetscFunctionReturn(0);
}

/* Whether the records connect IS 0 (a) and IS 1 (b): every split replaces a pair by two
   pieces through the new IS and a pair is skipped only once it has a record, so a solve that
   converged always does; checked, as a cycle of splits once left a and b unconnected. */
static PetscErrorCode CheckConnected(DWNEB neb)
{
  PetscBool *reached, grew = PETSC_TRUE;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(neb->nis, &reached));
  reached[0] = PETSC_TRUE;
  while (grew) {
    grew = PETSC_FALSE;
    for (PetscInt k = 0; k < neb->nrec; k++) {
      const PetscInt p = neb->rec[k].is_a, q = neb->rec[k].is_b;
      if (reached[p] != reached[q]) reached[p] = reached[q] = grew = PETSC_TRUE;
    }
  }
  const PetscBool ok = reached[1];
  PetscCall(PetscFree(reached));
  PetscCheck(ok, neb->comm, PETSC_ERR_PLIB,
             "the %" PetscInt_FMT " paths of the solve do not connect its end points", neb->nrec);
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBSolve(DWNEB neb, const PetscReal a[], const PetscReal b[], DWNEBResult *result)
{
  DWSurface s   = neb->surface;
  WorkList todo = {0, 0, NULL};
  PetscInt e0;

  PetscFunctionBegin;
  PetscCheck(s, neb->comm, PETSC_ERR_ORDER, "call DWNEBSetSurface() before DWNEBSolve()");
  PetscCall(DWNEBLogRegister());
  PetscCall(PetscLogEventBegin(DW_NEB, 0, 0, 0, 0));
  PetscCall(DWNEBResetResults(neb));
  PetscCall(DWSurfaceGetEvaluations(s, &e0));
  PetscCall(DWNEBBandAllocate(&neb->band, neb->M, s->n, s->bs));
  neb->eval0 = e0;
  /* the default: one band at -neb_maxit, 200000 for the quickstart's 12 images, 4 times the
     most any converged quickstart pair spent (IS 47-48: 51181; issue 17) */
  neb->budget        = neb->max_evals ? neb->max_evals : neb->maxit * (neb->M - 2);
  neb->result.reason = DW_NEB_CONVERGED;
  PetscCall(EndPoints(neb, a, b));
  if (neb->result.reason == DW_NEB_CONVERGED) PetscCall(WorkPush(neb, &todo, 0, 1, 0, NULL));
  while (todo.n > 0 && !Fatal(neb->result.reason)) {
    WorkPair w = todo.w[--todo.n];
    /* a pair is skipped once it has a record; a pair that was split comes back only with
       another path (a piece of a later band), and every split counts towards -neb_max_splits */
    if (!PairKnown(neb, w.i, w.j)) PetscCall(SolvePair(neb, &w, &todo));
    PetscCall(PetscFree(w.path));
  }
  for (PetscInt k = 0; k < todo.n; k++) PetscCall(PetscFree(todo.w[k].path));
  PetscCall(PetscFree(todo.w));
  if (neb->result.reason == DW_NEB_CONVERGED) PetscCall(CheckConnected(neb));
  PetscCall(DWSurfaceGetEvaluations(s, &neb->result.force_evaluations));
  neb->result.force_evaluations -= e0;
  neb->result.nrecords = neb->nrec;
  neb->result.nis      = neb->nis;
  *result              = neb->result;
  PetscCall(PetscLogEventEnd(DW_NEB, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
