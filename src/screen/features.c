/* Features of a pair of inherent structures for the pre-screen (include/dwell/screen.h;
   issue 16, after Ciarella et al., Nat. Commun. 14, 4229 (2023), whose classifier sees the
   energy difference, the largest particle displacements and the participation ratio).

   The displacement field is d_i = r_i^b - r_i^a (minimum image) - <d>, the translation <d>
   removed as DWSurfaceAlign does before a NEB, so |r_AB| = [sum_i |d_i|^2]^(1/2) and
   PR = [sum_i |d_i|^2]^2 / sum_i |d_i|^4 ([JCP23] eq. 16) are those of the double-well record
   (src/landscape/dw.c) when the NEB keeps the end points. Cost O(N) per pair.

   Threshold of n_displaced (default DW_SCREEN_DISPLACED_THRESHOLD = 0.1 sigma): far above the
   identity tolerance of IS (1e-4 sigma, src/landscape/islibrun.c) and the elastic far field of
   a local rearrangement (its displacements fall off as 1/r^2 from the core, to ~1e-2 sigma a
   few diameters away), and below the displacement of the particles that take part in a
   double well (the largest single-particle displacement of a transition is >= ~1e-2 sigma
   and typically a few tenths of sigma; d / sqrt(PR), the mean displacement of the
   participating particles, [PRL20] Fig. 2c): it counts the core of the rearrangement. */
#include <dwell/screen.h>
#include <dwell/box.h>

static const char *const FeatureName[DW_PAIR_NFEATURES] = {
    "dE", "r_AB", "dmax_1", "dmax_2", "n_displaced", "PR", "T_ab", "T_ba", "E_a", "E_b"};
static const char *const FeatureUnit[DW_PAIR_NFEATURES] = {"eps", "sigma", "sigma", "sigma", "1",
                                                           "1",   "1",     "1",     "eps",   "eps"};

const char *DWPairFeatureName(PetscInt k)
{
  return k >= 0 && k < DW_PAIR_NFEATURES ? FeatureName[k] : NULL;
}

const char *DWPairFeatureUnit(PetscInt k)
{
  return k >= 0 && k < DW_PAIR_NFEATURES ? FeatureUnit[k] : NULL;
}

void DWPairFeaturesToArray(const DWPairFeatures *f, PetscReal x[])
{
  x[0] = f->dE;
  x[1] = f->r_AB;
  x[2] = f->dmax_1;
  x[3] = f->dmax_2;
  x[4] = (PetscReal)f->n_displaced;
  x[5] = f->PR;
  x[6] = (PetscReal)f->T_ab;
  x[7] = (PetscReal)f->T_ba;
  x[8] = f->E_a;
  x[9] = f->E_b;
}

/* T[from->to] of the library: its transitions are sorted by (from, to). */
static PetscInt TransitionCount(const DWISLibraryData *lib, PetscInt from, PetscInt to)
{
  PetscInt lo = 0, hi = lib->n_transitions;

  while (lo < hi) {
    const PetscInt mid = lo + (hi - lo) / 2;
    if (lib->tr_from[mid] < from || (lib->tr_from[mid] == from && lib->tr_to[mid] < to))
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < lib->n_transitions && lib->tr_from[lo] == from && lib->tr_to[lo] == to
             ? lib->tr_count[lo]
             : 0;
}

/* d = xb_i - xa_i, minimum image. */
static void Displacement(const DWBox *box, const PetscReal xa[], const PetscReal xb[], PetscInt i,
                         PetscReal d[3])
{
  for (int c = 0; c < 3; c++) d[c] = xb[3 * i + c] - xa[3 * i + c];
  DWBoxMinimumImage(box, d);
}

/* The mean minimum-image displacement <d> of xb - xa. */
static void MeanDisplacement(const DWBox *box, PetscInt N, const PetscReal xa[],
                             const PetscReal xb[], PetscReal mean[3])
{
  PetscReal d[3];

  for (int c = 0; c < 3; c++) mean[c] = 0;
  for (PetscInt i = 0; i < N; i++) {
    Displacement(box, xa, xb, i, d);
    for (int c = 0; c < 3; c++) mean[c] += d[c] / N;
  }
}

/* r_AB, dmax_1, dmax_2, n_displaced and PR of the displacement field of xb - xa. */
static void DisplacementFeatures(PetscInt N, PetscReal L, const PetscReal xa[],
                                 const PetscReal xb[], PetscReal d_thr, DWPairFeatures *f)
{
  PetscReal mean[3], s2 = 0, s4 = 0, m1 = 0, m2 = 0;
  DWBox box;

  DWBoxSetCubic(&box, L);
  MeanDisplacement(&box, N, xa, xb, mean);
  f->n_displaced = 0;
  for (PetscInt i = 0; i < N; i++) {
    PetscReal d[3], d2 = 0;

    Displacement(&box, xa, xb, i, d);
    for (int c = 0; c < 3; c++) d2 += (d[c] - mean[c]) * (d[c] - mean[c]);
    s2 += d2;
    s4 += d2 * d2;
    if (d2 > m1) {
      m2 = m1;
      m1 = d2;
    } else if (d2 > m2)
      m2 = d2;
    if (d2 > d_thr * d_thr) f->n_displaced++;
  }
  f->r_AB   = PetscSqrtReal(s2);
  f->dmax_1 = PetscSqrtReal(m1);
  f->dmax_2 = PetscSqrtReal(m2);
  f->PR     = s4 > 0 ? s2 * s2 / s4 : 0;
}

PetscErrorCode DWPairFeaturesCompute(const DWISLibraryData *lib, PetscInt a, PetscInt b,
                                     PetscReal d_thr, DWPairFeatures *f)
{
  const PetscInt N = lib->N;

  PetscFunctionBegin;
  PetscCheck(a >= 0 && a < lib->n_is && b >= 0 && b < lib->n_is && a != b, PETSC_COMM_SELF,
             PETSC_ERR_ARG_OUTOFRANGE,
             "pair (%" PetscInt_FMT ", %" PetscInt_FMT
             ") is not two distinct IS of a library of %" PetscInt_FMT " IS",
             a, b, lib->n_is);
  PetscCheck(d_thr >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "displacement threshold %g sigma must not be negative", (double)d_thr);
  if (lib->energy[b] < lib->energy[a] || (lib->energy[b] == lib->energy[a] && b < a)) {
    const PetscInt t = a;
    a                = b;
    b                = t;
  }
  PetscCall(PetscMemzero(f, sizeof(*f)));
  f->a    = a;
  f->b    = b;
  f->dE   = N * (lib->energy[b] - lib->energy[a]);
  f->E_a  = N * (lib->energy[a] - lib->energy[0]);
  f->E_b  = N * (lib->energy[b] - lib->energy[0]);
  f->T_ab = TransitionCount(lib, a, b);
  f->T_ba = TransitionCount(lib, b, a);
  DisplacementFeatures(N, lib->L, lib->x + 3 * N * a, lib->x + 3 * N * b, d_thr, f);
  PetscFunctionReturn(0);
}
