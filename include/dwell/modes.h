/* Normal modes of an inherent structure (DESIGN.md section 4 "Modes"; issue 14; [PRM21],
   [PRR20], [JCP23] IV.C).

   The harmonic expansion of the energy at a minimum, U = U_0 + (1/2) dx^T H dx, with unit
   masses, gives modes H e_k = lambda_k e_k and frequencies omega_k = sqrt(lambda_k) (lambda in
   eps/sigma^2, omega in (eps/(m sigma^2))^(1/2) = 1/tau). A DWModes computes the k lowest
   eigenpairs of the Hessian (a PETSc Mat, block size 3 for particles), the exact zero modes
   of the surface (the three translations) removed. Methods (-modes_type):
     sinvert  Krylov-Schur on (H - sigma I)^-1 (shift-and-invert, target sigma < 0 so that
              H - sigma I is positive definite at a minimum), the translations deflated with
              EPSSetDeflationSpace, factorised by MUMPS (Cholesky); the default;
     dense    every eigenpair by LAPACK through SLEPc (EPSLAPACK) on H + alpha sum_j v_j v_j^T,
              which moves the zero modes v_j above the spectrum (alpha > lambda_max; H v_j = 0),
              for N up to ~2000;
     lobpcg   LOBPCG (Knyazev 2001) with a preconditioner (-modes_st_pc_type, default jacobi),
              the translations deflated, for N where factorisation gets expensive;
     krylov   Krylov-Schur on H itself, smallest real eigenvalues, the translations deflated:
              finds negative eigenvalues wherever they lie (the saddle check's method).
   Per mode: the participation ratio P_k = 1 / (N sum_i |e_i^k|^4) ([PRR20] eq. 4; 1/N for
   one particle, 2/3 for a plane wave), the phonon order parameter O_k ([PRR20] eq. 3) against
   the plane waves u_i^{q,a} = s_a(q) exp(i q.r_0i) / sqrt(N) of the box, q = 2 pi n / L with
   0 < |n| <= -modes_phonon_nmax, a = L, T1, T2, summing the O_k^{q,a} >= N_m / (3N - 3)
   (N_m = -modes_phonon_nm, 100 in [PRR20]); and the quasi-localised flag omega_k <
   -modes_qlm_omega and P_k < -modes_qlm_pr (DESIGN.md: PR < 0.1). A negative eigenvalue
   (not a minimum) gives omega_k = -sqrt(|lambda_k|).

   Options are read once, by DWModesSetFromOptions, under the object's prefix (default
   "modes_": -modes_type, -modes_k; the EPS takes the same prefix: -modes_eps_tol,
   -modes_st_pc_factor_mat_solver_type), so two instances are configured separately. */
#pragma once
#include <petscmat.h>
#include <dwell/surface.h>

typedef struct _p_DWModes *DWModes;
typedef const char *DWModesType;
#define DWMODES_SINVERT "sinvert"
#define DWMODES_DENSE   "dense"
#define DWMODES_LOBPCG  "lobpcg"
#define DWMODES_KRYLOV  "krylov"

/* One mode: eigenvalue (eps/sigma^2), omega (1/tau, signed), P_k and O_k (1; O_k is NaN
   without positions and box), and the quasi-localised flag. */
typedef struct {
  PetscReal lambda, omega, P, O;
  PetscBool qlm;
} DWModeInfo;

/* Collective. SlepcInitialize on first use when the program called only PetscInitialize. */
PetscErrorCode DWModesInitializePackage(void);
/* Collective. Defaults: sinvert, k = 50, target -0.1 eps/sigma^2, EPS tolerance 1e-10,
   phonon n_max 4 and N_m 100, QLM thresholds omega < infinity and P_k < 0.1; prefix
   "modes_". */
