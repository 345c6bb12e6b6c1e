/* F_s(k, t) (DWSelfScattering) on cases with an exact answer:
   - ballistic ideal gas: x_i(t) = x_i(0) + v_i t with Maxwell-Boltzmann velocities at T
     (N = 20000, T = 1, k = 7): the displacement is Gaussian with variance T t^2 per
     component, so F_s = exp(-k^2 T t^2 / 2) and tau_alpha = sqrt(2 / T) / k. Every origin
     sees the same displacements v (t - t0), so the error is the sampling error of the N
     particles: each lag must agree within 5 standard errors sigma_m / sqrt(N), with sigma_m
     the spread of sinc(k |v_i| t) over the particles (computed here independently), and
     tau_alpha within 1% (the log-t interpolation between lags 10^(1/20) apart is
     accurate to ~1e-3 here, the sampling error ~3e-3).
   - Gaussian random walk: steps of variance 2 D dt per component (N = 1000, D = 0.05,
     dt = 0.01, 3000 samples), F_s = exp(-k^2 D t), tau_alpha = 1 / (k^2 D) = 0.408. With at
     most 32 origins (started every 5 samples, thinned 4 times): |F_s - exact| < 0.02 at
     every lag with >= 4 origins, tau_alpha within 3%, and the second-half window
     (origins in [t/2, t)) gives tau_alpha within 3% too (stationary process). Observed
     errors are about 4x smaller than these bounds.
   - The origins stay spread over the whole run after thinning (first origin at 0, last
     one in the final 1/16 of the run, at most the maximum kept).
   - A DWSelfScattering restored from another's state (checkpoint) continues bit-identically.
   - Unequally spaced samples are refused. */
#include "testutil.h"
#include <dwell/selfscattering.h>

static PetscErrorCode Ballistic(MPI_Comm comm)
{
  const PetscInt N = 20000, nsamples = 200;
  const PetscReal T = 1.0, k = 7.0, dt = 0.005;
  PetscReal *x0, *v, *x, *t, *F, tau, maxz = 0;
  PetscInt n, nl;
  DWRng rng;
  DWSelfScattering fs;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(3 * N, &x0, 3 * N, &v, 3 * N, &x));
  DWRngInit(&rng, 5, DW_STAGE_TEST, 0, 0);
  for (PetscInt q = 0; q < 3 * N; q++) {
    x0[q] = 10 * DWRngUniform(&rng);
    v[q]  = PetscSqrtReal(T) * DWRngNormal(&rng);
  }
  PetscCall(DWSelfScatteringCreate(comm, &fs));
  PetscCall(DWSelfScatteringSetWavevector(fs, k));
  PetscCall(DWSelfScatteringSetLags(fs, 20));
  PetscCall(DWSelfScatteringSetOrigins(fs, 10, 8));
  PetscCall(DWSelfScatteringSetUp(fs, N));
  for (PetscInt s = 0; s < nsamples; s++) {
    for (PetscInt q = 0; q < 3 * N; q++) x[q] = x0[q] + v[q] * (s * dt);
    PetscCall(DWSelfScatteringSample(fs, s * dt, x));
  }
  PetscCall(DWSelfScatteringGetMaxLags(fs, &nl));
  PetscCall(PetscMalloc2(nl, &t, nl, &F));
  PetscCall(DWSelfScatteringGetCurve(fs, -PETSC_MAX_REAL, PETSC_MAX_REAL, &n, t, F, NULL));
  for (PetscInt m = 0; m < n; m++) {
    PetscReal s1 = 0, s2 = 0;
    for (PetscInt i = 0; i < N; i++) {
      const PetscReal u = k * t[m] *
                          PetscSqrtReal(v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] +
                                        v[3 * i + 2] * v[3 * i + 2]);
      const PetscReal c = u > 0 ? PetscSinReal(u) / u : 1;
      s1 += c;
      s2 += c * c;
    }
    const PetscReal mean = s1 / N,
                    se   = PetscSqrtReal(PetscMax(s2 / N - mean * mean, 0) / N) + 1e-15;
    maxz = PetscMax(maxz, PetscAbsReal(F[m] - PetscExpReal(-0.5 * k * k * T * t[m] * t[m])) / se);
  }
  DWTestLE(comm, "ballistic: max |F_s - exp(-k^2 T t^2/2)| / standard error", maxz, 5.0);
  PetscCall(DWSelfScatteringGetTauAlpha(fs, -PETSC_MAX_REAL, PETSC_MAX_REAL, &tau));
  DWTestLE(comm, "ballistic: tau_alpha vs sqrt(2/T)/k, relative error",
           PetscAbsReal(tau / (PetscSqrtReal(2 / T) / k) - 1), 0.01);
  PetscCall(PetscFree2(t, F));
  PetscCall(DWSelfScatteringDestroy(&fs));
  PetscCall(PetscFree3(x0, v, x));
  PetscFunctionReturn(0);
}

