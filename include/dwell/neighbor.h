/* Verlet neighbour lists with a skin, built from cell lists (Allen and Tildesley,
   "Computer Simulation of Liquids", 2nd ed., sec. 5.3). The list is a half list: each
   pair {i, j} with |r_ij| < r_cut + skin at build time appears once (under i or under j,
   as in LAMMPS half lists), with the periodic image of j that was nearest to i then. Because
   positions are unwrapped and no particle has moved more than skin/2 since the build, that image
   stays the right one for every pair inside r_cut, so the force loop needs no minimum image.
   DWNeighborListUpdate() rebuilds when the largest displacement since the last build
   exceeds skin/2. Distances in sigma.

   A DWNeighborList is sequential, replicated like the DWSystem it serves. */
#pragma once
#include <dwell/system.h>

typedef struct _p_DWNeighborList *DWNeighborList;

/* The pairs of a built list, for pair loops: fetch them once per loop with
   DWNeighborListGetPairs() (valid until the next build). The partners of particle i are
   j[start[i] .. start[i+1]). At a build every particle gets a wrap offset w_i = h floor(h^-1
   x_i) (h the box matrix of include/dwell/box.h; L floor(x_i / L) in a cube) and every pair
   the code c = image[k] of the periodic image shift s = shift[c] (one of 27 lattice vectors
   h n, n in {-1, 0, 1}^3, c = (n_x + 1) + 3 (n_y + 1) + 9 (n_z + 1); the opposite of
   shift[c] is shift[26 - c]) that makes
   d = (x_i - w_i) - (x_j - w_j) - s the minimum image. Pair loops first form xw = x - w
   (DWNeighborListWrapPositions) and then use DWNeighborPairVector(): no rounding in the hot
   loop. */
typedef struct {
  PetscInt N, npairs;
  const PetscInt *start, *j;
  const unsigned char *image;
  const PetscReal (*shift)[3];
  const PetscReal *wrap;   /* 3N wrap offsets w */
  const PetscReal *xbuild; /* 3N positions at the build */
  /* Image particles, for loops with no shift per pair: pair k's partner is particle jx[k] of
     the extended positions that DWNeighborListWrapPositions() returns, xw_j itself when
     image[k] is 13 (no shift), else image particle g = jx[k] - N at xw_j + shift[image[k]]
     (one per (j, image) met, nimage in all). */
  const PetscInt *jx;
  PetscInt nimage;
} DWNeighborPairs;

#define DW_NEIGHBOR_DEFAULT_SKIN 0.3 /* sigma */

/* Collective. Default skin DW_NEIGHBOR_DEFAULT_SKIN. */
PetscErrorCode DWNeighborListCreate(MPI_Comm comm, DWNeighborList *nl);
PetscErrorCode DWNeighborListDestroy(DWNeighborList *nl);
/* The largest interaction cutoff r_cut (sigma). */
PetscErrorCode DWNeighborListSetCutoff(DWNeighborList nl, PetscReal rcut);
PetscErrorCode DWNeighborListSetSkin(DWNeighborList nl, PetscReal skin);
PetscErrorCode DWNeighborListGetSkin(DWNeighborList nl, PetscReal *skin);
/* Optional per-pair cutoff rc_ij <= r_cut: pairs are then listed only within rc_ij + skin
   (fewer pairs for mixtures and polydisperse systems, as LAMMPS does per type pair). */
PetscErrorCode DWNeighborListSetPairCutoff(DWNeighborList nl,
                                           PetscReal (*rc)(void *ctx, PetscInt i, PetscInt j),
                                           void *ctx);
/* Per-pair cutoffs rc_ab by species (rc: ntypes x ntypes, row-major, copied), read from the
   system's species at each build; replaces the function of DWNeighborListSetPairCutoff()
   (ntypes = 0: back to it). */
PetscErrorCode DWNeighborListSetSpeciesCutoffs(DWNeighborList nl, PetscInt ntypes,
                                               const PetscReal rc[]);
/* Reads -nl_skin and -nl_cells (PETSC_FALSE forces the all-pairs build). */
PetscErrorCode DWNeighborListSetFromOptions(DWNeighborList nl);
/* Builds the list for the current positions. Errors if r_cut + skin >= DWBoxHalfWidth(). */
PetscErrorCode DWNeighborListBuild(DWNeighborList nl, DWSystem sys);
/* Rebuilds when needed (first call, N, L or a tilt changed, or a displacement > skin/2);
 *rebuilt (may be NULL) says whether it did. */
PetscErrorCode DWNeighborListUpdate(DWNeighborList nl, DWSystem sys, PetscBool *rebuilt);
/* Forces a rebuild at the next update (e.g. after species or positions were replaced). */
PetscErrorCode DWNeighborListInvalidate(DWNeighborList nl);
/* Not collective. The pairs of the last build (see DWNeighborPairs). */
PetscErrorCode DWNeighborListGetPairs(DWNeighborList nl, DWNeighborPairs *pairs);
/* Not collective. Fills the list's scratch array xw = x - w (3N) for the current positions x,
   followed by the positions of the nimage image particles (3 nimage, see DWNeighborPairs),
   and returns it (owned by the list, overwritten by the next call). */
PetscErrorCode DWNeighborListWrapPositions(DWNeighborList nl, const PetscReal x[],
                                           const PetscReal *xw[]);
/* d = r_i - r_j for pair k of the list (i its first particle), from wrapped positions. */
static inline void DWNeighborPairVector(const DWNeighborPairs *p, const PetscReal *xw, PetscInt i,
                                        PetscInt k, PetscReal d[3])
{
  const PetscInt j   = p->j[k];
  const PetscReal *s = p->shift[p->image[k]];
  d[0]               = xw[3 * i] - xw[3 * j] - s[0];
  d[1]               = xw[3 * i + 1] - xw[3 * j + 1] - s[1];
  d[2]               = xw[3 * i + 2] - xw[3 * j + 2] - s[2];
}
/* The cutoff r_cut (negative before DWNeighborListSetCutoff) and the per-pair cutoff
   function and its context (NULL when none). */
PetscErrorCode DWNeighborListGetCutoff(DWNeighborList nl, PetscReal *rcut);
PetscErrorCode DWNeighborListGetPairCutoff(DWNeighborList nl,
                                           PetscReal (**rc)(void *ctx, PetscInt i, PetscInt j),
                                           void **ctx);
/* Number of builds so far, number of pairs in the list. */
PetscErrorCode DWNeighborListGetStats(DWNeighborList nl, PetscInt *nbuilds, PetscInt *npairs);

/* Not collective. Registers the logging events of this module (PetscLogEventRegister; a no-op
   the second time). Every rank of a campaign calls it at start-up (src/app/logevents.c), so that
   -log_view sums the same event on every rank even where only workers run the module. */
PetscErrorCode DWNeighborLogRegister(void);
