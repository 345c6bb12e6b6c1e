/* Third-order contractions of a pair potential along a displacement field p (PRM21 eq. 6
   needs U:pp). For a pair with separation r_ij (length r, direction n) and relative
   displacement q = p_i - p_j, u = n.q, Q = q.q, the pair energy along x + t p has
     d^3/dt^3 phi = phi''' u^3 + 3 u (Q - u^2) (phi''/r - phi'/r^2)   (sum: U:ppp),
   and the gradient of the pair's p.H.p with respect to r_ij is
     G = n [phi''' u^2 + (Q - u^2)(phi''/r - phi'/r^2)] + (q - u n) (2u/r)(phi'' - phi'/r),
   added to (U:pp)_i and subtracted from (U:pp)_j. Units eps/sigma^3 times p^2 (p^3). */
#include "potential/potentialimpl.h"

PetscErrorCode DWPotentialComputeThirdOrder(DWPotential pot, DWSystem sys, DWNeighborList nl, const PetscReal p[], PetscReal Upp[], PetscReal *Uppp)
{
  DWPairView v;
  PetscReal total = 0;

  PetscFunctionBegin;
  PetscCall(DWPotentialGetPairView(pot, sys, nl, &v));
  PetscCall(PetscLogEventBegin(DW_POTENTIAL_THIRD, 0, 0, 0, 0));
  if (Upp) PetscCall(PetscArrayzero(Upp, 3 * v.p.N));
  for (PetscInt i = 0; i < v.p.N; i++)
    for (PetscInt k = v.nb.start[i]; k < v.nb.start[i + 1]; k++) {
      const PetscInt j = v.nb.j[k];
      PetscReal      d[3], der[4], n[3], q[3], u = 0, Q = 0;
      DWNeighborPairVector(&v.nb, v.xw, i, k, d);
      const PetscReal r = PetscSqrtReal(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
      DWPotentialRadial(pot, &v.p, i, j, r, der);
      if (der[1] == 0 && der[2] == 0 && der[3] == 0) continue;
      for (int c = 0; c < 3; c++) {
        n[c] = d[c] / r;
        q[c] = p[3 * i + c] - p[3 * j + c];
        u += n[c] * q[c];
        Q += q[c] * q[c];
      }
      const PetscReal t = der[2] / r - der[1] / (r * r);
      total += der[3] * u * u * u + 3.0 * u * (Q - u * u) * t;
      if (!Upp) continue;
      const PetscReal an = der[3] * u * u + (Q - u * u) * t, aq = 2.0 * u / r * (der[2] - der[1] / r);
      for (int c = 0; c < 3; c++) {
        const PetscReal G = an * n[c] + aq * (q[c] - u * n[c]);
        Upp[3 * i + c] += G;
        Upp[3 * j + c] -= G;
      }
    }
  if (Uppp) *Uppp = total;
  PetscCall(PetscLogEventEnd(DW_POTENTIAL_THIRD, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
