/* Elastic moduli of an inherent structure ([JCP23] section IV.C, eq. 17). */
#pragma once
#include <dwell/minimizer.h>
#include <dwell/potential.h>
#include <dwell/modes.h>

/* ---- AQS (strain-driven) ------------------------------------------------------------------
   Athermal quasistatic deformation ([JCP23] IV.C): from an inherent structure (IS), nsteps
   affine strain steps, each followed by a minimisation at fixed box with `min` (its options,
   e.g. -min_ftol), record the stress-strain curve and fit the modulus as the least-squares
   slope over the elastic regime: the points from zero strain up to the last one before the
   first plastic drop (a decrease of the stress), [JCP23] eq. 17.

   Sign conventions. The virial tensor W_ab = -sum_{i<j} phi'(r) r_a r_b / r
   (DWPotentialComputeVirialTensor). The shear stress is sigma_xy = -W_xy / V = (1/V) dU/dgamma
   (tension positive: it grows with gamma in an elastic solid); LAMMPS's pxy at T = 0 is
   W_xy / V = -sigma_xy. The pressure is p = (W_xx + W_yy + W_zz) / (3 V) (configurational,
   T = 0), as LAMMPS's press.

   Both are collective on sys's communicator (every rank computes the same, replicated); sys is
   not modified (the deformation runs on a copy). Errors, before any work, naming the value: a
   strain step <= 0, nsteps < 2, a start that is not a minimum (|F|_inf > 100 x the
   minimiser's tolerance); and when a step's minimisation does not converge. */

/* Simple shear with Lees-Edwards (sheared periodic) boundaries: at each step
   x_i += dgamma y_i for every particle and the box h -> (1 + dgamma e_x e_y^T) h (tilt
   xy += dgamma L, xz += dgamma yz). sigma_xy[k] (nsteps + 1 values, may be NULL) is the shear
   stress (eps/sigma^3) at gamma = k dgamma; G (eps/sigma^3) is the slope d sigma_xy / d gamma
   and G_err its standard error from the fit's residuals (0 with two points). Errors unless the
   final tilt stays within L/2 (nsteps dgamma + |xy| / L <= 1/2). */
PetscErrorCode DWElasticAQSShear(DWPotential pot, DWSystem sys, DWMinimizer min, PetscReal dgamma,
                                 PetscInt nsteps, PetscReal sigma_xy[], PetscReal *G,
                                 PetscReal *G_err);
/* Hydrostatic compression: at each step every position, the edge L and the tilts scale by
   (1 - deps). p[k] (nsteps + 1 values, may be NULL) is the pressure (eps/sigma^3) at the
   volumetric strain e_k = -ln(V_k / V_0) = -3 k ln(1 - deps); K (eps/sigma^3) is the slope
   dp/de = -V dp/dV and K_err its standard error. */
PetscErrorCode DWElasticAQSBulk(DWPotential pot, DWSystem sys, DWMinimizer min, PetscReal deps,
                                PetscInt nsteps, PetscReal p[], PetscReal *K, PetscReal *K_err);
/* ---- end AQS (strain-driven) ------------------------------------------------------------ */

/* ---- DWElastic: the exact zero-strain moduli from the Hessian (src/modes/elastic*.c) ----

   At T = 0 the elastic constants of a minimum are the Born term minus the non-affine
   correction (Lutsko, J. Appl. Phys. 65, 2991 (1989); Lemaitre and Maloney, J. Stat. Phys. 123,
   415 (2006), eq. 16):
     C_abcd = C^Born_abcd - Xi_ab . H^+ Xi_cd / V,
   C^Born = (1/V) d^2U/deta deta at fixed reference positions, Xi = d^2U/dx deta (the pair
   sums of DWPotentialComputeStrainDerivatives, Lagrangian strain eta), H^+ the Hessian's
   inverse on the complement of the translations (a KSP, CG with a preconditioner: the six
   solves H u_ab = Xi_ab; no dense inverse). C is the second derivative of the minimised energy
   per volume in eta. At a pressure P != 0 (an IS of a glass is not stress-free) the moduli
   measured by strain-driven (AQS) deformations are the stress-strain coefficients (Wallace,
   Thermodynamics of Crystals, 1972), which add the stress sigma = S / V (tension positive,
   P = -tr sigma / 3):
     K = -V dP/dV = (1/9) sum_ab C_aabb + P/3             (hydrostatic strain, [JCP23] eq. 17),
     G_ab = d sigma_ab / d gamma_ab = C_abab + (sigma_aa + sigma_bb)/2 (shear in the ab plane),
     G = (G_yz + G_xz + G_xy) / 3 = (C_yzyz + C_xzxz + C_xyxy)/3 - P
   (G: the isotropic average over the three shear planes for a glass; simple shear x += gamma y
   gives d sigma_xy / d gamma = C_xyxy + sigma_yy, equal to G_xy up to the residual anisotropic
   stress). Born and non-affine parts: G = G_Born - G_na, K = K_Born - K_na, the P terms in the
   Born parts. Then ([JCP23] eqs. 18-19, rho = N/V, mass m = 1, mass density m rho):
     c_t = sqrt(G / (m rho)),  c_l = sqrt((K + 4G/3) / (m rho)),  omega_t = 2 pi c_t / L,
     omega_D = (18 pi^2 rho / (2 c_t^-3 + c_l^-3))^(1/3),
   and, with the k lowest modes (-elastic_modes k > 0; DWModes, prefix elastic_modes_), the
   A_4 of D(omega) = A_4 omega^4 below omega_t (DWModesFitA4 with c_t: [JCP23] Fig. 10a, the
   plateau I(omega)/omega^5 = A_4/5, D per particle) and the dimensionless A_4 omega_D^5.
   Units: C, G, K, P in eps/sigma^3; c in sigma/tau; omega in 1/tau; A_4 in tau^5,
   tau = (m sigma^2/eps)^(1/2).

   With -elastic_aqs_steps n >= 2 the object also runs the strain-driven moduli of the AQS block
   above on the same IS (DWElasticAQSShear, DWElasticAQSBulk: n steps of -elastic_aqs_dgamma,
   -elastic_aqs_deps, minimised by a DWMinimizer of prefix elastic_aqs_min_): G_aqs (simple shear
   in xy, to compare with G_xy = C_xyxy + sigma_yy) and K_aqs (to compare with K).

   Options (prefix "elastic_"): -elastic_modes k (0: no modes, no A_4), -elastic_gtol (the
   configuration must be a minimum: |F|_inf <= gtol, eps/sigma), the KSP's -elastic_ksp_...,
   -elastic_pc_..., the modes' -elastic_modes_type, -elastic_modes_eps_..., -elastic_aqs_steps
   (0: no AQS), -elastic_aqs_dgamma, -elastic_aqs_deps (> 0, default 1e-5). */

