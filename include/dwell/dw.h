/* The double-well (DW) record of one elementary minimum energy path (DESIGN.md section 4;
   [PRL20], [JCP23] II.D and eqs. 16, [PRM21] Fig. 1).

   A path of M images x_0 .. x_{M-1} (x_0 = IS a, the deeper minimum, xi = 0; x_{M-1} = IS b)
   gives, with s the arc length along the path (sum of image distances, sigma) and
   V(s) = U(s) - U(x_0) the energy along it (eps, total, not per particle):
     d        = s_{M-1}, the path length (sigma);
     xi       = s / d in [0, 1], the normalised reaction coordinate;
     dV       = V(1) >= 0, the asymmetry;
     V_a      = max V, the activation energy: the climbing image's energy when the climbing
                image converged (it sits on the saddle), else the maximum of the spline;
     V_b      = V_a - dV / 2, the barrier measured from the mean of the two minima;
     r_AB     = x_b - x_a (minimum image), |r_AB| (sigma);
     PR       = [sum_i |r_AB,i|^2]^2 / sum_i |r_AB,i|^4 over the N particles ([JCP23] eq. 16):
                the number of particles that move, 1 <= PR <= N (not divided by N);
     PR_c     = the same over the 3N Cartesian components ([PRL20]), 1 <= PR_c <= 3N;
     d/sqrt(PR): the typical displacement of a participating particle (sigma);
     omega    = sqrt(|V''(s)|) with unit mass (tau^-1, tau = sqrt(m sigma^2 / eps)) at
                s = 0 (omega_1), s = d (omega_2) and at the saddle (omega_TS), from the
                clamped cubic spline of V(s) through the images (end slopes = the measured
                tangential derivatives, ~0 at minima). At a stationary point V''(s) is the
                Hessian's curvature along the path, so omega_TS^2 equals |lambda_min| of the
                saddle's Hessian up to the spline's O(h^2) error (checked in the tests). For ka,
                whose truncated-shifted force jumps at rc, V(s) has a kink wherever a pair
                crosses rc and the spline's V'' need not match the Hessian (measured on a ka
                pair: omega_TS^2 = 1.3 against |lambda_1| = 0.53 eps/sigma^2); the record also
                keeps the Hessian's value, omega_TS_hessian;
     r_AS     = x_S - x_a (S the climbing image), r_12 = x_1 - x_a (the first step of the
                path out of the deeper minimum), both minimum image (sigma); |r_12| (sigma).
   Units are in every field's comment; the HDF5 writer (src/io/nebfile.c) stores them. */
#pragma once
#include <petscviewer.h>

typedef struct {
  PetscInt is_a, is_b;              /* ids of the two IS (a the deeper, xi = 0) */
  PetscReal E_a, E_b;               /* their total energies, eps */
  PetscReal dV, V_a, V_b;           /* eps */
  PetscReal d, r_AB;                /* path length and |r_AB|, sigma */
  PetscReal r_12;                   /* |r_12|, the first step out of IS a, sigma */
  PetscReal PR, PR_c;               /* participation ratios: per particle, per component */
  PetscReal d_sqrtPR;               /* d / sqrt(PR), sigma */
  PetscReal omega_1, omega_2;       /* sqrt|V''| at the two minima, tau^-1 */
  PetscReal omega_TS;               /* sqrt|V''| at the saddle, tau^-1 */
  PetscReal xi_TS;                  /* xi of the saddle (climbing image or spline maximum) */
  PetscInt image_TS;                /* index of the saddle image (xi = 0 first) */
  PetscBool climbed;                /* the climbing image converged onto the saddle */
  PetscBool converged;              /* perpendicular and climbing forces below tolerance */
  PetscInt iterations;              /* optimiser iterations of this band */
  PetscInt force_evaluations;       /* energy/gradient evaluations of this band */
  PetscReal f_perp, f_climb;        /* final max |F_perp|_inf and |F_climb|_inf, eps/sigma */
  PetscInt nimages;                 /* M */
  PetscInt n, bs;                   /* coordinates per image, coordinates per particle */
  PetscReal *xi, *V;                /* profile at the images (M), V in eps relative to x_0 */
  PetscReal *images;                /* M x n positions (xi = 0 first), sigma; NULL if not kept */
  PetscReal *x_TS;                  /* saddle image positions (n), sigma */
  PetscReal *dr_AB, *dr_AS, *dr_12; /* displacement fields (n each), sigma */
  /* saddle check (DWDoubleWellCheckSaddle, src/modes/saddle.c) */
  PetscBool saddle_checked;
  PetscBool saddle_first_order; /* exactly one negative eigenvalue and |grad V|_inf <= tol */
  PetscInt saddle_nneg;         /* negative eigenvalues among the two lowest (2 means >= 2) */
  PetscReal
      saddle_lambda[2];  /* two lowest Hessian eigenvalues (zero modes deflated), eps/sigma^2 */
  PetscReal saddle_grad; /* |grad V|_inf at the saddle image, eps/sigma */
  PetscReal omega_TS_hessian; /* sqrt(|lambda_1|), tau^-1 */
  /* Hessian along the path, orthogonal to the tangent ([JCP23] App. C;
     DWDoubleWellPathHessian, src/modes/pathhessian.c); path_hessian_k = 0: not computed */
  PetscInt path_hessian_k;         /* orthogonal eigenvalues per image */
  PetscReal path_lambda_perp_min;  /* smallest over the images, eps/sigma^2 */
  PetscInt path_lambda_perp_image; /* its image (xi = 0 first) */
  PetscReal path_lambda_perp_max;  /* largest over the images of the lowest one, eps/sigma^2 */
  PetscReal *path_lambda_perp;     /* M x path_hessian_k, ascending per image; NULL if not */
  PetscReal *path_lambda_t;        /* M: t^T H t along the tangent, eps/sigma^2; NULL if not */
} DWDoubleWell;

/* Not collective. Frees the arrays of a record and zeroes it. */
PetscErrorCode DWDoubleWellReset(DWDoubleWell *dw);
/* Not collective. Deep copy (dst is overwritten, not freed first). */
PetscErrorCode DWDoubleWellCopy(const DWDoubleWell *src, DWDoubleWell *dst);
/* Collective on the viewer. The record as a YAML mapping (one "- key: value" block, indented
   by `indent` spaces), units in a trailing comment of every line. */
PetscErrorCode DWDoubleWellView(const DWDoubleWell *dw, PetscInt indent, PetscViewer viewer);

/* The scalar fields of a record as named columns (for tables in files): value type 'r'
   PetscReal, 'i' PetscInt, 'b' PetscBool, at `offset` in DWDoubleWell. */
typedef struct {
  const char *name, *units, *description;
  size_t offset;
  char type;
} DWDoubleWellColumn;
/* Not collective. The table (static; n entries). */
PetscErrorCode DWDoubleWellGetColumns(PetscInt *n, const DWDoubleWellColumn **cols);
/* Not collective. A column's value as a real (integers exactly), and setting it from one. */
PetscReal DWDoubleWellColumnValue(const DWDoubleWell *dw, const DWDoubleWellColumn *col);
void DWDoubleWellColumnSet(DWDoubleWell *dw, const DWDoubleWellColumn *col, PetscReal v);
