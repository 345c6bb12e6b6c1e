/* Nonlinear (cubic) modes, [PRM21] eq. 6 (DWNLMode with DWNLModeSetPotential), at an inherent
   structure of a model glass (-model pss|ka2 -N N: a random configuration minimised to
   |F|_inf <= 1e-10), started from the softest linear mode ([PRM21] Fig. 8), rtol 1e-9:
   1. the solve converges and the fixed point satisfies eq. 6, measured independently of the
      KSP: with every mode of the Hessian (-modes_type dense, LAPACK), x = sum_k e_k (e_k . b) /
      lambda_k (the pseudo-inverse on the complement of the translations) for b = U:pi pi from
      DWPotentialComputeThirdOrder, and |pi - normalise((kappa / U3) x)| <= 1e-8: at a
      converged pi the residual is the next step's change, below rtol when the map contracts
      there, plus the CG (1e-12 relative) and LAPACK errors amplified by the condition number
      lambda_max / lambda_min ~ 1e3-1e4 (~1e-10), so 10 rtol bounds it;
   2. the third order along pi by central differences of the forces: D2F(h) = (F(x + h pi) -
      2 F(x) + F(x - h pi)) / h^2 = -U:pi pi + O(h^2), and U3 = -pi . D2F(h) + O(h^2); h =
      1e-3 sigma: the error is h^2 |U4:pi pi pi| / (12 |U:pi pi|), the fourth-to-third
      derivative ratio of the steep pair potentials ~ (12 / r)^2 ~ 1e2 at contact giving ~1e-5
      (measured 4e-6 pss, 1e-5 ka2): below 5e-5 relative; it must shrink by 4 +- 25% when h
      halves (the h^2 term, not rounding). The Richardson combination (4 D2F(h/2) - D2F(h)) / 3
      removes the h^2 term: what is left is the h^4 term (~1e-10) and the rounding of the force
      sums, eps_mach sum |f_pair| / (h/2)^2 * 16/3 ~ 1e-7 relative per component: below 1e-6
      for the vector and 1e-8 for U3 (the projection on pi averages the rounding; measured
      4e-11 pss, 6e-10 ka2);
   3. kappa = pi . H pi > 0, V_3 = 2 kappa^3 / (3 U3^2) from the returned numbers, 0 < P <= 1,
      and the overlaps c, a of pi with the start field (DWNLModeOverlap) against eqs. 7, 8
      evaluated here serially to 1e-12.
   Runs on 1 and 2 ranks. */
#include "testutil.h"
#include <dwell/nlmode.h>
#include "modes/modes_is.h"

/* x = sum_k e_k (e_k . b) / lambda_k over every solved mode; b, x replicated. */
static PetscErrorCode PseudoInverse(DWModes dense, const PetscReal b[], PetscReal x[],
                                    PetscReal ek[], PetscInt n)
{
  PetscInt k;

  PetscFunctionBegin;
  PetscCall(DWModesGetNumModes(dense, &k));
  PetscCall(PetscArrayzero(x, n));
  for (PetscInt j = 0; j < k; j++) {
    PetscReal lambda, d = 0;
    PetscCall(DWModesGetEigenvalue(dense, j, &lambda));
    PetscCall(DWModesGetModeReplicated(dense, j, ek));
    for (PetscInt i = 0; i < n; i++) d += ek[i] * b[i];
    for (PetscInt i = 0; i < n; i++) x[i] += ek[i] * d / lambda;
  }
  PetscFunctionReturn(0);
}

static PetscReal Norm(PetscInt n, const PetscReal v[])
{
  PetscReal s = 0;
  for (PetscInt i = 0; i < n; i++) s += v[i] * v[i];
  return PetscSqrtReal(s);
}

/* Eq. 6 residual |pi - normalise((kappa / U3) K^+ U:pi pi)|. */
static PetscErrorCode CheckFixedPoint(MPI_Comm comm, DWModes dense, DWPotential pot, DWSystem sys,
                                      const PetscReal pi[], const DWNLModeResult *r, PetscInt n)
{
  DWNeighborList nl;
  PetscReal *b, *x, *ek, U3, norm, res = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(n, &b, n, &x, n, &ek));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, &U3, x, NULL, NULL));
  PetscCall(DWPotentialComputeThirdOrder(pot, sys, nl, pi, b, &U3));
  PetscCall(PseudoInverse(dense, b, x, ek, n));
  norm = Norm(n, x) * (r->kappa / U3 > 0 ? 1 : -1);
  for (PetscInt i = 0; i < n; i++) res += PetscSqr(pi[i] - x[i] / norm);
  DWTestLE(comm, "eq. 6 residual |pi - normalise((kappa/U3) K^+ U:pi pi)|", PetscSqrtReal(res),
           1e-8);
  DWTestLE(comm, "U3 of the result vs DWPotentialComputeThirdOrder, relative",
           PetscAbsReal(r->U3 / U3 - 1), 1e-12);
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(PetscFree3(b, x, ek));
  PetscFunctionReturn(0);
}

