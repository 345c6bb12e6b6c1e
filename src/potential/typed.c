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

  PetscFunctionBegin;
  PetscCheck(!sys->diameter, pot->comm, PETSC_ERR_ARG_INCOMP, "model %s uses species, but the configuration has per-particle diameters (a pss configuration?)", pot->type);
  for (PetscInt i = 0; i < sys->N; i++)
    PetscCheck(sys->species[i] >= 0 && sys->species[i] < t->nspecies, pot->comm, PETSC_ERR_ARG_OUTOFRANGE, "particle %" PetscInt_FMT " has species %" PetscInt_FMT ", but model %s has %" PetscInt_FMT " species", i, sys->species[i], pot->type, t->nspecies);
  pot->rcmax = 0;
  for (PetscInt a = 0; a < t->nspecies; a++)
    for (PetscInt b = 0; b < t->nspecies; b++) {
      t->fillpair(&t->pair[a][b], t->eps[a][b], t->sigma[a][b]);
      pot->rcmax = PetscMax(pot->rcmax, PetscSqrtReal(t->pair[a][b].rc2));
    }
  PetscFunctionReturn(0);
}

static inline __attribute__((always_inline)) PetscBool KernelLJ(const void *ctx, const DWSystem sys, PetscInt i, PetscInt j, PetscReal r2, PetscReal *phi, PetscReal *fpair)
{
  const DWPairConst *c = &((const DWTyped *)ctx)->pair[sys->species[i]][sys->species[j]];
  if (r2 >= c->rc2) return PETSC_FALSE;
  DWRadialPowerForce(c, r2, PETSC_FALSE, PETSC_FALSE, phi, fpair);
  return PETSC_TRUE;
}

static inline __attribute__((always_inline)) PetscBool KernelPower(const void *ctx, const DWSystem sys, PetscInt i, PetscInt j, PetscReal r2, PetscReal *phi, PetscReal *fpair)
{
  const DWPairConst *c = &((const DWTyped *)ctx)->pair[sys->species[i]][sys->species[j]];
  if (r2 >= c->rc2) return PETSC_FALSE;
  DWRadialPowerForce(c, r2, PETSC_FALSE, PETSC_TRUE, phi, fpair);
  return PETSC_TRUE;
}

static inline __attribute__((always_inline)) PetscBool KernelPowerLinear(const void *ctx, const DWSystem sys, PetscInt i, PetscInt j, PetscReal r2, PetscReal *phi, PetscReal *fpair)
{
  const DWPairConst *c = &((const DWTyped *)ctx)->pair[sys->species[i]][sys->species[j]];
  if (r2 >= c->rc2) return PETSC_FALSE;
  DWRadialPowerForce(c, r2, PETSC_TRUE, PETSC_FALSE, phi, fpair);
  return PETSC_TRUE;
}

static inline __attribute__((always_inline)) PetscBool KernelHarmonic(const void *ctx, const DWSystem sys, PetscInt i, PetscInt j, PetscReal r2, PetscReal *phi, PetscReal *fpair)
{
  const DWPairConst *c = &((const DWTyped *)ctx)->pair[sys->species[i]][sys->species[j]];
  if (r2 >= c->rc2) return PETSC_FALSE;
  DWRadialHarmonicForce(c, r2, phi, fpair);
  return PETSC_TRUE;
}

static PetscErrorCode EnergyForces_Typed(DWPotential pot, DWSystem sys, DWNeighborList nl, PetscReal *U, PetscReal *f, PetscReal *W, PetscReal *e)
{
  const DWTyped *t = (const DWTyped *)pot->data;

  PetscFunctionBegin;
  switch (t->form) {
  case DW_FORM_LJ:
    DWPairLoop(nl, sys, t, KernelLJ, U, f, W, e);
    break;
  case DW_FORM_POWER:
    DWPairLoop(nl, sys, t, KernelPower, U, f, W, e);
    break;
  case DW_FORM_POWER_LINEAR:
    DWPairLoop(nl, sys, t, KernelPowerLinear, U, f, W, e);
    break;
  case DW_FORM_HARMONIC:
    DWPairLoop(nl, sys, t, KernelHarmonic, U, f, W, e);
    break;
  }
  PetscFunctionReturn(0);
}

PetscReal DWTypedParticleEnergy(DWPotential pot, DWSystem sys, PetscInt i, PetscInt n, const PetscInt j[], const PetscReal r2[])
{
  const DWTyped *t = (const DWTyped *)pot->data;

  switch (t->form) {
  case DW_FORM_LJ:
    return DWParticleEnergyLoop(t, sys, KernelLJ, i, n, j, r2);
  case DW_FORM_POWER:
    return DWParticleEnergyLoop(t, sys, KernelPower, i, n, j, r2);
  case DW_FORM_POWER_LINEAR:
    return DWParticleEnergyLoop(t, sys, KernelPowerLinear, i, n, j, r2);
  case DW_FORM_HARMONIC:
    return DWParticleEnergyLoop(t, sys, KernelHarmonic, i, n, j, r2);
  }
  return 0;
}

static void PairScale_Typed(DWPotential pot, DWSystem sys, PetscInt i, PetscInt j, PetscReal *s, PetscReal *rc)
{
  const DWPairConst *c = &((const DWTyped *)pot->data)->pair[sys->species[i]][sys->species[j]];
  *s                   = c->s;
  *rc                  = PetscSqrtReal(c->rc2);
}

static void Radial_Typed(DWPotential pot, DWSystem sys, PetscInt i, PetscInt j, PetscReal r, PetscReal d[4])
{
  const DWTyped     *t = (const DWTyped *)pot->data;
  const DWPairConst *c = &t->pair[sys->species[i]][sys->species[j]];
  if (t->form == DW_FORM_HARMONIC) DWRadialHarmonicDerivatives(c, r, d);
  else DWRadialPowerDerivatives(c, r, d);
}

/* Species in the model's ratios, the first N_A particles A, then B, then C; the last
   species takes the rounding remainder. */
static PetscErrorCode Assign_Typed(DWPotential pot, DWSystem sys)
{
  const DWTyped *t = (const DWTyped *)pot->data;
  PetscInt       i = 0;

  PetscFunctionBegin;
  PetscCall(DWSystemSetNumSpecies(sys, t->nspecies));
  for (PetscInt a = 0; a < t->nspecies; a++) {
    PetscInt n = (a == t->nspecies - 1) ? sys->N - i : (PetscInt)PetscFloorReal(t->fraction[a] * sys->N + 0.5);
    for (PetscInt k = 0; k < n && i < sys->N; k++) sys->species[i++] = a;
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
  pot->ops->assign         = Assign_Typed;
  pot->ops->view           = View_Typed;
  pot->ops->destroy        = Destroy_Typed;
  PetscFunctionReturn(0);
}
