/* Generic machinery of species-based pair models (see typed.h). */
#include "potential/typed.h"

void DWTypedSetMatrix(PetscInt n, PetscReal m[DW_MAX_SPECIES][DW_MAX_SPECIES], const PetscReal upper[])
{
  PetscInt k = 0;
  for (PetscInt a = 0; a < n; a++)
    for (PetscInt b = a; b < n; b++) m[a][b] = m[b][a] = upper[k++];
}

static PetscErrorCode ReadMatrix(DWPotential pot, PetscOptionItems *PetscOptionsObject, const char what[], const char help[], PetscReal m[DW_MAX_SPECIES][DW_MAX_SPECIES], PetscInt n)
{
  char      name[64];
  PetscReal upper[DW_MAX_SPECIES * DW_MAX_SPECIES];
  PetscInt  nup = n * (n + 1) / 2, k = 0, got = DW_MAX_SPECIES * DW_MAX_SPECIES;
  PetscBool set;

  PetscFunctionBegin;
  if (n < 1 || n > DW_MAX_SPECIES) SETERRQ(pot->comm, PETSC_ERR_PLIB, "model %s has %" PetscInt_FMT " species", pot->type, n);
  for (PetscInt a = 0; a < n; a++)
    for (PetscInt b = a; b < n; b++) upper[k++] = m[a][b];
  PetscCall(PetscSNPrintf(name, sizeof(name), "-%s_%s", pot->type, what));
  PetscCall(PetscOptionsRealArray(name, help, "DWPotentialSetFromOptions", upper, &got, &set));
  if (!set) PetscFunctionReturn(0);
  PetscCheck(got == nup, pot->comm, PETSC_ERR_ARG_SIZ, "%s needs %" PetscInt_FMT " values (upper triangle of the %" PetscInt_FMT "x%" PetscInt_FMT " matrix), got %" PetscInt_FMT, name, nup, n, n, got);
  for (k = 0; k < nup; k++) PetscCheck(upper[k] > 0, pot->comm, PETSC_ERR_ARG_OUTOFRANGE, "%s: entry %" PetscInt_FMT " = %g must be positive", name, k + 1, (double)upper[k]);
  DWTypedSetMatrix(n, m, upper);
  PetscFunctionReturn(0);
}

PetscErrorCode DWTypedSetFromOptions(DWPotential pot, PetscOptionItems *PetscOptionsObject)
{
  DWTyped *t = (DWTyped *)pot->data;

  PetscFunctionBegin;
  PetscCall(ReadMatrix(pot, PetscOptionsObject, "eps", "Pair energies eps_ab, upper triangle AA,AB,(AC,)BB,... (eps)", t->eps, t->nspecies));
  PetscCall(ReadMatrix(pot, PetscOptionsObject, "sigma", "Pair lengths s_ab, upper triangle AA,AB,(AC,)BB,... (sigma)", t->sigma, t->nspecies));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_Typed(DWPotential pot, DWSystem sys)
{
  DWTyped *t = (DWTyped *)pot->data;
  DWParticles p;

  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(sys, &p));
  PetscCheck(!p.diameter, pot->comm, PETSC_ERR_ARG_INCOMP,
             "model %s uses species, but the configuration has per-particle diameters (a pss "
             "configuration?)",
             pot->type);
  for (PetscInt i = 0; i < p.N; i++)
    PetscCheck(p.species[i] >= 0 && p.species[i] < t->nspecies, pot->comm, PETSC_ERR_ARG_OUTOFRANGE,
               "particle %" PetscInt_FMT " has species %" PetscInt_FMT
               ", but model %s has %" PetscInt_FMT " species",
               i, p.species[i], pot->type, t->nspecies);
  pot->rcmax = 0;
  for (PetscInt a = 0; a < t->nspecies; a++)
    for (PetscInt b = 0; b < t->nspecies; b++) {
      t->fillpair(&t->pair[a][b], t->eps[a][b], t->sigma[a][b]);
      pot->rcmax = PetscMax(pot->rcmax, PetscSqrtReal(t->pair[a][b].rc2));
    }
  DWPairColumnsSet(&t->col, t->colstore, &t->pair[0][0], DW_MAX_SPECIES * DW_MAX_SPECIES);
  PetscFunctionReturn(0);
}

