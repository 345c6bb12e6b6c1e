/* Nonlinear (cubic) modes of a minimum ([PRM21] sec. II.C, eqs. 5-6; Gartner and Lerner,
   SciPost Phys. 1, 016 (2016); issue 15).

   With M the Hessian and U the third derivatives of the energy at a minimum x_0, the energy
   along a unit direction pi is, to third order,
     V(x_0 + s pi) - V(x_0) = kappa s^2 / 2 + U3 s^3 / 6,   kappa = M:pi pi, U3 = U:pi pi pi,
   whose barrier (the maximum at s* = -2 kappa / U3) is
     V_3 = kappa s*^2 / 2 + U3 s*^3 / 6 = 2 kappa^3 / U3^2 - (4/3) kappa^3 / U3^2
         = 2 kappa^3 / (3 U3^2),
   invariant under pi -> a pi. A cubic nonlinear mode is a stationary point of V_3 over the
   directions ("vectors that minimize the energy barrier in the third-order approximation",
   [PRM21] sec. II.C): d/dpi (kappa^3 / U3^2) = 6 kappa^2 M pi / U3^2 - 6 kappa^3 U:pi pi /
   U3^3 = 0 gives [PRM21] eq. 5,
     M pi = (M:pi pi / U:pi pi pi) U:pi pi,
   found by the fixed-point iteration of eq. 6,
     pi <- (M:pi pi / U:pi pi pi) M^-1 U:pi pi,  then normalised,
   from a start pi_0 (r_AB / |r_AB|, [PRM21] Fig. 7, or the softest linear mode, Fig. 8),
   until |pi_{n+1} - pi_n| < rtol (the map is homogeneous of degree 1 and keeps the sign, so a
   fixed point of the normalised map solves eq. 5). M^-1 is a PETSc KSP (CG, default PC
   incomplete Cholesky, block Jacobi in parallel) on the complement of the exact zero modes of
   M (the translations), which are projected out of the start, of U:pi pi and of every solution;
   no dense inverse. The iteration is a local method: it converges to one of the modes, not
   necessarily the one closest to the start ([PRM21] sec. II.C), or not at all (on the
   separable test surfaces V = sum_k k_k y_k^2 / 2 + a_k y_k^3 / 6 it maps y_k -> (a_k / k_k)
   y_k^2: the single-coordinate modes, local minima of V_3, attract quadratically, the mixed
   ones, maxima of V_3, repel).

   Outcome (DWNLModeReason): converged; the cap -P_maxit reached; U:pi pi pi = 0 along the
   current pi (harmonic there, eq. 6 undefined: with U:pi pi = 0 the next pi is 0); M:pi pi <= 0
   or CG meeting negative curvature (the configuration is not a minimum); the KSP failing; a
   2-cycle pi_a -> pi_b -> pi_a of the map (seen at inherent structures of glasses: the plain
   iteration is not a contraction everywhere), stopped as soon as it closes. These
   are reported in the result, not raised: DWNLModeSolve errors only on bad input (a zero start,
   a start in the null space, no Hessian, a particle configuration whose forces exceed -P_gtol).

   Units: kappa in eps/sigma^2, U3 in eps/sigma^3, V_3 in eps (pi a unit 3N-vector of sigma);
   P (participation ratio, [PRM21] eq. 4) and the overlaps c, a ([PRM21] eqs. 7, 8) are pure
   numbers.

   Options, read by DWNLModeSetFromOptions under the prefix (default "nlmode_"): -P_rtol,
   -P_maxit, -P_gtol, and the KSP's -P_ksp_..., -P_pc_.... */
#pragma once
#include <petscksp.h>
#include <dwell/potential.h>
#include <dwell/modes.h>

typedef struct _p_DWNLMode *DWNLMode;

/* Third-order contractions along p (n reals, replicated on every rank): Upp = U:pp (n reals,
   every rank) and *Uppp = U:ppp. Not collective (called on every rank with the same p). */
typedef PetscErrorCode (*DWNLModeThirdOrderFn)(void *ctx, const PetscReal p[], PetscReal Upp[],
                                               PetscReal *Uppp);

typedef enum {
  DW_NLMODE_CONVERGED             = 1,
  DW_NLMODE_ITERATING             = 0,
  DW_NLMODE_DIVERGED_MAXIT        = -1, /* -P_maxit iterations without |change| < rtol */
  DW_NLMODE_DIVERGED_HARMONIC     = -2, /* U:pi pi pi = 0 along pi: eq. 6 undefined */
  DW_NLMODE_DIVERGED_INDEFINITE   = -3, /* M:pi pi <= 0 or CG met negative curvature */
  DW_NLMODE_DIVERGED_LINEAR_SOLVE = -4, /* the KSP did not converge */
  DW_NLMODE_DIVERGED_CYCLE        = -5  /* |pi_{n+1} - pi_{n-1}| < min(rtol, 1e-3 |pi_{n+1} -
                                           pi_n|): a 2-cycle of eq. 6, no fixed point */
} DWNLModeReason;
/* Not collective. "converged", "maxit", "harmonic", "indefinite", "linear_solve", "cycle",
   "iterating". */
