/* The energy surface V(x) of minimum energy paths, minimisers and normal modes (issue 14):
   energy, gradient, the difference operator (minimum image for particles), minimisation, the
   Hessian as a PETSc Mat (particles: block size 3, eps/sigma^2) and its exact zero modes (the
   three translations). Implemented in src/landscape/nebsurface.c (generic surfaces, used for
   the analytic 2D surfaces of the tests) and src/landscape/nebparticles.c (V = U of a
   DWPotential, x = 3N positions); used by DWNEB (dwell/neb.h) and DWModes (dwell/modes.h). */
#pragma once
#include <petscmat.h>
#include <dwell/potential.h>
#include <dwell/minimizer.h>

/* ------------------------------------------------------------------ DWSurface */
typedef struct _p_DWSurface *DWSurface;

/* V(x) (eps) and, if g != NULL, g = grad V (eps/sigma). slot >= 0 names a cache the callee may
   keep per caller (one per image of a band); DW_SURFACE_SLOT_SCRATCH is any other use. */
typedef PetscErrorCode (*DWSurfaceEnergyFn)(void *ctx, PetscInt slot, const PetscReal x[],
                                            PetscReal *V, PetscReal g[]);
/* d = a - b (for periodic particles: the minimum image of every particle). */
typedef PetscErrorCode (*DWSurfaceDifferenceFn)(void *ctx, const PetscReal a[], const PetscReal b[],
                                                PetscReal d[]);
/* Minimises x in place to a local minimum: final V, energy/gradient evaluations used, and
   whether it converged. */
typedef PetscErrorCode (*DWSurfaceMinimizeFn)(void *ctx, PetscReal x[], PetscReal *V,
                                              PetscInt *nevals, PetscBool *converged);
/* Creates the Hessian at x as a PETSc Mat (caller destroys). */
typedef PetscErrorCode (*DWSurfaceHessianFn)(void *ctx, const PetscReal x[], Mat *H);

#define DW_SURFACE_SLOT_SCRATCH (-1)

/* Collective. A surface of n coordinates: no functions yet, plain difference, block size 1,
   built-in minimiser FIRE 2.0 to |grad V|_inf <= 1e-10, finite-difference Hessian. */
PetscErrorCode DWSurfaceCreate(MPI_Comm comm, PetscInt n, DWSurface *s);
/* Not collective. Frees the surface (and the particle context it owns); *s = NULL. */
PetscErrorCode DWSurfaceDestroy(DWSurface *s);
PetscErrorCode DWSurfaceSetEnergy(DWSurface s, DWSurfaceEnergyFn energy, void *ctx);
PetscErrorCode DWSurfaceSetDifference(DWSurface s, DWSurfaceDifferenceFn difference);
PetscErrorCode DWSurfaceSetMinimize(DWSurface s, DWSurfaceMinimizeFn minimize);
PetscErrorCode DWSurfaceSetHessian(DWSurface s, DWSurfaceHessianFn hessian);
/* Coordinates per particle (3 for particles): participation ratios and per-particle
   distances use blocks of bs. n must be a multiple. */
PetscErrorCode DWSurfaceSetBlockSize(DWSurface s, PetscInt bs);
/* k orthonormal exact zero modes (k x n, copied), deflated in the saddle check. With
   removemean, DWSurfaceAlign also removes the mean displacement of the blocks. */
PetscErrorCode DWSurfaceSetNullSpace(DWSurface s, PetscInt k, const PetscReal v[],
                                     PetscBool removemean);
/* Tolerance (|grad V|_inf) and iteration cap of the built-in minimiser. */
PetscErrorCode DWSurfaceSetMinimizeTolerances(DWSurface s, PetscReal gtol, PetscInt maxit);
PetscErrorCode DWSurfaceGetSize(DWSurface s, PetscInt *n, PetscInt *bs);
PetscErrorCode DWSurfaceGetComm(DWSurface s, MPI_Comm *comm);
/* Not collective (the particle surface's callbacks are replicated). Counts evaluations. */
PetscErrorCode DWSurfaceEvaluate(DWSurface s, PetscInt slot, const PetscReal x[], PetscReal *V,
                                 PetscReal g[]);
PetscErrorCode DWSurfaceDifference(DWSurface s, const PetscReal a[], const PetscReal b[],
                                   PetscReal d[]);
/* bout = a + (b - a) (difference operator), minus the mean block displacement if set. */
PetscErrorCode DWSurfaceAlign(DWSurface s, const PetscReal a[], const PetscReal b[],
                              PetscReal bout[]);
/* The largest block (particle) displacement |a - b| (sigma). */
PetscErrorCode DWSurfaceMaxDisplacement(DWSurface s, const PetscReal a[], const PetscReal b[],
                                        PetscReal *dmax);
PetscErrorCode DWSurfaceMinimize(DWSurface s, PetscReal x[], PetscReal *V, PetscInt *nevals,
                                 PetscBool *converged);
PetscErrorCode DWSurfaceCreateHessian(DWSurface s, const PetscReal x[], Mat *H);
PetscErrorCode DWSurfaceGetNullSpace(DWSurface s, PetscInt *k, const PetscReal *v[]);
/* Total energy/gradient evaluations so far (minimisations included). */
PetscErrorCode DWSurfaceGetEvaluations(DWSurface s, PetscInt *count);

/* Collective on sys. The particle surface of pot on copies of sys (species, box, model are
   taken from sys; x = 3N positions): one DWSystem and DWNeighborList per slot, the minimum
   image difference, minimisation by min (DWMinimizer, e.g. L-BFGS to 1e-10), the Hessian
   from DWPotentialCreateHessian, the three translations as null space. The surface keeps
   references to pot and min (not owned; they must outlive it). */
PetscErrorCode DWSurfaceCreateParticles(DWSystem sys, DWPotential pot, DWMinimizer min,
                                        DWSurface *s);
