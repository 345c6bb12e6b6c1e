/* The simplified string method (-neb_type string; E, Ren, Vanden-Eijnden, J. Chem. Phys.
   126, 164103 (2007), sec. II and eqs. 3-5): the images move with the perpendicular force
   -grad V|_perp (the tangential part of -grad V would only be undone by the
   redistribution), and before every evaluation they are redistributed at equal arc length
   along the cubic spline through them (their step 2, "reparametrization", with the
   not-a-knot spline of pathspline.c): with s_i the cumulative image distance, image i moves to
   the point of arc length s_{M-1} i / (M - 1). No springs. The tangent is the improved
   (upwind) tangent of the NEB (see DWNEBCreate_String). With a climbing image c (climbing
   string: Ren and Vanden-Eijnden, J. Chem. Phys. 138, 134105 (2013), sec. II.B) x_c moves
   with F_c = -grad V + 2 (grad V . tau) tau and is kept in place by the redistribution,
   which then acts on [x_0, x_c] and [x_c, x_{M-1}] separately. */
#include "landscape/nebimpl.h"

/* Resamples rows lo..hi of the chain Y (arc lengths s) at equal arc length into X; rows lo and
   hi of X are left unchanged. */
static PetscErrorCode Redistribute(DWNEBBand *band, const PetscReal s[], const PetscReal Y[],
                                   PetscInt lo, PetscInt hi, PetscReal Yout[])
{
  const PetscInt n = band->n, m = hi - lo + 1;
  PetscReal *t;

  PetscFunctionBegin;
  if (m < 3) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(m, &t));
  for (PetscInt j = 0; j < m; j++) t[j] = s[lo] + (s[hi] - s[lo]) * j / (m - 1);
  PetscCall(DWPathResample(m, s + lo, n, Y + lo * n, m, t, Yout));
  for (PetscInt j = 1; j < m - 1; j++)
    PetscCall(PetscArraycpy(band->X + (lo + j) * n, Yout + j * n, n));
  PetscCall(PetscFree(t));
  PetscFunctionReturn(0);
}

static PetscErrorCode Prepare_String(DWNEB neb, DWNEBBand *band)
{
  const PetscInt M = band->M, n = band->n, c = band->climber;
  PetscReal *Y, *Yout, *s;

  PetscFunctionBegin;
  PetscCall(DWNEBBandDistances(neb->surface, band));
  PetscCall(PetscMalloc3(M * n, &Y, M * n, &Yout, M, &s));
  PetscCall(PetscArraycpy(Y, band->X, n));
  s[0] = 0;
  for (PetscInt i = 1; i < M; i++) {
    for (PetscInt k = 0; k < n; k++)
      Y[i * n + k] = Y[(i - 1) * n + k] + band->dnext[(i - 1) * n + k];
    s[i] = s[i - 1] + band->len[i - 1];
  }
  if (c > 0) {
    PetscCall(Redistribute(band, s, Y, 0, c, Yout));
    PetscCall(Redistribute(band, s, Y, c, M - 1, Yout));
  } else
    PetscCall(Redistribute(band, s, Y, 0, M - 1, Yout));
  PetscCall(PetscFree3(Y, Yout, s));
  PetscFunctionReturn(0);
}

/* The tangent is the upwind tangent of Henkelman and Jonsson (nebci.c). The central
   difference (x_{i+1} - x_{i-1}) / |...| lets FIRE drive a zig-zag instability of the images
   where the string bends sharply (measured on Mueller-Brown with 20-40 images: no
   convergence in 3e4 iterations, against ~400 with the upwind tangent). */
PetscErrorCode DWNEBCreate_String(DWNEB neb)
{
  PetscFunctionBegin;
  neb->ops->prepare  = Prepare_String;
  neb->ops->tangents = DWNEBTangents_Improved;
  neb->ops->springs  = PETSC_FALSE;
  PetscFunctionReturn(0);
}
