/* Derivatives of a pair potential's energy with respect to a homogeneous strain, the pieces of
   the zero-temperature elastic constants (issue 15; [JCP23] sec. IV.C needs G and K; the
   formulas are those of Lutsko, J. Appl. Phys. 65, 2991 (1989) and Lemaitre and Maloney,
   J. Stat. Phys. 123, 415 (2006), eqs. 8-16, for a pair potential).
   The positions x are reference coordinates; a Lagrangian strain eta (symmetric) changes every
   pair separation d = x_i - x_j (minimum image) to the length r(eta) = sqrt(d^T (1 + 2 eta) d),
   so dr/deta_ab = d_a d_b / r at eta = 0, and d^2 r^2 / deta^2 = 0. With each eta_ab a separate
   variable (tensor components; the Voigt pair (a, b) stands for eta_ab only) and phi(r) the
   pair energy, summed over pairs r < rc:
     S_ab      = dU/deta_ab            = sum phi' d_a d_b / r                      (eps),
     B_abcd    = d^2U/deta_ab deta_cd  = sum (phi'' - phi'/r) d_a d_b d_c d_d / r^2 (eps),
     Xi_i,k,ab = d^2U/dx_ik deta_ab    = sum_j [(phi'' - phi'/r) d_a d_b d_k / r^2
                                                + (phi'/r) (delta_ka d_b + delta_kb d_a)]
   (eps/sigma; d^2/dx_j deta gets the opposite pair term). S / V is the Cauchy stress
   (sigma_ab, positive in tension: P = -tr S / (3V) is DWPotentialComputeEnergyForces' W / V),
   B / V the Born term, and Xi the force that a strain puts on the particles (Xi sums to zero
   over the particles: no net force). */
#include "potential/potentialimpl.h"

/* Voigt order of the six components: xx yy zz yz xz xy. */
static const int voigt[6][2] = {{0, 0}, {1, 1}, {2, 2}, {1, 2}, {0, 2}, {0, 1}};

/* The three sums of one pair with separation d, r = |d|, radial derivatives der. */
static void AddPair(const PetscReal d[3], PetscReal r, const PetscReal der[4], PetscReal S[6],
                    PetscReal B[36], PetscReal *Xi_i, PetscReal *Xi_j, PetscInt stride)
{
  const PetscReal a = (der[2] - der[1] / r) / (r * r), b = der[1] / r;
  PetscReal dd[6];

  for (int al = 0; al < 6; al++) dd[al] = d[voigt[al][0]] * d[voigt[al][1]];
  for (int al = 0; al < 6; al++) {
    S[al] += b * dd[al];
    for (int be = 0; be < 6; be++) B[6 * al + be] += a * dd[al] * dd[be];
  }
  if (!Xi_i) return;
  for (int al = 0; al < 6; al++) {
    const int p = voigt[al][0], q = voigt[al][1];
    for (int k = 0; k < 3; k++) {
      const PetscReal t = a * dd[al] * d[k] + b * ((k == p ? d[q] : 0) + (k == q ? d[p] : 0));
      Xi_i[al * stride + k] += t;
      Xi_j[al * stride + k] -= t;
    }
  }
}

PetscErrorCode DWPotentialComputeStrainDerivatives(DWPotential pot, DWSystem sys, DWNeighborList nl,
                                                   PetscReal S[6], PetscReal B[36], PetscReal Xi[])
{
  DWPairView v;

  PetscFunctionBegin;
  PetscCall(DWPotentialGetPairView(pot, sys, nl, &v));
  PetscCall(PetscArrayzero(S, 6));
  PetscCall(PetscArrayzero(B, 36));
  if (Xi) PetscCall(PetscArrayzero(Xi, 18 * v.p.N));
  for (PetscInt i = 0; i < v.p.N; i++)
    for (PetscInt k = v.nb.start[i]; k < v.nb.start[i + 1]; k++) {
      const PetscInt j = v.nb.j[k];
      PetscReal d[3], der[4];
      DWNeighborPairVector(&v.nb, v.xw, i, k, d);
      const PetscReal r = PetscSqrtReal(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
      DWPotentialRadial(pot, &v.p, i, j, r, der);
      if (der[1] == 0 && der[2] == 0) continue;
      AddPair(d, r, der, S, B, Xi ? Xi + 3 * i : NULL, Xi ? Xi + 3 * j : NULL, 3 * v.p.N);
    }
  PetscFunctionReturn(0);
}
