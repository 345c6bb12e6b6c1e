/* Behaviour of every model at its cutoff rc_ij, for every pair type (pss: small-small,
   small-large and large-large diameters). Each model is exactly as smooth as its
   definition says (DESIGN.md section 3), no more and no less:
     pss, tlj, ka2  phi, phi', phi'' vanish at rc (smoothing polynomial)   -> C2
     lj             phi, phi' vanish (lj/smooth/linear), phi'' jumps         -> C1
     harmonic       phi, phi' vanish, phi'' = eps/s^2 jumps                  -> C1
     ka             phi vanishes (shift), phi' jumps (LAMMPS lj/cut shift)  -> C0
   Check at r = rc (1 - 1e-10): a derivative of order <= C must be below 1e-7 of its size
   at r = 0.9 s (where the pair interacts strongly), since a vanishing k-th derivative
   leaves |phi^(k)(rc - delta)| ~ |phi^(k+1)| delta ~ 1e-10 of the scale. The first
   non-vanishing order must really jump: a continuous derivative that vanishes at rc
   shrinks in proportion to the distance from rc, a jump does not, so its value at
   rc (1 - 1e-10) must be at least half its value at rc (1 - 1e-6), and above rounding
   (1e-7 of its scale). At r >= rc every derivative is exactly zero. */
#include "testutil.h"

static PetscErrorCode CheckPair(MPI_Comm comm, DWPotential pot, DWSystem sys, PetscInt i, PetscInt j, PetscInt order, const char label[])
{
  PetscReal s, rc, near[4], less_near[4], scale[4], beyond[4];
  char      what[128];

  PetscFunctionBegin;
  PetscCall(DWPotentialGetPairScale(pot, sys, i, j, &s, &rc));
  PetscCall(DWPotentialPairDerivatives(pot, sys, i, j, rc * (1 - 1e-10), near));
  PetscCall(DWPotentialPairDerivatives(pot, sys, i, j, rc * (1 - 1e-6), less_near));
  PetscCall(DWPotentialPairDerivatives(pot, sys, i, j, 0.9 * s, scale));
  PetscCall(DWPotentialPairDerivatives(pot, sys, i, j, rc, beyond));
  for (PetscInt k = 0; k <= order; k++) {
    PetscCall(PetscSNPrintf(what, sizeof(what), "%s: |phi^(%" PetscInt_FMT ")(rc-)| / |phi^(%" PetscInt_FMT ")(0.9 s)|", label, k, k));
    DWTestLE(comm, what, PetscAbsReal(near[k]) / PetscAbsReal(scale[k]), 1e-7);
  }
  if (order < 3) {
    const PetscInt k = order + 1;
    PetscCall(PetscSNPrintf(what, sizeof(what), "%s: phi^(%" PetscInt_FMT ") jumps at rc (%.2e of scale)", label, k, (double)(PetscAbsReal(near[k]) / PetscAbsReal(scale[k]))));
    DWTestTrue(comm, what, PetscAbsReal(near[k]) >= 0.5 * PetscAbsReal(less_near[k]) && PetscAbsReal(near[k]) > 1e-7 * PetscAbsReal(scale[k]));
  }
  DWTestTrue(comm, "all derivatives zero at r = rc", !beyond[0] && !beyond[1] && !beyond[2] && !beyond[3]);
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckModel(MPI_Comm comm, const char model[], PetscInt order)
{
  DWPotential pot;
  DWSystem    sys;
  PetscInt    N, *species, nspecies, first[DW_MAX_SPECIES];
  PetscReal  *diameter;
  char        label[64];

  PetscFunctionBegin;
  PetscCall(DWTestRandomSystem(comm, model, 1000, 1, &pot, &sys));
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetSpecies(sys, &species));
  PetscCall(DWSystemGetNumSpecies(sys, &nspecies));
  PetscCall(DWSystemGetDiameters(sys, &diameter));
  if (diameter) {
    /* diameters are sorted quantiles: 0 and 1 are the smallest, N-2 and N-1 the largest */
    PetscCall(CheckPair(comm, pot, sys, 0, 1, order, "pss small-small"));
    PetscCall(CheckPair(comm, pot, sys, 0, N - 1, order, "pss small-large"));
    PetscCall(CheckPair(comm, pot, sys, N - 2, N - 1, order, "pss large-large"));
  } else {
    for (PetscInt a = 0; a < nspecies; a++) first[a] = -1;
    for (PetscInt i = N - 1; i >= 0; i--) first[species[i]] = i;
    for (PetscInt a = 0; a < nspecies; a++)
      for (PetscInt b = a; b < nspecies; b++) {
        const PetscInt i = first[a], j = (a == b) ? first[a] + 1 : first[b];
        PetscCall(PetscSNPrintf(label, sizeof(label), "%s %c%c", model, (char)('A' + a), (char)('A' + b)));
        PetscCall(CheckPair(comm, pot, sys, i, j, order, label));
      }
  }
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const char    *models[] = {"pss", "tlj", "ka2", "lj", "harmonic", "ka"};
  const PetscInt order[]  = {2, 2, 2, 1, 1, 0};

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  for (int m = 0; m < 6; m++) PetscCall(CheckModel(PETSC_COMM_SELF, models[m], order[m]));
  int status = DWTestFinish(PETSC_COMM_SELF);
  PetscCall(PetscFinalize());
  return status;
}