/* D2F(h) = (F(x + h pi) - 2 F(x) + F(x - h pi)) / h^2 into d2 (n reals). */
static PetscErrorCode SecondDifference(DWPotential pot, DWSystem sys, const PetscReal pi[],
                                       PetscReal h, PetscReal d2[], PetscInt n)
{
  DWSystem c;
  DWNeighborList nl;
  MPI_Comm comm;
  PetscReal *x, *x0, *f, U;
  const PetscReal w[3] = {1, -2, 1}, s[3] = {1, 0, -1};

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys, &comm));
  PetscCall(DWSystemDuplicate(sys, &c));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWSystemGetPositions(sys, &x0));
  PetscCall(DWSystemGetPositions(c, &x));
  PetscCall(PetscMalloc1(n, &f));
  PetscCall(PetscArrayzero(d2, n));
  for (int k = 0; k < 3; k++) {
    for (PetscInt i = 0; i < n; i++) x[i] = x0[i] + s[k] * h * pi[i];
    PetscCall(DWPotentialComputeEnergyForces(pot, c, nl, &U, f, NULL, NULL));
    for (PetscInt i = 0; i < n; i++) d2[i] += w[k] * f[i] / (h * h);
  }
  PetscCall(PetscFree(f));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWSystemDestroy(&c));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckFiniteDifferences(MPI_Comm comm, DWPotential pot, DWSystem sys,
                                             const PetscReal pi[], const DWNLModeResult *r,
                                             PetscInt n)
{
  DWNeighborList nl;
  PetscReal *Upp, *d1, *d2, U3, e1 = 0, e2 = 0, er = 0, u3h = 0, u3r = 0, nUpp;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(n, &Upp, n, &d1, n, &d2));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, &U3, d1, NULL, NULL));
  PetscCall(DWPotentialComputeThirdOrder(pot, sys, nl, pi, Upp, &U3));
  PetscCall(SecondDifference(pot, sys, pi, 1e-3, d1, n));
  PetscCall(SecondDifference(pot, sys, pi, 5e-4, d2, n));
  for (PetscInt i = 0; i < n; i++) {
    const PetscReal rich = (4 * d2[i] - d1[i]) / 3;
    e1 += PetscSqr(d1[i] + Upp[i]), e2 += PetscSqr(d2[i] + Upp[i]), er += PetscSqr(rich + Upp[i]);
    u3h -= pi[i] * d1[i], u3r -= pi[i] * rich;
  }
  nUpp = Norm(n, Upp);
  e1 = PetscSqrtReal(e1) / nUpp, e2 = PetscSqrtReal(e2) / nUpp, er = PetscSqrtReal(er) / nUpp;
  DWTestLE(comm, "|D2F(h) + U:pi pi| / |U:pi pi|, h = 1e-3", e1, 5e-5);
  DWTestLE(comm, "|U3 + pi.D2F(h)| / |U3|, h = 1e-3",
           PetscAbsReal(u3h - r->U3) / PetscAbsReal(r->U3), 5e-5);
  DWTestLE(comm, "error ratio h / (h/2) is the h^2 term: |ratio - 4| / 4",
           PetscAbsReal(e1 / e2 / 4 - 1), 0.25);
  DWTestLE(comm, "Richardson (4 D2F(h/2) - D2F(h)) / 3: error / |U:pi pi|", er, 1e-6);
  DWTestLE(comm, "Richardson: |U3 + pi.D2F| / |U3|",
           PetscAbsReal(u3r - r->U3) / PetscAbsReal(r->U3), 1e-8);
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(PetscFree3(Upp, d1, d2));
  PetscFunctionReturn(0);
}

