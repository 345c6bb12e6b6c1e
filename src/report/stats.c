/* Statistics of a library of double wells ([PRL20] Figs. 2-3, [JCP23] Figs. 6-9; see
   include/dwell/stats.h): the cumulative density n(E) = N_DW(E) / (N N_g) per particle, its
   plateau n0 = lim n(E)/E with a Poisson error, the TLS count below k_B T_Q, normalised
   histograms and empirical cdfs. Energies in eps, lengths in sigma. */
#include <dwell/stats.h>

PetscReal DWStatsRecordValue(const DWStatsRecord *r, DWStatsQuantity q)
{
  switch (q) {
  case DW_STATS_DV:
    return r->dV;
  case DW_STATS_VB:
    return r->V_b;
  case DW_STATS_D_OVER_SQRT_PR:
    return r->d / PetscSqrtReal(r->PR);
  case DW_STATS_PR:
    return r->PR;
  case DW_STATS_E:
    return r->E;
  case DW_STATS_DELTA:
    return r->Delta;
  case DW_STATS_DELTA0:
    return r->Delta_0;
  }
  return PETSC_MAX_REAL;
}

PetscErrorCode DWStatsExtract(PetscInt ndw, const DWStatsRecord rec[], DWStatsQuantity q,
                              PetscReal x[])
{
  PetscFunctionBegin;
  for (PetscInt i = 0; i < ndw; i++) x[i] = DWStatsRecordValue(&rec[i], q);
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckSample(PetscInt N, PetscInt N_g)
{
  PetscFunctionBegin;
  PetscCheck(N > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "number of particles N = %" PetscInt_FMT ": must be positive", N);
  PetscCheck(N_g > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "number of glasses N_g = %" PetscInt_FMT ": must be positive", N_g);
  PetscFunctionReturn(0);
}

PetscErrorCode DWStatsCumulativeDensity(PetscInt ndw, const PetscReal E[], PetscInt N, PetscInt N_g,
                                        PetscReal Emin, PetscReal Emax, PetscInt nE, PetscReal Ek[],
                                        PetscReal nEk[], PetscReal nEk_over_E[])
{
  PetscReal *Es;
  PetscInt i = 0;

  PetscFunctionBegin;
  PetscCall(CheckSample(N, N_g));
  PetscCheck(Emin > 0 && Emax > Emin && nE >= 2, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "log bins need 0 < Emin < Emax and at least 2 points (got %g, %g, %" PetscInt_FMT ")",
             (double)Emin, (double)Emax, nE);
  PetscCall(PetscMalloc1(ndw, &Es));
  PetscCall(PetscArraycpy(Es, E, ndw));
  PetscCall(PetscSortReal(ndw, Es));
  for (PetscInt k = 0; k < nE; k++) {
    const PetscReal e = Emin * PetscPowReal(Emax / Emin, (PetscReal)k / (nE - 1));
    while (i < ndw && Es[i] < e) i++;
    const PetscReal n = (PetscReal)i / ((PetscReal)N * N_g);
    if (Ek) Ek[k] = e;
    if (nEk) nEk[k] = n;
    if (nEk_over_E) nEk_over_E[k] = n / e;
  }
  PetscCall(PetscFree(Es));
  PetscFunctionReturn(0);
}

PetscErrorCode DWStatsPlateau(PetscInt ndw, const PetscReal E[], PetscInt N, PetscInt N_g,
                              PetscReal E_lo, PetscReal E_hi, PetscReal *n0, PetscReal *n0_err,
                              PetscInt *count)
{
  PetscInt K = 0;

  PetscFunctionBegin;
  PetscCall(CheckSample(N, N_g));
  PetscCheck(E_lo >= 0 && E_hi > E_lo, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "plateau range [%g, %g): need 0 <= E_lo < E_hi", (double)E_lo, (double)E_hi);
  for (PetscInt i = 0; i < ndw; i++) K += (E[i] >= E_lo && E[i] < E_hi);
  const PetscReal exposure = (PetscReal)N * N_g * (E_hi - E_lo);
  *n0                      = K / exposure;
  *n0_err                  = PetscSqrtReal((PetscReal)K) / exposure;
  if (count) *count = K;
  PetscFunctionReturn(0);
}

PetscErrorCode DWStatsTLS(PetscInt ndw, const PetscReal E[], PetscReal kT_Q, PetscInt *ntls,
                          PetscReal *fraction)
{
  PetscInt K = 0;

  PetscFunctionBegin;
  PetscCheck(kT_Q > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "k_B T_Q = %g: must be positive",
             (double)kT_Q);
  for (PetscInt i = 0; i < ndw; i++) K += E[i] < kT_Q;
  *ntls     = K;
  *fraction = ndw ? (PetscReal)K / ndw : 0;
  PetscFunctionReturn(0);
}

PetscErrorCode DWStatsHistogram(PetscInt n, const PetscReal x[], PetscReal lo, PetscReal hi,
                                PetscInt nbins, PetscBool logbins, PetscReal edges[],
                                PetscReal pdf[])
{
  PetscFunctionBegin;
  PetscCheck(
      nbins > 0 && hi > lo && (!logbins || lo > 0), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
      "histogram on [%g, %g] with %" PetscInt_FMT " %s bins: need hi > lo%s and bins > 0",
      (double)lo, (double)hi, nbins, logbins ? "logarithmic" : "linear", logbins ? " > 0" : "");
  for (PetscInt b = 0; b <= nbins; b++)
    edges[b] =
        logbins ? lo * PetscPowReal(hi / lo, (PetscReal)b / nbins) : lo + (hi - lo) * b / nbins;
  for (PetscInt b = 0; b < nbins; b++) pdf[b] = 0;
  for (PetscInt i = 0; i < n; i++) {
    if (!(x[i] >= lo && x[i] < hi)) continue;
    const PetscReal u =
        logbins ? PetscLogReal(x[i] / lo) / PetscLogReal(hi / lo) : (x[i] - lo) / (hi - lo);
    const PetscInt b = PetscMin((PetscInt)(u * nbins), nbins - 1);
    pdf[b] += 1;
  }
  for (PetscInt b = 0; b < nbins; b++) pdf[b] /= n * (edges[b + 1] - edges[b]);
  PetscFunctionReturn(0);
}

PetscErrorCode DWStatsCDF(PetscInt n, const PetscReal x[], PetscReal xs[], PetscReal F[])
{
  PetscFunctionBegin;
  PetscCall(PetscArraycpy(xs, x, n));
  PetscCall(PetscSortReal(n, xs));
  for (PetscInt i = 0; i < n; i++) F[i] = (PetscReal)(i + 1) / n;
  PetscFunctionReturn(0);
}
