/* Private layout of DWPotential and the generic energy/force pair loop. */
#pragma once
#include <dwell/potential.h>

#define DW_TYPE_NAME_LEN 32

/* What a pair loop reads, fetched once per computation by DWPotentialGetPairView(). */
typedef struct {
  DWParticles p;       /* the system's arrays and box */
  DWNeighborPairs nb;  /* the list's pairs */
  const PetscReal *xw; /* positions wrapped at the list's build, x - w */
} DWPairView;

typedef struct _DWPotentialOps *DWPotentialOps;
struct _DWPotentialOps {
  PetscErrorCode (*setfromoptions)(DWPotential, PetscOptionItems *);
  /* checks the system and precomputes pair constants */
  PetscErrorCode (*setup)(DWPotential, DWSystem);
  /* the specialised pair loop: U, f, W, e as in DWPotentialComputeEnergyForces() */
  PetscErrorCode (*energyforces)(DWPotential, const DWPairView *, PetscReal *, PetscReal *,
                                 PetscReal *, PetscReal *);
  /* s_ij and rc_ij of a pair */
  void (*pairscale)(DWPotential, const DWParticles *, PetscInt, PetscInt, PetscReal *, PetscReal *);
  /* phi, phi', phi'', phi''' of a pair at distance r < rc_ij */
  void (*radial)(DWPotential, const DWParticles *, PetscInt, PetscInt, PetscReal, PetscReal[4]);
  /* species (model ratios) or diameters of a new random system of sys->N particles */
  PetscErrorCode (*assign)(DWPotential, DWSystem);
  PetscErrorCode (*view)(DWPotential, PetscViewer);
  PetscErrorCode (*destroy)(DWPotential);
  /* Swap Monte Carlo (NULL for models without a swap rule; see DWParticleEnergyFn) */
  DWParticleEnergyFn particleenergy;
};

struct _p_DWPotential {
  MPI_Comm                comm;
  char                    type[DW_TYPE_NAME_LEN];
  struct _DWPotentialOps  ops[1];
  void                   *data;
  PetscReal               rho;      /* the model's number density, sigma^-3 */
  PetscReal               rcmax;    /* largest cutoff, sigma (valid after setup) */
  PetscBool               setupcalled;
  PetscReal               init_min_distance; /* RSA minimum pair distance / s_ij */
  struct {
    DWPotential pot;
    DWSystem    sys;
    DWParticles p; /* sys's arrays, fetched at each list update */
  } listctx;       /* context of the per-pair list cutoff handed to the neighbour list */
  char                    description[256];
};

/* Kernel of one pair at squared distance r2: returns false beyond the cutoff, else sets
   phi and fpair = -phi'(r)/r (so that f_i += fpair r_ij). */
typedef PetscBool (*DWPairKernel)(const void *ctx, const DWParticles *p, PetscInt i, PetscInt j,
                                  PetscReal r2, PetscReal *phi, PetscReal *fpair);

/* The generic loop over the half list. Inlined into each model with its kernel as a
   compile-time constant, so the kernel is inlined too: one loop, one copy of the logic,
   and no indirect call per pair. `energy` is a constant at each call site: without it the
   energy and virial terms are dead code and vanish from the loop. */
