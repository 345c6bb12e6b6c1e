/* Private layout of DWPull (include/dwell/pull.h; [PRR20] sec. II.C). */
#pragma once
#include <dwell/pull.h>

struct _p_DWPull {
  MPI_Comm comm;
  char *prefix;
  /* settings */
  PetscReal rtol, grow, a0, amin, amax, overlap, tol_e, tol_x, gtol, decay_rmin;
  DWPullSign sign;
  PetscInt curve; /* points of the A curve per mode (0: none) */
  /* the surface and its start */
  DWSurface s;
  PetscInt n, N;     /* coordinates, particles (n = 3 N) */
  PetscReal *x0, V0; /* the IS r_0 and Phi(r_0) */
  PetscReal L;       /* cubic box edge (sigma; PETSC_MAX_REAL: not periodic) */
  PetscBool setup;
  DWNLModeThirdOrderFn third;
  void *third_ctx;
  PetscErrorCode (*overlapfn)(void *ctx, const PetscReal x[], PetscReal *rmin);
  void *overlap_ctx;
  void *particles; /* DWPullSetPotential's context (owned) */
  /* work: 3 configurations and a gradient (n reals each) */
  PetscReal *x, *g, *xhi, *dr;
  /* results */
  PetscInt nres, capres;
  DWPullResult *res;
  PetscReal **x1, *V1;                        /* final states (NULL without transition) */
  PetscReal **dir;                            /* the unit direction pulled along (sign e^k) */
  PetscReal **curveA, **curvedr, **curvedphi; /* curve per result (NULL: none) */
};

/* A trial at A along the unit direction d: x = x0 + A sqrt(N) d minimised into p->x; *moved =
   it is a different IS than r_0; *ok = the minimisation converged; *V its energy. */
PetscErrorCode DWPullTrial(DWPull p, const PetscReal d[], PetscReal A, PetscBool *moved,
                           PetscBool *ok, PetscReal *V, PetscInt *nevals);
/* x = x0 + A sqrt(N) d. */
void DWPullDisplace(DWPull p, const PetscReal d[], PetscReal A, PetscReal x[]);
/* The measurements of eqs. 6-10 and the decay exponent between r_0 and x1 along d into r. */
PetscErrorCode DWPullMeasure(DWPull p, const PetscReal d[], const PetscReal x1[], PetscReal V1,
                             DWPullResult *r);
/* The A where the overlap test first fails along d (PETSC_INFINITY without a test or none up to
   a_max), to rtol. */
PetscErrorCode DWPullOverlapOnset(DWPull p, const PetscReal d[], PetscReal *A_ov);
/* The particle context of DWPullSetPotential: its destroy. */
PetscErrorCode DWPullParticlesDestroy(void **ctx);