/* c and a of pi with the field r by eqs. 7 and 8, serially. */
static void Overlaps(PetscInt N, const PetscReal r[], const PetscReal v[], PetscReal *c,
                     PetscReal *a)
{
  PetscReal dot = 0, num = 0, r2 = 0, v2 = 0;
  for (PetscInt i = 0; i < N; i++) {
    PetscReal ri = 0, vi = 0;
    for (int k = 0; k < 3; k++) {
      dot += r[3 * i + k] * v[3 * i + k];
      ri += r[3 * i + k] * r[3 * i + k], vi += v[3 * i + k] * v[3 * i + k];
    }
    num += PetscSqrtReal(ri * vi), r2 += ri, v2 += vi;
  }
  *c = PetscAbsReal(dot) / PetscSqrtReal(r2 * v2);
  *a = num / PetscSqrtReal(r2 * v2);
}

static PetscErrorCode CheckResult(MPI_Comm comm, DWNLMode m, const PetscReal start[],
                                  const PetscReal pi[], const DWNLModeResult *r, PetscInt n)
{
  PetscReal c, a, c0, a0;

  PetscFunctionBegin;
  DWTestTrue(comm, "kappa > 0 and 0 < P <= 1", r->kappa > 0 && r->P > 0 && r->P <= 1);
  DWTestLE(comm, "V3 = 2 kappa^3 / (3 U3^2)",
           PetscAbsReal(r->V3 / (2 * PetscPowReal(r->kappa, 3) / (3 * r->U3 * r->U3)) - 1), 1e-14);
  PetscCall(DWNLModeOverlap(m, start, &c, &a));
  Overlaps(n / 3, start, pi, &c0, &a0);
  DWTestLE(comm, "c, a with the start field vs eqs. 7, 8 serially",
           PetscMax(PetscAbsReal(c - c0), PetscAbsReal(a - a0)), 1e-12);
  PetscCall(PetscPrintf(comm,
                        "nlmode: its %" PetscInt_FMT " (CG %" PetscInt_FMT
                        ") kappa %.6e U3 %.6e V3 %.6e P %.4f c %.4f a %.4f\n",
                        r->its, r->ksp_its, (double)r->kappa, (double)r->U3, (double)r->V3,
                        (double)r->P, (double)c, (double)a));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWSystem sys;
  DWPotential pot;
  DWModes dense;
  DWNLMode m;
  DWNLModeResult r;
  Mat H;
  PetscReal *null, *start, *pi;
  PetscInt n, N = 100, seed = 5;
  char model[32] = "pss";

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-model", model, sizeof(model), NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-N", &N, NULL));
  PetscCall(MakeIS(comm, model, N, seed, &sys, &H, &null));
  PetscCall(MatGetSize(H, &n, NULL));
  PetscCall(DWPotentialCreate(comm, &pot));
  PetscCall(DWPotentialSetType(pot, model));
  PetscCall(DWPotentialSetFromOptions(pot));
  PetscCall(DWPotentialSetUp(pot, sys));
  PetscCall(DWModesCreate(comm, &dense));
  PetscCall(DWModesSetType(dense, DWMODES_DENSE));
  PetscCall(DWModesSetNumModes(dense, n - 3));
  PetscCall(DWModesSetHessian(dense, H, 3, null));
  PetscCall(DWModesSolve(dense));
  PetscCall(PetscMalloc2(n, &start, n, &pi));
  PetscCall(DWModesGetModeReplicated(dense, 0, start));
  PetscCall(DWNLModeCreate(comm, &m));
  PetscCall(DWNLModeSetTolerances(m, 1e-9, 500));
  PetscCall(DWNLModeSetFromOptions(m));
  PetscCall(DWNLModeSetPotential(m, pot, sys));
  PetscCall(DWNLModeSolve(m, start));
  PetscCall(DWNLModeGetResult(m, &r));
  PetscCall(DWNLModeGetMode(m, pi));
  DWTestTrue(comm, "converges from the softest linear mode", r.reason == DW_NLMODE_CONVERGED);
  PetscCall(CheckResult(comm, m, start, pi, &r, n));
  PetscCall(CheckFixedPoint(comm, dense, pot, sys, pi, &r, n));
  PetscCall(CheckFiniteDifferences(comm, pot, sys, pi, &r, n));
  PetscCall(DWNLModeDestroy(&m));
  PetscCall(PetscFree2(start, pi));
  PetscCall(DWModesDestroy(&dense));
  PetscCall(MatDestroy(&H));
  PetscCall(PetscFree(null));
  PetscCall(DWPotentialDestroy(&pot));
  PetscCall(DWSystemDestroy(&sys));
  int rc = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return rc;
}
