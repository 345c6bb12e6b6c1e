/* Pair constants of the radial forms (see radial.h). */
#include "potential/radial.h"

static void SetLength(DWPairConst *c, PetscReal s, PetscReal rc)
{
  c->s      = s;
  c->s2     = s * s;
  c->inv_s2 = 1.0 / (s * s);
  c->rc2    = rc * rc;
}

/* Lennard-Jones 4 eps [(s/r)^12 - (s/r)^6] and its r-derivative at r. */
static void LJ(PetscReal eps, PetscReal s, PetscReal r, PetscReal *phi, PetscReal *dphi)
{
  const PetscReal sr6 = PetscPowReal(s / r, 6.0), sr12 = sr6 * sr6;
  *phi  = 4.0 * eps * (sr12 - sr6);
  *dphi = 4.0 * eps * (-12.0 * sr12 + 6.0 * sr6) / r;
}

void DWPairConstFinish(DWPairConst *c)
{
  c->f12 = 12.0 * c->e12;
  c->f6  = 6.0 * c->e6;
  c->f2  = 2.0 * c->a2 * c->inv_s2;
  c->f4  = 4.0 * c->a4 * c->inv_s2;
}

void DWPairConstSetLJ(DWPairConst *c, PetscReal eps, PetscReal s, PetscReal rc, DWLJTruncation how)
{
  PetscReal phic, dphic;

  *c = (DWPairConst){0};
  SetLength(c, s, rc);
  c->e12 = c->e6 = 4.0 * eps;
  LJ(eps, s, rc, &phic, &dphic);
  if (how == DW_LJ_SHIFT) {
    c->a0 = -phic;
  } else {
    c->a0 = -phic + rc * dphic;
    c->a1 = -dphic;
  }
  DWPairConstFinish(c);
}

void DWPairConstSetPoly(DWPairConst *c, PetscReal scale, PetscReal e6, PetscReal s, PetscReal xc, const PetscReal C[3])
{
  *c = (DWPairConst){0};
  SetLength(c, s, xc * s);
  c->e12 = scale;
  c->e6  = e6;
  c->a0  = scale * C[0];
  c->a2  = scale * C[1];
  c->a4  = scale * C[2];
  DWPairConstFinish(c);
}

void DWPairConstSetHarmonic(DWPairConst *c, PetscReal eps, PetscReal s)
{
  *c = (DWPairConst){0};
  SetLength(c, s, s);
  c->eps = eps;
}

void DWPairColumnsSet(DWPairColumns *col, PetscReal store[], const DWPairConst c[], PetscInt n)
{
  PetscReal *F[DW_PAIR_FIELDS];

  for (int k = 0; k < DW_PAIR_FIELDS; k++) F[k] = store + k * n;
  for (PetscInt t = 0; t < n; t++) {
    const PetscReal v[DW_PAIR_FIELDS] = {c[t].s,   c[t].s2, c[t].inv_s2, c[t].rc2, c[t].e12,
                                         c[t].e6,  c[t].a0, c[t].a1,     c[t].a2,  c[t].a4,
                                         c[t].f12, c[t].f6, c[t].f2,     c[t].f4,  c[t].eps};
    for (int k = 0; k < DW_PAIR_FIELDS; k++) F[k][t] = v[k];
  }
  *col = (DWPairColumns){F[0], F[1], F[2],  F[3],  F[4],  F[5],  F[6], F[7],
                         F[8], F[9], F[10], F[11], F[12], F[13], F[14]};
}
