/* Elastic moduli of an inherent structure ([JCP23] section IV.C, eq. 17). */
#pragma once
#include <dwell/minimizer.h>

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
