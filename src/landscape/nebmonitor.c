/* The band monitor (-neb_monitor k): every k FIRE iterations of a band, one line with what
   decides whether the band converges (include/dwell/neb.h):
     it       iterations of this band (both stages);
     climber  the climbing image (-1 in the plain stage);
     F_perp   max over the non-climbing interior images of |-grad V|_perp|_inf (eps/sigma) and
              the image where it is largest;
     F_climb  |F_c|_inf at the climber (eps/sigma);
     V_top    the highest interior image energy relative to image 0 (eps) and its index;
     h        the shortest and longest image spacing |x_{i+1} - x_i| (sigma);
     bend     the largest angle (degrees) between consecutive segments x_i - x_{i-1} and
              x_{i+1} - x_i, and the image i where it is: a kink of the band.
   A climbing image whose F_climb stalls while its neighbouring segments turn by tens of
   degrees sits on a saddle whose unstable mode is not the band's tangent; a band whose
   F_perp stalls at one image with a short spacing next to it is too coarse there. */
#include "landscape/nebimpl.h"

/* The largest bend angle (degrees) between consecutive segments and the image where it is;
   band->dnext and band->len must be current. */
static void LargestBend(const DWNEBBand *band, PetscReal *deg, PetscInt *at)
{
  const PetscInt n = band->n;

  *deg = 0;
  *at  = -1;
  for (PetscInt i = 1; i < band->M - 1; i++) {
    const PetscReal ll = band->len[i - 1] * band->len[i];
    if (!(ll > 0)) continue;
    PetscReal c       = DWDot(n, band->dnext + (i - 1) * n, band->dnext + i * n) / ll;
    c                 = PetscMax(-1, PetscMin(1, c));
    const PetscReal a = PetscAcosReal(c) * 180 / PETSC_PI;
    if (a > *deg) {
      *deg = a;
      *at  = i;
    }
  }
}

/* The interior image of the largest |-grad V|_perp|_inf (not the climber). */
static PetscInt WorstImage(const DWNEBBand *band)
{
  const PetscInt n = band->n;
  PetscInt worst   = -1;
  PetscReal fmax   = -1;

  for (PetscInt i = 1; i < band->M - 1; i++) {
    if (i == band->climber) continue;
    const PetscReal *g = band->G + i * n, *t = band->T + i * n, gt = DWDot(n, g, t);
    PetscReal f = 0;
    for (PetscInt c = 0; c < n; c++) f = PetscMax(f, PetscAbsReal(g[c] - gt * t[c]));
    if (f > fmax) {
      fmax  = f;
      worst = i;
    }
  }
  return worst;
}

PetscErrorCode DWNEBBandMonitor(DWNEB neb, const DWNEBBand *band, PetscInt it)
{
  PetscReal hmin = PETSC_MAX_REAL, hmax = 0, bend;
  PetscInt at;
  const PetscInt top = DWNEBBandHighest(band);

  PetscFunctionBegin;
  if (neb->monitor <= 0 || it % neb->monitor) PetscFunctionReturn(0);
  for (PetscInt i = 0; i < band->M - 1; i++) {
    hmin = PetscMin(hmin, band->len[i]);
    hmax = PetscMax(hmax, band->len[i]);
  }
  LargestBend(band, &bend, &at);
  PetscCall(PetscPrintf(
      neb->comm,
      "# neb band it %6" PetscInt_FMT " climber %3" PetscInt_FMT
      " F_perp %.3e (image %3" PetscInt_FMT ") F_climb %.3e V_top %.6e (image %3" PetscInt_FMT
      ") h [%.4f, %.4f] bend %6.2f deg (image %3" PetscInt_FMT ")\n",
      it, band->climber, (double)band->fperp, WorstImage(band), (double)band->fclimb,
      (double)(band->V[top] - band->V[0]), top, (double)hmin, (double)hmax, (double)bend, at));
  PetscFunctionReturn(0);
}