PetscErrorCode DWModesCreate(MPI_Comm comm, DWModes *modes);
/* Collective. Frees the object, its EPS, modes and Hessian reference; *modes = NULL. */
PetscErrorCode DWModesDestroy(DWModes *modes);
/* Not collective. The options prefix of the object and of its EPS (e.g. "saddle_"). */
PetscErrorCode DWModesSetOptionsPrefix(DWModes modes, const char prefix[]);
PetscErrorCode DWModesAppendOptionsPrefix(DWModes modes, const char prefix[]);
PetscErrorCode DWModesGetOptionsPrefix(DWModes modes, const char *prefix[]);
/* Collective. The method by name (registry: DWModesRegister). */
PetscErrorCode DWModesSetType(DWModes modes, DWModesType type);
/* Not collective. */
PetscErrorCode DWModesGetType(DWModes modes, DWModesType *type);
/* Not collective. Number k of lowest modes (>= 1; at most n - number of zero modes, checked at
 * solve). */
PetscErrorCode DWModesSetNumModes(DWModes modes, PetscInt k);
/* Not collective. Quasi-localised: omega < omega_max and P_k < pr_max. */
PetscErrorCode DWModesSetQLMThresholds(DWModes modes, PetscReal omega_max, PetscReal pr_max);
/* Not collective. Plane waves of O_k: 0 < |n| <= nmax, counted when O_k^{q,a} >= Nm / (3N - 3). */
PetscErrorCode DWModesSetPhonon(DWModes modes, PetscInt nmax, PetscReal Nm);
/* Collective. Reads -P_type, -P_k, -P_qlm_omega, -P_qlm_pr, -P_phonon_nmax, -P_phonon_nm,
   -P_dos_omega_c, -P_dos_ct, -P_dos_phonon_o, -P_dos_bins (P the prefix) and the EPS's options
   -P_eps_..., -P_st_.... */
PetscErrorCode DWModesSetFromOptions(DWModes modes);
/* Collective on H. The Hessian (referenced) and its exact zero modes: nnull orthonormal
   vectors of n = global size reals each (replicated, copied). */
PetscErrorCode DWModesSetHessian(DWModes modes, Mat H, PetscInt nnull, const PetscReal null[]);
/* Not collective. The Hessian set (borrowed: not a new reference; NULL before one is set). */
PetscErrorCode DWModesGetHessian(DWModes modes, Mat *H);
/* Collective. The Hessian of the surface at x and the surface's zero modes; x (n reals,
   replicated) is kept as the positions of O_k. */
PetscErrorCode DWModesSetSurface(DWModes modes, DWSurface s, const PetscReal x[]);
/* Not collective. Positions r_0 (n reals, replicated, copied; blocks of 3) and the cubic box
   edge L (sigma) of the plane waves of O_k. */
PetscErrorCode DWModesSetPositions(DWModes modes, PetscReal L, const PetscReal x[]);
/* Collective. Checks k against the size of the Hessian (k <= n - zero modes: an error naming
   -Pk, 3N - 3 and N); called by DWModesSolve. */
PetscErrorCode DWModesSetUp(DWModes modes);
/* Collective. Solves for the k lowest modes (deflation space set before every solve) and
   analyses them. Errors with a hint when fewer than k converge. */
PetscErrorCode DWModesSolve(DWModes modes);
/* Not collective (these three). The number of modes of the last solve (k), sorted by
   eigenvalue; mode i's eigenvalue and its omega, P_k, O_k and QLM flag. */
PetscErrorCode DWModesGetNumModes(DWModes modes, PetscInt *k);
PetscErrorCode DWModesGetEigenvalue(DWModes modes, PetscInt i, PetscReal *lambda);
PetscErrorCode DWModesGetModeInfo(DWModes modes, PetscInt i, DWModeInfo *info);
/* Collective. Copies the unit eigenvector of mode i into e (layout of the Hessian). */
PetscErrorCode DWModesGetMode(DWModes modes, PetscInt i, Vec e);
/* Not collective. The modes with lambda < -tol (not a minimum) and the lowest eigenvalue. */
PetscErrorCode DWModesGetNumNegative(DWModes modes, PetscReal tol, PetscInt *nneg);
/* Collective. The number of eigenvalues of the Hessian below sigma (eps/sigma^2; the zero
   modes count when sigma > 0), exactly, from the inertia of the LDL^T factorisation of
   H - sigma I (MUMPS; *count = -1 when MUMPS has no Cholesky for the Mat type). */
