/* The self-intermediate scattering function, the standard measure of structural
   relaxation in supercooled liquids (Hansen and McDonald, "Theory of Simple Liquids",
   4th ed., sec. 7.4; Kob and Andersen, PRE 52, 4134 (1995), eq. 6):

     F_s(k, t) = (1/N) sum_i < sin(k |dr_i|) / (k |dr_i|) >,  dr_i = r_i(t0 + t) - r_i(t0),

   the isotropic (orientational) average of exp(i k . dr_i) over wavevectors of modulus k,
   from the unwrapped displacements (DWSystem stores unwrapped positions), averaged over
   time origins t0. k sits near the first peak of the structure factor: 7.0 sigma^-1 for
   pss [PRL20], 7.2 for the ternary LJ [JCP23]. The structural relaxation time tau_alpha is
   where F_s first drops below 1/e (DESIGN.md section 4: equilibrium is proven by F_s
   decaying below 1/e several times over the run).

   Samples arrive at equally spaced times (any unit: tau for MD, sweeps for Monte Carlo).
   Lags are log-spaced, `lags_per_decade` distinct integer numbers of sample intervals
   (1, 2, 3, ..., round(10^(j / lags_per_decade)), ...), without an upper bound, so a run of
   unknown length is covered. A time origin starts every `origin_interval` samples; at
   most `max_origins` (even) are kept: when they are all taken, every second one is
   dropped and the interval doubles, so the origins always span the whole run evenly
   (memory: max_origins x 3N reals). Each origin keeps its own row F_s(lag), so the curve
   can be averaged over the origins of any time window, e.g. the second half of a run.

   A DWSelfScattering is sequential and replicated like the DWSystem it measures. */
#pragma once
#include <petscsys.h>

typedef struct _p_DWSelfScattering *DWSelfScattering;

/* The complete state, for checkpoints (all arrays owned by the DWSelfScattering):
   norigins origins, origin o started at sample origin_sample[o] with positions
   origin_x[3N o .. 3N (o + 1)); row[o * nlags + m] is its F_s at lag number m, valid when
   origin_sample[o] + lag[m] < nsamples. */
typedef struct {
  PetscInt N, nsamples, origin_interval, norigins, nlags;
  PetscReal t0, dt,
      tlast; /* times of samples 0 and nsamples - 1, the interval (0 before sample 1) */
  PetscInt *origin_sample;
  PetscReal *origin_x, *row;
} DWSelfScatteringState;

/* Collective. Defaults: k = 7.0, 10 lags per decade, an origin every sample, 128 origins. */
PetscErrorCode DWSelfScatteringCreate(MPI_Comm comm, DWSelfScattering *fs);
PetscErrorCode DWSelfScatteringDestroy(DWSelfScattering *fs);
/* Wavevector modulus k (sigma^-1), positive. */
PetscErrorCode DWSelfScatteringSetWavevector(DWSelfScattering fs, PetscReal k);
PetscErrorCode DWSelfScatteringGetWavevector(DWSelfScattering fs, PetscReal *k);
/* Lags per decade (>= 1); samples between origins (>= 1) and the most origins kept (even, >= 2). */
PetscErrorCode DWSelfScatteringSetLags(DWSelfScattering fs, PetscInt lags_per_decade);
PetscErrorCode DWSelfScatteringSetOrigins(DWSelfScattering fs, PetscInt origin_interval,
                                          PetscInt max_origins);
/* Reads -fs_k, -fs_lags_per_decade, -fs_origin_interval, -fs_max_origins. */
PetscErrorCode DWSelfScatteringSetFromOptions(DWSelfScattering fs);
/* Allocates for N particles and forgets all samples. */
PetscErrorCode DWSelfScatteringSetUp(DWSelfScattering fs, PetscInt N);
/* Not collective. Adds the sample of 3N unwrapped positions x at `time`; times must be
   equally spaced (checked to 1e-9 relative) and increasing. */
PetscErrorCode DWSelfScatteringSample(DWSelfScattering fs, PetscReal time, const PetscReal x[]);
/* Number of samples so far and the time of the last one. */
PetscErrorCode DWSelfScatteringGetNumSamples(DWSelfScattering fs, PetscInt *n, PetscReal *tlast);
/* Upper bound of the number of points of a curve (the lags defined so far). */
PetscErrorCode DWSelfScatteringGetMaxLags(DWSelfScattering fs, PetscInt *nlags);
/* Not collective. F_s averaged over the origins with start time in [t_from, t_to): *n
   points (lags reached by at least one of them), lag times lag_time[] (same unit as the
   sample times), F[] and the number of origins averaged count[] (arrays of at least
   DWSelfScatteringGetMaxLags() entries, allocated by the caller; count may be NULL). */
PetscErrorCode DWSelfScatteringGetCurve(DWSelfScattering fs, PetscReal t_from, PetscReal t_to,
                                        PetscInt *n, PetscReal lag_time[], PetscReal F[],
                                        PetscInt count[]);
/* Not collective. tau_alpha of the curve of the window [t_from, t_to): the first lag where
   F_s < 1/e, interpolated linearly in log(t) with the previous lag (linearly in t from
   F_s(0) = 1 for the first lag); -1 when F_s has not yet dropped below 1/e. */
PetscErrorCode DWSelfScatteringGetTauAlpha(DWSelfScattering fs, PetscReal t_from, PetscReal t_to,
                                           PetscReal *tau);
/* Checkpoints: the state (pointers into the DWSelfScattering, valid until the next call), and a
   restore from a state (copied; N, lag and origin settings must match). */
PetscErrorCode DWSelfScatteringGetState(DWSelfScattering fs, DWSelfScatteringState *state);
PetscErrorCode DWSelfScatteringSetState(DWSelfScattering fs, const DWSelfScatteringState *state);
PetscErrorCode DWSelfScatteringView(DWSelfScattering fs, PetscViewer viewer);
