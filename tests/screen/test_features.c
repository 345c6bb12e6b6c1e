/* Features of an IS pair (DWPairFeaturesCompute, include/dwell/screen.h).
   1. A hand-made library of N = 4 particles in a box of edge L = 8 sigma, four IS of energies
      per particle -2, -1.9375, -1.875, -1.875 (eps), transitions T[0->1] = 2, T[1->2] = 3,
      T[2->1] = 1, T[2->3] = 5. IS 2 is IS 1 translated by t = (0.5, -0.25, 0.125) plus the
      local displacements u_1 = (0.5, 0, 0) (this particle crosses the box edge: its
      coordinate goes from 7.75 to 0.75), u_2 = (-0.25, 0, 0), u_3 = (0, -0.25, 0),
      u_4 = (-0.25, 0.25, 0), which sum to zero, so the displacement field once the
      translation is removed is u. By hand: |u_i|^2 = 1/4, 1/16, 1/16, 1/8, so
        r_AB = sqrt(1/2), dmax_1 = 1/2, dmax_2 = sqrt(1/8), PR = (1/2)^2 / (11/128) = 32/11,
        n_displaced = 2 at d_thr = 0.3 and at d_thr = 0.25 (strictly above: |u_2| = 0.25
        does not count), 4 at d_thr = 0, 0 at d_thr = 0.5,
        dE = 4 (1/16) = 0.25, E_a = 0.25, E_b = 0.5, T_ab = 3, T_ba = 1.
      Every coordinate is a binary fraction, so the differences, the minimum image and the
      sums are exact: the values must be equal to the hand values up to the rounding of
      the one square root or division that makes each (1 ulp, relative 2^-52); the counts
      exactly. The pair given as (2, 1) and as (1, 2) gives the same features bit for bit.
   2. A pair never seen in transition (0, 2): T_ab = T_ba = 0; the tie e_2 = e_3: the pair
      (3, 2) is oriented a = 2, b = 3 (label order) with dE = 0 and T_ab = 5, T_ba = 0.
   3. Random pairs of N = 50 particles (box 5, every particle displaced by up to 0.3 sigma and
      the whole by a random translation, positions wrapped into the box): dmax_1 equals the
      IS library's own DWISDistance (an independent implementation of the same minimum
      image and mean removal) to 1e-15 relative, PR lies in [1, N], and r_AB^2 >= dmax_1^2 +
      dmax_2^2.
   4. Bad input: a pair (1, 1) or a label out of range, a negative threshold: errors. */
#include "testutil.h"
#include <dwell/screen.h>
#include <float.h>
#include <math.h>
#include <string.h>

/* The hand-made library of the comment above (arrays owned by the caller's stack). */
typedef struct {
  PetscReal energy[4], x[4 * 12];
  PetscInt from[4], to[4], count[4];
  DWISLibraryData lib;
} HandLibrary;

static void HandMade(HandLibrary *h)
{
  const PetscReal base[12] = {7.75, 1.0, 2.0, 3.0, 4.0, 5.0, 1.5, 6.5, 2.25, 5.5, 0.5, 7.0};
  const PetscReal t[3]     = {0.5, -0.25, 0.125};
  const PetscReal u[12]    = {0.5, 0, 0, -0.25, 0, 0, 0, -0.25, 0, -0.25, 0.25, 0};
  const PetscReal e[4]     = {-2, -1.9375, -1.875, -1.875};
  const PetscInt from[4] = {0, 1, 2, 2}, to[4] = {1, 2, 1, 3}, count[4] = {2, 3, 1, 5};

  memset(h, 0, sizeof(*h));
  for (int k = 0; k < 4; k++) {
    h->energy[k] = e[k];
    h->from[k]   = from[k];
    h->to[k]     = to[k];
    h->count[k]  = count[k];
  }
  for (int k = 0; k < 12; k++) {
    PetscReal xb = base[k] + t[k % 3] + u[k];
    if (xb >= 8) xb -= 8; /* wrapped into the box */
    h->x[0 * 12 + k] = base[k] + 0.125 * (k % 2);
    h->x[1 * 12 + k] = base[k];
    h->x[2 * 12 + k] = xb;
    h->x[3 * 12 + k] = base[k] - 0.5 * (k % 3 == 1);
  }
  h->lib.N             = 4;
  h->lib.L             = 8;
  h->lib.n_is          = 4;
  h->lib.energy        = h->energy;
  h->lib.x             = h->x;
  h->lib.n_transitions = 4;
  h->lib.tr_from       = h->from;
  h->lib.tr_to         = h->to;
  h->lib.tr_count      = h->count;
}

static void CheckReal(MPI_Comm comm, const char what[], PetscReal v, PetscReal expected)
{
  char line[128];

  PetscSNPrintf(line, sizeof(line), "%s = %.17g (hand: %.17g), relative error", what, (double)v,
                (double)expected);
  DWTestLE(comm, line, PetscAbsReal(v - expected) / PetscAbsReal(expected), DBL_EPSILON);
}

