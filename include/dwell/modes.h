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
     lobpcg   LOBPCG (Knyazev 2001) preconditioned on H - sigma I, sigma = -0.1 (-modes_st_pc_type,
              default gamg: algebraic multigrid on the 3 x 3 blocks), the translations deflated,
              for N where factorisation gets expensive; DWModesSolve stops with an error once a
              Rayleigh quotient falls below sigma (a negative eigenvalue: not a minimum, and
              H - sigma I indefinite);
     krylov   Krylov-Schur on H itself, smallest real eigenvalues, the translations deflated:
              finds negative eigenvalues wherever they lie (the saddle check's method).
   Per mode: the participation ratio P_k = 1 / (N sum_i |e_i^k|^4) ([PRR20] eq. 4; 1/N for
   one particle, 2/3 for a plane wave), the phonon order parameter O_k ([PRR20] eq. 3) against
   the plane waves u_i^{q,a} = s_a(q) exp(i q.r_0i) / sqrt(N) of the box, q = 2 pi n / L (a
   triclinic box: q = 2 pi h^-T n, DWModesSetBoxTilt) with
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
#include <dwell/dw.h>

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
/* Not collective. Positions r_0 (n reals, replicated, copied; blocks of 3) and the box edge L
   (sigma) of the plane waves of O_k; the box is a cube until DWModesSetBoxTilt. */
PetscErrorCode DWModesSetPositions(DWModes modes, PetscReal L, const PetscReal x[]);
/* Not collective. After DWModesSetPositions: the tilts (xy, xz, yz) (sigma, each within +-L/2;
   include/dwell/box.h) of the box of the positions, whose plane waves of O_k then have the
   reciprocal-lattice wave vectors q = 2 pi h^-T n (DWBoxReciprocal). */
PetscErrorCode DWModesSetBoxTilt(DWModes modes, const PetscReal tilt[3]);
/* Not collective. DWModesSetBoxTilt with the tilts of sys (after DWModesSetPositions). */
PetscErrorCode DWModesSetSystemBoxTilt(DWModes modes, DWSystem sys);
/* Collective. Checks k against the size of the Hessian (k <= n - zero modes: an error naming
   -Pk, 3N - 3 and N) and sets the eigensolver up (sinvert: factorises H - sigma I); called
   by DWModesSolve, which then does not repeat it. */
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
/* Collective. The unit eigenvector of mode i replicated: n reals on every rank (e.g. the start
   of a nonlinear mode, dwell/nlmode.h). */
PetscErrorCode DWModesGetModeReplicated(DWModes modes, PetscInt i, PetscReal e[]);
/* Not collective. The modes with lambda < -tol (not a minimum) and the lowest eigenvalue. */
PetscErrorCode DWModesGetNumNegative(DWModes modes, PetscReal tol, PetscInt *nneg);
/* Collective. The number of eigenvalues of the Hessian below sigma (eps/sigma^2; the zero
   modes count when sigma > 0), exactly, from the inertia of the LDL^T factorisation of
   H - sigma I (MUMPS; *count = -1 when MUMPS has no Cholesky for the Mat type). */
PetscErrorCode DWModesCountBelow(DWModes modes, PetscReal sigma, PetscInt *count);
/* Not collective. Whether the method holds an LDL^T factor of H - sigma I (sinvert with MUMPS:
   the factor of shift-and-invert, made by DWModesSetUp, sigma its target), and that sigma:
   DWModesCountBelow at sigma then costs no factorisation. */
PetscErrorCode DWModesGetFactorShift(DWModes modes, PetscBool *has, PetscReal *sigma);
/* Collective. Method, k, and the solved modes (lambda, omega, P_k, O_k, QLM) as YAML. */
PetscErrorCode DWModesView(DWModes modes, PetscViewer viewer);
/* Overlaps of a displacement field r (n reals, replicated, the layout of the positions:
   particle i = block i of 3) with the solved modes e_k ([PRM21] eqs. 7 and 8):
     c_k = |r . e_k| / (|r| |e_k|)                                        (eq. 7),
     a_k = sum_i |r_i| |e_k,i| / sqrt(sum_i |r_i|^2 sum_i |e_k,i|^2)       (eq. 8),
   with r_i, e_k,i the 3-vectors of particle i (a_k ignores polarisation: 0 <= c_k <= a_k <= 1).
   [PRM21] sec. IV: c = max_k c_k, and the linear mode of largest overlap (c or a). c2sum =
   sum_k c_k^2 is the fraction of |r|^2 in the span of the computed modes (1 with all 3N - 3
   modes when r has no translation; below 1 when only the k lowest are computed). Invariant
   under r -> s r (s != 0). A zero field gives NaN overlaps and indices -1. */
typedef struct {
  PetscReal c, a;         /* max_k c_k, max_k a_k */
  PetscInt kc, ka;        /* 0-based index (ascending omega) of the mode of largest c_k, a_k */
  PetscReal omega_c, P_c; /* omega (1/tau) and P_k of mode kc */
  PetscReal omega_a, P_a; /* omega and P_k of mode ka */
  PetscReal c2sum;        /* sum_k c_k^2 */
} DWModesOverlapResult;
/* Collective (one reduction on the modes' communicator; r identical on every rank). Per-mode
   c_k and a_k into ck[] and ak[] (k = DWModesGetNumModes entries each, replicated) when not
   NULL. Errors before a solve. */
PetscErrorCode DWModesOverlap(DWModes modes, const PetscReal r[], PetscReal ck[], PetscReal ak[],
                              DWModesOverlapResult *res);
/* Collective on e's communicator. c and a (eqs. 7, 8) of a field r (n reals, replicated) with
   one vector e (distributed in whole blocks of bs coordinates, any norm): the overlaps of a
   nonlinear mode (dwell/nlmode.h). NaN when r or e is zero. */
PetscErrorCode DWModesFieldOverlap(Vec e, const PetscReal r[], PetscInt bs, PetscReal *c,
                                   PetscReal *a);

/* The Hessian along a minimum energy path ([JCP23] sec. II.E and App. C: orthogonally to the
   MEP the dynamics must be harmonic and nearly independent of the reaction coordinate for the
   1D reduction of the tunnelling problem to hold). At each image x_j (j < M) with unit tangent
   t_j, the k lowest eigenvalues (k = DWModesSetNumModes) of H(x_j) projected orthogonally to
   t_j and to the surface's zero modes (the translations): P H P on the complement,
   P = I - t t^T - sum_a v_a v_a^T (t orthogonalised against the v_a first). The projection is
   the modes' deflation space, so the method must be one that works on the complement exactly:
   krylov, lobpcg or dense (sinvert is refused: (H - sigma I)^-1 does not keep the complement
   of a t that is not an eigenvector). The [JCP23] Fig. 13 eigenvalues of H itself at the
   images are those of the same DWModes without the tangent (DWModesSetSurface + Solve).
   images: M x n positions (replicated), tangents: M x n (replicated, any norm, or NULL for the
   central differences of DWModesPathTangents); out: lambda_perp (M x k, eps/sigma^2,
   ascending per image) and, if not NULL, lambda_t (M: t^T H t, the curvature along the
   tangent, eps/sigma^2). Collective on the surface's communicator. */
PetscErrorCode DWModesPathHessian(DWModes modes, DWSurface s, PetscInt M, const PetscReal images[],
                                  const PetscReal tangents[], PetscReal lambda_perp[],
                                  PetscReal lambda_t[]);
/* Not collective. Unit tangents of a path by differences of the images (the surface's
   difference operator: minimum image for particles): the derivative at x_j of the quadratic
   through x_j and its two neighbours (the two nearest images at an end), parametrised by the
   distances between images, second order also for unequal spacing; pointing from x_0 to
   x_{M-1}; the plain difference when M = 2. */
PetscErrorCode DWModesPathTangents(DWSurface s, PetscInt M, const PetscReal images[],
                                   PetscReal tangents[]);
/* Collective. DWModesPathHessian on the images of a double-well record (dw->images must be
   kept: -neb_keep_images): fills dw->path_hessian_k, dw->path_lambda_perp (M x k),
   dw->path_lambda_t (M) and the scalar columns path_lambda_perp_min (the smallest orthogonal
   eigenvalue over the images), its image path_lambda_perp_image and path_lambda_perp_max
   (the largest, over the images, of each image's lowest orthogonal eigenvalue). */
PetscErrorCode DWDoubleWellPathHessian(DWModes modes, DWSurface s, DWDoubleWell *dw);
/* Collective. The DWModes of `dwell neb -neb_path_hessian k` and of the campaign key
   neb_path_hessian: k eigenvalues per image, prefix path_hessian_ (-path_hessian_type krylov
   by default, lobpcg or dense; -path_hessian_eps_...), options read now; sinvert is refused
   here, before any work. The caller destroys it. */
PetscErrorCode DWModesCreatePathHessian(MPI_Comm comm, PetscInt k, DWModes *modes);

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
