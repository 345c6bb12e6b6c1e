/* ka: the Kob-Andersen 80:20 binary Lennard-Jones mixture (Kob and Andersen, PRE 51,
   4626 (1995)) at rho = 1.2, phi_ab = 4 eps_ab [(s_ab/r)^12 - (s_ab/r)^6] truncated and
   shifted at 2.5 s_ab: exactly LAMMPS pair_style lj/cut with pair_modify shift yes.
   eps AA 1, AB 1.5, BB 0.5; s AA 1, AB 0.8, BB 0.88 (DESIGN.md section 3.3). */
#include "potential/typed.h"

static void FillPair_KA(DWPairConst *c, PetscReal eps, PetscReal s)
{
  DWPairConstSetLJ(c, eps, s, 2.5 * s, DW_LJ_SHIFT);
}

PetscErrorCode DWPotentialCreate_KA(DWPotential pot)
{
  DWTyped        *t;
  const PetscReal eps[] = {1.0, 1.5, 0.5}, sigma[] = {1.0, 0.8, 0.88};

  PetscFunctionBegin;
  PetscCall(PetscNew(&t));
  t->nspecies    = 2;
  t->fraction[0] = 0.8;
  t->fraction[1] = 0.2;
  t->form        = DW_FORM_LJ;
  t->fillpair    = FillPair_KA;
  DWTypedSetMatrix(2, t->eps, eps);
  DWTypedSetMatrix(2, t->sigma, sigma);
  pot->rho = 1.2;
  PetscCall(PetscStrncpy(pot->description, "Kob-Andersen 80:20 LJ, truncated and shifted at 2.5 s_ab (LAMMPS lj/cut, shift yes)", sizeof(pot->description)));
  PetscCall(DWPotentialSetTypedOps(pot, t));
  PetscFunctionReturn(0);
}
