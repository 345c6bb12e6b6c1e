/* TLS statistics (issue 6: "n0 estimation on synthetic splittings drawn from a known linear
   n(E)").
   Synthetic library: N = 1500 particles, N_g = 20 glasses. Splittings form a Poisson process
   of intensity lambda(E) = n0 N N_g (constant, n0 = 10 per eps per particle: n(E) = n0 E) up
   to E_c = 2 k_B T_Q, and lambda(E) = n0 N N_g (E / E_c)^2 above (the plateau ends), drawn by
   inverting the integrated intensity with exponential gaps (DWRng, fixed seeds). With the
   PRL20 argon k_B T_Q = 2 pi / 4000 eps, ~470 splittings fall below k_B T_Q. Asserted:
     - n0 from [0, k_B T_Q) within 4 sigma of the true n0 (sigma the reported error);
     - over 400 independent libraries, the pulls (n0_hat - n0) / sigma have mean 0 within
       4 / sqrt(400) = 0.2 and rms 1 within 0.15 (4 standard errors, 1 / sqrt(2 * 400) each):
       the estimator is unbiased and its error bar right;
     - n(E)/E from DWStatsCumulativeDensity at E = k_B T_Q equals the plateau estimate (same
       count, 1e-12), and at E = 4 E_c it shows the end of the plateau: n(E)/E = n0 (1 +
       (64 - 1)/3) / 4 expected, within 4 Poisson sigma;
     - DWStatsTLS counts the splittings below k_B T_Q and their fraction exactly;
     - histograms: a uniform sample on linear bins and a log-uniform one on log bins have
       densities within 4 binomial sigma of 1/(hi - lo) and 1/(x ln(hi/lo)) in every bin, and
       integrate to the fraction of the sample inside (1e-12);
     - the empirical cdf of the uniform sample is within the 1% Kolmogorov-Smirnov bound
       1.63 / sqrt(n) of x, and sorted;
     - DWStatsRecordValue gives d / sqrt(PR), DWStatsExtract a record's field. */
#include "testutil.h"
#include <dwell/stats.h>

#define NPART 1500
#define NG    20

/* Splittings of one library into E (capacity cap), returns their number. */
static PetscInt Library(uint64_t seed, PetscReal n0, PetscReal Ec, PetscReal Emax, PetscReal E[],
                        PetscInt cap)
{
  const PetscReal lam = n0 * NPART * NG;
  PetscReal L         = 0; /* integrated intensity */
  PetscInt n          = 0;
  DWRng rng;

  DWRngInit(&rng, seed, DW_STAGE_TEST, 6, 0);
  while (n < cap) {
    L += -PetscLogReal(1 - DWRngUniform(&rng));
    const PetscReal e =
        L < lam * Ec ? L / lam : Ec * PetscPowReal(1 + 3 * (L - lam * Ec) / (lam * Ec), 1.0 / 3);
    if (e > Emax) break;
    E[n++] = e;
  }
  return n;
}

static PetscErrorCode CheckPlateau(MPI_Comm comm, PetscReal n0, PetscReal kTQ, PetscReal E[],
                                   PetscInt cap)
{
  const PetscReal Ec = 2 * kTQ;
  PetscReal n0hat, err, sum = 0, sum2 = 0, Ek[2], nEk[2], over[2];
  PetscInt count, ndw, ntls;
  PetscReal frac;

  PetscFunctionBegin;
  ndw = Library(1, n0, Ec, 5 * Ec, E, cap);
  PetscCall(DWStatsPlateau(ndw, E, NPART, NG, 0, kTQ, &n0hat, &err, &count));
  PetscCall(PetscPrintf(comm,
                        "library: %" PetscInt_FMT " splittings, %" PetscInt_FMT
                        " below kT_Q: n0 = %.4g +- %.2g (true %g)\n",
                        ndw, count, (double)n0hat, (double)err, (double)n0));
  DWTestLE(comm, "plateau: |n0_hat - n0| / sigma", PetscAbsReal(n0hat - n0) / err, 4);
  PetscCall(DWStatsCumulativeDensity(ndw, E, NPART, NG, kTQ, 4 * Ec, 2, Ek, nEk, over));
  DWTestLE(comm, "n(E)/E at kT_Q equals the plateau estimate", PetscAbsReal(over[0] / n0hat - 1),
           1e-12);
  const PetscReal expect = n0 * (1 + 63.0 / 3) / 4,
                  sig    = expect / PetscSqrtReal(nEk[1] * NPART * NG);
  DWTestLE(comm, "n(E)/E at 4 E_c: |observed - expected| / sigma",
           PetscAbsReal(over[1] - expect) / sig, 4);
  PetscCall(DWStatsTLS(ndw, E, kTQ, &ntls, &frac));
  DWTestTrue(comm, "DWStatsTLS: count and fraction of E < kT_Q",
             ntls == count && frac == (PetscReal)count / ndw);
  for (int rep = 0; rep < 400; rep++) {
    ndw = Library(100 + rep, n0, Ec, kTQ, E, cap);
    PetscCall(DWStatsPlateau(ndw, E, NPART, NG, 0, kTQ, &n0hat, &err, &count));
    sum += (n0hat - n0) / err;
    sum2 += (n0hat - n0) * (n0hat - n0) / (err * err);
  }
  DWTestLE(comm, "400 libraries: |mean pull|", PetscAbsReal(sum / 400), 0.2);
  DWTestLE(comm, "400 libraries: |rms pull - 1|", PetscAbsReal(PetscSqrtReal(sum2 / 400) - 1),
           0.15);
  PetscFunctionReturn(0);
}

