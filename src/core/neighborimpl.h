/* Private layout of DWNeighborList (src/core only; the pair loops elsewhere read the
   pairs through DWNeighborListGetPairs(), see DWNeighborPairs in include/dwell/neighbor.h). */
#pragma once
#include <dwell/neighbor.h>

struct _p_DWNeighborList {
  MPI_Comm comm;
  PetscReal rcut, skin;
  PetscBool usecells;
  /* half list in CSR form: the partners of i are j[start[i] .. start[i+1]) */
  PetscInt N, npairs, capacity;
  PetscInt *start, *j;
  unsigned char *image; /* per pair: index into shift[] */
  /* image particles (DWNeighborPairs): partner k is jx[k], j[k] itself or N + g for image
     particle g = (imageof[g], imagecode[g]); imageid[27 j + c] is the image particle of
     (j, c), -1 if none (reset after each build) */
  PetscInt *jx, nimage, imagecap;
  PetscInt *imageof, *imageid;
  unsigned char *imagecode;
  PetscReal shift[27][3]; /* image shift vectors */
  DWBox box;              /* the box at the last build */
  PetscReal *xbuild;      /* positions at the last build */
  PetscReal *wrap;        /* wrap offsets w at the last build */
  PetscReal *xw;          /* scratch: x - w, then the image particles' positions */
  PetscInt xwcap;
  PetscInt nbuilds;
  PetscBool valid;
  PetscInt *cellstart, *cellatom, *cellof, *slot, ncellcap, natomcap; /* cell binning */
  PetscReal *xs;                                                      /* positions in cell order */
  PetscReal (*paircut)(void *, PetscInt, PetscInt);                   /* optional rc_ij */
  void *paircutctx;
  PetscInt ntypes;                                     /* > 0: rc_ij from the species table */
  PetscReal typecut[DW_MAX_SPECIES][DW_MAX_SPECIES];   /* rc_ab */
  PetscReal typelist2[DW_MAX_SPECIES][DW_MAX_SPECIES]; /* (rc_ab + skin)^2 at the build */
  const PetscInt *species;                             /* the system's, at the build */
};
