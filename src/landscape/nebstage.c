/* One band between two minima (include/dwell/neb.h): linear interpolation between the end
   points (b aligned on a), then the band optimiser (-neb_optimizer: FIRE, fire.c, or L-BFGS,
   neblbfgs.c) on the band forces of the method in two stages:
     stage 1, the plain band, to max |F_perp|_inf <= ftol_plain;
     stage 2, the climbing image (the highest interior image, Henkelman, Uberuaga, Jonsson,
       J. Chem. Phys. 113, 9901 (2000)) switched on, to max |F_perp|_inf <= ftol and
       |F_climb|_inf <= ftol.
   After each stage the band is searched for an intermediate minimum (nebband.c), and during
   stage 1 already for an image lower than both ends by more than -neb_split_tol (the band
   then certainly crosses a deeper basin: minimised, that image gives a third IS, and the
   plain band need not converge first); the caller (nebsolve.c) splits the pair there.
   The optimiser restarts at the switch (FIRE from rest, as in LAMMPS; L-BFGS with an empty
   memory, as Sheppard et al. 2008). -neb_maxit caps the iterations of
   both stages together; a stage also stops when it has stalled (Stalled: -neb_stall_its) or
   when the solve has spent its force-evaluation budget (-neb_max_evaluations, nebsolve.c).
   The band forces have no part along the surface's exact zero modes (DWNEBProjectNull). */
#include "landscape/nebimpl.h"

typedef struct {
  DWNEB neb;
  PetscReal tol;
  PetscBool early; /* stop at an image below both ends */
  PetscInt dip;
  PetscInt calls;   /* force evaluations of this stage */
  PetscBool away;   /* the band ran away (RunAway) */
  PetscReal length; /* the band's length sum_i |x_{i+1} - x_i| at the start of the stage */
  PetscReal mark;   /* the largest force when it last halved (Stalled) */
  PetscInt markcall;
  PetscBool stalled, spent; /* no progress (Stalled); the solve's budget spent */
} StageCtx;

/* A band with a segment longer than this times its length at the start of the stage has run
   away: measured on a pss pair of bench/reproduce.sh (issue 12), a climbing image climbed
   107 sigma uphill (V = 618 eps above the ends) from a band 0.4 sigma long, without a NaN,
   and FIRE would have spent -neb_maxit and every restart on it. */
#define DW_NEB_RUNAWAY 10.0

/* Whether the band has run away (DW_NEB_RUNAWAY); band->len must be current. */
static PetscBool RunAway(StageCtx *c, const DWNEBBand *band)
{
  PetscReal longest = 0, length = 0;

  for (PetscInt i = 0; i < band->M - 1; i++) {
    longest = PetscMax(longest, band->len[i]);
    length += band->len[i];
  }
  if (!c->calls) c->length = length;
  return (PetscBool)(longest > DW_NEB_RUNAWAY * c->length);
}

/* Whether the stage has stalled: its largest force f (max |F_perp|_inf, and |F_climb|_inf
   with a climber) has not halved in the last -neb_stall_its iterations. A band that
   converges at all does so geometrically, by a factor ~2 every few hundred FIRE iterations
   on the quickstart's pairs (issue 17: 1815 iterations from 1e-1 to 1e-3 eps/sigma, 1866
   from 1e-3 to 1e-4 with the climber); a band that stalls oscillates at one level for the
   rest of -neb_maxit (a climber next to an end: |F_climb|_inf ~ 3e-3 - 0.1 for 17000-19700
   iterations, then converged in 364 iterations with 2M - 1 images). */
static PetscBool Stalled(StageCtx *c, const DWNEBBand *band)
{
  const PetscReal f = band->climber < 0 ? band->fperp : PetscMax(band->fperp, band->fclimb);

  if (!c->calls || f <= 0.5 * c->mark) {
    c->mark     = f;
    c->markcall = c->calls;
  }
  return (PetscBool)(c->neb->stall_its > 0 && c->calls - c->markcall > c->neb->stall_its);
}

/* The lowest interior image if it lies more than tol below both ends (then the band passes
   through a basin deeper than either end: minimised, it gives a third IS), else -1. */
static PetscInt DeepImage(const DWNEBBand *band, PetscReal tol)
{
  PetscInt low = 1;
  for (PetscInt i = 2; i < band->M - 1; i++)
    if (band->V[i] < band->V[low]) low = i;
  return band->V[low] < PetscMin(band->V[0], band->V[band->M - 1]) - tol ? low : -1;
}

/* FIRE's force callback: x is the block of interior rows of band->X (moved in place). */
static PetscErrorCode BandForce(void *ctx, PetscReal x[], PetscReal f[], DWFIREStatus *status)
{
  StageCtx *c      = (StageCtx *)ctx;
  DWNEB neb        = c->neb;
  DWNEBBand *band  = &neb->band;
  const PetscInt n = band->n;

  PetscFunctionBegin;
  if (neb->ops->prepare) PetscCall(neb->ops->prepare(neb, band));
  PetscCall(DWNEBBandEvaluate(neb->surface, band, PETSC_FALSE));
  PetscCall(neb->ops->tangents(neb, band));
  PetscCall(DWNEBBandForces(band, neb->k, neb->ops->springs));
  for (PetscInt i = 1; i < band->M - 1; i++) DWNEBProjectNull(neb->surface, band->F + i * n);
  PetscCall(PetscArraycpy(f, band->F + n, (band->M - 2) * n));
  const PetscBool away = c->away = RunAway(c, band);
  c->stalled                     = Stalled(c, band);
  c->spent = (PetscBool)(neb->surface->evaluations - neb->eval0 >= neb->budget);
  PetscCall(DWNEBBandMonitor(neb, band, band->iterations + c->calls++));
  if (away)
    PetscCall(PetscInfo(NULL, "band run away: a segment longer than %g times the band\n",
                        DW_NEB_RUNAWAY));
  const PetscBool nan =
      (PetscBool)(away || PetscIsNanReal(band->fperp) || PetscIsNanReal(band->fclimb));
  const PetscBool done =
      (PetscBool)(band->fperp <= c->tol && (band->climber < 0 || band->fclimb <= c->tol));
  *status =
      nan ? DW_FIRE_ABORT
          : (done ? DW_FIRE_DONE : (c->stalled || c->spent ? DW_FIRE_ABORT : DW_FIRE_CONTINUE));
  if (c->early && !nan && (c->dip = DeepImage(band, neb->split_tol)) >= 0) *status = DW_FIRE_DONE;
  PetscFunctionReturn(0);
}

