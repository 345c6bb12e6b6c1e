/* Private layout of DWNeighborList, read by the pair loops.

   At a build every particle gets a wrap offset w_i = L floor(x_i / L), so that
   x_i - w_i lies in the box, and every pair gets the code of the image shift s
   (one of 27 vectors n L, n in {-1, 0, 1}^3) that makes (x_i - w_i) - (x_j - w_j) - s
   the minimum image. Pair loops first form xw = x - w (DWNeighborListWrapPositions)
   and then use DWNeighborPairVector(): no rounding in the hot loop. */
#pragma once
#include <dwell/neighbor.h>

struct _p_DWNeighborList {
  MPI_Comm  comm;
  PetscReal rcut, skin;
  PetscBool usecells;
  /* half list in CSR form: the partners of i are j[start[i] .. start[i+1]) */
  PetscInt       N, npairs, capacity;
  PetscInt      *start, *j;
  unsigned char *image;        /* per pair: index into shift[] */
  PetscReal      shift[27][3]; /* image shift vectors */
  PetscReal      L;
  PetscReal     *xbuild;       /* positions at the last build */
  PetscReal     *wrap;         /* wrap offsets w at the last build */
  PetscReal     *xw;           /* scratch: x - w */
  PetscInt       nbuilds;
  PetscBool      valid;
  PetscInt      *cellstart, *cellatom, *cellof, *slot, ncellcap, natomcap; /* cell binning */
  PetscReal     *xs;                                              /* positions in cell order */
  PetscReal (*paircut)(void *, PetscInt, PetscInt); /* optional rc_ij */
  void     *paircutctx;
};

/* Fills and returns nl->xw = x - w for the pair loops. */
static inline const PetscReal *DWNeighborListWrapPositions(struct _p_DWNeighborList *nl, const PetscReal *x)
{
  for (PetscInt k = 0; k < 3 * nl->N; k++) nl->xw[k] = x[k] - nl->wrap[k];
  return nl->xw;
}

/* d = r_i - r_j for pair k of the list (i its first particle), from wrapped positions. */
static inline void DWNeighborPairVector(const struct _p_DWNeighborList *nl, const PetscReal *xw, PetscInt i, PetscInt k, PetscReal d[3])
{
  const PetscInt   j = nl->j[k];
  const PetscReal *s = nl->shift[nl->image[k]];
  d[0]               = xw[3 * i] - xw[3 * j] - s[0];
  d[1]               = xw[3 * i + 1] - xw[3 * j + 1] - s[1];
  d[2]               = xw[3 * i + 2] - xw[3 * j + 2] - s[2];
}
