/* The exponential ("Exp") preconditioner of L-BFGS (-min_lbfgs_precond exp; minprecond.c) of
   Packwood, Kermode, Mones, Bernstein, Woolley, Gould, Ortner, Csanyi, J. Chem. Phys. 144,
   164109 (2016): the pair block is isotropic and decays with the distance,
       K_ij = exp(-A (r_ij / r_nn - 1)) I,   r_ij < r_cut,
   with A = -min_precond_exp_A (their default 3), the nearest-neighbour distance r_nn taken as
   the model's pair scale s_ij (so that mixtures and polydisperse pss get one per pair) and
   r_cut = -min_precond_rcut s_ij (their default 2 r_nn). Their overall factor mu drops out
   here: L-BFGS scales H0 = gamma P^-1 by gamma = s.y / y.P^-1 y, so only the shift relative
   to the weights matters, mu_c = -min_precond_shift (their c_stab, default 0.1). */
#include "landscape/minimizerimpl.h"

static PetscErrorCode PairBlock_Exp(DWMinPrecond pc, DWPotential pot, DWSystem sys, PetscInt i,
                                    PetscInt j, const PetscReal d[3], PetscReal r, PetscReal K[9])
{
  PetscReal s, rc;

  PetscFunctionBegin;
  PetscCall(DWPotentialGetPairScale(pot, sys, i, j, &s, &rc));
  const PetscReal w = PetscExpReal(-pc->par.A * (r / s - 1));
  for (int u = 0; u < 3; u++)
    for (int v = 0; v < 3; v++) K[3 * u + v] = u == v ? w : 0;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinPrecondCreate_Exp(DWMinPrecond pc)
{
  PetscFunctionBegin;
  pc->pairblock = PairBlock_Exp;
  pc->pctype    = PCICC;
  if (pc->par.rcut < 0) pc->par.rcut = 2;
  if (pc->par.shift < 0) pc->par.shift = 0.1;
  PetscFunctionReturn(0);
}