/* Every bin within 4 binomial sigma of the exact density; the histogram integrates to 1. */
static PetscErrorCode CheckHistogram(MPI_Comm comm, PetscBool logbins, PetscInt n, PetscReal x[])
{
  const PetscReal lo = logbins ? 1e-6 : 0, hi = logbins ? 1e-2 : 1;
  const PetscInt nb = 20;
  PetscReal edges[21], pdf[20], integral = 0, worst = 0;
  DWRng rng;

  PetscFunctionBegin;
  DWRngInit(&rng, 7, DW_STAGE_TEST, 6, logbins);
  for (PetscInt i = 0; i < n; i++)
    x[i] = logbins ? lo * PetscPowReal(hi / lo, DWRngUniform(&rng)) : DWRngUniform(&rng);
  PetscCall(DWStatsHistogram(n, x, lo, hi, nb, logbins, edges, pdf));
  for (PetscInt b = 0; b < nb; b++) {
    const PetscReal w     = edges[b + 1] - edges[b],
                    p     = logbins ? PetscLogReal(edges[b + 1] / edges[b]) / PetscLogReal(hi / lo)
                                    : w / (hi - lo);
    const PetscReal sigma = PetscSqrtReal(n * p * (1 - p)) / (n * w);
    worst                 = PetscMax(worst, PetscAbsReal(pdf[b] - p / w) / sigma);
    integral += pdf[b] * w;
  }
  DWTestLE(comm,
           logbins ? "log histogram: worst bin deviation / sigma"
                   : "linear histogram: worst bin deviation / sigma",
           worst, 4);
  DWTestLE(comm, logbins ? "log histogram: |integral - 1|" : "linear histogram: |integral - 1|",
           PetscAbsReal(integral - 1), 1e-12);
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckCDF(MPI_Comm comm, PetscInt n, const PetscReal x[], PetscReal xs[],
                               PetscReal F[])
{
  PetscReal D      = 0;
  PetscBool sorted = PETSC_TRUE;

  PetscFunctionBegin;
  PetscCall(DWStatsCDF(n, x, xs, F));
  for (PetscInt i = 0; i < n; i++) {
    D = PetscMax(D, PetscMax(PetscAbsReal(F[i] - xs[i]), PetscAbsReal(F[i] - 1.0 / n - xs[i])));
    if (i && xs[i] < xs[i - 1]) sorted = PETSC_FALSE;
  }
  DWTestTrue(comm, "cdf: values sorted", sorted);
  DWTestLE(comm, "cdf of a uniform sample: Kolmogorov-Smirnov distance", D,
           1.63 / PetscSqrtReal((PetscReal)n));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const PetscInt cap = 200000, n = 20000;
  PetscReal *E, *x, *xs, *F;
  DWStatsRecord rec = {
      .dV = 0.01, .V_b = 0.1, .d = 0.9, .PR = 9, .E = 1e-4, .Delta = 1e-4, .Delta_0 = 1e-5};

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscMalloc4(cap, &E, n, &x, n, &xs, n, &F));
  PetscCall(CheckPlateau(PETSC_COMM_WORLD, 10, 2 * PETSC_PI / 4000, E, cap));
  PetscCall(CheckHistogram(PETSC_COMM_WORLD, PETSC_FALSE, n, x));
  PetscCall(CheckCDF(PETSC_COMM_WORLD, n, x, xs, F));
  PetscCall(CheckHistogram(PETSC_COMM_WORLD, PETSC_TRUE, n, x));
  DWTestLE(PETSC_COMM_WORLD, "record: d / sqrt(PR)",
           PetscAbsReal(DWStatsRecordValue(&rec, DW_STATS_D_OVER_SQRT_PR) - 0.3), 1e-15);
  PetscCall(DWStatsExtract(1, &rec, DW_STATS_DELTA0, x));
  DWTestTrue(PETSC_COMM_WORLD, "DWStatsExtract: Delta_0 of a record", x[0] == rec.Delta_0);
  PetscCall(PetscFree4(E, x, xs, F));
  int status = DWTestFinish(PETSC_COMM_WORLD);
  PetscCall(PetscFinalize());
  return status;
}
