/* Private layout of DWSurface and DWNEB, the band, the method ops table, and the helpers
   shared by src/landscape/neb*.c, dw.c and pathspline.c (include/dwell/neb.h). */
#pragma once
#include <dwell/neb.h>
#include <dwell/spline.h>
#include <dwell/registry.h>
#include "landscape/fire.h"
#include "landscape/realvec.h"

struct _p_DWSurface {
  MPI_Comm comm;
  PetscInt n, bs;
  void *ctx;
  DWSurfaceEnergyFn energy;
  DWSurfaceDifferenceFn difference;
  DWSurfaceMinimizeFn minimize;
  DWSurfaceHessianFn hessian;
  PetscErrorCode (*destroyctx)(void **ctx);
  PetscInt nnull;       /* exact zero modes */
  PetscReal *null;      /* nnull x n, orthonormal */
  PetscBool removemean; /* DWSurfaceAlign removes the mean block displacement */
  PetscReal min_gtol;   /* built-in minimiser: |grad V|_inf tolerance */
  PetscInt min_maxit;
  PetscInt evaluations;
};

/* A band of M images of n coordinates; rows are images. */
typedef struct {
  PetscInt M, n, bs;
  PetscReal *X;     /* M x n positions */
  PetscReal *V;     /* M energies, eps */
  PetscReal *G;     /* M x n gradients */
  PetscReal *T;     /* M x n unit tangents (interior rows) */
  PetscReal *F;     /* M x n band forces (interior rows; end rows zero) */
  PetscReal *dnext; /* M x n: row i = x_{i+1} - x_i (difference operator) */
  PetscReal *len;   /* M: len[i] = |x_{i+1} - x_i| */
  PetscInt climber; /* climbing image, -1 for none */
  PetscReal fperp;  /* max over non-climbing interior images of |-grad V|_perp|_inf */
  PetscReal fclimb; /* |F_climb|_inf (0 without climber) */
  PetscReal ftol1;  /* stage 1 ends at fperp <= ftol1: -neb_ftol_plain (or -neb_ftol) */
  PetscInt iterations, evaluations;
} DWNEBBand;

/* The methods (-neb_type): what happens before the energies are evaluated (the string
   redistributes its images), the tangents, and whether springs act along them. */
typedef struct _DWNEBOps *DWNEBOps;
struct _DWNEBOps {
  PetscErrorCode (*prepare)(DWNEB, DWNEBBand *);
  PetscErrorCode (*tangents)(DWNEB, DWNEBBand *);
  PetscBool springs;
};

/* The band optimisers (-neb_optimizer): FIRE (fire.c) or L-BFGS on the band force
   (neblbfgs.c). */
typedef enum { DW_NEB_OPT_FIRE = 0, DW_NEB_OPT_LBFGS = 1 } DWNEBOptimizer;

/* L-BFGS on the band force: m stored pairs (-neb_lbfgs_m), the inverse curvature alpha0
   (sigma^2/eps) of the first step and of steps after a reset before any pair was stored
   (-neb_lbfgs_alpha), the largest displacement of a block per step maxstep (set per stage:
   the smaller of -neb_maxstep and spacing = -neb_lbfgs_spacing times the shortest image
   spacing). */
typedef struct {
  PetscInt m;
  PetscReal alpha0, maxstep, spacing;
} DWNEBLBFGSParams;

/* neblbfgs.c: not collective. L-BFGS on x (n reals, blocks of bs, moved in place) with the
   forces of the callback (FIRE's: fire.h): one force evaluation before the first step and one
   after each; stops when the callback says done or abort, or after maxit steps. */
PetscErrorCode DWNEBLBFGSRun(const DWNEBLBFGSParams *p, PetscInt n, PetscInt bs, PetscReal x[],
                             PetscInt maxit, DWFIREForceFn force, void *ctx, PetscInt *its,
                             DWFIREStatus *status);

typedef struct {
  PetscReal E;  /* total energy, eps */
  PetscReal *x; /* n */
} DWNEBIS;

struct _p_DWNEB {
  MPI_Comm comm;
  char type[DW_REGISTRY_NAME_LEN];
  struct _DWNEBOps ops[1];
  DWSurface surface;
  PetscInt M, maxit, max_splits;
  PetscInt monitor;   /* -neb_monitor: a line every monitor iterations of a band, 0 none */
  PetscInt restarts;  /* -neb_restarts: of a band that reached -neb_maxit (nebsolve.c) */
  PetscInt max_evals; /* -neb_max_evaluations: force evaluations per solve (0: maxit (M - 2)) */
  PetscInt stall_its; /* -neb_stall_its: a stage without progress for this long stops (0: never) */
  PetscBool fallback; /* -neb_fallback: a pair not converged is solved again (nebsolve.c) */
  PetscInt budget;    /* the evaluations this solve may spend (set by DWNEBSolve) */
  PetscInt eval0;     /* the surface's evaluation count when this solve began */
  PetscReal k, ftol, ftol_plain, split_tol, is_etol, is_dtol;
  PetscBool keep_images;
  DWFIREParams fire;
  DWNEBOptimizer optimizer;
  DWNEBLBFGSParams lbfgs;
  DWNEBBand band;
  /* the last solve */
  PetscInt nis, mis, nrec, mrec, npairs, mpairs;
  DWNEBIS *is;
  DWDoubleWell *rec;
  PetscInt *pairs; /* 2 per solved pair */
  DWNEBResult result;
};