typedef struct _p_DWElastic *DWElastic;

/* The moduli of the last solve. Voigt order of the 6 x 6 tensors (row-major): xx yy zz yz xz
   xy, tensor components (C[5][5] = C_xyxy). */
typedef struct {
  PetscInt N;
  PetscReal V, rho, P;         /* volume, number density N/V, pressure -tr sigma / 3 */
  PetscReal sigma[6];          /* Cauchy stress, tension positive */
  PetscReal C[36], C_born[36]; /* C = C_born - C_na */
  PetscReal G, G_born, G_na;   /* isotropic shear modulus and its two parts */
  PetscReal K, K_born, K_na;   /* bulk modulus and its two parts */
  PetscReal c_t, c_l, omega_t, omega_D;
  PetscInt nmodes; /* modes computed (0: no A_4, the fields below NaN) */
  PetscReal omega_c, A4, A4_err, A4_omegaD5;
  PetscInt n_fit;   /* modes below omega_c */
  PetscInt ksp_its; /* CG iterations of the six solves */
  PetscReal G_xy;   /* C_xyxy + sigma_yy: d sigma_xy / d gamma of simple shear x += gamma y */
  PetscReal G_aqs, G_aqs_err, K_aqs, K_aqs_err; /* AQS slopes (-P_aqs_steps > 0), else NaN */
} DWElasticResult;

/* The scalar results by name, units and description, in the order of the elastic file and of
   the library's /elastic table (offset: of the PetscReal in DWElasticResult). */
typedef struct {
  const char *name, *units, *description;
  size_t offset;
} DWElasticField;
extern const DWElasticField DWElasticFields[];
extern const PetscInt DWElasticNumFields;

/* Collective. Defaults: no modes, gtol 1e-6 eps/sigma, KSP CG rtol 1e-12 (ICC on one rank,
   block Jacobi on several), prefix "elastic_". */
PetscErrorCode DWElasticCreate(MPI_Comm comm, DWElastic *el);
/* Collective. */
PetscErrorCode DWElasticDestroy(DWElastic *el);
/* Not collective. The prefix of the object, its KSP and (with "modes_" appended) its DWModes. */
PetscErrorCode DWElasticSetOptionsPrefix(DWElastic el, const char prefix[]);
/* Not collective. k >= 0 lowest modes for A_4 (an error naming -P_modes otherwise). */
PetscErrorCode DWElasticSetNumModes(DWElastic el, PetscInt k);
/* Collective. Reads -P_modes, -P_gtol, the KSP's and the modes' options. */
PetscErrorCode DWElasticSetFromOptions(DWElastic el);
/* Collective on sys. The inherent structure (pot and sys referenced by pointer: they must
   outlive the solve, positions unchanged). */
PetscErrorCode DWElasticSetPotential(DWElastic el, DWPotential pot, DWSystem sys);
/* Collective. Checks the input before any work: a configuration set, a minimum (|F|_inf <=
   -P_gtol, an error naming |F|_inf), -P_modes below 3N - 3. */
PetscErrorCode DWElasticSetUp(DWElastic el);
/* Collective. The moduli (and the modes, when asked for). Errors when a CG solve fails or the
   Hessian is not positive on the complement of the translations (not a minimum). */
PetscErrorCode DWElasticSolve(DWElastic el);
/* Not collective. */
PetscErrorCode DWElasticGetResult(DWElastic el, DWElasticResult *res);
/* Not collective. The DWModes of the A_4 fit (borrowed; its modes solved when nmodes > 0). */
PetscErrorCode DWElasticGetModes(DWElastic el, DWModes *modes);
/* Collective. The result as YAML with units. */
PetscErrorCode DWElasticView(DWElastic el, PetscViewer viewer);
/* Collective on sys (the IS of the solve). The elastic file of `dwell elastic`
   (src/io/elasticfile.c), written by rank 0:
   /config and /elastic (the moduli, C, C_born, sigma, and the omega_k of the modes), units and
   descriptions as attributes. */
PetscErrorCode DWElasticWriteFile(DWElastic el, DWSystem sys, const char path[]);
/* ---- end of DWElastic ---- */