/* The constants of pair (i, j), gathered from the columns. */
static inline __attribute__((always_inline)) void PairOf(const void *ctx, const DWParticles *p,
                                                         PetscInt i, PetscInt j, DWPairConst *c)
{
  DWPairColumnsGet(&((const DWTyped *)ctx)->col, DW_MAX_SPECIES * p->species[i] + p->species[j], c);
}

static inline __attribute__((always_inline)) PetscBool KernelLJ(const void *ctx,
                                                                const DWParticles *p, PetscInt i,
                                                                PetscInt j, PetscReal r2,
                                                                PetscReal *phi, PetscReal *fpair)
{
  DWPairConst c;
  PairOf(ctx, p, i, j, &c);
  DWRadialPowerForce(&c, r2, PETSC_FALSE, PETSC_FALSE, phi, fpair);
  return (PetscBool)(r2 < c.rc2);
}

static inline __attribute__((always_inline)) PetscBool KernelPower(const void *ctx,
                                                                   const DWParticles *p, PetscInt i,
                                                                   PetscInt j, PetscReal r2,
                                                                   PetscReal *phi, PetscReal *fpair)
{
  DWPairConst c;
  PairOf(ctx, p, i, j, &c);
  DWRadialPowerForce(&c, r2, PETSC_FALSE, PETSC_TRUE, phi, fpair);
  return (PetscBool)(r2 < c.rc2);
}

static inline __attribute__((always_inline)) PetscBool
KernelPowerLinear(const void *ctx, const DWParticles *p, PetscInt i, PetscInt j, PetscReal r2,
                  PetscReal *phi, PetscReal *fpair)
{
  DWPairConst c;
  PairOf(ctx, p, i, j, &c);
  DWRadialPowerForce(&c, r2, PETSC_TRUE, PETSC_FALSE, phi, fpair);
  return (PetscBool)(r2 < c.rc2);
}

static inline __attribute__((always_inline)) PetscBool
KernelHarmonic(const void *ctx, const DWParticles *p, PetscInt i, PetscInt j, PetscReal r2,
               PetscReal *phi, PetscReal *fpair)
{
  DWPairConst c;
  PairOf(ctx, p, i, j, &c);
  DWRadialHarmonicForce(&c, r2, phi, fpair);
  return (PetscBool)(r2 < c.rc2);
}

DW_PAIR_LOOP_CLONES static PetscErrorCode EnergyForces_Typed(DWPotential pot, const DWPairView *v,
                                                             PetscReal *U, PetscReal *f,
                                                             PetscReal *W, PetscReal *e)
{
  const DWTyped *t = (const DWTyped *)pot->data;

  PetscFunctionBegin;
  switch (t->form) {
  case DW_FORM_LJ:
    DWPairLoop(v, t, KernelLJ, U, f, W, e);
    break;
  case DW_FORM_POWER:
    DWPairLoop(v, t, KernelPower, U, f, W, e);
    break;
  case DW_FORM_POWER_LINEAR:
    DWPairLoop(v, t, KernelPowerLinear, U, f, W, e);
    break;
  case DW_FORM_HARMONIC:
    DWPairLoop(v, t, KernelHarmonic, U, f, W, e);
    break;
  }
  PetscFunctionReturn(0);
}

