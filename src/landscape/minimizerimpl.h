/* Private layout of DWMinimizer, its method ops table and the helpers the methods share. */
#pragma once
#include <petscksp.h>
#include <dwell/minimizer.h>
#include <dwell/registry.h>
#include "landscape/fire.h"
#include "landscape/realvec.h"

/* The preconditioner of L-BFGS (minprecond.c): P = sum over neighbour pairs of a PSD 3x3
   block K_ij in graph-Laplacian form + mu_c I, rebuilt when a particle moved more than
   `rebuild` since the last build. Parameters < 0 take the type's default. */
typedef struct {
  PetscReal rcut;    /* pairs with r_ij < rcut s_ij enter P */
  PetscReal shift;   /* mu_c (eps/sigma^2 for hessian/blocks; relative for exp) */
  PetscReal rebuild; /* sigma */
  PetscReal A;       /* exp: decay rate */
  PetscReal fmax;    /* L-BFGS switches the preconditioner on once |F|_inf <= fmax */
  PetscReal refresh; /* rebuild once |F|_inf <= refresh x its value at the last build (0: never) */
  PetscReal exact;   /* newton: exact pair blocks once |F|_inf <= exact, positive parts before */
} DWMinPrecondParams;

typedef struct _p_DWMinPrecond *DWMinPrecond;
struct _p_DWMinPrecond {
  char type[DW_REGISTRY_NAME_LEN];
  DWMinPrecondParams par;
  /* K_ij (3x3 row-major, PSD) of pair (i, j) at separation d = x_i - x_j, r = |d| */
  PetscErrorCode (*pairblock)(DWMinPrecond, DWPotential, DWSystem, PetscInt, PetscInt,
                              const PetscReal[3], PetscReal, PetscReal[9]);
  PetscErrorCode (*pairblock_near)(DWMinPrecond, DWPotential, DWSystem, PetscInt, PetscInt,
                                   const PetscReal[3], PetscReal, PetscReal[9]); /* or NULL */
  PetscBool diagonal; /* keep only the diagonal blocks of P */
  PCType pctype;      /* default PC of the KSP */
  PetscInt cg_its; /* > 0: with the near blocks, P^-1 applied by this many ICC(0)-preconditioned CG
                      iterations */
  Mat P;
  KSP ksp;
  Vec b, z;
  PetscInt N, nkeep, builds;
  PetscReal *xbuild; /* positions at the last build */
  PetscReal fbuild;  /* |F|_inf at the last build */
  char *keep;        /* per neighbour pair: enters P */
};

/* Not collective (comm for errors). The preconditioner TYPE (exp, hessian, blocks) with the
   parameters par (unset ones < 0); reads the KSP options -Pprecond_ksp_type,
   -Pprecond_pc_type, ... (P the minimiser's prefix, which the errors name). */
PetscErrorCode DWMinPrecondCreate(MPI_Comm comm, const char prefix[], const char type[],
                                  const DWMinPrecondParams *par, DWMinPrecond *pc);
PetscErrorCode DWMinPrecondDestroy(DWMinPrecond *pc);
/* Errors on comm, listing the known types, unless type is registered. */
PetscErrorCode DWMinPrecondCheckType(MPI_Comm comm, const char prefix[], const char type[]);
PetscErrorCode DWMinPrecondRegisterAll(void);
/* The registered types joined by sep in buf. */
PetscErrorCode DWMinPrecondListTypes(const char sep[], char buf[], size_t len);
/* Builds P at the current positions (where |F|_inf = fmax) if restart, on the first call or a
   change of N, when a particle moved more than par.rebuild since the last build, or when fmax
   fell below par.refresh times its value at the last build; *rebuilt says whether it did. */
PetscErrorCode DWMinPrecondUpdate(DWMinPrecond pc, DWSystem sys, DWPotential pot, DWNeighborList nl,
                                  PetscReal fmax, PetscBool restart, PetscBool *rebuilt);
/* z = P^-1 r (3N; the fixed approximate inverse of the KSP). */
PetscErrorCode DWMinPrecondApply(DWMinPrecond pc, const PetscReal r[], PetscReal z[]);

typedef struct _DWMinimizerOps *DWMinimizerOps;
struct _DWMinimizerOps {
  PetscErrorCode (*setfromoptions)(DWMinimizer, PetscOptionItems *);
  PetscErrorCode (*solve)(DWMinimizer, DWSystem, DWPotential, DWNeighborList, DWMinimizerResult *);
};

struct _p_DWMinimizer {
  MPI_Comm comm;
  char type[DW_REGISTRY_NAME_LEN];
  struct _DWMinimizerOps ops[1];
  char *prefix;   /* options prefix, default "min_" */
  PetscReal ftol; /* |F|_inf tolerance, eps/sigma */
  PetscInt maxit;
  PetscReal maxstep; /* largest displacement of a coordinate (FIRE) or particle (L-BFGS) in one
                        step, sigma */
  /* The parameters of every method live here, whatever the type, so that -min_fire_dt and
     -min_lbfgs_m are read (and kept) under any -min_type. */
  DWFIREParams fire; /* FIRE 2.0; its maxstep is the field above */
  PetscInt lbfgs_m;
  char lbfgs_precond[DW_REGISTRY_NAME_LEN]; /* "none" or a DWMinPrecond type */
  DWMinPrecondParams precond_par;
  DWMinPrecond pc; /* NULL without preconditioner */
  PetscReal cg_c2; /* CG: strong Wolfe curvature parameter */
  /* work arrays of L-BFGS (3N), sized on first use; with a preconditioner also W (the stored
     P^-1 y), z = P^-1 f at the current and the previous point, and the two-loop's q */
  PetscInt n;
  PetscReal *f, *d, *xold, *fold, *S, *Y, *rho, *alpha;
  PetscReal *W, *z, *zold, *q;
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
