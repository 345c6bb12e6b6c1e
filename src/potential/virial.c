/* The virial tensor of a pair potential, W_ab = -sum_{i<j} phi'(r) r_a r_b / r over the pairs
   r = r_i - r_j (eps): the configurational part of the pressure tensor P_ab = W_ab / V (LAMMPS
   compute pressure at T = 0 gives p_ab = W_ab / V) and of the stress sigma_ab = -P_ab (tension
   positive; [JCP23] IV.C, sigma_xy = (1/V) dU/dgamma under the simple shear x += gamma y).
   Its trace over 3 is the scalar W of DWPotentialComputeEnergyForces(). */
#include "potential/potentialimpl.h"

static PetscErrorCode AddPair(void *ctx, PetscInt i, PetscInt j, const PetscReal d[3], PetscReal r,
                              const PetscReal der[4])
{
  PetscReal *W = (PetscReal *)ctx, c = -der[1] / r;
  static const int a[6] = {0, 1, 2, 0, 0, 1}, b[6] = {0, 1, 2, 1, 2, 2};

  for (int k = 0; k < 6; k++) W[k] += c * d[a[k]] * d[b[k]];
  return 0;
}

PetscErrorCode DWPotentialComputeVirialTensor(DWPotential pot, DWSystem sys, DWNeighborList nl,
                                              PetscReal W[6])
{
  PetscFunctionBegin;
  for (int k = 0; k < 6; k++) W[k] = 0;
  PetscCall(DWPotentialForEachPair(pot, sys, nl, AddPair, W));
  PetscFunctionReturn(0);
}
