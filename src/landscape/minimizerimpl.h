/* Private layout of DWMinimizer, its method ops table and the helpers the methods share. */
#pragma once
#include <dwell/minimizer.h>
#include <dwell/registry.h>
#include "landscape/fire.h"
#include "landscape/realvec.h"

typedef struct _DWMinimizerOps *DWMinimizerOps;
struct _DWMinimizerOps {
  PetscErrorCode (*setfromoptions)(DWMinimizer, PetscOptionItems *);
  PetscErrorCode (*solve)(DWMinimizer, DWSystem, DWPotential, DWNeighborList, DWMinimizerResult *);
};

struct _p_DWMinimizer {
  MPI_Comm comm;
  char type[DW_REGISTRY_NAME_LEN];
  struct _DWMinimizerOps ops[1];
  PetscReal ftol; /* |F|_inf tolerance, eps/sigma */
  PetscInt maxit;
  PetscReal maxstep; /* largest displacement of a coordinate (FIRE) or particle (L-BFGS) in one
                        step, sigma */
  /* The parameters of every method live here, whatever the type, so that -min_fire_dt and
     -min_lbfgs_m are read (and kept) under any -min_type. */
  DWFIREParams fire; /* FIRE 2.0; its maxstep is the field above */
  PetscInt lbfgs_m;
  PetscReal cg_c2; /* CG: strong Wolfe curvature parameter */
  /* work arrays of L-BFGS (3N), sized on first use */
  PetscInt n;
  PetscReal *f, *d, *xold, *fold, *S, *Y, *rho, *alpha;
};

/* U (eps, total) and forces f at the current positions; counts the evaluation. */
PetscErrorCode DWMinimizerEvaluate(DWSystem sys, DWPotential pot, DWNeighborList nl, PetscReal *U,
                                   PetscReal f[], DWMinimizerResult *res);
/* Scales d (3N) so that no particle moves more than maxstep; returns the factor (<= 1). */
PetscReal DWMinimizerCapStep(PetscInt N, PetscReal d[], PetscReal maxstep);
/* The force-aware line search of L-BFGS and CG (minimizer.c) along min->d from
   x0 = min->xold (forces min->fold there, energy *U): on *ok the system, *U and min->f hold
   the accepted point x0 + *alpha d; otherwise x0 is restored. c2 = 0: sufficient decrease
   only (halving from alpha = 1); c2 > 0: also the strong Wolfe condition |F.d| <= c2 |F0.d|. */
PetscErrorCode DWMinimizerLineSearch(DWMinimizer min, DWSystem sys, DWPotential pot,
                                     DWNeighborList nl, PetscReal c2, PetscReal *U,
                                     PetscReal *alpha, PetscBool *ok, DWMinimizerResult *res);
/* The stopping test of every method, after each force evaluation with res->iterations steps
   done: sets res->fmax = |f|_inf (n components) and, when the minimisation stops, res->reason:
   a NaN or infinite force, |F|_inf <= ftol, or the iteration cap, tested in that order. */
PetscBool DWMinimizerStop(DWMinimizer min, PetscInt n, const PetscReal f[], DWMinimizerResult *res);
