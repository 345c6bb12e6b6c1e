/* Harmonic well (issue 6: "levels (n + 1/2) hbar omega to 1e-8 relative at the default
   grid"). V(xi) = k (xi - 1/2)^2 / 2 along a path of length d, mass mt: hbar omega =
   sqrt(k / (mt d^2)) eps, oscillator length l = (mt d^2 k)^(-1/4). The profile is given at
   101 points; the not-a-knot spline and the Taylor continuation reproduce a parabola exactly,
   so the only errors are the discretisation's and the walls'.

   The 5-point Laplacian is -psi'' + (h^4/90) psi^(6) + O(h^6), so to first order
       E_n - (n + 1/2) omega = -(omega/2) (h/l)^4 <n|p^6|n> / 90,
   with <n|p^6|n> = (20 n^3 + 30 n^2 + 40 n + 15) / 8 in units of hbar/l: for n = 4 the
   relative error is 0.30 (h/l)^4. The cases below are a TLS-like well (k_phys = 20 eps/sigma^2
   in the PRL20 argon and nickel mass sets) at the default N_xi = 2000 and continuation 7 l
   (the walls move the levels by < 1e-12), where h/l ~ 1/89 and the predicted errors are at
   most 4.8e-9. Asserted: every level within 1e-8 of (n + 1/2) omega, and each error equal
   to the prediction within 10% + 1e-12 (so the test fails if the stencil is not the
   4th-order one, e.g. a 3-point stencil errs by ~1e-5). */
#include "testutil.h"
#include <dwell/quantum.h>

static PetscErrorCode Case(MPI_Comm comm, const char units[], PetscReal kphys, PetscReal d)
{
  DWUnits u;
  DWTunnel t;
  DWTunnelResult r;
  PetscReal xi[101], V[101], k = kphys * d * d, omega, l;
  char what[160];

  PetscFunctionBegin;
  PetscCall(DWUnitsGetByName(comm, units, &u));
  for (int i = 0; i <= 100; i++) {
    xi[i] = i / 100.0;
    V[i]  = 0.5 * k * (xi[i] - 0.5) * (xi[i] - 0.5);
  }
  PetscCall(DWTunnelCreate(comm, &t));
  PetscCall(DWTunnelSetRequireDoubleWell(t, PETSC_FALSE));
  PetscCall(DWTunnelSetCheck(t, PETSC_FALSE, 1e-3));
  PetscCall(DWTunnelSetMass(t, u.mt));
  PetscCall(DWTunnelSetProfile(t, 101, xi, V, d));
  PetscCall(DWTunnelSolve(t));
  PetscCall(DWTunnelGetResult(t, &r));
  omega = PetscSqrtReal(k / (u.mt * d * d));
  l     = PetscPowReal(u.mt * d * d * k, -0.25);
  PetscCall(PetscPrintf(
      comm,
      "%s: mt = %g, d = %g, hbar omega = %.6g eps, l = %.4g, h/l = 1/%.1f, %" PetscInt_FMT
      " points\n",
      units, (double)u.mt, (double)d, (double)omega, (double)l, (double)(l / r.h), r.n));
  DWTestTrue(comm, "single well: not flagged as a double well", !r.double_well);
  for (int n = 0; n < DW_TUNNEL_NLEVELS; n++) {
    const PetscReal exact = (n + 0.5) * omega, err = (r.levels[n] - exact) / exact;
    const PetscReal p6   = (20.0 * n * n * n + 30.0 * n * n + 40.0 * n + 15) / 8,
                    pred = -0.5 * omega * PetscPowReal(r.h / l, 4) * p6 / 90 / exact;
    PetscCall(PetscSNPrintf(what, sizeof(what), "%s level %d: |E/((n+1/2) omega) - 1|", units, n));
    DWTestLE(comm, what, PetscAbsReal(err), 1e-8);
    PetscCall(PetscSNPrintf(what, sizeof(what), "%s level %d: error vs 4th-order prediction %.3e",
                            units, n, (double)pred));
    DWTestLE(comm, what, PetscAbsReal(err - pred), 0.01 * PetscAbsReal(pred) + 1e-12);
  }
  PetscCall(DWTunnelDestroy(&t));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(Case(PETSC_COMM_WORLD, "argon_prl20", 20, 0.5));
  PetscCall(Case(PETSC_COMM_WORLD, "nickel_prl20", 20, 0.3));
  PetscCall(Case(PETSC_COMM_WORLD, "argon_jcp23", 20, 0.9));
  int status = DWTestFinish(PETSC_COMM_WORLD);
  PetscCall(PetscFinalize());
  return status;
}
