/* The A_4 omega^4 fit of the soft tail (DWDOSFitA4, DWModesFitA4, DWModesGetDOS; issue 14).
   1. The estimator on synthetic spectra drawn from D(omega) = A_4 omega^4 (per particle, N
      particles): in s = omega^5 the modes are a homogeneous Poisson process of rate
      N A_4 / 5, drawn by exponential gaps, with mean count mu = A_4 N omega_c^5 / 5 = 100 below
      omega_c = 1 and more modes above omega_c (which the fit must ignore). Over R = 2000
      spectra: the mean of A_4 must equal the true A_4 within 4 standard errors of the mean
      (A_4 / sqrt(mu R): the estimator is unbiased, Var n = mu), and the stated error must
      cover: |A_4 - true| <= 2 A4_err in a fraction 0.9566 of the spectra for Poisson(100)
      (exact sum of the pmf over |n - 100| <= 2 sqrt(n)), asserted within 4 binomial
      standard deviations (sqrt(0.0434 0.9566 / R) = 0.0046: [0.938, 0.975]).
   2. The same estimator through DWModes on a diagonal Hessian (3N = 300, block size 3,
      eigenvalues omega^2 of one synthetic spectrum: 25 modes below omega_c = 1 and 275 in
      (1.2, 4)), dense method, k = 40: with -dos_omega_c 1 the fit counts the 25 exactly and
      A_4 = 5 25 / (N omega_c^5) to 1e-12 relative (the eigenvalues are exact to rounding);
      without positions (no O_k, no phonon) the window is omega_max, the 40th mode excluded:
      n = 39; omega_c = 5 > omega_max is clamped to omega_max; -dos_ct c_t with a box L
      gives omega_c = omega_t = 2 pi c_t / L ([JCP23] eq. 18; c_t = L / (2 pi): 1); the
      histogram counts all 40 modes and sum_b D_b domega = 40 / N to 1e-12. */
#include "testutil.h"
#include <dwell/modes.h>

/* A spectrum with Poisson(mu) modes on (0, omega_c) of density ~ omega^4 (exponential gaps in
   omega^5), then nabove modes uniform in (lo, hi). Returns the count in *k (<= kmax). */
