/* harmonic: harmonic spheres of [PRR20], phi = (eps/2) (1 - r/s)^2 for r < s, at packing
   fraction phi_p = 0.73, i.e. rho = phi_p / ((pi/6) <s^3>). Monodisperse (s = 1) by
   default; -harmonic_binary gives the 50:50 mixture with size ratio 1.4 of Mizuno, Shiba
   and Ikeda (PNAS 2017), additive s_ab = (s_a + s_b)/2. */
#include "potential/typed.h"

static const PetscReal packing_fraction = 0.73;

static void FillPair_Harmonic(DWPairConst *c, PetscReal eps, PetscReal s)
{
  DWPairConstSetHarmonic(c, eps, s);
}

static void SetMixture(DWPotential pot, DWTyped *t, PetscBool binary)
{
  const PetscReal one[1] = {1.0}, eps2[3] = {1.0, 1.0, 1.0}, s2[3] = {1.0, 1.2, 1.4};

  t->nspecies    = binary ? 2 : 1;
  t->fraction[0] = binary ? 0.5 : 1.0;
  t->fraction[1] = binary ? 0.5 : 0.0;
  DWTypedSetMatrix(t->nspecies, t->eps, binary ? eps2 : one);
  DWTypedSetMatrix(t->nspecies, t->sigma, binary ? s2 : one);
  const PetscReal mean_s3 = binary ? 0.5 * (1.0 + 1.4 * 1.4 * 1.4) : 1.0;
  pot->rho                = packing_fraction / (PETSC_PI / 6.0 * mean_s3);
}

static PetscErrorCode SetFromOptions_Harmonic(DWPotential pot, PetscOptionItems *PetscOptionsObject)
{
  DWTyped  *t      = (DWTyped *)pot->data;
  PetscBool binary = (PetscBool)(t->nspecies == 2);

  PetscFunctionBegin;
  PetscCall(PetscOptionsBool("-harmonic_binary", "50:50 binary mixture with size ratio 1.4 (else monodisperse)", "DWPotentialSetFromOptions", binary, &binary, NULL));
  SetMixture(pot, t, binary);
  PetscCall(DWTypedSetFromOptions(pot, PetscOptionsObject));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialCreate_Harmonic(DWPotential pot)
{
  DWTyped *t;

  PetscFunctionBegin;
  PetscCall(PetscNew(&t));
  t->form     = DW_FORM_HARMONIC;
  t->fillpair = FillPair_Harmonic;
  SetMixture(pot, t, PETSC_FALSE);
  PetscCall(PetscStrncpy(pot->description, "harmonic spheres (eps/2)(1 - r/s)^2, packing fraction 0.73", sizeof(pot->description)));
  PetscCall(DWPotentialSetTypedOps(pot, t));
  pot->ops->setfromoptions = SetFromOptions_Harmonic;
  PetscFunctionReturn(0);
}