static inline __attribute__((always_inline)) void
DWPairLoopImpl(const DWPairView *v, const void *ctx, DWPairKernel kernel, const PetscBool energy,
               PetscReal *U, PetscReal *restrict f, PetscReal *W, PetscReal *restrict e)
{
  const DWParticles p            = v->p;
  const PetscReal *restrict xw   = v->xw;
  const PetscInt *restrict start = v->nb.start, *restrict jlist = v->nb.j;
  const unsigned char *restrict im = v->nb.image;
  const PetscInt N                 = p.N;
  PetscReal      shift[27][3], u = 0, w = 0;

  PetscArraycpy(&shift[0][0], &v->nb.shift[0][0], 81);
  if (f)
    for (PetscInt k = 0; k < 3 * N; k++) f[k] = 0;
  if (e)
    for (PetscInt k = 0; k < N; k++) e[k] = 0;
  for (PetscInt i = 0; i < N; i++) {
    const PetscReal xi = xw[3 * i], yi = xw[3 * i + 1], zi = xw[3 * i + 2];
    PetscReal       fx = 0, fy = 0, fz = 0;
    for (PetscInt k = start[i]; k < start[i + 1]; k++) {
      const PetscInt   j  = jlist[k];
      const PetscReal *sh = shift[im[k]];
      const PetscReal  dx = xi - xw[3 * j] - sh[0], dy = yi - xw[3 * j + 1] - sh[1], dz = zi - xw[3 * j + 2] - sh[2];
      const PetscReal  r2 = dx * dx + dy * dy + dz * dz;
      PetscReal        phi, fpair;
      if (!kernel(ctx, &p, i, j, r2, &phi, &fpair)) continue;
      if (energy) {
        u += phi;
        w += fpair * r2;
        if (e) {
          e[i] += 0.5 * phi;
          e[j] += 0.5 * phi;
        }
      }
      if (f) {
        fx += fpair * dx;
        fy += fpair * dy;
        fz += fpair * dz;
        f[3 * j] -= fpair * dx;
        f[3 * j + 1] -= fpair * dy;
        f[3 * j + 2] -= fpair * dz;
      }
    }
    if (f) {
      f[3 * i] += fx;
      f[3 * i + 1] += fy;
      f[3 * i + 2] += fz;
    }
  }
  if (U) *U = u;
  if (W) *W = w / 3.0;
}

/* Energy, forces, virial and per-particle energy as asked (NULL: not wanted). */
static inline __attribute__((always_inline)) void DWPairLoop(const DWPairView *v, const void *ctx,
                                                             DWPairKernel kernel, PetscReal *U,
                                                             PetscReal *f, PetscReal *W,
                                                             PetscReal *e)
{
  if (U || W || e)
    DWPairLoopImpl(v, ctx, kernel, PETSC_TRUE, U, f, W, e);
  else
    DWPairLoopImpl(v, ctx, kernel, PETSC_FALSE, U, f, W, e);
}

/* Energy of particle i with the neighbours j[] at squared distances r2[] through the model's
   pair kernel (inlined, like DWPairLoop). */
static inline __attribute__((always_inline)) PetscReal
DWParticleEnergyLoop(const void *ctx, const DWParticles *p, DWPairKernel kernel, PetscInt i,
                     PetscInt n, const PetscInt *restrict j, const PetscReal *restrict r2)
{
  PetscReal u = 0, phi, fpair;

  for (PetscInt k = 0; k < n; k++)
    if (kernel(ctx, p, i, j[k], r2[k], &phi, &fpair)) u += phi;
  return u;
}

/* phi, phi', phi'', phi''' of pair (i, j) at distance r (zero for r >= rc_ij). */
static inline void DWPotentialRadial(DWPotential pot, const DWParticles *p, PetscInt i, PetscInt j,
                                     PetscReal r, PetscReal d[4])
{
  PetscReal s, rc;

  pot->ops->pairscale(pot, p, i, j, &s, &rc);
  if (r >= rc)
    d[0] = d[1] = d[2] = d[3] = 0;
  else
    pot->ops->radial(pot, p, i, j, r, d);
}

/* Sets the neighbour cutoff to the model's, updates the list and fetches what the pair loops
   read (the generic computations' first step). */
PetscErrorCode DWPotentialGetPairView(DWPotential pot, DWSystem sys, DWNeighborList nl,
                                      DWPairView *v);
extern PetscLogEvent DW_POTENTIAL_FORCE, DW_POTENTIAL_HESSIAN, DW_POTENTIAL_THIRD;
