/* The fast pair loops (DWPotentialComputeEnergyForces: the list's image segments, the
   vectorised kernels with per-species column tables) against the generic derivative code
   (DWPotentialPairDerivatives, the phi and phi' of the Hessian and third order), summed over
   all N (N - 1) / 2 pairs by minimum image, for -model NAME on a random configuration:
     U = sum phi(r_ij),  f_i = -sum_j phi'(r_ij) r_ij / r_ij,  W = -(1/3) sum r_ij phi'(r_ij),
     e_i = (1/2) sum_j phi(r_ij).
   Both sides round differently (another formula, another order of summation), so each
   error is relative to the scale of its rounding, the magnitudes of the terms summed: U, W
   and e_i to sum (|phi| + |r phi'|) (phi itself is a difference of terms of size ~|r phi'|,
   e.g. 4 eps (x^-12 - x^-6) ~ 0 at r = s), f to max_i sum_j |phi'_ij|. 1e-14 is ~50 ulp,
   while any wrong term or missing pair gives an O(1e-6) or larger error. The forces get
   5e-14: the reference forms d_ij from x_i - x_j and the minimum image, the loop from
   x_i - w_i - s - (x_j - w_j), each rounded to ~1e-16 L ~ 1e-15 sigma, and phi' ~ r^-13
   turns that relative error of r into a 13 times larger one (measured up to 1.0e-14 on pss and
   8.7e-15 on ka2 after the rebuilds: 1e-14 per component is not reachable without forming d_ij
   as the loop does, which would leave its image segments untested). Over the whole force
   vector, |f - f_ref|_2 relative to the 2-norm of the components' scales (sum_j |phi'_ij| of
   their particle), the error is within 1e-14 (measured up to 5.7e-15, ka2 and tlj). Checked on
   the first configuration and again after 60 steps of small random displacements that make the list
   rebuild (new cells, new image segments), and with the particles numbered in reverse order (a
   permutation of the same configuration, whose results must be the same permutation of the first
   ones). */
#include "testutil.h"

static const PetscReal tol = 1e-14, ftol = 5e-14;

typedef struct {
  PetscReal U, W, scale, fscale,
      escale; /* sum (|phi| + |r phi'|); max_i sum_j |phi'|; max_i of half the first */
  PetscReal *f, *e, *fsum, *esum;
} Result;

/* The reference: every pair by minimum image through the generic derivatives. */
static PetscErrorCode Reference(DWPotential pot, DWSystem sys, PetscInt N, Result *r)
{
  PetscFunctionBegin;
  r->U = r->W = r->scale = r->fscale = r->escale = 0;
  PetscCall(PetscArrayzero(r->f, 3 * N));
  PetscCall(PetscArrayzero(r->e, N));
  PetscCall(PetscArrayzero(r->fsum, N));
  PetscCall(PetscArrayzero(r->esum, N));
  for (PetscInt i = 0; i < N; i++)
    for (PetscInt j = i + 1; j < N; j++) {
      PetscReal d[3], der[4], rr = 0;
      PetscBool in = PETSC_FALSE;
      PetscCall(DWTestPairReference(pot, sys, i, j, d, &rr, der, &in));
      if (!in) continue;
      r->U += der[0];
      r->scale += PetscAbsReal(der[0]) + PetscAbsReal(rr * der[1]);
      r->W -= rr * der[1] / 3.0;
      r->fsum[i] += PetscAbsReal(der[1]);
      r->fsum[j] += PetscAbsReal(der[1]);
      r->esum[i] += 0.5 * (PetscAbsReal(der[0]) + PetscAbsReal(rr * der[1]));
      r->esum[j] += 0.5 * (PetscAbsReal(der[0]) + PetscAbsReal(rr * der[1]));
      r->e[i] += 0.5 * der[0];
      r->e[j] += 0.5 * der[0];
      for (int k = 0; k < 3; k++) {
        r->f[3 * i + k] -= der[1] * d[k] / rr;
        r->f[3 * j + k] += der[1] * d[k] / rr;
      }
    }
  for (PetscInt i = 0; i < N; i++) {
    r->fscale = PetscMax(r->fscale, r->fsum[i]);
    r->escale = PetscMax(r->escale, r->esum[i]);
  }
  PetscFunctionReturn(0);
}

static PetscReal MaxDiff(PetscInt n, const PetscReal a[], const PetscReal b[])
{
  PetscReal d = 0;
  for (PetscInt k = 0; k < n; k++) d = PetscMax(d, PetscAbsReal(a[k] - b[k]));
  return d;
}

/* |f - f_ref|_2 / |s|_2 over the 3N components, s the scale of each component's rounding
   (sum_j |phi'_ij| of its particle): the rms of the errors relative to their scales. */
static PetscReal RmsDiff(PetscInt N, const PetscReal f[], const Result *ref)
{
  PetscReal d = 0, s = 0;
  for (PetscInt k = 0; k < 3 * N; k++) {
    d += (f[k] - ref->f[k]) * (f[k] - ref->f[k]);
    s += ref->fsum[k / 3] * ref->fsum[k / 3];
  }
  return PetscSqrtReal(d / s);
}

