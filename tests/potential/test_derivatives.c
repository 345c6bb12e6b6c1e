/* Exact derivatives of a model (-model NAME) on a random configuration, against central
   finite differences of the level below (DESIGN.md section 3: agree to ~1e-7 relative):
     forces   F = -dU/dx        vs  -(U(x + h e_k) - U(x - h e_k)) / 2h
     Hessian  H = -dF/dx        vs  -(F(x + h e_k) - F(x - h e_k)) / 2h
     U:pp                        vs  (H(x + h p) - H(x - h p)) p / 2h
   With h = 1e-6 the truncation error is h^2 U''' / 6 ~ 1e-12 U''' and the rounding error
   is eps_mach |U| / h ~ 1e-10 |U|; on random configurations (closest pairs at 0.7 s_ij,
   forces ~ 1e3-1e4) both stay below 1e-8 of the largest entry, so 1e-7 is a tolerance
   with margin that still catches any wrong term (a wrong factor gives O(1) errors).
   The configuration is redrawn until no pair lies within 1e-5 of its cutoff, where the
   models with a discontinuous first or second derivative (ka, lj, harmonic) have no
   derivative to difference. Also: H symmetric, H t = 0 for the three translations, and
   exactly three eigenvalues |lambda| < 1e-9 max |lambda| (LAPACK dsyev). */
#include "testutil.h"
#include <petscblaslapack.h>

static const PetscReal h = 1e-6, tol = 1e-7;

