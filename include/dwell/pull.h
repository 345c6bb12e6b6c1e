/* Mode pulling ([PRR20] sec. II.C and III, eqs. 5-10, App. A eq. A3, Table I; issue 15).

   For mode k of an inherent structure r_0 (unit eigenvector e^k, eigenvalue lambda_k =
   omega_k^2), the particles are pulled to
     r_i = r_0i + A sqrt(N) e_i^k                                             (eq. 5)
   (A in sigma: the rms displacement) and the energy is minimised; the result either returns
   to r_0 or is a different IS r_1 (the identity test of the IS library, DWISSame: energy per
   particle within tol_e and largest particle displacement, mean removed, within tol_x).
   A_c, the smallest A that transitions, is found by bracketing then bisection until
   A_hi - A_lo <= rtol A_hi: the start is the cubic-expansion estimate of eq. A3 (clamped to
   [a_min, a_max]; -P_a0 when eq. A3 gives no positive value or there is no third order), the
   bracket grows (shrinks) by factors g, g^2, g^3, ... (g = -P_grow), and bisection takes the
   geometric mean while A_hi / A_lo > 2, the arithmetic mean after. Reported: A_c = A_hi and A_lo
   (sigma), and at the transition |dr|      = sqrt(sum_i |r_1i - r_0i|^2) (eq. 6, sigma), |dPhi| =
   |Phi(r_1) - Phi(r_0)|                                         (eq. 7, eps), dPhi_barrier =
   Phi(r_0 + A_c sqrt(N) e^k) - Phi(r_0)                      (eq. 8, eps: the energy of the pulled
   configuration at A_c, not a saddle, as the paper says), N_rearr   = (sum_i |dr_i|^2)^2 / sum_i
   |dr_i|^4                           (eq. 9), I         = |sum_i dr_i . e_i^k| / sqrt(sum_i
   |dr_i|^2)                    (eq. 10), with dr_i = r_1i - r_0i (minimum image, the mean
   displacement removed: a translation is no rearrangement); the decay exponent a of |dr_i| ~ r^-a
   ([PRR20] Fig. 9b), r the distance from the most displaced particle, by least squares of log
   |dr_i| on log r over the particles with -P_decay_rmin <= r <= L/2 (NaN with fewer than 3 of them
   or without a periodic box); and A_c^(3) = -2 kappa / (tau sqrt(N)),  kappa = e.H e = lambda_k,
   tau = U:eee  (eq. A3), the saddle of the cubic expansion (A1). T_c = 2 min_k dPhi_barrier over
   the modes that transitioned ([PRR20] sec. III.A, Table I; eps/k_B).

   Direction. The sign of an eigenvector is arbitrary; [PRR20] pulls along +e^k with A > 0 and
   notes that tau "should be negative" for eq. A3. -P_sign tau (default) flips e^k so that
   tau <= 0 (the side where the cubic term lowers the energy, A_c^(3) > 0); plus and minus
   pull along +e^k or -e^k as given; both pulls both ways and keeps the smaller A_c.

   Overlap ([PRR20] sec. II.C: "some pairs of particles largely overlap ... We disregarded these
   cases"): before any minimisation, the A_ov where some pair first comes closer than
   -P_overlap times its s_ij (DWPotentialGetPairScale: sigma_ab, or the pss diameter) along
   the line is found (energy-free, to rtol); the search never pulls beyond min(A_ov, a_max).
   A mode that reaches it without transition is flagged "overlap" and has no A_c.

   Outcome per mode (DWPullReason): transition (A_c found), overlap, amax (no transition up to
   -P_amax without overlap), amin (a transition already at -P_amin: A_c < a_min), minimize
   (a minimisation did not converge; the mode is skipped).

   DWPull works on a DWSurface (energy, minimiser, difference operator; dwell/surface.h), so the
   tests pull on analytic surfaces; DWPullSetPotential sets the particle surface of a potential
   with its third order, pair scales and box. Options under the prefix (default "pull_"):
   -P_rtol, -P_grow, -P_a0, -P_amin, -P_amax, -P_sign, -P_overlap, -P_tol_e, -P_tol_x,
   -P_gtol, -P_decay_rmin, -P_curve.

   Sequential and replicated like DWSurface: every rank pulls the same modes with the same
   results (calls are collective on the communicator only where noted). */
#pragma once
#include <dwell/surface.h>
#include <dwell/modes.h>
#include <dwell/nlmode.h>

typedef struct _p_DWPull *DWPull;

