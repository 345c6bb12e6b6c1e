/* tlj and ka2: the ternary Lennard-Jones glass former of Parmar, Ozawa and Berthier
   (PRL 125, 085505 (2020)) used in [JCP23] eq. 1:
     phi_ab = 4 eps_ab [(s_ab/r)^12 - (s_ab/r)^6 + C0 + C2 (r/s_ab)^2 + C4 (r/s_ab)^4]
   for r < xc s_ab, xc = 2.5, with C0 = 10/xc^6 - 28/xc^12, C2 = 48/xc^14 - 15/xc^8,
   C4 = 6/xc^10 - 21/xc^16, so that phi, phi' and phi'' vanish at the cutoff.
   Species A:B:C = 4:1:1, equal masses, rho = 1.35. Two parameter presets, because the
   sources disagree (DESIGN.md section 3.2): tlj as printed in JCP23, ka2 as in public
   implementations of Parmar et al. Both can be overridden with -tlj_eps, -tlj_sigma.
   Swap Monte Carlo exchanges the species of an A and a C particle (Parmar et al.). */
#include "potential/typed.h"

static const PetscReal xc = 2.5;

static void FillPair_Ternary(DWPairConst *c, PetscReal eps, PetscReal s)
{
  const PetscReal C[3] = {10.0 / PetscPowReal(xc, 6) - 28.0 / PetscPowReal(xc, 12), 48.0 / PetscPowReal(xc, 14) - 15.0 / PetscPowReal(xc, 8), 6.0 / PetscPowReal(xc, 10) - 21.0 / PetscPowReal(xc, 16)};
  DWPairConstSetPoly(c, 4.0 * eps, 4.0 * eps, s, xc, C);
}

static PetscErrorCode CreateTernary(DWPotential pot, const PetscReal eps[6], const PetscReal sigma[6], const char description[])
{
  DWTyped *t;

  PetscFunctionBegin;
  PetscCall(PetscNew(&t));
  t->nspecies    = 3;
  t->fraction[0] = 4.0 / 6.0;
  t->fraction[1] = 1.0 / 6.0;
  t->fraction[2] = 1.0 / 6.0;
  t->form        = DW_FORM_POWER;
  t->fillpair    = FillPair_Ternary;
  DWTypedSetMatrix(3, t->eps, eps);
  DWTypedSetMatrix(3, t->sigma, sigma);
  pot->rho = 1.35;
  PetscCall(PetscStrncpy(pot->description, description, sizeof(pot->description)));
  PetscCall(DWPotentialSetTypedOps(pot, t));
  /* swap rule of Parmar, Ozawa, Berthier: exchange the species of an A and a C particle */
  pot->ops->particleenergy = DWTypedParticleEnergy;
  pot->swapspecies[0]      = 0;
  pot->swapspecies[1]      = 2;
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialCreate_TLJ(DWPotential pot)
{
  /* AA, AB, AC, BB, BC, CC as printed in JCP23 */
  const PetscReal eps[6] = {1.0, 1.5, 0.9, 0.5, 0.84, 0.94}, sigma[6] = {1.0, 0.8, 1.25, 0.88, 1.0, 0.75};

  PetscFunctionBegin;
  PetscCall(CreateTernary(pot, eps, sigma, "ternary LJ 4:1:1, smoothed at 2.5 s_ab, parameters as printed in JCP23"));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialCreate_KA2(DWPotential pot)
{
  /* C between A and B, A-like, as in public implementations of Parmar et al. */
  const PetscReal eps[6] = {1.0, 1.5, 0.75, 0.5, 1.5, 0.75}, sigma[6] = {1.0, 0.8, 0.9, 0.88, 0.8, 0.94};

  PetscFunctionBegin;
  PetscCall(CreateTernary(pot, eps, sigma, "ternary LJ 4:1:1, smoothed at 2.5 s_ab, parameters of Parmar-Ozawa-Berthier implementations"));
  PetscFunctionReturn(0);
}
