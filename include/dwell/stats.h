/* Statistics of a library of double wells (DW) in reduced units ([PRL20] Figs. 2-3,
   [JCP23] Figs. 6-9 and Table I, DESIGN.md section 4).

   For N_g glasses of N particles each with splittings E_i (eps):
     n(E) = N_DW(E) / (N N_g), with N_DW(E) the number of DW of splitting below E, is the
       cumulative density of DW per particle; the two-level model's constant density n0
       gives n(E) = n0 E at small E, so n(E)/E shows a plateau at n0 (eps^-1 per particle).
     n0 is estimated on a range [E_lo, E_hi] of that plateau by treating the splittings as a
       Poisson process of intensity n0 N N_g: n0 = K / (N N_g (E_hi - E_lo)) for the K
       splittings in the range, with statistical error sqrt(K) / (N N_g (E_hi - E_lo)) (the
       maximum-likelihood estimate and its standard deviation).
     TLS are the DW with E < k_B T_Q; n_active = N N_g n(k_B T_Q) is their number.
   Distributions (pdfs of dV, V_b, d/sqrt(PR), PR; cdfs of Delta_0 and Delta) are histograms
   normalised to unit area, on linear or logarithmic bins, and empirical cdfs.

   The functions work on plain arrays and are not collective. */
#pragma once
#include <petscsys.h>

/* The numbers of one DW that the statistics need (the full DW record belongs to the NEB
   stage). Energies in eps, lengths in sigma. */
typedef struct {
  PetscReal dV;      /* asymmetry V(1) - V(0) */
  PetscReal V_b;     /* barrier V_a - dV / 2 */
  PetscReal d;       /* path length */
  PetscReal PR;      /* participation ratio (number of particles) */
  PetscReal E;       /* splitting E_2 - E_1 */
  PetscReal Delta;   /* asymmetry of the zero-point levels */
  PetscReal Delta_0; /* WKB tunnelling matrix element (eps) */
} DWStatsRecord;

typedef enum {
  DW_STATS_DV,
  DW_STATS_VB,
  DW_STATS_D_OVER_SQRT_PR,
  DW_STATS_PR,
  DW_STATS_E,
  DW_STATS_DELTA,
  DW_STATS_DELTA0
} DWStatsQuantity;

/* The value of a quantity of a record (d/sqrt(PR) computed). */
PetscReal DWStatsRecordValue(const DWStatsRecord *r, DWStatsQuantity q);

/* n(E_k) = #(E_i < E_k) / (N N_g) and n(E_k) / E_k at nE points E_k spaced logarithmically
   from Emin to Emax (Emax > Emin > 0). Outputs of length nE (may be NULL each). */
PetscErrorCode DWStatsCumulativeDensity(PetscInt ndw, const PetscReal E[], PetscInt N, PetscInt N_g,
                                        PetscReal Emin, PetscReal Emax, PetscInt nE, PetscReal Ek[],
                                        PetscReal nEk[], PetscReal nEk_over_E[]);
/* The plateau n0 (eps^-1 per particle) from the splittings in [E_lo, E_hi), its statistical
   error and the count used (see the header). */
PetscErrorCode DWStatsPlateau(PetscInt ndw, const PetscReal E[], PetscInt N, PetscInt N_g,
                              PetscReal E_lo, PetscReal E_hi, PetscReal *n0, PetscReal *n0_err,
                              PetscInt *count);
/* Number of TLS (E < kT_Q), their fraction of all DW, and n_active = N N_g n(kT_Q). */
PetscErrorCode DWStatsTLS(PetscInt ndw, const PetscReal E[], PetscReal kT_Q, PetscInt *ntls,
                          PetscReal *fraction);
/* Histogram of x normalised to a pdf (sum pdf_k width_k = fraction of x inside [lo, hi]),
   nbins bins on [lo, hi], logarithmic if logbins (then lo > 0). edges has nbins + 1 entries. */
PetscErrorCode DWStatsHistogram(PetscInt n, const PetscReal x[], PetscReal lo, PetscReal hi,
                                PetscInt nbins, PetscBool logbins, PetscReal edges[],
                                PetscReal pdf[]);
/* Empirical cdf: xs = sorted x, F_k = (k + 1) / n. */
PetscErrorCode DWStatsCDF(PetscInt n, const PetscReal x[], PetscReal xs[], PetscReal F[]);
/* Extracts one quantity of ndw records into x (caller allocates ndw). */
PetscErrorCode DWStatsExtract(PetscInt ndw, const DWStatsRecord rec[], DWStatsQuantity q,
                              PetscReal x[]);
