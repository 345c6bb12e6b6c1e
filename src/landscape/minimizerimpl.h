/* Private layout of DWMinimizer and its method ops table. */
#pragma once
#include <dwell/minimizer.h>
#include "core/systemimpl.h"

typedef struct {
  const char *name;
  PetscErrorCode (*setfromoptions)(DWMinimizer, PetscOptionItems *);
  PetscErrorCode (*solve)(DWMinimizer, DWSystem, DWPotential, DWNeighborList, DWMinimizerResult *);
} DWMinimizerOps;

struct _p_DWMinimizer {
  MPI_Comm              comm;
  const DWMinimizerOps *ops;
  PetscReal             ftol;    /* |F|_inf tolerance, eps/sigma */
  PetscInt              maxit;
  PetscReal             maxstep; /* largest displacement of a particle in one step, sigma */
  /* FIRE 2.0 */
  PetscReal fire_dt, fire_tmax, fire_tmin, fire_finc, fire_fdec, fire_alpha0, fire_falpha;
  PetscInt  fire_delay;
  /* L-BFGS */
  PetscInt lbfgs_m;
  /* work arrays (3N), sized on first use */
  PetscInt   n;
  PetscReal *f, *v, *d, *xold, *fold, *S, *Y, *rho, *alpha;
};

/* U (eps, total) and forces f at the current positions; counts the evaluation. */
PetscErrorCode DWMinimizerEvaluate(DWSystem sys, DWPotential pot, DWNeighborList nl, PetscReal *U, PetscReal f[], DWMinimizerResult *res);
/* |f|_inf over 3N components; NaN propagates. */
PetscReal DWMinimizerFmax(PetscInt n, const PetscReal f[]);

extern const DWMinimizerOps DWMinimizerFIRE, DWMinimizerLBFGS;