PetscErrorCode DWModesCountBelow(DWModes modes, PetscReal sigma, PetscInt *count);
/* Collective. Method, k, and the solved modes (lambda, omega, P_k, O_k, QLM) as YAML. */
PetscErrorCode DWModesView(DWModes modes, PetscViewer viewer);
/* The density of states of the soft tail (src/modes/modesdos.c; [JCP23] sec. IV.C and Fig. 10,
   [PRR20] sec. II.B): D(omega) = (1/N) sum_k delta(omega - omega_k) per particle, from the
   computed modes, complete up to omega_max (the highest computed omega), and the fit
   D(omega) = A_4 omega^4 on 0 < omega < omega_c. omega_c (cutoff) is, in this order:
   -P_dos_omega_c if set ("dos_omega_c"); omega_t = 2 pi c_t / L ([JCP23] eq. 18) with c_t =
   -P_dos_ct (sigma/tau) and the box of DWModesSetPositions ("omega_t"); else the lowest
   computed phonon, the lowest mode with O_k >= -P_dos_phonon_o ("phonon"); else omega_max
   ("omega_max"); never above omega_max (clamped, "omega_max"). Estimator: the n modes of the
   window as a Poisson process of intensity N A_4 omega^4, A_4 = 5 n / (N omega_c^5) (maximum
   likelihood, unbiased), A4_err = A_4 / sqrt(n) (5 / (N omega_c^5) for n = 0).
   Units: omega in 1/tau, D in tau (per particle), A_4 in tau^5, tau = (m sigma^2/eps)^(1/2). */
typedef struct {
  PetscReal omega_c; /* the window's upper edge */
  char cutoff[16];   /* where omega_c comes from (see above) */
  PetscInt n, N;     /* modes in the window; particles */
  PetscReal A4, A4_err;
} DWModesA4Fit;
/* Not collective. omega_c (0: not set), c_t (0: not set), the O_k of a phonon (in (0, 1]),
   the number of histogram bins; defaults 0, 0, 0.5, 10. */
PetscErrorCode DWModesSetDOS(DWModes modes, PetscReal omega_c, PetscReal c_t, PetscReal O_phonon,
                             PetscInt nbins);
/* Not collective (the modes are known on every rank). The A_4 fit of the last solve. */
PetscErrorCode DWModesFitA4(DWModes modes, DWModesA4Fit *fit);
/* Not collective. The histogram of the solved omega > 0 in *nbins equal bins of [0, omega_max]:
   count[b] modes and D[b] = count[b] / (N domega) (count, D: *nbins entries, or NULL to get
   *nbins and omega_max only). */
PetscErrorCode DWModesGetDOS(DWModes modes, PetscInt *nbins, PetscReal *omega_max, PetscInt count[],
                             PetscReal D[]);
/* Collective. omega_max, the bins and the A_4 fit as YAML (key dos). */
PetscErrorCode DWModesViewDOS(DWModes modes, PetscViewer viewer);
/* Not collective. The A_4 fit of k frequencies omega (those <= 0 ignored) of N particles on
   0 < omega < omega_c: the estimator above, for any spectrum. */
PetscErrorCode DWDOSFitA4(PetscInt k, const PetscReal omega[], PetscInt N, PetscReal omega_c,
                          DWModesA4Fit *fit);
/* Registry: a method is one file (its create function configures the EPS and fills the
   ops table) plus one line in DWModesRegisterAll. Not collective. */
PetscErrorCode DWModesRegister(const char name[], PetscErrorCode (*create)(DWModes));
PetscErrorCode DWModesRegisterAll(void);
PetscErrorCode DWModesListTypes(const char sep[], char buf[], size_t len);