static PetscErrorCode Draw(PetscRandom r, PetscReal mu, PetscReal wc, PetscInt nabove, PetscReal lo,
                           PetscReal hi, PetscInt kmax, PetscReal w[], PetscInt *k)
{
  PetscReal s = 0, u;

  PetscFunctionBegin;
  *k = 0;
  for (;;) {
    PetscCall(PetscRandomGetValueReal(r, &u));
    s += -PetscLogReal(1 - u) / mu; /* s = (omega / omega_c)^5, rate mu on (0, 1) */
    if (s >= 1) break;
    PetscCheck(*k < kmax, PETSC_COMM_SELF, PETSC_ERR_PLIB, "too many modes");
    w[(*k)++] = wc * PetscPowReal(s, 0.2);
  }
  for (PetscInt i = 0; i < nabove; i++) {
    PetscCheck(*k < kmax, PETSC_COMM_SELF, PETSC_ERR_PLIB, "too many modes");
    PetscCall(PetscRandomGetValueReal(r, &u));
    w[(*k)++] = lo + (hi - lo) * u;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Statistics(MPI_Comm comm, PetscRandom r)
{
  const PetscInt N = 1000, R = 2000;
  const PetscReal mu = 100, wc = 1, A4 = 5 * mu / (N * PetscPowReal(wc, 5));
  PetscReal w[400], sum = 0;
  PetscInt covered = 0, k;
  DWModesA4Fit f;

  PetscFunctionBegin;
  for (PetscInt t = 0; t < R; t++) {
    PetscCall(Draw(r, mu, wc, 50, 1.0, 2.0, 400, w, &k));
    PetscCall(DWDOSFitA4(k, w, N, wc, &f));
    sum += f.A4;
    covered += PetscAbsReal(f.A4 - A4) <= 2 * f.A4_err;
  }
  PetscCall(PetscPrintf(comm,
                        "synthetic: true A_4 %.6g, mean %.6g over %" PetscInt_FMT
                        " spectra, 2-sigma coverage %.4f\n",
                        (double)A4, (double)(sum / R), R, (double)covered / R));
  DWTestLE(comm, "mean A_4: |mean - true| / (A_4 / sqrt(mu R))",
           PetscAbsReal(sum / R - A4) / (A4 / PetscSqrtReal(mu * R)), 4);
  DWTestLE(comm, "2-sigma coverage: |fraction - 0.9566|",
           PetscAbsReal((PetscReal)covered / R - 0.9566), 4 * 0.0046);
  PetscFunctionReturn(0);
}

/* A diagonal Hessian (block size 3) with eigenvalues w^2. */
static PetscErrorCode Diagonal(MPI_Comm comm, PetscInt n, const PetscReal w[], Mat *H)
{
  PetscInt lo, hi;

  PetscFunctionBegin;
  PetscCall(MatCreateAIJ(comm, PETSC_DECIDE, PETSC_DECIDE, n, n, 1, NULL, 0, NULL, H));
  PetscCall(MatSetBlockSize(*H, 3));
  PetscCall(MatGetOwnershipRange(*H, &lo, &hi));
  for (PetscInt i = lo; i < hi; i++) PetscCall(MatSetValue(*H, i, i, w[i] * w[i], INSERT_VALUES));
  PetscCall(MatAssemblyBegin(*H, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(*H, MAT_FINAL_ASSEMBLY));
  PetscFunctionReturn(0);
}

static PetscErrorCode Fit(DWModes m, PetscReal wc, DWModesA4Fit *f)
{
  PetscFunctionBegin;
  PetscCall(DWModesSetDOS(m, wc, 0, 0.5, 10));
  PetscCall(DWModesFitA4(m, f));
  PetscFunctionReturn(0);
}

static PetscErrorCode ThroughModes(MPI_Comm comm, PetscRandom r)
{
  const PetscInt N = 100, n = 3 * N, k = 40;
  PetscReal w[400], D[10], wmax, wk, integral = 0, *x;
  PetscInt nw, nb, count[10], total = 0;
  DWModes m;
  Mat H;
  DWModesA4Fit f;
  PetscBool same;

  PetscFunctionBegin;
  do { /* a spectrum with exactly 25 modes below omega_c = 1, then 275 in (1.2, 4) */
    PetscCall(Draw(r, 25, 1, n - 25, 1.2, 4, 400, w, &nw));
  } while (nw != n);
  PetscCall(Diagonal(comm, n, w, &H));
  PetscCall(DWModesCreate(comm, &m));
  PetscCall(DWModesSetType(m, DWMODES_DENSE));
  PetscCall(DWModesSetNumModes(m, k));
  PetscCall(DWModesSetHessian(m, H, 0, NULL));
  PetscCall(DWModesSolve(m));
  PetscCall(Fit(m, 1, &f));
  PetscCall(PetscPrintf(comm, "diagonal: omega_c %g (%s), n %" PetscInt_FMT ", A_4 %.10g +- %.3g\n",
                        (double)f.omega_c, f.cutoff, f.n, (double)f.A4, (double)f.A4_err));
  DWTestTrue(comm, "-dos_omega_c 1: the 25 modes below counted", f.n == 25 && f.N == N);
  DWTestLE(comm, "A_4 = 5 25 / N: relative difference", PetscAbsReal(f.A4 / (5.0 * 25 / N) - 1),
           1e-12);
  DWTestLE(comm, "A4_err = A_4 / 5: relative difference", PetscAbsReal(f.A4_err / (f.A4 / 5) - 1),
           1e-12);
  PetscCall(Fit(m, 0, &f));
  PetscCall(DWModesGetDOS(m, &nb, &wmax, NULL, NULL));
  PetscCall(PetscStrcmp(f.cutoff, "omega_max", &same));
  DWTestTrue(comm, "no phonon: the window is omega_max, the top mode excluded (n = k - 1)",
             same && f.n == k - 1 && f.omega_c == wmax);
  PetscCall(Fit(m, 5, &f));
  PetscCall(PetscStrcmp(f.cutoff, "omega_max", &same));
  DWTestTrue(comm, "omega_c = 5 > omega_max clamped to omega_max", same && f.omega_c == wmax);
  PetscCall(PetscCalloc1(n, &x));
  PetscCall(DWModesSetPositions(m, 10, x));
  PetscCall(DWModesSetDOS(m, 0, 10 / (2 * PETSC_PI), 0.5, 10));
  PetscCall(DWModesFitA4(m, &f));
  PetscCall(PetscStrcmp(f.cutoff, "omega_t", &same));
  DWTestTrue(comm, "-dos_ct L/(2 pi) with L = 10: omega_c = omega_t = 1, the 25 counted",
             same && f.n == 25 && PetscAbsReal(f.omega_c - 1) <= 1e-15);
  PetscCall(PetscFree(x));
  PetscCall(DWModesGetDOS(m, &nb, &wmax, count, D));
  for (PetscInt b = 0; b < nb; b++) total += count[b], integral += D[b] * wmax / nb;
  PetscCall(DWModesGetEigenvalue(m, k - 1, &wk));
  DWTestTrue(comm, "histogram: 40 modes counted, omega_max = sqrt(lambda_40)",
             total == k && PetscAbsReal(wmax - PetscSqrtReal(wk)) <= 1e-14 * wmax);
  DWTestLE(comm, "sum_b D_b domega = k / N: relative difference",
           PetscAbsReal(integral * N / k - 1), 1e-12);
  PetscCall(DWModesDestroy(&m));
  PetscCall(MatDestroy(&H));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  PetscRandom r;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscRandomCreate(PETSC_COMM_SELF, &r));
  PetscCall(PetscRandomSetType(r, PETSCRAND48));
  PetscCall(PetscRandomSetSeed(r, 14));
  PetscCall(PetscRandomSeed(r));
  PetscCall(Statistics(comm, r));
  PetscCall(ThroughModes(comm, r));
  PetscCall(PetscRandomDestroy(&r));
  int rc = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return rc;
}
