/* The Verlet list with skin gives the same energy and forces as a direct all-pairs
   minimum-image loop (written here independently, from DWPotentialPairDerivatives),
   along a random walk of the particles that crosses many rebuilds: 200 steps of uniform
   displacements up to 0.03 sigma per coordinate. Both sums add the same pair terms in a
   different order, so they agree to rounding: 1e-12 relative. The cell build and the
   all-pairs build of the list give identical sets of pairs with the same images, also in
   dilute boxes where the number of cells is capped. */
#include "potential/neighborpairs.h"

static PetscErrorCode DirectSum(DWPotential pot, DWSystem sys, PetscReal *U, PetscReal f[])
{
  PetscInt N;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  *U = 0;
  PetscCall(PetscArrayzero(f, 3 * N));
  for (PetscInt i = 0; i < N; i++)
    for (PetscInt j = i + 1; j < N; j++) {
      PetscReal d[3], der[4];
      PetscCall(DWSystemMinimumImage(sys, i, j, d));
      const PetscReal r = PetscSqrtReal(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
      PetscCall(DWPotentialPairDerivatives(pot, sys, i, j, r, der));
      *U += der[0];
      for (int c = 0; c < 3; c++) {
        f[3 * i + c] -= der[1] * d[c] / r;
        f[3 * j + c] += der[1] * d[c] / r;
      }
    }
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckModel(MPI_Comm comm, const char model[])
{
  DWPotential pot;
  DWSystem sys;
  DWNeighborList nl, nlall;
  PetscInt N, nbuilds, npairs, npairs_all;
  PetscReal *x, *f, *fd, U = 0, Ud = 0, errU = 0, errF = 0;
  DWRng rng;
  char what[128];

  PetscFunctionBegin;
  PetscCall(DWTestRandomSystem(comm, model, 600, 2, &pot, &sys));
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(PetscMalloc2(3 * N, &f, 3 * N, &fd));
  PetscCall(DWNeighborListCreate(comm, &nl));
  DWRngInit(&rng, 11, DW_STAGE_TEST, 0, 0);
  for (int step = 0; step < 200; step++) {
    for (PetscInt k = 0; k < 3 * N; k++) x[k] += 0.06 * (DWRngUniform(&rng) - 0.5);
    PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, &U, f, NULL, NULL));
    if (step % 20) continue;
    PetscCall(DirectSum(pot, sys, &Ud, fd));
    errU = PetscMax(errU, PetscAbsReal(U - Ud) / PetscAbsReal(Ud));
    errF = PetscMax(errF, DWTestRelDiff(3 * N, f, fd));
  }
  PetscCall(DWNeighborListGetStats(nl, &nbuilds, &npairs));
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: list vs all-pairs energy", model));
  DWTestLE(comm, what, errU, 1e-12);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: list vs all-pairs forces", model));
  DWTestLE(comm, what, errF, 1e-12);
  PetscCall(PetscSNPrintf(what, sizeof(what),
                          "%s: the walk rebuilt the list (%" PetscInt_FMT " builds)", model,
                          nbuilds));
  DWTestTrue(comm, what, nbuilds >= 10);
  /* same pairs from the cell build and the all-pairs build */
  PetscCall(DWNeighborListCreate(comm, &nlall));
  nlall->usecells = PETSC_FALSE;
  PetscCall(DWNeighborListSetPairCutoff(nlall, nl->paircut, nl->paircutctx));
  PetscCall(DWNeighborListSetCutoff(nlall, nl->rcut));
  PetscCall(DWNeighborListBuild(nl, sys));
  PetscCall(DWNeighborListBuild(nlall, sys));
  PetscCall(DWNeighborListGetStats(nlall, NULL, &npairs_all));
  PetscCall(DWNeighborListGetStats(nl, NULL, &npairs));
  PetscBool same = (PetscBool)(npairs == npairs_all);
  PetscCall(PairsOfBothBuilds(nl, nlall, N, &same));
  PetscCall(PetscSNPrintf(what, sizeof(what),
                          "%s: cell build = all-pairs build (%" PetscInt_FMT " pairs)", model,
                          npairs));
  DWTestTrue(comm, what, same);
  PetscCall(DWNeighborListDestroy(&nlall));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(PetscFree2(f, fd));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}

/* A dilute box, L/r_cut up to 4e10 (issue 13: the cell count nc^3 overflowed 32 bits and its
   memory grew as (L/r_cut)^3 whatever N): triplets of particles 0.8 sigma apart at random
   places, every fifth straddling the periodic boundary in x. The cell build lists the same pairs
   (with the same images) as the all-pairs build, and allocates at most 2N + 1 cell heads. */
static PetscErrorCode CheckDiluteBox(MPI_Comm comm, PetscReal L)
{
  const PetscInt N = 300;
  DWSystem sys;
  DWNeighborList nl, nlall;
  PetscReal *x;
  PetscInt npairs;
  DWRng rng;
  PetscBool same;
  char what[160];

  PetscFunctionBegin;
  PetscCall(DWSystemCreate(comm, &sys));
  PetscCall(DWSystemSetSize(sys, N));
  PetscCall(DWSystemSetBox(sys, L));
  PetscCall(DWSystemGetPositions(sys, &x));
  DWRngInit(&rng, 5, DW_STAGE_TEST, 0, 0);
  for (PetscInt t = 0; t < N / 3; t++) {
    PetscReal c[3];
    for (int k = 0; k < 3; k++) c[k] = L * DWRngUniform(&rng);
    if (t % 5 == 0) c[0] = L - 0.4;
    for (PetscInt m = 0; m < 3; m++)
      for (int k = 0; k < 3; k++) x[3 * (3 * t + m) + k] = c[k] + (k == 0 ? 0.8 * m : 0);
  }
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWNeighborListCreate(comm, &nlall));
  nlall->usecells = PETSC_FALSE;
  PetscCall(DWNeighborListSetCutoff(nl, 2.5));
  PetscCall(DWNeighborListSetCutoff(nlall, 2.5));
  PetscCall(DWNeighborListBuild(nl, sys));
  PetscCall(DWNeighborListBuild(nlall, sys));
  PetscCall(DWNeighborListGetStats(nl, NULL, &npairs));
  PetscCall(PairsOfBothBuilds(nl, nlall, N, &same));
  PetscCall(PetscSNPrintf(what, sizeof(what),
                          "dilute box L = %g: cell build = all-pairs build (%" PetscInt_FMT
                          " pairs, at least 3 per triplet)",
                          (double)L, npairs));
  DWTestTrue(comm, what, same && npairs >= N);
  PetscCall(PetscSNPrintf(what, sizeof(what),
                          "dilute box L = %g: %" PetscInt_FMT
                          " cell heads allocated for N = %" PetscInt_FMT " (at most 2N + 1)",
                          (double)L, nl->ncellcap, N));
  DWTestTrue(comm, what, nl->ncellcap <= 2 * N + 1);
  PetscCall(DWNeighborListDestroy(&nlall));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWSystemDestroy(&sys));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const char *models[] = {"pss", "ka2", "ka", "lj", "harmonic"};

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  for (int m = 0; m < 5; m++) PetscCall(CheckModel(PETSC_COMM_SELF, models[m]));
  PetscCall(CheckDiluteBox(PETSC_COMM_SELF, 1e3));
  PetscCall(CheckDiluteBox(PETSC_COMM_SELF, 1e4));
  PetscCall(CheckDiluteBox(PETSC_COMM_SELF, 1e11));
  int status = DWTestFinish(PETSC_COMM_SELF);
  PetscCall(PetscFinalize());
  return status;
}
