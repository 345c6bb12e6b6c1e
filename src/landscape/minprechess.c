/* Preconditioners of L-BFGS built from the pair Hessian (-min_lbfgs_precond hessian|blocks;
   minprecond.c). The Hessian block of a central pair potential phi(r) between particles i and
   j at separation d = r_i - r_j, r = |d|, n = d / r, is
       H_ij = phi''(r) n n^T + (phi'(r) / r) (I - n n^T)
   (each pair adds H_ij to the diagonal blocks ii, jj and -H_ij to ij, ji). It is indefinite
   wherever phi'' < 0 (beyond the inflection point) or phi' < 0 (compressed pairs), so the
   preconditioner keeps its positive part,
       K_ij = |phi''(r)| n n^T + max(phi'(r) / r, 0) (I - n n^T),
   in the spirit of the force-field ("FF") preconditioner of Packwood et al., J. Chem. Phys.
   144, 164109 (2016), which builds P from the positive parts of a force field's terms. Only pairs
   with r < -min_precond_rcut s_ij enter (default 1.5: the first shell of neighbours, which carries
   nearly all of phi''), and the shift mu_c = -min_precond_shift (eps/sigma^2, default 1) is small
   next to the stiffness of a bond (phi'' ~ 10^2 to 10^3). Near a minimum P differs from the Hessian
   only by the dropped negative parts, the far pairs and mu_c, so preconditioned L-BFGS behaves
   almost like Newton's method there. "hessian" assembles every block (applied by ICC(0)); "blocks"
   only the 3x3 diagonal blocks (applied exactly by point-block Jacobi): cheaper, weaker. */
#include "landscape/minimizerimpl.h"

static PetscErrorCode PairBlock_Hessian(DWMinPrecond pc, DWPotential pot, DWSystem sys, PetscInt i,
                                        PetscInt j, const PetscReal d[3], PetscReal r,
                                        PetscReal K[9])
{
  PetscReal dphi[4];

  PetscFunctionBegin;
  PetscCall(DWPotentialPairDerivatives(pot, sys, i, j, r, dphi));
  const PetscReal a = PetscAbsReal(dphi[2]), b = PetscMax(dphi[1] / r, 0);
  for (int u = 0; u < 3; u++)
    for (int v = 0; v < 3; v++) {
      const PetscReal nn = d[u] * d[v] / (r * r);
      K[3 * u + v]       = a * nn + b * ((u == v) - nn);
    }
  PetscFunctionReturn(0);
}

static void SetDefaults(DWMinPrecond pc)
{
  pc->pairblock = PairBlock_Hessian;
  if (pc->par.rcut < 0) pc->par.rcut = 1.5;
  if (pc->par.shift < 0) pc->par.shift = 1;
}

PetscErrorCode DWMinPrecondCreate_Hessian(DWMinPrecond pc)
{
  PetscFunctionBegin;
  SetDefaults(pc);
  pc->pctype = PCICC;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinPrecondCreate_Blocks(DWMinPrecond pc)
{
  PetscFunctionBegin;
  SetDefaults(pc);
  pc->diagonal = PETSC_TRUE;
  pc->pctype   = PCPBJACOBI;
  PetscFunctionReturn(0);
}
