/* Private layout of DWSystem, for the library's hot loops. */
#pragma once
#include <dwell/system.h>

struct _p_DWSystem {
  MPI_Comm  comm;
  PetscInt  N;
  PetscReal L;          /* cubic box edge, sigma */
  PetscInt  nspecies;   /* species present in the model (1 for monodisperse) */
  PetscInt *species;    /* N species indices */
  PetscReal *diameter;  /* N diameters (sigma) for polydisperse models, else NULL */
  PetscReal *x;         /* 3N unwrapped positions, sigma */
  char       model[DW_MODEL_NAME_LEN];
};

/* Minimum-image component d - L round(d / L), for any d (positions are unwrapped). */
static inline PetscReal DWMinImage(PetscReal d, PetscReal L, PetscReal invL)
{
  return d - L * PetscFloorReal(d * invL + 0.5);
}
