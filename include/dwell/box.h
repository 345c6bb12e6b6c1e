/* The periodic box: the one place that knows its geometry. Today a cube of edge L (sigma);
   positions are unwrapped, so every separation between two particles goes through
   DWBoxMinimumImage(). A triclinic box changes this header and src/core only: callers hold
   a DWBox (from DWSystemGetParticles() or DWBoxSetCubic()) and never its fields. */
#pragma once
#include <petscsys.h>

typedef struct {
  PetscReal L;    /* edge, sigma */
  PetscReal invL; /* 1 / L */
} DWBox;

/* The cubic box of edge L > 0 (e.g. read back from a file that stores L). */
static inline void DWBoxSetCubic(DWBox *box, PetscReal L)
{
  box->L    = L;
  box->invL = 1.0 / L;
}

/* Replaces the separation d by its minimum image, d - L round(d / L) componentwise, for
   any d. Inlined: cheap enough for the hot loops. */
static inline void DWBoxMinimumImage(const DWBox *box, PetscReal d[3])
{
  for (int c = 0; c < 3; c++) d[c] -= box->L * PetscFloorReal(d[c] * box->invL + 0.5);
}

/* The volume V (sigma^3), e.g. of the pressure P = (N T + W) / V. */
static inline PetscReal DWBoxVolume(const DWBox *box)
{
  return box->L * box->L * box->L;
}

/* Half the smallest distance between opposite faces (sigma): interactions and list skins
   must stay below it for the minimum image to be the only image in range. */
static inline PetscReal DWBoxHalfWidth(const DWBox *box)
{
  return 0.5 * box->L;
}