/* Advances a Gaussian random walk by one step of variance 2 D dt per component. */
static void Walk(PetscInt N, PetscReal D, PetscReal dt, DWRng *rng, PetscReal x[])
{
  const PetscReal s = PetscSqrtReal(2 * D * dt);
  for (PetscInt q = 0; q < 3 * N; q++) x[q] += s * DWRngNormal(rng);
}

static PetscErrorCode RandomWalk(MPI_Comm comm)
{
  const PetscInt N = 1000, nsamples = 3000, maxo = 32;
  const PetscReal D = 0.05, k = 7.0, dt = 0.01, tau_exact = 1 / (k * k * D);
  PetscReal *x, *t, *F, tau, tau2, err = 0;
  PetscInt n, nl, *count;
  DWRng rng;
  DWSelfScattering fs;
  DWSelfScatteringState st;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(3 * N, &x));
  DWRngInit(&rng, 7, DW_STAGE_TEST, 0, 0);
  PetscCall(DWSelfScatteringCreate(comm, &fs));
  PetscCall(DWSelfScatteringSetWavevector(fs, k));
  PetscCall(DWSelfScatteringSetOrigins(fs, 5, maxo));
  PetscCall(DWSelfScatteringSetUp(fs, N));
  for (PetscInt s = 0; s < nsamples; s++) {
    if (s) Walk(N, D, dt, &rng, x);
    PetscCall(DWSelfScatteringSample(fs, s * dt, x));
  }
  PetscCall(DWSelfScatteringGetMaxLags(fs, &nl));
  PetscCall(PetscMalloc3(nl, &t, nl, &F, nl, &count));
  PetscCall(DWSelfScatteringGetCurve(fs, -PETSC_MAX_REAL, PETSC_MAX_REAL, &n, t, F, count));
  for (PetscInt m = 0; m < n; m++)
    if (count[m] >= 4) err = PetscMax(err, PetscAbsReal(F[m] - PetscExpReal(-k * k * D * t[m])));
  DWTestLE(comm, "random walk: max |F_s - exp(-k^2 D t)| (lags with >= 4 origins)", err, 0.02);
  PetscCall(DWSelfScatteringGetTauAlpha(fs, -PETSC_MAX_REAL, PETSC_MAX_REAL, &tau));
  DWTestLE(comm, "random walk: tau_alpha vs 1/(k^2 D), relative error",
           PetscAbsReal(tau / tau_exact - 1), 0.03);
  PetscCall(DWSelfScatteringGetTauAlpha(fs, 0.5 * (nsamples - 1) * dt, PETSC_MAX_REAL, &tau2));
  DWTestLE(comm, "random walk: second-half tau_alpha, relative error",
           PetscAbsReal(tau2 / tau_exact - 1), 0.03);
  PetscCall(DWSelfScatteringGetState(fs, &st));
  DWTestTrue(comm, "origins thinned: at most the maximum kept, interval doubled",
             st.norigins <= maxo && st.origin_interval > 5);
  DWTestTrue(comm, "origins span the run: first at 0, last in the final 1/16",
             st.origin_sample[0] == 0 &&
                 st.origin_sample[st.norigins - 1] >= nsamples - nsamples / 16);
  PetscCall(PetscFree3(t, F, count));
  PetscCall(DWSelfScatteringDestroy(&fs));
  PetscCall(PetscFree(x));
  PetscFunctionReturn(0);
}

