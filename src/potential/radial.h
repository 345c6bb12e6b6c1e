/* The two radial forms every model is built from (x = r / s, s the pair's length scale):

   power-polynomial:  phi(r) = e12 x^-12 - e6 x^-6 + a0 + a1 r + a2 x^2 + a4 x^4
     pss           e12 = 1, e6 = 0, a0..a4 the smoothing polynomial   [PRL20; PRX 7, 021039]
     tlj, ka2      e12 = e6 = 4 eps, a_k = 4 eps C_k                   [JCP23 eqs. 4-5]
     ka            e12 = e6 = 4 eps, a0 = -phi_LJ(rc)                  (LAMMPS lj/cut, shift yes)
     lj            e12 = e6 = 4 eps, a0 + a1 r = -phi_LJ(rc) - (r - rc) phi_LJ'(rc)
                                                                      (LAMMPS lj/smooth/linear)
   harmonic:          phi(r) = (eps / 2) (1 - r / s)^2                 [PRR20]

   The force kernels return fpair = -phi'(r) / r and need no square root unless a1 != 0
   (or for the harmonic form). */
#pragma once
#include <petscsys.h>

typedef struct {
  PetscReal s, s2, inv_s2, rc2;      /* length scale, s^2, 1/s^2, cutoff^2 */
  PetscReal e12, e6, a0, a1, a2, a4; /* power-polynomial coefficients (energy eps) */
  PetscReal f12, f6, f2, f4;         /* force constants 12 e12, 6 e6, 2 a2 / s^2, 4 a4 / s^2 */
  PetscReal eps;                     /* harmonic stiffness scale */
} DWPairConst;

/* The constants of a few pairs (e.g. species pairs) in columns: field F of pair t is F[t].
   A pair loop gathers them by index, which the compiler vectorises (it does not gather
   from an array of DWPairConst). */
#define DW_PAIR_FIELDS 15
typedef struct {
  const PetscReal *s, *s2, *inv_s2, *rc2, *e12, *e6, *a0, *a1, *a2, *a4, *f12, *f6, *f2, *f4, *eps;
} DWPairColumns;

/* Points col into store (DW_PAIR_FIELDS x n values) and fills it from c[0 .. n). */
void DWPairColumnsSet(DWPairColumns *col, PetscReal store[], const DWPairConst c[], PetscInt n);

/* The constants of pair t (the fields a kernel does not read vanish from the loop). */
static inline __attribute__((always_inline)) void DWPairColumnsGet(const DWPairColumns *col,
                                                                   PetscInt t, DWPairConst *c)
{
  *c = (DWPairConst){.s      = col->s[t],
                     .s2     = col->s2[t],
                     .inv_s2 = col->inv_s2[t],
                     .rc2    = col->rc2[t],
                     .e12    = col->e12[t],
                     .e6     = col->e6[t],
                     .a0     = col->a0[t],
                     .a1     = col->a1[t],
                     .a2     = col->a2[t],
                     .a4     = col->a4[t],
                     .f12    = col->f12[t],
                     .f6     = col->f6[t],
                     .f2     = col->f2[t],
                     .f4     = col->f4[t],
                     .eps    = col->eps[t]};
}

/* phi and -phi'/r of the power-polynomial form; `linear` (a1 != 0) and `poly` (a2, a4 != 0)
   must be compile-time constants so that the unused terms vanish from the loop. */
static inline __attribute__((always_inline)) void DWRadialPowerForce(const DWPairConst *c, PetscReal r2, PetscBool linear, PetscBool poly, PetscReal *phi, PetscReal *fpair)
{
  const PetscReal ir2 = 1.0 / r2, sr2 = c->s2 * ir2, sr6 = sr2 * sr2 * sr2;

  *phi   = sr6 * (c->e12 * sr6 - c->e6) + c->a0;
  *fpair = sr6 * (c->f12 * sr6 - c->f6) * ir2;
  if (poly) {
    const PetscReal x2 = r2 * c->inv_s2;
    *phi += (c->a2 + c->a4 * x2) * x2;
    *fpair -= c->f2 + c->f4 * x2;
  }
  if (linear) {
    const PetscReal r = PetscSqrtReal(r2);
    *phi += c->a1 * r;
    *fpair -= c->a1 / r;
  }
}

/* phi, phi', phi'', phi''' of the power-polynomial form at r. */
static inline void DWRadialPowerDerivatives(const DWPairConst *c, PetscReal r, PetscReal d[4])
{
  const PetscReal x = r / c->s, ix6 = 1.0 / (x * x * x * x * x * x), ix12 = ix6 * ix6, ir = 1.0 / r, is = 1.0 / c->s;

  d[0] = c->e12 * ix12 - c->e6 * ix6 + c->a0 + c->a1 * r + c->a2 * x * x + c->a4 * x * x * x * x;
  d[1] = (-12.0 * c->e12 * ix12 + 6.0 * c->e6 * ix6) * ir + c->a1 + (2.0 * c->a2 * x + 4.0 * c->a4 * x * x * x) * is;
  d[2] = (156.0 * c->e12 * ix12 - 42.0 * c->e6 * ix6) * ir * ir + (2.0 * c->a2 + 12.0 * c->a4 * x * x) * is * is;
  d[3] = (-2184.0 * c->e12 * ix12 + 336.0 * c->e6 * ix6) * ir * ir * ir + 24.0 * c->a4 * x * is * is * is;
}

/* phi and -phi'/r of the harmonic form. */
static inline __attribute__((always_inline)) void DWRadialHarmonicForce(const DWPairConst *c, PetscReal r2, PetscReal *phi, PetscReal *fpair)
{
  const PetscReal r = PetscSqrtReal(r2), g = 1.0 - r / c->s;

  *phi   = 0.5 * c->eps * g * g;
  *fpair = c->eps * g / (c->s * r);
}

static inline void DWRadialHarmonicDerivatives(const DWPairConst *c, PetscReal r, PetscReal d[4])
{
  const PetscReal g = 1.0 - r / c->s;

  d[0] = 0.5 * c->eps * g * g;
  d[1] = -c->eps * g / c->s;
  d[2] = c->eps / (c->s * c->s);
  d[3] = 0;
}

/* Fills the power-polynomial constants of a Lennard-Jones pair (eps, s) cut at rc:
   plain LJ, shifted so phi(rc) = 0, or with the linear term so phi(rc) = phi'(rc) = 0. */
typedef enum { DW_LJ_SHIFT, DW_LJ_SMOOTH_LINEAR } DWLJTruncation;
void DWPairConstSetLJ(DWPairConst *c, PetscReal eps, PetscReal s, PetscReal rc, DWLJTruncation how);
/* Fills the constants of the smoothed power-polynomial form with polynomial coefficients
   (C0, C2, C4) in units of `scale`, e.g. pss: scale 1, e6 = 0; ternary: scale 4 eps. */
void DWPairConstSetPoly(DWPairConst *c, PetscReal scale, PetscReal e6, PetscReal s, PetscReal xc, const PetscReal C[3]);
void DWPairConstSetHarmonic(DWPairConst *c, PetscReal eps, PetscReal s);
/* Derived force constants f12, f6, f2, f4 (call after setting e12, e6, a2, a4, s). */
void DWPairConstFinish(DWPairConst *c);