static PetscErrorCode DistanceToCutoffs(DWPotential pot, DWSystem sys, PetscReal *dmin)
{
  PetscInt N;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  *dmin = PETSC_MAX_REAL;
  for (PetscInt i = 0; i < N; i++)
    for (PetscInt j = i + 1; j < N; j++) {
      PetscReal d[3], s, rc;
      PetscCall(DWSystemMinimumImage(sys, i, j, d));
      PetscCall(DWPotentialGetPairScale(pot, sys, i, j, &s, &rc));
      *dmin = PetscMin(*dmin, PetscAbsReal(PetscSqrtReal(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]) - rc));
    }
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckForces(MPI_Comm comm, DWPotential pot, DWSystem sys, DWNeighborList nl, PetscInt n)
{
  PetscReal *x, *f, *fd, Up, Um;

  PetscFunctionBegin;
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(PetscMalloc2(n, &f, n, &fd));
  PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, NULL, f, NULL, NULL));
  for (PetscInt k = 0; k < n; k++) {
    const PetscReal x0 = x[k];
    x[k]               = x0 + h;
    PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, &Up, NULL, NULL, NULL));
    x[k] = x0 - h;
    PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, &Um, NULL, NULL, NULL));
    x[k]  = x0;
    fd[k] = -(Up - Um) / (2 * h);
  }
  DWTestLE(comm, "forces vs finite-difference gradient of U", DWTestRelDiff(n, f, fd), tol);
  PetscCall(PetscFree2(f, fd));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckHessian(MPI_Comm comm, DWPotential pot, DWSystem sys, DWNeighborList nl, PetscInt n, const PetscReal *H)
{
  PetscReal *x, *fp, *fm, *col, *Hk, asym = 0, hmax = 0;

  PetscFunctionBegin;
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(PetscMalloc4(n, &fp, n, &fm, n * n, &col, n, &Hk));
  for (PetscInt k = 0; k < n; k++) {
    const PetscReal x0 = x[k];
    x[k]               = x0 + h;
    PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, NULL, fp, NULL, NULL));
    x[k] = x0 - h;
    PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, NULL, fm, NULL, NULL));
    x[k] = x0;
    for (PetscInt a = 0; a < n; a++) col[a * n + k] = -(fp[a] - fm[a]) / (2 * h);
  }
  DWTestLE(comm, "Hessian vs finite-difference Jacobian of -F", DWTestRelDiff(n * n, H, col), tol);
  for (PetscInt a = 0; a < n; a++)
    for (PetscInt b = 0; b < n; b++) {
      asym = PetscMax(asym, PetscAbsReal(H[a * n + b] - H[b * n + a]));
      hmax = PetscMax(hmax, PetscAbsReal(H[a * n + b]));
    }
  DWTestLE(comm, "Hessian asymmetry max|H - H^T| / max|H|", asym / hmax, 1e-15);
  PetscCall(PetscFree4(fp, fm, col, Hk));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckZeroModes(MPI_Comm comm, PetscInt n, const PetscReal *H)
{
  PetscReal   *A, *w, *work, resid = 0, hmax = 0, lmax = 0;
  PetscBLASInt bn, lwork, info;
  PetscInt     nzero = 0;

  PetscFunctionBegin;
  for (int c = 0; c < 3; c++)
    for (PetscInt a = 0; a < n; a++) {
      PetscReal s = 0;
      for (PetscInt b = c; b < n; b += 3) s += H[a * n + b];
      resid = PetscMax(resid, PetscAbsReal(s));
      hmax  = PetscMax(hmax, PetscAbsReal(H[a * n + a]));
    }
  DWTestLE(comm, "translations: max|H t| / max|H_aa|", resid / hmax, 1e-13);
  PetscCall(PetscBLASIntCast(n, &bn));
  lwork = 3 * bn;
  PetscCall(PetscMalloc3(n * n, &A, n, &w, lwork, &work));
  PetscCall(PetscArraycpy(A, H, n * n));
  PetscCallBLAS("LAPACKsyev", LAPACKsyev_("N", "U", &bn, A, &bn, w, work, &lwork, &info));
  PetscCheck(!info, comm, PETSC_ERR_LIB, "dsyev failed: info %d", (int)info);
  for (PetscInt k = 0; k < n; k++) lmax = PetscMax(lmax, PetscAbsReal(w[k]));
  for (PetscInt k = 0; k < n; k++) nzero += PetscAbsReal(w[k]) < 1e-9 * lmax;
  PetscCall(PetscPrintf(comm, "     eigenvalues: min %.3e, max %.3e, %" PetscInt_FMT " with |lambda| < 1e-9 max\n", (double)w[0], (double)w[n - 1], nzero));
  DWTestTrue(comm, "exactly three zero modes", nzero == 3);
  PetscCall(PetscFree3(A, w, work));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckThirdOrder(MPI_Comm comm, DWPotential pot, DWSystem sys, DWNeighborList nl, PetscInt n)
{
  PetscReal *x, *p, *Upp, *fd, *Hp, *Hm, Uppp, pUpp = 0, scale = 0;
  DWRng      rng;

  PetscFunctionBegin;
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(PetscMalloc5(n, &p, n, &Upp, n, &fd, n * n, &Hp, n * n, &Hm));
  DWRngInit(&rng, 7, DW_STAGE_TEST, 0, 0);
  for (PetscInt k = 0; k < n; k++) p[k] = DWRngNormal(&rng);
  PetscCall(DWPotentialComputeThirdOrder(pot, sys, nl, p, Upp, &Uppp));
  for (PetscInt k = 0; k < n; k++) x[k] += h * p[k];
  PetscCall(DWPotentialComputeHessianDense(pot, sys, nl, Hp));
  for (PetscInt k = 0; k < n; k++) x[k] -= 2 * h * p[k];
  PetscCall(DWPotentialComputeHessianDense(pot, sys, nl, Hm));
  for (PetscInt k = 0; k < n; k++) x[k] += h * p[k];
  for (PetscInt a = 0; a < n; a++) {
    fd[a] = 0;
    for (PetscInt b = 0; b < n; b++) fd[a] += (Hp[a * n + b] - Hm[a * n + b]) / (2 * h) * p[b];
    pUpp += p[a] * Upp[a];
    scale += PetscAbsReal(p[a] * Upp[a]);
  }
  DWTestLE(comm, "U:pp vs finite-difference derivative of H along p", DWTestRelDiff(n, Upp, fd), tol);
  DWTestLE(comm, "U:ppp vs p.(U:pp)", PetscAbsReal(Uppp - pUpp) / scale, 1e-12);
  PetscCall(PetscFree5(p, Upp, fd, Hp, Hm));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm        comm;
  DWPotential     pot = NULL;
  DWSystem        sys = NULL;
  DWNeighborList  nl;
  DWPotentialType type;
  PetscReal       dmin = 0, *H;
  PetscInt        N = 500, n, seed;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_SELF;
  char model[32] = "ka";
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-N", &N, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-model", model, sizeof(model), NULL));
  for (seed = 1; seed < 50 && dmin < 1e-5; seed++) {
    PetscCall(DWSystemDestroy(&sys));
    PetscCall(DWPotentialDestroy(&pot));
    PetscCall(DWTestRandomSystem(comm, model, N, seed, &pot, &sys));
    PetscCall(DistanceToCutoffs(pot, sys, &dmin));
  }
  PetscCall(DWPotentialGetType(pot, &type));
  PetscCall(PetscPrintf(comm, "model %s, N = %" PetscInt_FMT ", seed %" PetscInt_FMT ", closest pair to a cutoff at %.2e sigma\n", type, N, seed - 1, (double)dmin));
  PetscCall(DWNeighborListCreate(comm, &nl));
  n = 3 * N;
  PetscCall(PetscMalloc1(n * n, &H));
  PetscCall(DWPotentialComputeHessianDense(pot, sys, nl, H));
  PetscCall(CheckForces(comm, pot, sys, nl, n));
  PetscCall(CheckHessian(comm, pot, sys, nl, n, H));
  PetscCall(CheckThirdOrder(comm, pot, sys, nl, n));
  PetscCall(CheckZeroModes(comm, n, H));
  PetscCall(PetscFree(H));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  int status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