/* Two DWSelfScattering, the second restored from the first's state at mid-run, fed the same
 * samples. */
static PetscErrorCode Restore(MPI_Comm comm)
{
  const PetscInt N = 200, nsamples = 700;
  PetscReal *x, *t[2], *F[2];
  PetscInt n[2], nl, *c[2];
  DWRng rng;
  DWSelfScattering fs[2];
  DWSelfScatteringState st;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(3 * N, &x));
  DWRngInit(&rng, 9, DW_STAGE_TEST, 0, 0);
  for (int a = 0; a < 2; a++) {
    PetscCall(DWSelfScatteringCreate(comm, &fs[a]));
    PetscCall(DWSelfScatteringSetOrigins(fs[a], 3, 16));
    PetscCall(DWSelfScatteringSetUp(fs[a], N));
  }
  for (PetscInt s = 0; s < nsamples; s++) {
    if (s) Walk(N, 0.05, 0.01, &rng, x);
    PetscCall(DWSelfScatteringSample(fs[0], 0.25 + s * 0.01, x));
    if (s == 333) {
      PetscCall(DWSelfScatteringGetState(fs[0], &st));
      PetscCall(DWSelfScatteringSetState(fs[1], &st));
    } else if (s > 333)
      PetscCall(DWSelfScatteringSample(fs[1], 0.25 + s * 0.01, x));
  }
  PetscCall(DWSelfScatteringGetMaxLags(fs[0], &nl));
  for (int a = 0; a < 2; a++) {
    PetscCall(PetscMalloc3(nl, &t[a], nl, &F[a], nl, &c[a]));
    PetscCall(DWSelfScatteringGetCurve(fs[a], 2.0, PETSC_MAX_REAL, &n[a], t[a], F[a], c[a]));
  }
  DWTestTrue(comm, "restored DWSelfScattering: bit-identical curve after 366 more samples",
             n[0] == n[1] && n[0] > 0 && !memcmp(F[0], F[1], n[0] * sizeof(PetscReal)) &&
                 !memcmp(t[0], t[1], n[0] * sizeof(PetscReal)) &&
                 !memcmp(c[0], c[1], n[0] * sizeof(PetscInt)));
  for (int a = 0; a < 2; a++) {
    PetscCall(PetscFree3(t[a], F[a], c[a]));
    PetscCall(DWSelfScatteringDestroy(&fs[a]));
  }
  PetscCall(PetscFree(x));
  PetscFunctionReturn(0);
}

static PetscErrorCode BadSpacing(MPI_Comm comm)
{
  PetscReal x[3] = {0, 0, 0};
  PetscErrorCode ierr;
  DWSelfScattering fs;

  PetscFunctionBegin;
  PetscCall(DWSelfScatteringCreate(comm, &fs));
  PetscCall(DWSelfScatteringSetUp(fs, 1));
  PetscCall(DWSelfScatteringSample(fs, 0.0, x));
  PetscCall(DWSelfScatteringSample(fs, 1.0, x));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = DWSelfScatteringSample(fs, 2.5, x);
  PetscCall(PetscPopErrorHandler());
  DWTestTrue(comm, "a sample at t = 2.5 after t = 0, 1 is refused", ierr != 0);
  PetscCall(DWSelfScatteringDestroy(&fs));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(Ballistic(PETSC_COMM_WORLD));
  PetscCall(RandomWalk(PETSC_COMM_WORLD));
  PetscCall(Restore(PETSC_COMM_WORLD));
  PetscCall(BadSpacing(PETSC_COMM_WORLD));
  int status = DWTestFinish(PETSC_COMM_WORLD);
  PetscCall(PetscFinalize());
  return status;
}