/* neb.c: forgets the IS, records and pairs of the last solve. */
PetscErrorCode DWNEBResetResults(DWNEB neb);

/* nebband.c */
PetscErrorCode DWNEBBandAllocate(DWNEBBand *band, PetscInt M, PetscInt n, PetscInt bs);
PetscErrorCode DWNEBBandFree(DWNEBBand *band);
/* Linear interpolation between a and b (b already aligned on a). */
PetscErrorCode DWNEBBandInterpolate(DWNEBBand *band, const PetscReal a[], const PetscReal b[]);
/* The interior images at equal arc length along a path of np points P (rows, np >= 2; any
   periodic images: the path is unwrapped from the band's x_0 with the difference operator),
   piecewise linear between the points. The ends stay. */
PetscErrorCode DWNEBBandFromChain(DWSurface s, DWNEBBand *band, PetscInt np, const PetscReal P[]);
/* Energies and gradients of the interior images (the ends when `ends`). */
PetscErrorCode DWNEBBandEvaluate(DWSurface s, DWNEBBand *band, PetscBool ends);
/* dnext and len from the difference operator. */
PetscErrorCode DWNEBBandDistances(DWSurface s, DWNEBBand *band);
/* Band forces from G and T: -grad V|_perp, springs along T if asked, the climbing force at
   the climber; sets fperp and fclimb. */
PetscErrorCode DWNEBBandForces(DWNEBBand *band, PetscReal k, PetscBool springs);
/* The components of v (n reals) along the surface's exact zero modes (the translations of a
   particle surface) removed: the band's tangents and forces, so that no image drifts along
   them (nebband.c). */
void DWNEBProjectNull(DWSurface s, PetscReal v[]);
/* nebci.c: the improved tangent of Henkelman and Jonsson at the interior images (also sets
   dnext and len). */
PetscErrorCode DWNEBBandImprovedTangents(DWSurface s, DWNEBBand *band);
/* nebci.c: the same as the tangents op of a method (ci and string). */
PetscErrorCode DWNEBTangents_Improved(DWNEB neb, DWNEBBand *band);
/* nebmonitor.c: the monitor line of iteration it (every -neb_monitor iterations). */
PetscErrorCode DWNEBBandMonitor(DWNEB neb, const DWNEBBand *band, PetscInt it);
/* Highest interior image. */
PetscInt DWNEBBandHighest(const DWNEBBand *band);
/* The lowest interior local minimum of the image energies lying more than tol below the
   highest image on each side of it, or -1. */
PetscInt DWNEBBandFindDip(const DWNEBBand *band, PetscReal tol);

/* nebstage.c: the band of M images between IS ia and ib (b aligned on a, interpolated
   linearly, or along path (np points) when given; ends evaluated), and the two stages on it. With
   detect, *dip >= 0 is an intermediate minimum found after a stage (the band then stops, without
   climber); *reason says how the last stage ended. */
PetscErrorCode DWNEBBandStart(DWNEB neb, PetscInt ia, PetscInt ib, PetscInt M, PetscInt np,
                              const PetscReal path[]);
PetscErrorCode DWNEBBandRun(DWNEB neb, PetscBool detect, DWNEBReason *reason, PetscInt *dip);

/* pathspline.c: the cubic splines of a path (on <dwell/spline.h>). */
typedef DWSpline DWPathSpline;
/* Clamped cubic spline through (x_k, y_k), k < n (n >= 2, x increasing), with end slopes
   slope0 and slope1. */
PetscErrorCode DWPathSplineCreate(PetscInt n, const PetscReal x[], const PetscReal y[],
                                  PetscReal slope0, PetscReal slope1, DWPathSpline *sp);
PetscErrorCode DWPathSplineDestroy(DWPathSpline *sp);
/* y, y', y'' at t (t clamped to [x_0, x_{n-1}]); outputs may be NULL. */
void DWPathSplineEvaluate(const DWPathSpline *sp, PetscReal t, PetscReal *y, PetscReal *dy,
                          PetscReal *d2y);
/* The global maximum of the spline on [x_0, x_{n-1}] (exact: roots of y' per interval). */
void DWPathSplineMaximum(const DWPathSpline *sp, PetscReal *t, PetscReal *y);
/* Resamples a curve given at M knots s (rows of Y, n columns) at Mout abscissae t: not-a-knot
   cubic spline per column (linear for M < 4). Yout may not alias Y. */
PetscErrorCode DWPathResample(PetscInt M, const PetscReal s[], PetscInt n, const PetscReal Y[],
                              PetscInt Mout, const PetscReal t[], PetscReal Yout[]);

/* dw.c: the record of a converged elementary band between IS ia and ib. */
PetscErrorCode DWDoubleWellFromBand(DWSurface s, const DWNEBBand *band, PetscInt ia, PetscInt ib,
                                    PetscBool keep_images, DWDoubleWell *dw);
/* dw.c: keeps M of the record's images (profile and positions): both ends, the saddle image
   and those nearest to equal steps of xi; the scalars (d, V_a, omega, ...) stay those of the
   full band. */
PetscErrorCode DWDoubleWellReduceImages(DWDoubleWell *dw, PetscInt M);
