/* tlj and ka2, two names of one model: the ternary Lennard-Jones glass former KA2 of Parmar,
   Ozawa and Berthier (PRL 125, 085505 (2020)), used in [JCP23] II.B eqs. 4-5:
     phi_ab = 4 eps_ab [(s_ab/r)^12 - (s_ab/r)^6 + C0 + C2 (r/s_ab)^2 + C4 (r/s_ab)^4]
   for r < xc s_ab, xc = 2.5, with C0 = 10/xc^6 - 28/xc^12, C2 = 48/xc^14 - 15/xc^8,
   C4 = 6/xc^10 - 21/xc^16, so that phi, phi' and phi'' vanish at the cutoff.
   Species A (large), B (small), C (medium), A:B:C = 4:1:1, equal masses, rho = 1.35
   (DESIGN.md section 3.2). The pair parameters are those of Parmar et al., also the atooms
   model database's entry kob_andersen_2:
     eps  AA 1, AB 1.5, AC 1.25, BB 0.5,  BC 1.0,  CC 0.75;
     s    AA 1, AB 0.8, AC 0.9,  BB 0.88, BC 0.84, CC 0.94.
   C interpolates between A and B in size (s_AC between s_AA and s_AB, s_BC between s_AB and
   s_BB), which is what makes species swaps A <-> C and B <-> C acceptable.
   [JCP23] II.B prints eps and s exchanged for the three C pairs (eps_AC = 0.9, s_AC = 1.25,
   eps_BC = 0.84, s_BC = 1.0, eps_CC = 0.94, s_CC = 0.75). That set is not used: with it C
   would be the smallest species rather than "medium" (s_CC = 0.75 < s_BB = 0.88) while
   s_AC = 1.25 exceeds s_AA, so a C particle put in an A's place overlaps its neighbours
   and no A-C swap is ever accepted, contradicting the swap efficiency [JCP23] relies on
   (measured with -ka2_eps/-ka2_sigma set to the print: 0 of 93334 A-C and 0 of 23445 B-C
   attempts accepted in 10 tau of hybrid swap at T = 1.0, N = 600; with KA2 about 5e-3).
   -tlj_eps, -tlj_sigma (-ka2_eps, -ka2_sigma) override the matrices (typed.c).
   Swap Monte Carlo exchanges the species of two particles of different species
   (include/dwell/swap.h). */
#include "potential/typed.h"

static const PetscReal xc = 2.5;

static void FillPair_Ternary(DWPairConst *c, PetscReal eps, PetscReal s)
{
  const PetscReal C[3] = {10.0 / PetscPowReal(xc, 6) - 28.0 / PetscPowReal(xc, 12),
                          48.0 / PetscPowReal(xc, 14) - 15.0 / PetscPowReal(xc, 8),
                          6.0 / PetscPowReal(xc, 10) - 21.0 / PetscPowReal(xc, 16)};
  DWPairConstSetPoly(c, 4.0 * eps, 4.0 * eps, s, xc, C);
}

/* The one model, under either name: AA, AB, AC, BB, BC, CC of Parmar et al. (KA2). */
static PetscErrorCode CreateKA2(DWPotential pot)
{
  const PetscReal eps[6]   = {1.0, 1.5, 1.25, 0.5, 1.0, 0.75},
                  sigma[6] = {1.0, 0.8, 0.9, 0.88, 0.84, 0.94};
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
  PetscCall(PetscStrncpy(
      pot->description,
      "ternary LJ KA2 (Parmar, Ozawa, Berthier 2020), A:B:C = 4:1:1, smoothed at 2.5 s_ab [JCP23]",
      sizeof(pot->description)));
  PetscCall(DWPotentialSetTypedOps(pot, t));
  /* swap rule: species swaps, the energy of one particle with its neighbours */
  pot->ops->particleenergy = DWTypedParticleEnergy;
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialCreate_TLJ(DWPotential pot)
{
  PetscFunctionBegin;
  PetscCall(CreateKA2(pot));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialCreate_KA2(DWPotential pot)
{
  PetscFunctionBegin;
  PetscCall(CreateKA2(pot));
  PetscFunctionReturn(0);
}