const char *DWNLModeReasonName(DWNLModeReason reason);

/* The last solve. pi is unit; kappa, U3, V3 and P are those of the returned pi. */
typedef struct {
  PetscReal kappa;  /* M:pi pi (eps/sigma^2) */
  PetscReal U3;     /* U:pi pi pi (eps/sigma^3) */
  PetscReal V3;     /* cubic barrier 2 kappa^3 / (3 U3^2) (eps); inf when U3 = 0 */
  PetscReal P;      /* participation ratio of pi ([PRM21] eq. 4) */
  PetscReal change; /* |pi_n - pi_{n-1}| of the last iteration (1) */
  PetscInt its;     /* iterations of eq. 6 done */
  PetscInt ksp_its; /* CG iterations, all solves */
  DWNLModeReason reason;
} DWNLModeResult;

/* Collective. Defaults: rtol 1e-8, maxit 200, gtol 1e-6 eps/sigma, KSP CG with relative
   tolerance 1e-12, prefix "nlmode_". */
PetscErrorCode DWNLModeCreate(MPI_Comm comm, DWNLMode *nlm);
/* Collective. Frees the object, its KSP, the Hessian reference and the mode; *nlm = NULL. */
PetscErrorCode DWNLModeDestroy(DWNLMode *nlm);
/* Not collective. The options prefix of the object and of its KSP. */
PetscErrorCode DWNLModeSetOptionsPrefix(DWNLMode nlm, const char prefix[]);
PetscErrorCode DWNLModeGetOptionsPrefix(DWNLMode nlm, const char *prefix[]);
/* Not collective. |pi_{n+1} - pi_n| < rtol (0 < rtol < 1) within maxit (>= 1) iterations. */
PetscErrorCode DWNLModeSetTolerances(DWNLMode nlm, PetscReal rtol, PetscInt maxit);
/* Collective. Reads -P_rtol, -P_maxit, -P_gtol and the KSP's options (-P_ksp_..., -P_pc_...). */
PetscErrorCode DWNLModeSetFromOptions(DWNLMode nlm);
/* Collective on H. The Hessian M (referenced; its block size is that of P) and its exact zero
   modes: nnull orthonormal vectors of n reals each (replicated, copied). */
PetscErrorCode DWNLModeSetHessian(DWNLMode nlm, Mat H, PetscInt nnull, const PetscReal null[]);
/* Not collective. The third-order contractions at the point of the Hessian. */
PetscErrorCode DWNLModeSetThirdOrder(DWNLMode nlm, DWNLModeThirdOrderFn fn, void *ctx);
/* Collective on sys. The particle minimum: the Hessian of pot at the positions of sys, the
   three translations as zero modes, the third order of pot (DWPotentialComputeThirdOrder) and
   the force check |F|_inf <= -P_gtol of DWNLModeSolve. pot and sys are referenced by pointer:
   they must outlive the solves and the positions must not change. */
PetscErrorCode DWNLModeSetPotential(DWNLMode nlm, DWPotential pot, DWSystem sys);
/* Not collective. After DWNLModeSetPotential: |F|_inf at the positions (eps/sigma) and the
   -P_gtol that DWNLModeSolve checks it against (fmax = -1 without a particle system). */
PetscErrorCode DWNLModeGetForceNorm(DWNLMode nlm, PetscReal *fmax, PetscReal *gtol);
/* Collective. The iteration of eq. 6 from start (n reals, replicated, any norm; its zero-mode
   part is removed). Errors on bad input (see above); any other outcome is in the result. */
PetscErrorCode DWNLModeSolve(DWNLMode nlm, const PetscReal start[]);
/* Not collective. */
PetscErrorCode DWNLModeGetResult(DWNLMode nlm, DWNLModeResult *res);
/* Collective. The unit mode pi of the last solve, replicated (n reals on every rank). */
PetscErrorCode DWNLModeGetMode(DWNLMode nlm, PetscReal pi[]);
/* Collective. c and a ([PRM21] eqs. 7, 8; DWModesFieldOverlap) of a field r (n reals,
   replicated) with pi; NaN for a zero field. */
PetscErrorCode DWNLModeOverlap(DWNLMode nlm, const PetscReal r[], PetscReal *c, PetscReal *a);
/* Collective. Settings and the result as YAML (keys nlmode_rtol, ..., kappa, U3, V3, P, its,
   converged, reason, units). */
PetscErrorCode DWNLModeView(DWNLMode nlm, PetscViewer viewer);
/* Collective on sys. The nonlinear-mode file of `dwell nlmode` (src/io/nlmodefile.c), written
   by rank 0: the configuration (/config), the mode (/nlmode/pi, N x 3), kappa, U3, V3, P,
   its, converged, reason, the start and the overlaps c, a with the fields named in names[]
   (nfields values each; NaN when a field is absent), units and descriptions as attributes. */
PetscErrorCode DWNLModeWriteFile(DWNLMode nlm, DWSystem sys, const char start[], PetscInt nfields,
                                 const char *const names[], const PetscReal c[],
                                 const PetscReal a[], const char path[]);