static PetscErrorCode RunStage(DWNEB neb, PetscReal tol, PetscBool early, DWNEBReason *reason,
                               PetscInt *dip)
{
  DWNEBBand *band = &neb->band;
  StageCtx c      = {neb, tol, early, -1, 0, PETSC_FALSE, 0, 0, 0, PETSC_FALSE, PETSC_FALSE};
  PetscInt its;
  DWFIREStatus status;
  DWFIREParams fire = neb->fire;

  PetscFunctionBegin;
  /* no floor on alpha (fire.c) in the string method's plain stage: its images are
     redistributed along the path after every step, which is no force, and with the floor
     a band of test_neb_mb.c kept oscillating (max |F_perp|_inf ~ 70) for 100000 iterations
     where FIRE 2.0 converges in 426; CI-NEB (springs) keeps the floor in both stages: without
     it in the plain stage, one quickstart pair (glass 0, candidate 14) had not finished
     after 6 minutes instead of converging in 11983 iterations (6 s) */
  if (band->climber < 0 && !neb->ops->springs) fire.alphamin = 0;
  if (neb->optimizer == DW_NEB_OPT_LBFGS) {
    DWNEBLBFGSParams lbfgs = neb->lbfgs;
    PetscReal hmin         = PETSC_MAX_REAL;
    PetscCall(DWNEBBandDistances(neb->surface, band));
    for (PetscInt i = 0; i < band->M - 1; i++) hmin = PetscMin(hmin, band->len[i]);
    lbfgs.maxstep = PetscMin(neb->fire.maxstep, neb->lbfgs.spacing * hmin);
    PetscCall(DWNEBLBFGSRun(&lbfgs, (band->M - 2) * band->n, band->bs, band->X + band->n,
                            neb->maxit - band->iterations, BandForce, &c, &its, &status));
  } else
    PetscCall(DWFIRERun(&fire, (band->M - 2) * band->n, band->bs, band->X + band->n,
                        neb->maxit - band->iterations, BandForce, &c, &its, &status));
  band->iterations += its;
  PetscCall(PetscInfo(NULL,
                      "band stage (climber %" PetscInt_FMT "): %" PetscInt_FMT
                      " iterations, max |F_perp|_inf %g, |F_climb|_inf %g eps/sigma\n",
                      band->climber, its, (double)band->fperp, (double)band->fclimb));
  if (status == DW_FIRE_DONE)
    *reason = DW_NEB_CONVERGED;
  else if (status == DW_FIRE_ABORT)
    *reason = c.away      ? DW_NEB_DIVERGED_RUNAWAY
              : c.spent   ? DW_NEB_DIVERGED_BUDGET
              : c.stalled ? DW_NEB_DIVERGED_STALL
                          : DW_NEB_DIVERGED_NAN;
  else
    *reason = DW_NEB_DIVERGED_MAXIT;
  *dip = c.dip;
  PetscFunctionReturn(0);
}

/* Sets up the band of M images between IS ia and ib: b aligned on a, the interior images
   interpolated linearly or, given a path of np points, along it; the ends evaluated. */
PetscErrorCode DWNEBBandStart(DWNEB neb, PetscInt ia, PetscInt ib, PetscInt M, PetscInt np,
                              const PetscReal path[])
{
  DWNEBBand *band  = &neb->band;
  const PetscInt n = neb->surface->n;

  PetscFunctionBegin;
  PetscCall(DWNEBBandAllocate(band, M, n, neb->surface->bs));
  PetscReal *b = band->X + (M - 1) * n;
  PetscCall(DWSurfaceAlign(neb->surface, neb->is[ia].x, neb->is[ib].x, b));
  PetscCall(DWNEBBandInterpolate(band, neb->is[ia].x, b));
  if (path) PetscCall(DWNEBBandFromChain(neb->surface, band, np, path));
  PetscCall(DWNEBBandEvaluate(neb->surface, band, PETSC_TRUE));
  band->ftol1 = neb->ftol_plain;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBBandRun(DWNEB neb, PetscBool detect, DWNEBReason *reason, PetscInt *dip)
{
  DWNEBBand *band = &neb->band;

  PetscFunctionBegin;
  band->climber = -1;
  PetscCall(RunStage(neb, band->ftol1, detect, reason, dip));
  if (*reason != DW_NEB_CONVERGED || *dip >= 0) PetscFunctionReturn(0);
  if (detect && (*dip = DWNEBBandFindDip(band, neb->split_tol)) >= 0) PetscFunctionReturn(0);
  band->climber = DWNEBBandHighest(band);
  PetscCall(RunStage(neb, neb->ftol, PETSC_FALSE, reason, dip));
  if (*reason != DW_NEB_CONVERGED) PetscFunctionReturn(0);
  if (detect && (*dip = DWNEBBandFindDip(band, neb->split_tol)) >= 0) band->climber = -1;
  PetscFunctionReturn(0);
}