typedef enum {
  DW_PULL_TRANSITION = 1,  /* A_c found */
  DW_PULL_OVERLAP    = -1, /* a pair closer than -P_overlap s_ij before any transition */
  DW_PULL_AMAX       = -2, /* no transition up to -P_amax */
  DW_PULL_AMIN       = -3, /* a transition already at -P_amin */
  DW_PULL_MINIMIZE   = -4  /* a minimisation did not converge */
} DWPullReason;
/* Not collective. "transition", "overlap", "amax", "amin", "minimize". */
const char *DWPullReasonName(DWPullReason reason);

typedef enum {
  DW_PULL_SIGN_TAU,
  DW_PULL_SIGN_PLUS,
  DW_PULL_SIGN_MINUS,
  DW_PULL_SIGN_BOTH
} DWPullSign;

/* One pulled mode. NaN where not defined (no transition; no positions for the decay). */
typedef struct {
  PetscInt mode;       /* index of the mode (0: the softest) */
  PetscReal lambda;    /* omega_k^2 = kappa (eps/sigma^2) */
  PetscReal omega;     /* (1/tau) */
  PetscReal P, O;      /* participation ratio, phonon order parameter ([PRR20] eqs. 3, 4) */
  PetscReal tau;       /* U:eee along the pulled direction (eps/sigma^3) */
  PetscInt sign;       /* +1: pulled along +e^k, -1: along -e^k */
  PetscReal Ac_cubic;  /* eq. A3 along the pulled direction (sigma; <0: the cubic saddle is on the
                          other side; inf when tau = 0) */
  PetscReal A_ov;      /* where the overlap starts along the pulled direction (sigma; inf: none) */
  PetscReal Ac, Ac_lo; /* smallest A seen to transition, largest A seen to return (sigma) */
  PetscReal dr;        /* |dr|, eq. 6 (sigma) */
  PetscReal dPhi;      /* Phi(r_1) - Phi(r_0) (eps; eq. 7 is its absolute value) */
  PetscReal barrier;   /* dPhi_barrier, eq. 8 (eps) */
  PetscReal Nrearr;    /* eq. 9 */
  PetscReal Idir;      /* I of eq. 10 (the name I is C99 complex) */
  PetscReal decay;     /* a of |dr_i| ~ r^-a */
  PetscInt nmin;       /* minimisations of this mode */
  PetscInt nevals;     /* energy/force evaluations of this mode (minimisations included) */
  DWPullReason reason;
} DWPullResult;

/* The columns of a result, for the files that store it: the reals at their offset in
   DWPullResult (DW_PULL_NREALS), then DW_PULL_NINTS integers (mode, sign, nmin, nevals, reason), as
   DWPullResultInts gives them (src/modes/pullfields.c). */
typedef struct {
  const char *name, *units, *description;
  size_t offset; /* of a PetscReal in DWPullResult (reals only) */
} DWPullField;
#define DW_PULL_NREALS 15
#define DW_PULL_NINTS  5
extern const DWPullField DWPullRealFields[DW_PULL_NREALS];
extern const DWPullField DWPullIntFields[DW_PULL_NINTS];
void DWPullResultInts(const DWPullResult *r, PetscInt v[DW_PULL_NINTS]);

/* Collective. Defaults: rtol 1e-3, grow 2, a0 1e-2, amin 1e-7, amax 1 (sigma), sign tau,
   overlap 0.7 (the -init_min_distance of random configurations), tol_e DW_IS_ENERGY_TOL, tol_x
   DW_IS_DISPLACEMENT_TOL, gtol 1e-6 eps/sigma, decay_rmin 2 sigma, curve 0 points; prefix "pull_".
 */
PetscErrorCode DWPullCreate(MPI_Comm comm, DWPull *pull);
/* Collective. Frees the object, its results and final states; *pull = NULL. */
PetscErrorCode DWPullDestroy(DWPull *pull);
/* Not collective. */
PetscErrorCode DWPullSetOptionsPrefix(DWPull pull, const char prefix[]);
PetscErrorCode DWPullGetOptionsPrefix(DWPull pull, const char *prefix[]);
/* Not collective. A_hi - A_lo <= rtol A_hi, 0 < rtol < 1. */
PetscErrorCode DWPullSetTolerance(DWPull pull, PetscReal rtol);
/* Not collective. The direction rule (see above). */
PetscErrorCode DWPullSetSign(DWPull pull, DWPullSign sign);
/* Collective. Reads the options above; errors name the option and its value. */
PetscErrorCode DWPullSetFromOptions(DWPull pull);
/* Collective on s. The surface (referenced by pointer: it must outlive the pulls) and the IS x0
   (n reals, replicated, copied). Blocks of bs = 3 are particles (N = n / 3). */