static PetscErrorCode Compare(MPI_Comm comm, const char when[], DWPotential pot, DWSystem sys,
                              DWNeighborList nl, PetscInt N, const Result *ref, Result *fast)
{
  PetscReal *fo;
  char what[128];

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(3 * N, &fo));
  PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, &fast->U, fast->f, &fast->W, fast->e));
  PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, NULL, fo, NULL, NULL));
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: U, |U - U_ref| / scale", when));
  DWTestLE(comm, what, PetscAbsReal(fast->U - ref->U) / ref->scale, tol);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: W, |W - W_ref| / scale", when));
  DWTestLE(comm, what, PetscAbsReal(fast->W - ref->W) / ref->scale, tol);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: forces, max|f - f_ref| / fscale", when));
  DWTestLE(comm, what, MaxDiff(3 * N, fast->f, ref->f) / ref->fscale, ftol);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: forces, |f - f_ref|_2 / |scale|_2", when));
  DWTestLE(comm, what, RmsDiff(N, fast->f, ref), tol);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: e_i, max|e - e_ref| / escale", when));
  DWTestLE(comm, what, MaxDiff(N, fast->e, ref->e) / ref->escale, tol);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: forces alone = forces with the energy", when));
  DWTestLE(comm, what, DWTestRelDiff(3 * N, fo, fast->f), 0);
  PetscCall(PetscFree(fo));
  PetscFunctionReturn(0);
}

/* The same configuration with the particles numbered N - 1 .. 0. */
static PetscErrorCode Reversed(DWSystem sys, PetscInt N, DWSystem *rev)
{
  PetscReal *x, *y;
  DWParticles p, q;

  PetscFunctionBegin;
  PetscCall(DWSystemDuplicate(sys, rev));
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(DWSystemGetPositions(*rev, &y));
  PetscCall(DWSystemGetParticles(sys, &p));
  PetscCall(DWSystemGetParticles(*rev, &q));
  for (PetscInt i = 0; i < N; i++) {
    for (int k = 0; k < 3; k++) y[3 * (N - 1 - i) + k] = x[3 * i + k];
    if (p.species) q.species[N - 1 - i] = p.species[i];
    if (p.diameter) q.diameter[N - 1 - i] = p.diameter[i];
  }
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWPotential pot;
  DWSystem sys, rev;
  DWNeighborList nl, nlrev;
  DWRng rng;
  Result ref, fast, frev;
  PetscReal *x, L;
  PetscInt N     = 600, nbuilds0, nbuilds;
  char model[32] = "ka";

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_SELF;
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-N", &N, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-model", model, sizeof(model), NULL));
  PetscCall(DWTestRandomSystem(comm, model, N, 3, &pot, &sys));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(PetscPrintf(comm, "model %s, N = %" PetscInt_FMT ", L = %g\n", model, N, (double)L));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWNeighborListCreate(comm, &nlrev));
  PetscCall(PetscMalloc6(3 * N, &ref.f, N, &ref.e, N, &ref.fsum, N, &ref.esum, 3 * N, &fast.f, N,
                         &fast.e));
  PetscCall(PetscMalloc2(3 * N, &frev.f, N, &frev.e));

  PetscCall(Reference(pot, sys, N, &ref));
  PetscCall(Compare(comm, "start", pot, sys, nl, N, &ref, &fast));

  PetscCall(Reversed(sys, N, &rev));
  PetscCall(DWPotentialComputeEnergyForces(pot, rev, nlrev, &frev.U, frev.f, &frev.W, frev.e));
  PetscReal dperm = 0;
  for (PetscInt i = 0; i < N; i++)
    for (int k = 0; k < 3; k++)
      dperm = PetscMax(dperm, PetscAbsReal(frev.f[3 * (N - 1 - i) + k] - fast.f[3 * i + k]));
  DWTestLE(comm, "reversed numbering: max|f_rev - P f| / fscale", dperm / ref.fscale, ftol);
  DWTestLE(comm, "reversed numbering: |U_rev - U| / scale",
           PetscAbsReal(frev.U - fast.U) / ref.scale, tol);

  /* random displacements of up to 0.02 sigma per step and coordinate: the list rebuilds */
  PetscCall(DWNeighborListGetStats(nl, &nbuilds0, NULL));
  PetscCall(DWSystemGetPositions(sys, &x));
  DWRngInit(&rng, 11, DW_STAGE_TEST, 0, 0);
  for (PetscInt step = 0; step < 60; step++) {
    for (PetscInt k = 0; k < 3 * N; k++) x[k] += 0.02 * (2 * DWRngUniform(&rng) - 1);
    PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, NULL, fast.f, NULL, NULL));
  }
  PetscCall(DWNeighborListGetStats(nl, &nbuilds, NULL));
  PetscCall(PetscPrintf(comm, "     %" PetscInt_FMT " rebuilds during the displacements\n",
                        nbuilds - nbuilds0));
  DWTestTrue(comm, "the list was rebuilt after the displacements", nbuilds - nbuilds0 >= 2);
  PetscCall(Reference(pot, sys, N, &ref));
  PetscCall(Compare(comm, "after rebuilds", pot, sys, nl, N, &ref, &fast));
  PetscCall(DWNeighborListInvalidate(nl));
  PetscCall(Compare(comm, "fresh list", pot, sys, nl, N, &ref, &fast));

  PetscCall(PetscFree6(ref.f, ref.e, ref.fsum, ref.esum, fast.f, fast.e));
  PetscCall(PetscFree2(frev.f, frev.e));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWNeighborListDestroy(&nlrev));
  PetscCall(DWSystemDestroy(&rev));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  int status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
