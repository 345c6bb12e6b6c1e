/* Private layout of DWSystem (src/core only; other folders use DWSystemGetParticles()). */
#pragma once
#include <dwell/system.h>

struct _p_DWSystem {
  MPI_Comm  comm;
  PetscInt  N;
  DWBox     box;        /* periodic cell: edge L and tilts (see include/dwell/box.h) */
  PetscInt  nspecies;   /* species present in the model (1 for monodisperse) */
  PetscInt *species;    /* N species indices */
  PetscReal *diameter;  /* N diameters (sigma) for polydisperse models, else NULL */
  PetscReal *x;         /* 3N unwrapped positions, sigma */
  char       model[DW_MODEL_NAME_LEN];
};
