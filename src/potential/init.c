/* Random initial configurations: species or diameters from the model, positions by random
   sequential addition (RSA) in the periodic box with no pair closer than f s_ij
   (f = -init_min_distance, default 0.7). RSA of hard spheres jams near packing fraction
   0.38 (Widom; Feder, J. Theor. Biol. 87, 237 (1980)), so a density whose cores of
   diameter f s_ii would fill more than 0.30 of space is refused before any work. */
#include "potential/potentialimpl.h"
#include <dwell/rng.h>

static const PetscReal rsa_limit = 0.30;
static const PetscInt  max_attempts = 100000;

typedef struct {
  PetscInt  nc;
  PetscReal cell;
  DWBox box;
  PetscInt *head, *next;
} Grid;

static PetscInt GridCell(const Grid *g, const PetscReal x[3])
{
  PetscInt c[3];
  for (int k = 0; k < 3; k++) c[k] = PetscMin((PetscInt)(x[k] / g->cell), g->nc - 1);
  return c[0] + g->nc * (c[1] + g->nc * c[2]);
}

/* PETSC_TRUE if trial position x of particle i overlaps an already placed particle. */
static PetscBool Overlaps(DWPotential pot, const DWParticles *p, const Grid *g, PetscInt i,
                          const PetscReal x[3], PetscReal f)
{
  PetscInt c = GridCell(g, x), cx = c % g->nc, cy = (c / g->nc) % g->nc, cz = c / (g->nc * g->nc);
  for (PetscInt dz = -1; dz <= 1; dz++)
    for (PetscInt dy = -1; dy <= 1; dy++)
      for (PetscInt dx = -1; dx <= 1; dx++) {
        if (g->nc < 3 && (dx || dy || dz)) continue;
        PetscInt nb = (cx + dx + g->nc) % g->nc + g->nc * ((cy + dy + g->nc) % g->nc + g->nc * ((cz + dz + g->nc) % g->nc));
        for (PetscInt j = g->head[nb]; j >= 0; j = g->next[j]) {
          PetscReal s, rc, r2 = 0, d[3];
          for (int k = 0; k < 3; k++) d[k] = x[k] - p->x[3 * j + k];
          DWBoxMinimumImage(&g->box, d);
          for (int k = 0; k < 3; k++) r2 += d[k] * d[k];
          pot->ops->pairscale(pot, p, i, j, &s, &rc);
          if (r2 < f * f * s * s) return PETSC_TRUE;
        }
      }
  return PETSC_FALSE;
}

static PetscErrorCode CheckRoom(DWPotential pot, const DWParticles *p, PetscReal rho, PetscReal f,
                                PetscReal *smax)
{
  PetscReal core = 0, s, rc;

  PetscFunctionBegin;
  *smax = 0;
  for (PetscInt i = 0; i < p->N; i++) {
    pot->ops->pairscale(pot, p, i, i, &s, &rc);
    core += PETSC_PI / 6.0 * PetscPowReal(f * s, 3);
    *smax = PetscMax(*smax, s);
  }
  core *= rho / p->N;
  PetscCheck(core <= rsa_limit, pot->comm, PETSC_ERR_ARG_OUTOFRANGE, "density rho = %g makes particles overlap: cores of diameter %g s_ij would fill %.3f of the box, above the random-sequential-addition limit %.2f; lower -rho or -init_min_distance", (double)rho, (double)f, (double)core, (double)rsa_limit);
  PetscFunctionReturn(0);
}

static PetscErrorCode PlaceParticles(DWPotential pot, DWSystem sys, PetscReal f, PetscReal smax, DWRng *rng)
{
  Grid g;
  DWParticles p;
  PetscReal L, rho;

  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(sys, &p));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(DWSystemGetDensity(sys, &rho));
  g.box  = p.box;
  g.nc   = PetscMax(1, (PetscInt)(L / (f * smax)));
  g.nc   = g.nc < 3 ? 1 : g.nc;
  g.cell = L / g.nc;
  PetscCall(PetscMalloc2(g.nc * g.nc * g.nc, &g.head, p.N, &g.next));
  for (PetscInt c = 0; c < g.nc * g.nc * g.nc; c++) g.head[c] = -1;
  for (PetscInt i = 0; i < p.N; i++) {
    PetscReal x[3];
    PetscInt  attempt = 0;
    do {
      PetscCheck(attempt++ < max_attempts, pot->comm, PETSC_ERR_ARG_OUTOFRANGE,
                 "density rho = %g makes particles overlap: no room for particle %" PetscInt_FMT
                 " of %" PetscInt_FMT " after %" PetscInt_FMT
                 " attempts; lower -rho or -init_min_distance",
                 (double)rho, i, p.N, max_attempts);
      for (int k = 0; k < 3; k++) x[k] = L * DWRngUniform(rng);
    } while (Overlaps(pot, &p, &g, i, x, f));
    for (int k = 0; k < 3; k++) p.x[3 * i + k] = x[k];
    PetscInt c = GridCell(&g, x);
    g.next[i]  = g.head[c];
    g.head[c]  = i;
  }
  PetscCall(PetscFree2(g.head, g.next));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialCreateRandomSystem(DWPotential pot, PetscInt N, PetscReal rho, PetscInt seed, DWSystem *sys)
{
  const PetscReal f = pot->init_min_distance;
  PetscReal smax, L;
  DWRng rng;
  DWParticles p;

  PetscFunctionBegin;
  PetscCheck(pot->type[0], pot->comm, PETSC_ERR_ARG_WRONGSTATE, "set the model before creating a configuration");
  PetscCheck(N > 0, pot->comm, PETSC_ERR_ARG_OUTOFRANGE, "number of particles N = %" PetscInt_FMT " must be positive", N);
  if (rho <= 0) rho = pot->rho;
  PetscCheck(PetscIsNormalReal(rho), pot->comm, PETSC_ERR_ARG_OUTOFRANGE, "density rho = %g must be positive and finite", (double)rho);
  PetscCall(DWSystemCreate(pot->comm, sys));
  PetscCall(DWSystemSetSize(*sys, N));
  PetscCall(DWSystemSetBox(*sys, PetscCbrtReal(N / rho)));
  PetscCall(DWSystemSetModelName(*sys, pot->type));
  PetscCall(pot->ops->assign(pot, *sys));
  PetscCall(DWPotentialSetUp(pot, *sys));
  PetscCall(DWSystemGetParticles(*sys, &p));
  PetscCall(DWSystemGetBox(*sys, &L));
  PetscCall(CheckRoom(pot, &p, rho, f, &smax));
  PetscCheck(2 * (pot->rcmax + DW_NEIGHBOR_DEFAULT_SKIN) < L, pot->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "N = %" PetscInt_FMT
             " is too small for model %s: the box edge %g must exceed 2 (cutoff + skin) = %g",
             N, pot->type, (double)L, (double)(2 * (pot->rcmax + DW_NEIGHBOR_DEFAULT_SKIN)));
  DWRngInit(&rng, (uint64_t)seed, DW_STAGE_INIT, 0, 0);
  PetscCall(PlaceParticles(pot, *sys, f, smax, &rng));
  PetscFunctionReturn(0);
}
