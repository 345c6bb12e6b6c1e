/* lj: the monodisperse Lennard-Jones glass of [PRR20] (Mizuno, Shimada, Ikeda) at
   rho = 0.997, phi = 4 eps [(s/r)^12 - (s/r)^6] cut at 2.5 s with potential and force
   shifted to zero: phi(r) - phi(rc) - (r - rc) phi'(rc), exactly LAMMPS
   pair_style lj/smooth/linear. */
#include "potential/typed.h"

static void FillPair_LJ(DWPairConst *c, PetscReal eps, PetscReal s)
{
  DWPairConstSetLJ(c, eps, s, 2.5 * s, DW_LJ_SMOOTH_LINEAR);
}

PetscErrorCode DWPotentialCreate_LJ(DWPotential pot)
{
  DWTyped        *t;
  const PetscReal one[1] = {1.0};

  PetscFunctionBegin;
  PetscCall(PetscNew(&t));
  t->nspecies    = 1;
  t->fraction[0] = 1.0;
  t->form        = DW_FORM_POWER_LINEAR;
  t->fillpair    = FillPair_LJ;
  DWTypedSetMatrix(1, t->eps, one);
  DWTypedSetMatrix(1, t->sigma, one);
  pot->rho = 0.997;
  PetscCall(PetscStrncpy(pot->description, "monodisperse LJ, potential and force shifted at 2.5 (LAMMPS lj/smooth/linear)", sizeof(pot->description)));
  PetscCall(DWPotentialSetTypedOps(pot, t));
  PetscFunctionReturn(0);
}
