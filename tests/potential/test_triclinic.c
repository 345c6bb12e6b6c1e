/* The triclinic box (include/dwell/box.h, LAMMPS convention) against brute force. For tilts
   (xy only; xy, xz, yz all non-zero; xy = yz = L/2, the limit, and xz = L/4), along a random walk
   that crosses many rebuilds of the neighbour list:
   - the list's energy and forces (cell build and all-pairs build) equal the O(N^2) sum over
     every pair and all 27 images h n, n in {-1, 0, 1}^3, within the cutoff (no minimum image
     at all: with r_cut below the half width no farther image is in range). Both sums add the
     same pair terms in a different order: 1e-12 relative;
   - DWSystemMinimumImage() is the shortest of the 27 images for every pair closer than the
     half width (to rounding, 1e-12 sigma);
   - the cell build and the all-pairs build list the same pairs with the same images.
   And the bad input: a tilt beyond L/2 is an error naming it. */
#include "potential/neighborpairs.h"

/* Energy and forces summed over all pairs and all 27 images within the cutoff. */
static PetscErrorCode AllImagesSum(DWPotential pot, DWSystem sys, PetscReal *U, PetscReal f[],
                                   PetscReal *minimg_err)
{
  DWParticles p;

  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(sys, &p));
  const PetscReal half = DWBoxHalfWidth(&p.box);
  *U                   = 0;
  *minimg_err          = 0;
  PetscCall(PetscArrayzero(f, 3 * p.N));
  for (PetscInt i = 0; i < p.N; i++)
    for (PetscInt j = i + 1; j < p.N; j++) {
      PetscReal dmin[3] = {0, 0, 0}, rmin = PETSC_MAX_REAL, dm[3];
      for (int c = 0; c < 27; c++) {
        const PetscReal n[3] = {c % 3 - 1, (c / 3) % 3 - 1, c / 9 - 1};
        PetscReal d[3], der[4];
        for (int k = 0; k < 3; k++) d[k] = p.x[3 * i + k] - p.x[3 * j + k];
        DWBoxMinimumImage(&p.box, d); /* only to bring d near the origin: any image would do */
        DWBoxAddLattice(&p.box, n, d);
        const PetscReal r = PetscSqrtReal(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        if (r < rmin) {
          rmin = r;
          PetscCall(PetscArraycpy(dmin, d, 3));
        }
        PetscCall(DWPotentialPairDerivatives(pot, sys, i, j, r, der));
        *U += der[0];
        for (int k = 0; k < 3; k++) {
          f[3 * i + k] -= der[1] * d[k] / r;
          f[3 * j + k] += der[1] * d[k] / r;
        }
      }
      PetscCall(DWSystemMinimumImage(sys, i, j, dm));
      if (rmin < half)
        for (int k = 0; k < 3; k++)
          *minimg_err = PetscMax(*minimg_err, PetscAbsReal(dm[k] - dmin[k]));
    }
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckTilt(MPI_Comm comm, const char name[], const PetscReal t[3])
{
  DWPotential pot;
  DWSystem sys;
  DWNeighborList nl, nlall;
  PetscInt N;
  PetscReal *x, *f, *fall, *fd, L, U, Uall, Ud = 0, errU = 0, errF = 0, errI = 0, tilt[3];
  PetscBool same = PETSC_TRUE;
  DWRng rng;
  char what[160];

  PetscFunctionBegin;
  PetscCall(DWTestRandomSystem(comm, "ka", 500, 3, &pot, &sys));
  PetscCall(DWPotentialSetUp(pot, sys));
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetBox(sys, &L));
  for (int k = 0; k < 3; k++) tilt[k] = t[k] * L;
  PetscCall(DWSystemSetBoxTilt(sys, tilt));
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(PetscMalloc3(3 * N, &f, 3 * N, &fall, 3 * N, &fd));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWNeighborListCreate(comm, &nlall));
  nlall->usecells = PETSC_FALSE;
  DWRngInit(&rng, 5, DW_STAGE_TEST, 0, 0);
  for (int step = 0; step < 12; step++) {
    for (PetscInt k = 0; k < 3 * N; k++) x[k] += 0.3 * (DWRngUniform(&rng) - 0.5);
    PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, &U, f, NULL, NULL));
    PetscCall(DWPotentialComputeEnergyForces(pot, sys, nlall, &Uall, fall, NULL, NULL));
    PetscBool s;
    PetscCall(PairsOfBothBuilds(nl, nlall, N, &s));
    same        = (PetscBool)(same && s);
    PetscReal e = 0;
    PetscCall(AllImagesSum(pot, sys, &Ud, fd, &e));
    errI = PetscMax(errI, e);
    errU = PetscMax(errU, PetscAbsReal(U - Ud) / PetscAbsReal(Ud));
    errU = PetscMax(errU, PetscAbsReal(Uall - Ud) / PetscAbsReal(Ud));
    errF = PetscMax(errF, DWTestRelDiff(3 * N, f, fd));
    errF = PetscMax(errF, DWTestRelDiff(3 * N, fall, fd));
  }
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: list U vs all 27 images", name));
  DWTestLE(comm, what, errU, 1e-12);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: list forces vs all 27 images", name));
  DWTestLE(comm, what, errF, 1e-12);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: minimum image = shortest image (sigma)", name));
  DWTestLE(comm, what, errI, 1e-12);
  PetscCall(
      PetscSNPrintf(what, sizeof(what), "%s: cell and all-pairs builds list the same pairs", name));
  DWTestTrue(comm, what, same);
  PetscCall(PetscFree3(f, fall, fd));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWNeighborListDestroy(&nlall));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckBadTilt(MPI_Comm comm)
{
  DWSystem sys;
  PetscErrorCode ierr;
  PetscReal bad[3] = {0, 0, 5.01}, tilt[3];

  PetscFunctionBegin;
  PetscCall(DWSystemCreate(comm, &sys));
  PetscCall(DWSystemSetSize(sys, 1));
  PetscCall(DWSystemSetBox(sys, 10));
  DWTestCatch(ierr, DWSystemSetBoxTilt(sys, bad));
  PetscCall(DWSystemGetBoxTilt(sys, tilt));
  DWTestTrue(comm, "a tilt yz = 5.01 > L/2 = 5 is an error and leaves the box cubic",
             ierr == PETSC_ERR_ARG_OUTOFRANGE && tilt[2] == 0);
  PetscCall(DWSystemDestroy(&sys));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const PetscReal xy[3] = {0.13, 0, 0}, all[3] = {0.11, -0.07, 0.05}, limit[3] = {0.5, 0.25, 0.5};

  PetscFunctionBeginUser;
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(CheckTilt(PETSC_COMM_WORLD, "tilt xy = 0.13 L", xy));
  PetscCall(CheckTilt(PETSC_COMM_WORLD, "tilts (0.11, -0.07, 0.05) L", all));
  PetscCall(CheckTilt(PETSC_COMM_WORLD, "tilts (0.5, 0.25, 0.5) L", limit));
  PetscCall(CheckBadTilt(PETSC_COMM_WORLD));
  int status = DWTestFinish(PETSC_COMM_WORLD);
  PetscCall(PetscFinalize());
  return status;
}
