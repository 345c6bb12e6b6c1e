/* Normal modes of a perfect fcc crystal of the lj model ([PRR20]'s monodisperse LJ, rho =
   0.997; issue 14): with one particle per primitive cell every mode is a plane wave (Bloch),
   so the lowest acoustic modes lie in the span of u_i^{q,a} = s_a exp(i q.r_i) / sqrt(N) with
   |q| = 2 pi / L. By cubic symmetry the transverse acoustic branch along <100> has
   multiplicity 6 wave vectors x 2 polarisations = 12: the 12 lowest eigenvalues must be
   equal to 1e-9 relative (the Hessian is cubic up to rounding, ~1e-15 |H|; sinvert's
   eigenvalues are exact to ~1e-12 relative) and the 13th at least 1% higher. On the lattice
   the plane waves with |n| <= 2 are orthonormal (the shortest reciprocal lattice vector of
   the 4 x 4 x 4 fcc box is |n| = 4 sqrt 3 > 2 + 2), so [PRR20] eq. 3 counting every plane
   wave (N_m = 0) gives O_k = 1 for any vector of the degenerate space, however SLEPc rotates
   it: within 1e-8 (the eigenvectors' error ~1e-10 enters quadratically and rounding of the
   sums over N terms is ~1e-14). With k = 20 the Krylov-Schur solve of sinvert misses copies
   of the 12-fold eigenvalue (a Krylov space sees one vector per exactly multiple eigenvalue):
   the LDL^T inertia check of DWModesSolve must catch it and re-solve, else the multiplicity
   check below fails. */
#include "fcc_modes.h"

int main(int argc, char **argv)
{
  MPI_Comm comm;
  const PetscInt n = 4, N = 4 * n * n * n, k = 20;
  DWPotential pot;
  DWSystem sys;
  DWModes modes;
  PetscReal lmin = PETSC_MAX_REAL, lmax = 0, eO = 0;
  DWModeInfo f;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(DWTestRandomSystem(comm, "lj", N, 1, &pot, &sys));
  PetscCall(DWTestPlaceFCC(sys, n));
  PetscCall(DWTestCrystalModes(comm, pot, sys, k, PETSC_FALSE, &modes));
  for (PetscInt i = 0; i < 12; i++) {
    PetscCall(DWModesGetModeInfo(modes, i, &f));
    lmin = PetscMin(lmin, f.lambda);
    lmax = PetscMax(lmax, f.lambda);
    eO   = PetscMax(eO, PetscAbsReal(f.O - 1));
  }
  PetscCall(PetscPrintf(comm, "lowest 12: lambda %.15e .. %.15e eps/sigma^2\n", (double)lmin,
                        (double)lmax));
  DWTestTrue(comm, "a minimum: the lowest eigenvalue is positive", lmin > 0);
  DWTestLE(comm, "12-fold transverse <100>: (max - min) / min of lambda", (lmax - lmin) / lmin,
           1e-9);
  PetscCall(DWModesGetModeInfo(modes, 12, &f));
  PetscCall(PetscPrintf(comm, "13th: lambda %.15e, O_k %.12f\n", (double)f.lambda, (double)f.O));
  DWTestTrue(comm, "the 13th eigenvalue is at least 1% higher (multiplicity exactly 12)",
             f.lambda > 1.01 * lmax);
  DWTestLE(comm, "O_k of the 12 lowest modes: max |O_k - 1|", eO, 1e-8);
  PetscCall(DWModesDestroy(&modes));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  int rc = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return rc;
}
