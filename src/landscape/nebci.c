/* Climbing-image NEB (-neb_type ci): the improved tangent of Henkelman and Jonsson, J. Chem.
   Phys. 113, 9978 (2000), eqs. 8-11. With tau+ = x_{i+1} - x_i, tau- = x_i - x_{i-1}:
     tau_i = tau+                      if V_{i+1} > V_i > V_{i-1},
     tau_i = tau-                      if V_{i+1} < V_i < V_{i-1},
   and at extrema of the image energies, with dV_max = max(|V_{i+1} - V_i|, |V_{i-1} - V_i|)
   and dV_min the smaller one,
     tau_i = tau+ dV_max + tau- dV_min if V_{i+1} > V_{i-1},
     tau_i = tau+ dV_min + tau- dV_max otherwise,
   normalised. The upwind choice keeps the band free of kinks where the perpendicular force is
   large compared with the spring force. Springs act along tau_i (nebband.c). The string
   method (nebstring.c) projects with the same tangent. */
#include "landscape/nebimpl.h"

/* Weights of tau+ and tau- at image i. */
static void TangentWeights(const PetscReal V[], PetscInt i, PetscReal *wp, PetscReal *wm)
{
  const PetscReal up = PetscAbsReal(V[i + 1] - V[i]), down = PetscAbsReal(V[i - 1] - V[i]);
  const PetscReal dmax = PetscMax(up, down), dmin = PetscMin(up, down);

  *wp = *wm = 1;
  if (V[i + 1] > V[i] && V[i] > V[i - 1])
    *wm = 0;
  else if (V[i + 1] < V[i] && V[i] < V[i - 1])
    *wp = 0;
  else if (V[i + 1] > V[i - 1] && dmax > 0) {
    *wp = dmax;
    *wm = dmin;
  } else if (V[i + 1] < V[i - 1] && dmax > 0) {
    *wp = dmin;
    *wm = dmax;
  }
}

PetscErrorCode DWNEBBandImprovedTangents(DWSurface s, DWNEBBand *band)
{
  const PetscInt n = band->n;

  PetscFunctionBegin;
  PetscCall(DWNEBBandDistances(s, band));
  for (PetscInt i = 1; i < band->M - 1; i++) {
    const PetscReal *tp = band->dnext + i * n, *tm = band->dnext + (i - 1) * n;
    PetscReal wp, wm, *t = band->T + i * n;

    TangentWeights(band->V, i, &wp, &wm);
    for (PetscInt c = 0; c < n; c++) t[c] = wp * tp[c] + wm * tm[c];
    DWNEBProjectNull(s, t);
    const PetscReal norm = PetscSqrtReal(DWDot(n, t, t));
    for (PetscInt c = 0; c < n; c++) t[c] /= norm;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBTangents_Improved(DWNEB neb, DWNEBBand *band)
{
  PetscFunctionBegin;
  PetscCall(DWNEBBandImprovedTangents(neb->surface, band));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBCreate_CI(DWNEB neb)
{
  PetscFunctionBegin;
  neb->ops->tangents = DWNEBTangents_Improved;
  neb->ops->springs  = PETSC_TRUE;
  PetscFunctionReturn(0);
}
