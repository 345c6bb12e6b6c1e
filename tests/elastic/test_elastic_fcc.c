/* The elastic constants of a perfect fcc crystal of the lj model (PRR20's monodisperse LJ, rho =
   0.997, phi = 4 (r^-12 - r^-6) cut at rc = 2.5 with potential and force shifted to zero,
   LAMMPS lj/smooth/linear; issue 15, [JCP23] sec. IV.C moduli). Every particle of a Bravais
   lattice is a centre of inversion, so the strain puts no force on it: Xi = 0 and the
   non-affine correction vanishes (asserted below 1e-10 of the modulus: rounding of sums of
   ~100 terms of size ~1 is ~1e-14). The moduli are then the lattice sums over the neighbours R
   of one site (v = V/N the volume per site, half of each pair per site), computed here from the
   LJ formula itself, not from dwell's potential:
     C44 = C_xyxy = (1/2v) sum_R (phi'' - phi'/R) X^2 Y^2 / R^2,  P = -(1/6v) sum_R R phi',
     G = C44 - P,  K = V d^2E/dV^2 = (1/18v) sum_R (R^2 phi'' - 2 R phi')
   (elastic.h: G = mean of the three C_abab minus P, equal to C44 - P by cubic symmetry;
   K = (1/9) sum C_aabb + P/3). Tolerance 1e-11 relative: the same sums in another order. */
#include "testutil.h"
#include <dwell/elastic.h>

static const PetscReal rc = 2.5;

static void LJ(PetscReal r, PetscReal *d1, PetscReal *d2)
{
  const PetscReal i6 = 1 / PetscPowReal(r, 6), i12 = i6 * i6;
  *d1 = (-48 * i12 + 24 * i6) / r;
  *d2 = (624 * i12 - 168 * i6) / (r * r);
}

/* phi' and phi'' of lj/smooth/linear: phi(r) - phi(rc) - (r - rc) phi'(rc). */
static void Smooth(PetscReal r, PetscReal *d1, PetscReal *d2)
{
  PetscReal c1, c2;
  LJ(rc, &c1, &c2);
  LJ(r, d1, d2);
  *d1 -= c1;
}

/* The lattice sums of the fcc lattice of cubic edge a (the 4-site conventional cell). */
static void LatticeSums(PetscReal a, PetscReal *C44, PetscReal *P, PetscReal *K)
{
  const PetscReal basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  const PetscReal v           = a * a * a / 4;
  const int m                 = (int)PetscCeilReal(rc / a) + 1;
  PetscReal sc = 0, sp = 0, sk = 0;

  for (int i = -m; i <= m; i++)
    for (int j = -m; j <= m; j++)
      for (int k = -m; k <= m; k++)
        for (int b = 0; b < 4; b++) {
          const PetscReal X = (i + basis[b][0]) * a, Y = (j + basis[b][1]) * a,
                          Z = (k + basis[b][2]) * a, R = PetscSqrtReal(X * X + Y * Y + Z * Z);
          PetscReal d1, d2;
          if (R == 0 || R >= rc) continue;
          Smooth(R, &d1, &d2);
          sc += (d2 - d1 / R) * X * X * Y * Y / (R * R);
          sp += R * d1;
          sk += R * R * d2 - 2 * R * d1;
        }
  *C44 = sc / (2 * v);
  *P   = -sp / (6 * v);
  *K   = sk / (18 * v);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  const PetscInt n = 4, N = 4 * n * n * n;
  DWPotential pot;
  DWSystem sys;
  DWElastic el;
  DWElasticResult r;
  PetscReal L, C44, P, K;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(DWTestRandomSystem(comm, "lj", N, 1, &pot, &sys));
  PetscCall(DWTestPlaceFCC(sys, n));
  PetscCall(DWSystemGetBox(sys, &L));
  LatticeSums(L / n, &C44, &P, &K);
  PetscCall(DWElasticCreate(comm, &el));
  PetscCall(DWElasticSetFromOptions(el));
  PetscCall(DWElasticSetPotential(el, pot, sys));
  PetscCall(DWElasticSolve(el));
  PetscCall(DWElasticGetResult(el, &r));
  PetscCall(
      PetscPrintf(comm,
                  "lattice sums: C44 %.12g P %.12g G %.12g K %.12g\n"
                  "dwell:        C_xyxy %.12g P %.12g G %.12g K %.12g (G_na %.3e K_na %.3e)\n",
                  (double)C44, (double)P, (double)(C44 - P), (double)K, (double)r.C[35],
                  (double)r.P, (double)r.G, (double)r.K, (double)r.G_na, (double)r.K_na));
  DWTestLE(comm, "C_xyxy vs lattice sum (relative)", PetscAbsReal(r.C[35] - C44) / C44, 1e-11);
  DWTestLE(comm, "C_xzxz vs C_xyxy (cubic, relative)", PetscAbsReal(r.C[28] - C44) / C44, 1e-11);
  DWTestLE(comm, "P vs lattice sum (relative)", PetscAbsReal(r.P - P) / PetscAbsReal(P), 1e-11);
  DWTestLE(comm, "G = C44 - P (relative)", PetscAbsReal(r.G - (C44 - P)) / (C44 - P), 1e-11);
  DWTestLE(comm, "K vs lattice sum (relative)", PetscAbsReal(r.K - K) / K, 1e-11);
  DWTestLE(comm, "non-affine G_na / G (Bravais lattice: 0)", PetscAbsReal(r.G_na) / r.G, 1e-10);
  DWTestLE(comm, "non-affine K_na / K (Bravais lattice: 0)", PetscAbsReal(r.K_na) / r.K, 1e-10);
  PetscCall(DWElasticDestroy(&el));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  int failed = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return failed;
}
