/* The band of images shared by the NEB and string methods (include/dwell/neb.h): storage,
   linear interpolation between the aligned end points, evaluation, image distances, and the
   band forces from the tangents tau_i (unit vectors):
     F_i = -(grad V_i - (grad V_i . tau_i) tau_i) + k (|x_{i+1} - x_i| - |x_i - x_{i-1}|) tau_i
   (Henkelman and Jonsson, J. Chem. Phys. 113, 9978 (2000), eqs. 4 and 12; the spring term
   only for NEB), and for the climbing image c (Henkelman, Uberuaga, Jonsson, J. Chem. Phys.
   113, 9901 (2000), eq. 5)
     F_c = -grad V_c + 2 (grad V_c . tau_c) tau_c,
   whose length equals |grad V_c|: F_c = 0 exactly at a saddle. The convergence measures are
   the largest component of the perpendicular force -grad V|_perp over the other interior
   images (the springs only set the spacing) and the largest component of F_c. Also the
   detection of intermediate minima along the band. */
#include "landscape/nebimpl.h"

PetscErrorCode DWNEBBandAllocate(DWNEBBand *band, PetscInt M, PetscInt n, PetscInt bs)
{
  PetscFunctionBegin;
  if (band->M == M && band->n == n) PetscFunctionReturn(0);
  PetscCall(DWNEBBandFree(band));
  band->M  = M;
  band->n  = n;
  band->bs = bs;
  PetscCall(PetscCalloc5(M * n, &band->X, M, &band->V, M * n, &band->G, M * n, &band->T, M * n,
                         &band->F));
  PetscCall(PetscCalloc2(M * n, &band->dnext, M, &band->len));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBBandFree(DWNEBBand *band)
{
  PetscFunctionBegin;
  PetscCall(PetscFree5(band->X, band->V, band->G, band->T, band->F));
  PetscCall(PetscFree2(band->dnext, band->len));
  band->M = band->n = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBBandInterpolate(DWNEBBand *band, const PetscReal a[], const PetscReal b[])
{
  const PetscInt M = band->M, n = band->n;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < M; i++) {
    const PetscReal t = (PetscReal)i / (M - 1);
    for (PetscInt k = 0; k < n; k++) band->X[i * n + k] = a[k] + t * (b[k] - a[k]);
  }
  PetscCall(PetscArrayzero(band->F, M * n));
  band->climber    = -1;
  band->iterations = band->evaluations = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBBandFromChain(DWSurface s, DWNEBBand *band, PetscInt np, const PetscReal P[])
{
  const PetscInt M = band->M, n = band->n;
  PetscReal *Y, *d, *arc;
  PetscInt m = 1;

  PetscFunctionBegin;
  PetscCheck(np >= 2, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "a path needs at least 2 points, not %" PetscInt_FMT, np);
  PetscCall(PetscMalloc3(np * n, &Y, n, &d, np, &arc));
  /* the chain unwrapped from x_0; repeated points (zero steps) dropped, so that the arc
     lengths, the spline's knots, increase */
  PetscCall(PetscArraycpy(Y, band->X, n));
  arc[0] = 0;
  for (PetscInt k = 1; k < np; k++) {
    PetscCall(DWSurfaceDifference(s, P + k * n, P + (k - 1) * n, d));
    const PetscReal h = PetscSqrtReal(DWDot(n, d, d));
    for (PetscInt c = 0; c < n; c++) Y[m * n + c] = Y[(m - 1) * n + c] + d[c];
    if (h > 0) {
      arc[m] = arc[m - 1] + h;
      m++;
    }
  }
  PetscCheck(m >= 2, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "a path of %" PetscInt_FMT " points has zero length", np);
  /* piecewise linear: a spline through knots as uneven as a piece of a split band (the
     minimised dip image may lie far from its neighbours) can overshoot into overlaps */
  for (PetscInt q = 1, k = 0; q < M - 1; q++) {
    const PetscReal tq = arc[m - 1] * q / (M - 1);
    while (k < m - 2 && arc[k + 1] < tq) k++;
    const PetscReal u = (tq - arc[k]) / (arc[k + 1] - arc[k]);
    for (PetscInt c = 0; c < n; c++)
      band->X[q * n + c] = (1 - u) * Y[k * n + c] + u * Y[(k + 1) * n + c];
  }
  PetscCall(PetscFree3(Y, d, arc));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBBandEvaluate(DWSurface s, DWNEBBand *band, PetscBool ends)
{
  const PetscInt M = band->M, n = band->n;

  PetscFunctionBegin;
  for (PetscInt i = ends ? 0 : 1; i < (ends ? M : M - 1); i++) {
    PetscCall(DWSurfaceEvaluate(s, i, band->X + i * n, &band->V[i], band->G + i * n));
    if (i > 0 && i < M - 1) band->evaluations++;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBBandDistances(DWSurface s, DWNEBBand *band)
{
  const PetscInt n = band->n;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < band->M - 1; i++) {
    PetscCall(DWSurfaceDifference(s, band->X + (i + 1) * n, band->X + i * n, band->dnext + i * n));
    band->len[i] = PetscSqrtReal(DWDot(n, band->dnext + i * n, band->dnext + i * n));
  }
  band->len[band->M - 1] = 0;
  PetscFunctionReturn(0);
}

void DWNEBProjectNull(DWSurface s, PetscReal v[])
{
  for (PetscInt j = 0; j < s->nnull; j++) {
    const PetscReal *u = s->null + j * s->n, c = DWDot(s->n, u, v);
    for (PetscInt k = 0; k < s->n; k++) v[k] -= c * u[k];
  }
}

PetscErrorCode DWNEBBandForces(DWNEBBand *band, PetscReal k, PetscBool springs)
{
  const PetscInt n = band->n;

  PetscFunctionBegin;
  band->fperp = band->fclimb = 0;
  for (PetscInt i = 1; i < band->M - 1; i++) {
    const PetscReal *g = band->G + i * n, *t = band->T + i * n;
    PetscReal *f       = band->F + i * n;
    const PetscReal gt = DWDot(n, g, t);
    if (i == band->climber) {
      for (PetscInt c = 0; c < n; c++) f[c] = -g[c] + 2 * gt * t[c];
      band->fclimb = DWNormInf(n, f);
      continue;
    }
    for (PetscInt c = 0; c < n; c++) f[c] = -g[c] + gt * t[c];
    const PetscReal fp = DWNormInf(n, f);
    band->fperp        = PetscIsNanReal(fp) ? fp : PetscMax(band->fperp, fp);
    if (springs) {
      const PetscReal fs = k * (band->len[i] - band->len[i - 1]);
      for (PetscInt c = 0; c < n; c++) f[c] += fs * t[c];
    }
  }
  PetscFunctionReturn(0);
}

PetscInt DWNEBBandHighest(const DWNEBBand *band)
{
  PetscInt top = 1;
  for (PetscInt i = 2; i < band->M - 1; i++)
    if (band->V[i] > band->V[top]) top = i;
  return top;
}

PetscInt DWNEBBandFindDip(const DWNEBBand *band, PetscReal tol)
{
  const PetscInt M   = band->M;
  const PetscReal *V = band->V;
  PetscInt dip       = -1;

  for (PetscInt i = 1; i < M - 1; i++) {
    PetscReal left = V[0], right = V[M - 1];
    if (!(V[i] < V[i - 1] && V[i] <= V[i + 1])) continue;
    for (PetscInt j = 0; j < i; j++) left = PetscMax(left, V[j]);
    for (PetscInt j = i + 1; j < M; j++) right = PetscMax(right, V[j]);
    if (left - V[i] > tol && right - V[i] > tol && (dip < 0 || V[i] < V[dip])) dip = i;
  }
  return dip;
}