PetscErrorCode DWPullSetSurface(DWPull pull, DWSurface s, const PetscReal x0[]);
/* Not collective. The third-order contraction of eq. A2 (tau = U:eee; without it Ac_cubic is
   NaN and the search starts at -P_a0). */
PetscErrorCode DWPullSetThirdOrder(DWPull pull, DWNLModeThirdOrderFn fn, void *ctx);
/* Not collective. The overlap test: *rmin = min over pairs of r_ij / s_ij at positions x (NULL
   fn: no overlap test), and the cubic box edge L of the decay fit (<= 0: none). */
PetscErrorCode
DWPullSetOverlap(DWPull pull, PetscErrorCode (*fn)(void *ctx, const PetscReal x[], PetscReal *rmin),
                 void *ctx, PetscReal L);
/* Collective on sys. Pulls on the particle surface of pot at the positions of sys, minimised
   by min: the surface, the third order of pot (DWPotentialComputeThirdOrder), the pair-scale
   overlap test and the box. pot, sys and min must outlive the pulls. */
PetscErrorCode DWPullSetPotential(DWPull pull, DWPotential pot, DWSystem sys, DWMinimizer min);
/* Collective. Checks the start: |grad V|_inf <= -P_gtol (a minimum), an error naming the value
   otherwise; computes Phi(r_0). Called by the first pull if not before. */
PetscErrorCode DWPullSetUp(DWPull pull);
/* Collective. Pulls along the unit vector e (n reals, replicated) with e.H e = lambda; info
   (may be NULL) gives omega, P_k, O_k. The result is appended (DWPullGetResult) and, after a
   transition, the final IS r_1 is kept (DWPullGetFinalState). */
PetscErrorCode DWPullMode(DWPull pull, PetscInt mode, const PetscReal e[], PetscReal lambda,
                          const DWModeInfo *info);
/* Collective. Pulls the solved modes idx[0..n) of modes (each < DWModesGetNumModes and >= 0,
   else an error naming the index). */
PetscErrorCode DWPullModes(DWPull pull, DWModes modes, PetscInt n, const PetscInt idx[]);
/* Not collective. Number of pulled modes; result j (in the order pulled). */
PetscErrorCode DWPullGetNumResults(DWPull pull, PetscInt *n);
PetscErrorCode DWPullGetResult(DWPull pull, PetscInt j, DWPullResult *res);
/* Not collective. The final IS r_1 of result j (n reals, borrowed, NULL without transition)
   and its energy Phi(r_1) (eps): with r_0, a double-well candidate. */
PetscErrorCode DWPullGetFinalState(DWPull pull, PetscInt j, const PetscReal *x1[], PetscReal *V1);
/* Not collective. The unit direction sign e^k that result j pulled along (n reals, borrowed). */
PetscErrorCode DWPullGetDirection(DWPull pull, PetscInt j, const PetscReal *d[]);
/* Not collective. Phi(r_0) (eps) and the IS r_0 (borrowed). */
PetscErrorCode DWPullGetStart(DWPull pull, PetscReal *V0, const PetscReal *x0[]);
/* Not collective. T_c = 2 min dPhi_barrier over the transitions (eps/k_B; NaN without any) and
   the index j of that result (-1). */
PetscErrorCode DWPullGetTc(DWPull pull, PetscReal *Tc, PetscInt *j);
/* Not collective. The curve of result j (-P_curve m > 0): m values A_l = l A_c (2 / m),
   l = 1..m (sigma), with |dr| (sigma) and Phi(r_1) - Phi(r_0) (eps) after minimisation from
   each ([PRR20] Fig. 2); *m = 0 without a curve. Borrowed arrays. */
PetscErrorCode DWPullGetCurve(DWPull pull, PetscInt j, PetscInt *m, const PetscReal *A[],
                              const PetscReal *dr[], const PetscReal *dPhi[]);
/* Collective. Settings, the results and T_c as YAML. */
PetscErrorCode DWPullView(DWPull pull, PetscViewer viewer);
/* Collective on sys. The pull file of `dwell pull` (src/io/pullfile.c), written by rank 0: the
   IS (/config), per-mode columns under /pull with units and descriptions, T_c, and the final
   states (/pull/x1, n_transitions x N x 3) with their row index. */
PetscErrorCode DWPullWriteFile(DWPull pull, DWSystem sys, const char path[]);
