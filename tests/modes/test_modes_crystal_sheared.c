/* Plane waves of a triclinic box (include/dwell/box.h DWBoxReciprocal; O_k of [PRR20] eq. 3 in
   src/modes/modesanalysis.c). Two facts:
   - the wave vectors are reciprocal-lattice vectors: q = 2 pi h^-T n gives q . a_j = 2 pi n_j
     for the three cell vectors a_j (so exp(i q . a_j) = 1) for every n with |n_c| <= 3, here
     with all three tilts non-zero; to 1e-13 relative (a few roundings of sums of O(10) terms);
   - a perfect fcc crystal of the lj model (4 x 4 x 4 cells, N = 256), sheared affinely with the
     box (x' = F x, F = h_sheared h_cube^-1, tilts (xy, xz, yz) = (0.03, 0.02, -0.025) L), is
     still a Bravais lattice with one particle per primitive cell and every atom an inversion
     centre, so it is a minimum and every normal mode is a Bloch wave whose q is a reciprocal
     vector of the sheared box; the low modes have |n| <= sqrt 2 and the plane waves with
     |n| <= 2 are orthonormal on the lattice (the shortest reciprocal vector of the crystal is
     |n| = 4 sqrt 3 in box Miller indices, unchanged by the affine shear), so O_k (N_m = 0)
     must be 1 within 1e-8 for the 20 lowest modes (as tests/modes/test_modes_crystal.c for the
     cube). With the cube's wave vectors 2 pi n / L, as before tilts were read, the same modes
     are not all in their span: max |O_k - 1| must exceed 1e-3 (it shows the test would catch
     the cube's vectors; measured value printed). */
#include "fcc_modes.h"

/* max over |n_c| <= 3 of |q . a_j - 2 pi n_j| / (2 pi max(1, |n|_inf)). */
static PetscReal ReciprocalError(const DWBox *box)
{
  PetscReal err = 0;

  for (int a = -3; a <= 3; a++)
    for (int b = -3; b <= 3; b++)
      for (int c = -3; c <= 3; c++) {
        const PetscReal n[3] = {a, b, c};
        PetscReal q[3];
        DWBoxReciprocal(box, n, q);
        for (int j = 0; j < 3; j++) {
          PetscReal e[3] = {0, 0, 0}, cell[3] = {0, 0, 0};
          e[j] = 1;
          DWBoxAddLattice(box, e, cell); /* the cell vector a_j */
          const PetscReal dot = q[0] * cell[0] + q[1] * cell[1] + q[2] * cell[2];
          err                 = PetscMax(
                              err, PetscAbsReal(dot - 2 * PETSC_PI * n[j]) /
                                       (2 * PETSC_PI *
                        PetscMax(1, PetscMax(PetscAbs(a), PetscMax(PetscAbs(b), PetscAbs(c))))));
        }
      }
  return err;
}

/* Affine shear of the cube's positions into the box of tilts t: x' = x + (t_xy y + t_xz z) / L,
   y' = y + t_yz z / L. */
static PetscErrorCode Shear(DWSystem sys, const PetscReal t[3])
{
  PetscInt N;
  PetscReal *x, L;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(DWSystemGetPositions(sys, &x));
  for (PetscInt i = 0; i < N; i++) {
    x[3 * i] += (t[0] * x[3 * i + 1] + t[1] * x[3 * i + 2]) / L;
    x[3 * i + 1] += t[2] * x[3 * i + 2] / L;
  }
  PetscCall(DWSystemSetBoxTilt(sys, t));
  PetscFunctionReturn(0);
}

/* max_k |O_k - 1| of the k lowest modes, plane waves of the box of sys (tilted: its tilts;
   else the cube of edge L); *lmin the lowest eigenvalue. */
static PetscErrorCode MaxPhononDefect(MPI_Comm comm, DWPotential pot, DWSystem sys,
                                      PetscBool tilted, PetscInt k, PetscReal *eO, PetscReal *lmin)
{
  DWModes modes;
  DWModeInfo f;

  PetscFunctionBegin;
  PetscCall(DWTestCrystalModes(comm, pot, sys, k, tilted, &modes));
  *eO = 0, *lmin = PETSC_MAX_REAL;
  for (PetscInt i = 0; i < k; i++) {
    PetscCall(DWModesGetModeInfo(modes, i, &f));
    *eO   = PetscMax(*eO, PetscAbsReal(f.O - 1));
    *lmin = PetscMin(*lmin, f.lambda);
  }
  PetscCall(DWModesDestroy(&modes));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  const PetscInt n = 4, N = 4 * n * n * n, k = 20;
  DWPotential pot;
  DWSystem sys;
  DWParticles p;
  PetscReal L, t[3], eO, eOcube, lmin, lcube;
  const PetscReal frac[3] = {0.03, 0.02, -0.025};

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(DWTestRandomSystem(comm, "lj", N, 1, &pot, &sys));
  PetscCall(DWTestPlaceFCC(sys, n));
  PetscCall(DWSystemGetBox(sys, &L));
  for (int c = 0; c < 3; c++) t[c] = frac[c] * L;
  PetscCall(Shear(sys, t));
  PetscCall(DWSystemGetParticles(sys, &p));
  DWTestLE(comm, "q = 2 pi h^-T n: max |q . a_j - 2 pi n_j| / (2 pi |n|), |n_c| <= 3",
           ReciprocalError(&p.box), 1e-13);

  PetscCall(MaxPhononDefect(comm, pot, sys, PETSC_TRUE, k, &eO, &lmin));
  PetscCall(MaxPhononDefect(comm, pot, sys, PETSC_FALSE, k, &eOcube, &lcube));
  PetscCall(PetscPrintf(
      comm, "sheared fcc: lowest lambda %.12e; max |O_k - 1| %.3e (box), %.3e (cube's q)\n",
      (double)lmin, (double)eO, (double)eOcube));
  DWTestTrue(comm, "the sheared crystal is a minimum: lowest eigenvalue positive", lmin > 0);
  DWTestLE(comm, "O_k of the 20 lowest modes with the box's plane waves: max |O_k - 1|", eO, 1e-8);
  DWTestTrue(comm, "with the cube's wave vectors some O_k misses 1 by more than 1e-3",
             eOcube > 1e-3);
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  int rc = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return rc;
}