static PetscErrorCode CheckHandPair(MPI_Comm comm)
{
  HandLibrary h;
  DWPairFeatures f, g;
  const PetscReal thr[4]  = {0.3, 0.25, 0, 0.5};
  const PetscInt ndisp[4] = {2, 2, 4, 0};

  PetscFunctionBegin;
  HandMade(&h);
  PetscCall(DWPairFeaturesCompute(&h.lib, 2, 1, 0.3, &f));
  PetscCall(DWPairFeaturesCompute(&h.lib, 1, 2, 0.3, &g));
  DWTestTrue(comm, "pair (2, 1) oriented a = 1, b = 2", f.a == 1 && f.b == 2);
  DWTestTrue(comm, "pair (2, 1) and (1, 2): the same features bit for bit",
             !memcmp(&f, &g, sizeof(f)));
  DWTestTrue(comm, "dE = 0.25 eps exactly", f.dE == 0.25);
  DWTestTrue(comm, "E_a = 0.25 eps, E_b = 0.5 eps exactly", f.E_a == 0.25 && f.E_b == 0.5);
  DWTestTrue(comm, "T_ab = 3, T_ba = 1", f.T_ab == 3 && f.T_ba == 1);
  DWTestTrue(comm, "dmax_1 = 0.5 sigma exactly (across the box edge)", f.dmax_1 == 0.5);
  CheckReal(comm, "dmax_2", f.dmax_2, PetscSqrtReal(0.125));
  CheckReal(comm, "r_AB", f.r_AB, PetscSqrtReal(0.5));
  CheckReal(comm, "PR", f.PR, 32.0 / 11.0);
  for (int k = 0; k < 4; k++) {
    char what[96];
    PetscCall(DWPairFeaturesCompute(&h.lib, 1, 2, thr[k], &g));
    PetscCall(PetscSNPrintf(what, sizeof(what),
                            "n_displaced = %" PetscInt_FMT " at d_thr = %g (hand: %" PetscInt_FMT
                            ")",
                            g.n_displaced, (double)thr[k], ndisp[k]));
    DWTestTrue(comm, what, g.n_displaced == ndisp[k]);
  }
  PetscCall(DWPairFeaturesCompute(&h.lib, 0, 2, 0.3, &g));
  DWTestTrue(comm, "pair (0, 2), never in transition: T_ab = T_ba = 0",
             g.T_ab == 0 && g.T_ba == 0 && g.dE == 0.5 && g.E_a == 0);
  PetscCall(DWPairFeaturesCompute(&h.lib, 3, 2, 0.3, &g));
  DWTestTrue(comm, "tie e_2 = e_3: (3, 2) oriented a = 2, b = 3, dE = 0, T_ab = 5, T_ba = 0",
             g.a == 2 && g.b == 3 && g.dE == 0 && g.T_ab == 5 && g.T_ba == 0);
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckRandomPairs(MPI_Comm comm)
{
  const PetscInt N = 50, npairs = 20;
  const PetscReal L = 5;
  PetscReal *x, e[2] = {-1, -0.5}, worst = 0;
  PetscBool pr_ok = PETSC_TRUE, sum_ok = PETSC_TRUE;
  DWISLibraryData lib;
  DWRng rng;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(6 * N, &x));
  DWRngInit(&rng, 7, DW_STAGE_TEST, 16, 0);
  PetscCall(PetscMemzero(&lib, sizeof(lib)));
  lib.N      = N;
  lib.L      = L;
  lib.n_is   = 2;
  lib.energy = e;
  lib.x      = x;
  for (PetscInt p = 0; p < npairs; p++) {
    PetscReal shift[3], dref;
    DWPairFeatures f;
    for (int c = 0; c < 3; c++) shift[c] = L * (DWRngUniform(&rng) - 0.5);
    for (PetscInt k = 0; k < 3 * N; k++) {
      x[k]         = L * DWRngUniform(&rng);
      x[3 * N + k] = x[k] + shift[k % 3] + 0.6 * (DWRngUniform(&rng) - 0.5) / PetscSqrtReal(3);
      x[3 * N + k] -= L * PetscFloorReal(x[3 * N + k] / L);
    }
    PetscCall(DWPairFeaturesCompute(&lib, 0, 1, 0.1, &f));
    dref  = DWISDistance(N, L, x, x + 3 * N);
    worst = PetscMax(worst, PetscAbsReal(f.dmax_1 - dref) / dref);
    if (!(f.PR >= 1 && f.PR <= N)) pr_ok = PETSC_FALSE;
    if (!(f.r_AB * f.r_AB >= (f.dmax_1 * f.dmax_1 + f.dmax_2 * f.dmax_2) * (1 - 1e-14)))
      sum_ok = PETSC_FALSE;
  }
  DWTestLE(comm, "random pairs: |dmax_1 - DWISDistance| / DWISDistance", worst, 1e-15);
  DWTestTrue(comm, "random pairs: 1 <= PR <= N", pr_ok);
  DWTestTrue(comm, "random pairs: r_AB^2 >= dmax_1^2 + dmax_2^2", sum_ok);
  PetscCall(PetscFree(x));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckBadInput(MPI_Comm comm)
{
  HandLibrary h;
  DWPairFeatures f;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  HandMade(&h);
  DWTestCatch(ierr, DWPairFeaturesCompute(&h.lib, 1, 1, 0.1, &f));
  DWTestTrue(comm, "pair (1, 1): error", ierr == PETSC_ERR_ARG_OUTOFRANGE);
  DWTestCatch(ierr, DWPairFeaturesCompute(&h.lib, 0, 4, 0.1, &f));
  DWTestTrue(comm, "label 4 of 4 IS: error", ierr == PETSC_ERR_ARG_OUTOFRANGE);
  DWTestCatch(ierr, DWPairFeaturesCompute(&h.lib, 0, 1, -0.1, &f));
  DWTestTrue(comm, "negative threshold: error", ierr == PETSC_ERR_ARG_OUTOFRANGE);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  int status;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(CheckHandPair(comm));
  PetscCall(CheckRandomPairs(comm));
  PetscCall(CheckBadInput(comm));
  status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
