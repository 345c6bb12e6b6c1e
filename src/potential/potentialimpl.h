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
  /* rc_ab by species (ntypes x ntypes, row-major) when rc_ij depends on the species only
     (NULL otherwise): the neighbour list then needs no call per pair */
  void (*speciescutoffs)(DWPotential, PetscInt *ntypes, PetscReal rc[]);
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
  MPI_Comm comm;
  char type[DW_TYPE_NAME_LEN];
  struct _DWPotentialOps ops[1];
  void *data;
  PetscReal rho;   /* the model's number density, sigma^-3 */
  PetscReal rcmax; /* largest cutoff, sigma (valid after setup) */
  PetscBool setupcalled;
  PetscReal init_min_distance; /* RSA minimum pair distance / s_ij */
  struct {
    DWPotential pot;
    DWSystem sys;
    DWParticles p; /* sys's arrays, fetched at each list update */
  } listctx;       /* context of the per-pair list cutoff handed to the neighbour list */
  char description[256];
};

/* Kernel of one pair at squared distance r2: sets phi and fpair = -phi'(r)/r (so that
   f_i += fpair r_ij) and returns whether r2 is inside the cutoff. It must compute phi and
   fpair whatever r2 > 0 (the loop discards them beyond the cutoff): with no branch, the
   loop below vectorises. */
typedef PetscBool (*DWPairKernel)(const void *ctx, const DWParticles *p, PetscInt i, PetscInt j,
                                  PetscReal r2, PetscReal *phi, PetscReal *fpair);

#define DW_PAIR_CHUNK 64
/* Partial sums of the force on i (independent additions; their number is fixed, so the
   sums do not depend on the instruction set). */
#define DW_PAIR_LANES 8

/* Put on the functions that run a DWPairLoop: the loop is compiled for the baseline and for
   AVX2 (x86-64-v3: hardware gathers) and AVX-512 (x86-64-v4), the best one chosen at load
   time. Every clone computes the same numbers (see DWPairLoopImpl). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(DW_NO_CLONES)
#define DW_PAIR_LOOP_CLONES                                                                        \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define DW_PAIR_LOOP_CLONES
#endif

/* The sum of DW_PAIR_LANES partial sums, pairwise (a fixed order). */
static inline __attribute__((always_inline)) PetscReal DWLaneSum(const PetscReal a[DW_PAIR_LANES])
{
  return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
}

/* The generic loop over the half list. Inlined into each model with its kernel as a
   compile-time constant, so the kernel is inlined too: one loop, one copy of the logic,
   and no indirect call per pair. `energy` is a constant at each call site: without it the
   energy and virial terms are dead code and vanish from the loop.
   The loop runs over the partners of each i in chunks of at most DW_PAIR_CHUNK pairs, x_j
   read from the image particles (DWNeighborPairs jx: no shift per pair), in two passes. The
   first computes the force f_ij of every pair of the chunk (no stores to shared arrays, no
   branch: the compiler vectorises it, gathering x_j), the second, in the order of the list,
   subtracts f_ij from f_j and adds it to one of DW_PAIR_LANES partial sums of the force on i
   (pair m to sum m mod DW_PAIR_LANES: no chain of dependent additions). Each pair's numbers
   are the same in the vector and the scalar code (element-wise IEEE operations, no
   contraction in ISO C) and every sum is taken in a fixed order, so the result does not
   depend on the instruction set. */
static inline __attribute__((always_inline)) void
DWPairLoopImpl(const DWPairView *v, const void *ctx, DWPairKernel kernel, const PetscBool energy,
               PetscReal *U, PetscReal *restrict f, PetscReal *W, PetscReal *restrict e)
{
  const DWParticles p            = v->p;
  const PetscReal *restrict xw   = v->xw;
  const PetscInt *restrict jlist = v->nb.j, *restrict jxlist = v->nb.jx,
                           *restrict start = v->nb.start;
  const PetscInt N                         = p.N;
  PetscReal u = 0, w = 0;

  if (f)
    for (PetscInt k = 0; k < 3 * N; k++) f[k] = 0;
  if (e)
    for (PetscInt k = 0; k < N; k++) e[k] = 0;
  for (PetscInt i = 0; i < N; i++) {
    const PetscReal xi = xw[3 * i], yi = xw[3 * i + 1], zi = xw[3 * i + 2];
    PetscReal ax[DW_PAIR_LANES] = {0}, ay[DW_PAIR_LANES] = {0}, az[DW_PAIR_LANES] = {0};
    for (PetscInt k0 = start[i]; k0 < start[i + 1]; k0 += DW_PAIR_CHUNK) {
      const PetscInt n            = PetscMin(DW_PAIR_CHUNK, start[i + 1] - k0);
      const PetscInt *restrict jk = jlist + k0, *restrict jxk = jxlist + k0;
      PetscReal bx[DW_PAIR_CHUNK], by[DW_PAIR_CHUNK], bz[DW_PAIR_CHUNK], be[DW_PAIR_CHUNK],
          bw[DW_PAIR_CHUNK];
      for (PetscInt m = 0; m < n; m++) {
        const PetscInt j = jk[m], jx = jxk[m];
        const PetscReal dx = xi - xw[3 * jx], dy = yi - xw[3 * jx + 1], dz = zi - xw[3 * jx + 2];
        const PetscReal r2 = dx * dx + dy * dy + dz * dz;
        PetscReal phi, fpair;
        const int in       = (int)kernel(ctx, &p, i, j, r2, &phi, &fpair);
        const PetscReal bf = fpair * (PetscReal)in; /* a select would be a branch */
        bx[m]              = bf * dx;
        by[m]              = bf * dy;
        bz[m]              = bf * dz;
        if (energy) {
          be[m] = phi * (PetscReal)in;
          bw[m] = bf * r2;
        }
      }
      for (PetscInt m = 0; m < n; m++) {
        const PetscInt j = jk[m];
        if (energy) {
          u += be[m];
          w += bw[m];
          if (e) {
            e[i] += 0.5 * be[m];
            e[j] += 0.5 * be[m];
          }
        }
        if (f) {
          ax[m % DW_PAIR_LANES] += bx[m];
          ay[m % DW_PAIR_LANES] += by[m];
          az[m % DW_PAIR_LANES] += bz[m];
          f[3 * j] -= bx[m];
          f[3 * j + 1] -= by[m];
          f[3 * j + 2] -= bz[m];
        }
      }
    }
    if (f) {
      f[3 * i] += DWLaneSum(ax);
      f[3 * i + 1] += DWLaneSum(ay);
      f[3 * i + 2] += DWLaneSum(az);
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
/* The generic pair iteration of the derivative-based computations (Hessian, stress): calls
   visit(ctx, i, j, d, r, der) for every pair of the list, d = r_i - r_j its separation, r = |d|
   and der = phi, phi', phi'', phi''' (zero beyond rc_ij). */
typedef PetscErrorCode (*DWPairVisitor)(void *ctx, PetscInt i, PetscInt j, const PetscReal d[3],
                                        PetscReal r, const PetscReal der[4]);
PetscErrorCode DWPotentialForEachPair(DWPotential pot, DWSystem sys, DWNeighborList nl,
                                      DWPairVisitor visit, void *ctx);
extern PetscLogEvent DW_POTENTIAL_FORCE, DW_POTENTIAL_HESSIAN, DW_POTENTIAL_THIRD;
