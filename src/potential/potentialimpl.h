/* Private layout of DWPotential and the generic energy/force pair loop. */
#pragma once
#include <dwell/potential.h>
#include "core/systemimpl.h"
#include "core/neighborimpl.h"

#define DW_TYPE_NAME_LEN 32

typedef struct _DWPotentialOps *DWPotentialOps;
struct _DWPotentialOps {
  PetscErrorCode (*setfromoptions)(DWPotential, PetscOptionItems *);
  /* checks the system and precomputes pair constants */
  PetscErrorCode (*setup)(DWPotential, DWSystem);
  /* the specialised pair loop: U, f, W, e as in DWPotentialComputeEnergyForces() */
  PetscErrorCode (*energyforces)(DWPotential, DWSystem, DWNeighborList, PetscReal *, PetscReal *, PetscReal *, PetscReal *);
  /* s_ij and rc_ij of a pair */
  void (*pairscale)(DWPotential, DWSystem, PetscInt, PetscInt, PetscReal *, PetscReal *);
  /* phi, phi', phi'', phi''' of a pair at distance r < rc_ij */
  void (*radial)(DWPotential, DWSystem, PetscInt, PetscInt, PetscReal, PetscReal[4]);
  /* species (model ratios) or diameters of a new random system of sys->N particles */
  PetscErrorCode (*assign)(DWPotential, DWSystem);
  PetscErrorCode (*view)(DWPotential, PetscViewer);
  PetscErrorCode (*destroy)(DWPotential);
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
  char                    description[256];
};

/* Kernel of one pair at squared distance r2: returns false beyond the cutoff, else sets
   phi and fpair = -phi'(r)/r (so that f_i += fpair r_ij). */
typedef PetscBool (*DWPairKernel)(const void *ctx, const DWSystem sys, PetscInt i, PetscInt j, PetscReal r2, PetscReal *phi, PetscReal *fpair);

/* The generic loop over the half list. Inlined into each model with its kernel as a
   compile-time constant, so the kernel is inlined too: one loop, one copy of the logic,
   and no indirect call per pair. */
static inline __attribute__((always_inline)) void DWPairLoop(DWNeighborList nl, DWSystem sys, const void *ctx, DWPairKernel kernel, PetscReal *U, PetscReal *f, PetscReal *W, PetscReal *e)
{
  const PetscReal *xw = DWNeighborListWrapPositions(nl, sys->x);
  PetscReal        u = 0, w = 0;

  if (f)
    for (PetscInt k = 0; k < 3 * sys->N; k++) f[k] = 0;
  if (e)
    for (PetscInt k = 0; k < sys->N; k++) e[k] = 0;
  for (PetscInt i = 0; i < sys->N; i++) {
    PetscReal fi[3] = {0, 0, 0};
    for (PetscInt k = nl->start[i]; k < nl->start[i + 1]; k++) {
      PetscReal d[3], phi, fpair;
      DWNeighborPairVector(nl, xw, i, k, d);
      const PetscReal r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
      const PetscInt  j  = nl->j[k];
      if (!kernel(ctx, sys, i, j, r2, &phi, &fpair)) continue;
      u += phi;
      w += fpair * r2;
      if (e) {
        e[i] += 0.5 * phi;
        e[j] += 0.5 * phi;
      }
      if (f) {
        for (int c = 0; c < 3; c++) {
          fi[c] += fpair * d[c];
          f[3 * j + c] -= fpair * d[c];
        }
      }
    }
    if (f)
      for (int c = 0; c < 3; c++) f[3 * i + c] += fi[c];
  }
  if (U) *U = u;
  if (W) *W = w / 3.0;
}

/* Sets the neighbour cutoff to the model's and updates the list (generic computations). */
PetscErrorCode       DWPotentialUpdateNeighbors(DWPotential pot, DWSystem sys, DWNeighborList nl);
extern PetscLogEvent DW_POTENTIAL_FORCE, DW_POTENTIAL_HESSIAN, DW_POTENTIAL_THIRD;