PetscReal DWTypedParticleEnergy(DWPotential pot, const DWParticles *p, PetscInt i, PetscInt n,
                                const PetscInt j[], const PetscReal r2[])
{
  const DWTyped *t = (const DWTyped *)pot->data;

  switch (t->form) {
  case DW_FORM_LJ:
    return DWParticleEnergyLoop(t, p, KernelLJ, i, n, j, r2);
  case DW_FORM_POWER:
    return DWParticleEnergyLoop(t, p, KernelPower, i, n, j, r2);
  case DW_FORM_POWER_LINEAR:
    return DWParticleEnergyLoop(t, p, KernelPowerLinear, i, n, j, r2);
  case DW_FORM_HARMONIC:
    return DWParticleEnergyLoop(t, p, KernelHarmonic, i, n, j, r2);
  }
  return 0;
}

static void PairScale_Typed(DWPotential pot, const DWParticles *p, PetscInt i, PetscInt j,
                            PetscReal *s, PetscReal *rc)
{
  const DWPairConst *c = &((const DWTyped *)pot->data)->pair[p->species[i]][p->species[j]];
  *s                   = c->s;
  *rc                  = PetscSqrtReal(c->rc2);
}

static void SpeciesCutoffs_Typed(DWPotential pot, PetscInt *ntypes, PetscReal rc[])
{
  const DWTyped *t = (const DWTyped *)pot->data;

  *ntypes = t->nspecies;
  for (PetscInt a = 0; a < t->nspecies; a++)
    for (PetscInt b = 0; b < t->nspecies; b++)
      rc[a * t->nspecies + b] = PetscSqrtReal(t->pair[a][b].rc2);
}

static void Radial_Typed(DWPotential pot, const DWParticles *p, PetscInt i, PetscInt j, PetscReal r,
                         PetscReal d[4])
{
  const DWTyped     *t = (const DWTyped *)pot->data;
  const DWPairConst *c = &t->pair[p->species[i]][p->species[j]];
  if (t->form == DW_FORM_HARMONIC) DWRadialHarmonicDerivatives(c, r, d);
  else DWRadialPowerDerivatives(c, r, d);
}

/* Species in the model's ratios, the first N_A particles A, then B, then C; the last
   species takes the rounding remainder. */
static PetscErrorCode Assign_Typed(DWPotential pot, DWSystem sys)
{
  const DWTyped *t = (const DWTyped *)pot->data;
  PetscInt       i = 0;
  DWParticles p;

  PetscFunctionBegin;
  PetscCall(DWSystemSetNumSpecies(sys, t->nspecies));
  PetscCall(DWSystemGetParticles(sys, &p));
  for (PetscInt a = 0; a < t->nspecies; a++) {
    PetscInt n =
        (a == t->nspecies - 1) ? p.N - i : (PetscInt)PetscFloorReal(t->fraction[a] * p.N + 0.5);
    for (PetscInt k = 0; k < n && i < p.N; k++) p.species[i++] = a;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Typed(DWPotential pot, PetscViewer viewer)
{
  const DWTyped *t = (const DWTyped *)pot->data;

  PetscFunctionBegin;
  for (PetscInt a = 0; a < t->nspecies; a++)
    for (PetscInt b = a; b < t->nspecies; b++)
      PetscCall(PetscViewerASCIIPrintf(viewer, "  %c%c: eps = %g, s = %g, rc = %g\n", (char)('A' + a), (char)('A' + b), (double)t->eps[a][b], (double)t->sigma[a][b], (double)PetscSqrtReal(t->pair[a][b].rc2)));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Typed(DWPotential pot)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(pot->data));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialSetTypedOps(DWPotential pot, DWTyped *t)
{
  PetscFunctionBegin;
  pot->data                = t;
  pot->ops->setfromoptions = DWTypedSetFromOptions;
  pot->ops->setup          = SetUp_Typed;
  pot->ops->energyforces   = EnergyForces_Typed;
  pot->ops->pairscale      = PairScale_Typed;
  pot->ops->radial         = Radial_Typed;
  pot->ops->speciescutoffs = SpeciesCutoffs_Typed;
  pot->ops->assign         = Assign_Typed;
  pot->ops->view           = View_Typed;
  pot->ops->destroy        = Destroy_Typed;
  PetscFunctionReturn(0);
}
