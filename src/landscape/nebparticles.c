/* The particle surface: V(x) = U(x), the potential energy (eps, total) of a DWPotential at the
   3N positions x (sigma, unwrapped), grad V = -F. The difference of two configurations is the
   minimum image of every particle's displacement, d_i = r_i - r_i' - L round((r_i - r_i')/L),
   and the exact zero modes are the three uniform translations (normalised, 1/sqrt(N) on one
   Cartesian component of every particle).

   One DWSystem (a copy of the user's) carries the positions of every evaluation, so the
   potential's per-pair constants stay valid; each slot (image of a band) has its own
   DWNeighborList, whose Verlet skin then follows that image alone: an image moves little
   per step and its list is rebuilt rarely, as in a single minimisation. */
#include "landscape/nebimpl.h"

typedef struct {
  DWSystem sys;  /* shared copy of the user's system */
  DWParticles p; /* its arrays and box */
  MPI_Comm comm;
  DWPotential pot;
  DWMinimizer min;
  PetscInt nslots;
  DWNeighborList *nl; /* nl[0] scratch and minimisation, nl[slot + 1] per slot */
} ParticleCtx;

static PetscErrorCode DestroyParticles(void **ctx)
{
  ParticleCtx *c = (ParticleCtx *)*ctx;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < c->nslots; k++) PetscCall(DWNeighborListDestroy(&c->nl[k]));
  PetscCall(PetscFree(c->nl));
  PetscCall(DWSystemDestroy(&c->sys));
  PetscCall(PetscFree(c));
  *ctx = NULL;
  PetscFunctionReturn(0);
}

/* The neighbour list of slot (created on first use). */
static PetscErrorCode GetList(ParticleCtx *c, PetscInt slot, DWNeighborList *nl)
{
  const PetscInt k = slot + 1;

  PetscFunctionBegin;
  PetscCheck(k >= 0, c->comm, PETSC_ERR_ARG_OUTOFRANGE, "surface slot %" PetscInt_FMT " is invalid",
             slot);
  if (k >= c->nslots) {
    DWNeighborList *nl2;
    PetscInt m = PetscMax(2 * c->nslots, k + 1);
    PetscCall(PetscCalloc1(m, &nl2));
    if (c->nslots) PetscCall(PetscArraycpy(nl2, c->nl, c->nslots));
    PetscCall(PetscFree(c->nl));
    c->nl     = nl2;
    c->nslots = m;
  }
  if (!c->nl[k]) {
    PetscCall(DWNeighborListCreate(c->comm, &c->nl[k]));
    PetscCall(DWNeighborListSetFromOptions(c->nl[k]));
  }
  *nl = c->nl[k];
  PetscFunctionReturn(0);
}

static PetscErrorCode EnergyParticles(void *ctx, PetscInt slot, const PetscReal x[], PetscReal *V,
                                      PetscReal g[])
{
  ParticleCtx *c    = (ParticleCtx *)ctx;
  const PetscInt n  = 3 * c->p.N;
  DWNeighborList nl = NULL;

  PetscFunctionBegin;
  PetscCall(GetList(c, slot, &nl));
  PetscCall(PetscArraycpy(c->p.x, x, n));
  PetscCall(DWPotentialComputeEnergyForces(c->pot, c->sys, nl, V, g, NULL, NULL));
  if (g)
    for (PetscInt k = 0; k < n; k++) g[k] = -g[k];
  PetscFunctionReturn(0);
}

static PetscErrorCode DifferenceParticles(void *ctx, const PetscReal a[], const PetscReal b[],
                                          PetscReal d[])
{
  ParticleCtx *c = (ParticleCtx *)ctx;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < c->p.N; i++) {
    for (int k = 0; k < 3; k++) d[3 * i + k] = a[3 * i + k] - b[3 * i + k];
    DWBoxMinimumImage(&c->p.box, &d[3 * i]);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode MinimizeParticles(void *ctx, PetscReal x[], PetscReal *V, PetscInt *nevals,
                                        PetscBool *converged)
{
  ParticleCtx *c    = (ParticleCtx *)ctx;
  const PetscInt n  = 3 * c->p.N;
  DWNeighborList nl = NULL;
  DWMinimizerResult res;

  PetscFunctionBegin;
  PetscCall(GetList(c, DW_SURFACE_SLOT_SCRATCH, &nl));
  PetscCall(PetscArraycpy(c->p.x, x, n));
  PetscCall(DWMinimizerSolve(c->min, c->sys, c->pot, nl, &res));
  PetscCall(PetscArraycpy(x, c->p.x, n));
  *V         = res.energy * c->p.N;
  *nevals    = res.force_evaluations;
  *converged = (PetscBool)(res.reason > 0);
  PetscFunctionReturn(0);
}

static PetscErrorCode HessianParticles(void *ctx, const PetscReal x[], Mat *H)
{
  ParticleCtx *c    = (ParticleCtx *)ctx;
  DWNeighborList nl = NULL;

  PetscFunctionBegin;
  PetscCall(GetList(c, DW_SURFACE_SLOT_SCRATCH, &nl));
  PetscCall(PetscArraycpy(c->p.x, x, 3 * c->p.N));
  PetscCall(DWPotentialCreateHessian(c->pot, c->sys, nl, H));
  PetscFunctionReturn(0);
}

/* The three translations, orthonormal. */
static PetscErrorCode SetTranslations(DWSurface s, PetscInt N)
{
  PetscReal *t;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(9 * N, &t));
  for (PetscInt c = 0; c < 3; c++)
    for (PetscInt i = 0; i < N; i++) t[c * 3 * N + 3 * i + c] = 1 / PetscSqrtReal((PetscReal)N);
  PetscCall(DWSurfaceSetNullSpace(s, 3, t, PETSC_TRUE));
  PetscCall(PetscFree(t));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceCreateParticles(DWSystem sys, DWPotential pot, DWMinimizer min,
                                        DWSurface *s)
{
  ParticleCtx *c;

  PetscFunctionBegin;
  PetscCall(PetscNew(&c));
  PetscCall(DWSystemDuplicate(sys, &c->sys));
  PetscCall(DWSystemGetParticles(c->sys, &c->p));
  PetscCall(DWSystemGetComm(c->sys, &c->comm));
  c->pot = pot;
  c->min = min;
  PetscCall(DWPotentialSetUp(pot, c->sys));
  PetscCall(DWSurfaceCreate(c->comm, 3 * c->p.N, s));
  PetscCall(DWSurfaceSetEnergy(*s, EnergyParticles, c));
  PetscCall(DWSurfaceSetDifference(*s, DifferenceParticles));
  PetscCall(DWSurfaceSetMinimize(*s, MinimizeParticles));
  PetscCall(DWSurfaceSetHessian(*s, HessianParticles));
  PetscCall(DWSurfaceSetBlockSize(*s, 3));
  PetscCall(SetTranslations(*s, c->p.N));
  (*s)->destroyctx = DestroyParticles;
  PetscFunctionReturn(0);
}
