/* Symmetric quartic double wells (issue 6: "splittings against values you compute to high
   precision independently ... from ~1e-1 down to ~1e-8 of the barrier").
   V(xi) = 16 V_b xi^2 (1 - xi)^2 (minima at 0 and 1, barrier V_b at 1/2), given at 2001 points
   (spline error ~5 h^4 V_b ~ 3e-13 V_b), PRL20 argon mass mt = 4000, d = 1 sigma, barriers
   V_b = 0.0015 ... 0.1 eps: splittings from 0.2 V_b to 1.7e-8 V_b, WKB exponents 0 to 15.
   Reference: Numerov shooting in quadruple precision (reference.h), independent of dwell's 5-point
   matrix and eigensolver.
   Asserted for each barrier, at the default grid (N_xi = 2000, continuation 7 l):
     - |E - E_ref| <= E_tol: dwell's reported error bound holds against the reference;
     - E_tol <= 1e-5 E: the default grid is that accurate (so the previous check has teeth);
     - |E_ref(M) - E_ref(M/2)| <= 0.1 E_tol: the reference is ten times better than the bound;
     - |E_1 - E_1,ref| <= 1e-8 E_1 (the 4th-order error of the level, cf. test_harmonic);
     - for S >= 5 (S the WKB action), where WKB applies: |Delta_0 / E - 1| <= 2 / S (the
       first correction to the WKB splitting is O(1/S); ~1.5/S measured for quartic wells), and
       this error shrinks as the barrier grows (Delta_0 in Garg's convention, the one exact as S
       grows; tests/quantum/test_delta0.c compares the conventions).
   Coverage: the splittings must reach above 0.1 V_b and below 3e-8 V_b. */
#include "testutil.h"
#include "quantum/wells.h"
#include "quantum/reference.h"

static PetscErrorCode Case(MPI_Comm comm, PetscReal Vb, PetscReal *ratio, PetscReal *gamma,
                           PetscReal *wkberr)
{
  DWTunnel t;
  DWTunnelResult r;
  DWRefReal E1, E2, E1h, E2h;
  char what[160];

  PetscFunctionBegin;
  PetscCall(DWTestQuarticTunnel(comm, Vb, 0, &t));
  PetscCall(DWTunnelSetDelta0Type(t, DWTUNNEL_DELTA0_GARG)); /* the form exact as S grows */
  PetscCall(DWTunnelSolve(t));
  PetscCall(DWTunnelGetResult(t, &r));
  PetscCall(DWRefDoublet(t, 20000, &E1, &E2));
  PetscCall(DWRefDoublet(t, 10000, &E1h, &E2h));
  const PetscReal Eref = (PetscReal)(E2 - E1), Erefh = (PetscReal)(E2h - E1h);
  *ratio  = r.E / Vb;
  *gamma  = r.S;
  *wkberr = PetscAbsReal(r.Delta_0 / r.E - 1);
  PetscCall(PetscPrintf(comm,
                        "V_b = %g: E = %.12e (ref %.12e), E/V_b = %.3e, E_tol/E = %.2e, S = "
                        "%.2f, Delta_0/E = %.4f\n",
                        (double)Vb, (double)r.E, (double)Eref, (double)*ratio,
                        (double)(r.E_tol / r.E), (double)r.S, (double)(r.Delta_0 / r.E)));
  PetscCall(PetscSNPrintf(what, sizeof(what), "V_b %g: |E - E_ref| / E_tol", (double)Vb));
  DWTestLE(comm, what, PetscAbsReal(r.E - Eref) / r.E_tol, 1);
  PetscCall(PetscSNPrintf(what, sizeof(what), "V_b %g: E_tol / E", (double)Vb));
  DWTestLE(comm, what, r.E_tol / r.E, 1e-5);
  PetscCall(
      PetscSNPrintf(what, sizeof(what), "V_b %g: reference |E(M) - E(M/2)| / E_tol", (double)Vb));
  DWTestLE(comm, what, PetscAbsReal(Eref - Erefh) / r.E_tol, 0.1);
  PetscCall(PetscSNPrintf(what, sizeof(what), "V_b %g: |E_1 / E_1,ref - 1|", (double)Vb));
  DWTestLE(comm, what, PetscAbsReal(r.levels[0] / (PetscReal)E1 - 1), 1e-8);
  if (r.S >= 5) {
    PetscCall(PetscSNPrintf(what, sizeof(what), "V_b %g: WKB |Delta_0 / E - 1| (bound 2/S, garg)",
                            (double)Vb));
    DWTestLE(comm, what, *wkberr, 2 / r.S);
  }
  PetscCall(DWTunnelDestroy(&t));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const PetscReal Vb[] = {0.0015, 0.004, 0.01, 0.025, 0.05, 0.075, 0.1};
  const int nb         = sizeof(Vb) / sizeof(Vb[0]);
  PetscReal ratio[7], gamma[7], wkb[7], rmin = PETSC_MAX_REAL, rmax = 0;
  PetscBool shrinks = PETSC_TRUE;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  for (int k = 0; k < nb; k++) {
    PetscCall(Case(PETSC_COMM_WORLD, Vb[k], &ratio[k], &gamma[k], &wkb[k]));
    rmin = PetscMin(rmin, ratio[k]);
    rmax = PetscMax(rmax, ratio[k]);
    if (k && gamma[k - 1] >= 5 && wkb[k] >= wkb[k - 1]) shrinks = PETSC_FALSE;
  }
  DWTestTrue(PETSC_COMM_WORLD, "the WKB error shrinks as the barrier grows (S >= 5)", shrinks);
  DWTestTrue(PETSC_COMM_WORLD, "splittings reach above 0.1 V_b", rmax >= 0.1);
  DWTestTrue(PETSC_COMM_WORLD, "splittings reach below 3e-8 V_b", rmin <= 3e-8);
  int status = DWTestFinish(PETSC_COMM_WORLD);
  PetscCall(PetscFinalize());
  return status;
}
