/* The periodic box: the one place that knows its geometry. A general triclinic cell in the
   LAMMPS convention (https://docs.lammps.org/Howto_triclinic.html): the edge vectors are the
   columns of the upper-triangular matrix
       h = [ L  xy  xz ]      a = (L, 0, 0), b = (xy, L, 0), c = (xz, yz, L),
           [ 0  L   yz ]
           [ 0  0   L  ]
   with all three edges L (our reference cell is a cube) and the tilts xy, xz, yz (sigma).
   The periodic images of a position x are x + h n, n in Z^3; the fractional (LAMMPS
   "lamda") coordinates are s = h^-1 x. Positions are unwrapped, so every separation between
   two particles goes through DWBoxMinimumImage(). Callers hold a DWBox (from
   DWSystemGetParticles() or DWBoxSetCubic()) and never its fields.

   The tilts come from the strain-driven elastic code (src/modes/elasticaqs.c, Lees-Edwards
   shear) and travel through the configuration files (extxyz Lattice, LAMMPS "xy xz yz",
   HDF5 /config box_xy, box_xz, box_yz; see include/dwell/io.h). Validity: |xy|, |xz|, |yz| <= L/2
   (DWBoxTiltValid), where the z-y-x reduction of DWBoxMinimumImage() gives the minimum image of
   every separation shorter than DWBoxHalfWidth(). */
#pragma once
#include <petscsys.h>

typedef struct {
  PetscReal L;          /* edge, sigma */
  PetscReal invL;       /* 1 / L */
  PetscReal xy, xz, yz; /* tilts, sigma */
  PetscBool tilted;     /* any tilt non-zero: the cubic fast path otherwise */
} DWBox;

/* The cubic box of edge L > 0 (e.g. read back from a file that stores L). */
static inline void DWBoxSetCubic(DWBox *box, PetscReal L)
{
  box->L      = L;
  box->invL   = 1.0 / L;
  box->xy     = 0;
  box->xz     = 0;
  box->yz     = 0;
  box->tilted = PETSC_FALSE;
}

/* The triclinic box of edges L > 0 and tilts t = (xy, xz, yz) (check DWBoxTiltValid). */
static inline void DWBoxSetTriclinic(DWBox *box, PetscReal L, const PetscReal t[3])
{
  DWBoxSetCubic(box, L);
  box->xy     = t[0];
  box->xz     = t[1];
  box->yz     = t[2];
  box->tilted = (PetscBool)(t[0] != 0 || t[1] != 0 || t[2] != 0);
}

/* True when every tilt t is within [-L/2, L/2] (the condition of DWBoxMinimumImage()). */
static inline PetscBool DWBoxTiltValid(PetscReal L, const PetscReal t[3])
{
  return (PetscBool)(PetscAbsReal(t[0]) <= 0.5 * L && PetscAbsReal(t[1]) <= 0.5 * L &&
                     PetscAbsReal(t[2]) <= 0.5 * L);
}

/* d += h n: the separation moved by the lattice vector n (integers, as reals). */
static inline void DWBoxAddLattice(const DWBox *box, const PetscReal n[3], PetscReal d[3])
{
  d[0] += box->L * n[0] + box->xy * n[1] + box->xz * n[2];
  d[1] += box->L * n[1] + box->yz * n[2];
  d[2] += box->L * n[2];
}

/* Fractional coordinates s = h^-1 x (LAMMPS x2lamda without the origin). */
static inline void DWBoxToFractional(const DWBox *box, const PetscReal x[3], PetscReal s[3])
{
  s[2] = x[2] * box->invL;
  s[1] = (x[1] - box->yz * s[2]) * box->invL;
  s[0] = (x[0] - box->xy * s[1] - box->xz * s[2]) * box->invL;
}

/* The reciprocal-lattice vector q = 2 pi h^-T n of Miller indices n (1/sigma): q . a = 2 pi n_0,
   q . b = 2 pi n_1, q . c = 2 pi n_2, so exp(i q . r) is periodic in the cell (the plane waves
   of the box; 2 pi n / L for a cube). */
static inline void DWBoxReciprocal(const DWBox *box, const PetscReal n[3], PetscReal q[3])
{
  const PetscReal t = 2 * PETSC_PI * box->invL;

  q[0] = t * n[0];
  q[1] = t * (n[1] - box->xy * box->invL * n[0]);
  q[2] = t * (n[2] - box->yz * box->invL * n[1] +
              (box->xy * box->yz * box->invL - box->xz) * box->invL * n[0]);
}

/* Replaces the separation d by its minimum image for any d. Cube: d - L round(d / L)
   componentwise. Triclinic: LAMMPS's Domain::minimum_image reduction, z with c, then y with
   b, then x with a (each by the rounded multiple); exact for every d with an image shorter
   than DWBoxHalfWidth() when the tilts are valid. Inlined: cheap enough for the hot loops. */
static inline void DWBoxMinimumImage(const DWBox *box, PetscReal d[3])
{
  if (!box->tilted) {
    for (int c = 0; c < 3; c++) d[c] -= box->L * PetscFloorReal(d[c] * box->invL + 0.5);
    return;
  }
  const PetscReal nz = PetscFloorReal(d[2] * box->invL + 0.5);
  d[0] -= nz * box->xz;
  d[1] -= nz * box->yz;
  d[2] -= nz * box->L;
  const PetscReal ny = PetscFloorReal(d[1] * box->invL + 0.5);
  d[0] -= ny * box->xy;
  d[1] -= ny * box->L;
  d[0] -= box->L * PetscFloorReal(d[0] * box->invL + 0.5);
}

/* The volume V = det h = L^3 (sigma^3), e.g. of the pressure P = (N T + W) / V. */
static inline PetscReal DWBoxVolume(const DWBox *box)
{
  return box->L * box->L * box->L;
}

/* The distances between opposite faces (sigma), w_k = V / |area of the face spanned by the
   two other edges|: w = (V/|b x c|, V/|c x a|, V/|a x b|); all L for a cube. */
static inline void DWBoxFaceWidths(const DWBox *box, PetscReal w[3])
{
  const PetscReal L = box->L, xy = box->xy, xz = box->xz, yz = box->yz;
  w[0] = L * L * L / PetscSqrtReal(L * L * L * L + xy * xy * L * L + PetscSqr(xy * yz - L * xz));
  w[1] = L / PetscSqrtReal(1 + yz * yz / (L * L));
  w[2] = L;
}

/* Half the smallest distance between opposite faces (sigma): interactions and list skins
   must stay below it for the minimum image to be the only image in range. */
static inline PetscReal DWBoxHalfWidth(const DWBox *box)
{
  PetscReal w[3];

  if (!box->tilted) return 0.5 * box->L;
  DWBoxFaceWidths(box, w);
  return 0.5 * PetscMin(w[0], PetscMin(w[1], w[2]));
}
