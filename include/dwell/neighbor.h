/* Verlet neighbour lists with a skin, built from cell lists (Allen and Tildesley,
   "Computer Simulation of Liquids", 2nd ed., sec. 5.3). The list is a half list: each
   pair {i, j} with |r_ij| < r_cut + skin at build time appears once (under i or under j,
   as in LAMMPS half lists), with the periodic image of j that was nearest to i then. Because positions are
   unwrapped and no particle has moved more than skin/2 since the build, that image stays
   the right one for every pair inside r_cut, so the force loop needs no minimum image.
   DWNeighborListUpdate() rebuilds when the largest displacement since the last build
   exceeds skin/2. Distances in sigma.

   A DWNeighborList is sequential, replicated like the DWSystem it serves. */
#pragma once
#include <dwell/system.h>

typedef struct _p_DWNeighborList *DWNeighborList;

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
PetscErrorCode DWNeighborListSetPairCutoff(DWNeighborList nl, PetscReal (*rc)(void *ctx, PetscInt i, PetscInt j), void *ctx);
/* Reads -nl_skin and -nl_cells (PETSC_FALSE forces the all-pairs build). */
PetscErrorCode DWNeighborListSetFromOptions(DWNeighborList nl);
/* Builds the list for the current positions. Errors if r_cut + skin >= L/2. */
PetscErrorCode DWNeighborListBuild(DWNeighborList nl, DWSystem sys);
/* Rebuilds when needed (first call, N or L changed, or a displacement > skin/2);
   *rebuilt (may be NULL) says whether it did. */
PetscErrorCode DWNeighborListUpdate(DWNeighborList nl, DWSystem sys, PetscBool *rebuilt);
/* Forces a rebuild at the next update (e.g. after species or positions were replaced). */
PetscErrorCode DWNeighborListInvalidate(DWNeighborList nl);
/* Number of builds so far, number of pairs in the list. */
PetscErrorCode DWNeighborListGetStats(DWNeighborList nl, PetscInt *nbuilds, PetscInt *npairs);
