/* The fast pair loop along an MD trajectory (issue 17): the image particles of the neighbour
   list (DWNeighborPairs jx, DWNeighborListWrapPositions) must stay current at every step, not
   only on the single evaluations of test_kernels.c. A liquid (-model, default ka2, N = 500,
   relaxed at T = 1) is integrated twice from the same state by velocity Verlet (NVE, dt =
   0.005): A by DWMD (the fast loop, its neighbour list rebuilt dozens of times), B by the same
   scheme with the reference forces (generic derivative code, every pair by minimum image, no
   list).
   - Every step: the fast loop on B's positions, through a list of its own that follows B,
     against B's reference forces: max|f - f_ref| <= 5e-14 of max_i sum_j |phi'_ij|, the
     tolerance of test_kernels.c (a stale image particle is an error of O(phi') ~ O(1) there).
   - The trajectories: the two force codes round differently (~1e-15 relative), and that
     difference grows at the largest Lyapunov exponent of the liquid. The distance
     d(t) = max|x_A - x_B| (minimum image) must stay within d_0 exp(lambda t), d_0 = 1e-13 sigma,
     lambda = 6 / tau: rounding alone starts at ~1e-15 sigma and grows at ~3.8 / tau (measured
     on ka2 at T = 1 between two builds that differ only by the order of the force sums), so
     the bound has two decades of margin at the start and one after 2 tau (step 400, 3e-8 sigma
     allowed); one force wrong by 1e-6 of its size for a single step moves a particle by
     ~dt^2 1e-6 |f| ~ 1e-10 sigma at once, more than the bound allows in the first steps, and
     grows from there.
   The list must rebuild at least 10 times along the way. */
#include "testutil.h"

static const PetscReal ftol = 5e-14, d0 = 1e-13, lambda = 6.0;

/* f = the forces by the generic derivative code over all pairs by minimum image; *fscale =
   max_i sum_j |phi'_ij|, the scale of the rounding of the force on one particle. */
static PetscErrorCode ReferenceForces(DWPotential pot, DWSystem sys, PetscInt N, PetscReal f[],
                                      PetscReal fsum[], PetscReal *fscale)
{
  PetscFunctionBegin;
  PetscCall(PetscArrayzero(f, 3 * N));
  PetscCall(PetscArrayzero(fsum, N));
  for (PetscInt i = 0; i < N; i++)
    for (PetscInt j = i + 1; j < N; j++) {
      PetscReal d[3], der[4], r = 0;
      PetscBool in = PETSC_FALSE;
      PetscCall(DWTestPairReference(pot, sys, i, j, d, &r, der, &in));
      if (!in) continue;
      fsum[i] += PetscAbsReal(der[1]);
      fsum[j] += PetscAbsReal(der[1]);
      for (int k = 0; k < 3; k++) {
        f[3 * i + k] -= der[1] * d[k] / r;
        f[3 * j + k] += der[1] * d[k] / r;
      }
    }
  *fscale = 0;
  for (PetscInt i = 0; i < N; i++) *fscale = PetscMax(*fscale, fsum[i]);
  PetscFunctionReturn(0);
}

/* max_i |x_A,i - x_B,i| by minimum image (the positions are unwrapped in both). */
static PetscErrorCode Distance(DWSystem a, const PetscReal xa[], const PetscReal xb[], PetscInt N,
                               PetscReal *d)
{
  DWParticles p;

  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(a, &p));
  *d = 0;
  for (PetscInt i = 0; i < N; i++) {
    PetscReal v[3] = {xa[3 * i] - xb[3 * i], xa[3 * i + 1] - xb[3 * i + 1],
                      xa[3 * i + 2] - xb[3 * i + 2]};
    DWBoxMinimumImage(&p.box, v);
    for (int k = 0; k < 3; k++)
      if (!(PetscAbsReal(v[k]) <= *d)) *d = PetscAbsReal(v[k]); /* NaN kept */
  }
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWPotential pot, potb;
  DWSystem sa, sb;
  DWNeighborList na, nb;
  DWMD md;
  DWRng rng;
  PetscReal *xa, *xb, *va, *vb, *fb, *ff, *fsum, fscale, dt = 0.005, ferr = 0, dworst = 0;
  PetscInt N = 500, nsteps = 400, builds0, builds;
  char model[32] = "ka2", what[128];

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_SELF;
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-N", &N, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-steps", &nsteps, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-model", model, sizeof(model), NULL));
  PetscCall(DWTestRandomSystem(comm, model, N, 3, &pot, &sa));
  PetscCall(DWNeighborListCreate(comm, &na));
  PetscCall(DWNeighborListCreate(comm, &nb));
  PetscCall(DWMDCreate(comm, &md));
  PetscCall(DWMDSetSystem(md, sa, pot, na));
  DWRngInit(&rng, 42, DW_STAGE_TEST, 0, 0);
  PetscCall(DWMDSetRng(md, &rng));
  PetscCall(DWMDRelax(md, 1.0, 2000));
  PetscCall(DWMDSetThermostat(md, DWMD_NVE));
  PetscCall(DWMDSetTimeStep(md, dt));
  PetscCall(DWMDSetUp(md));
  PetscCall(DWSystemDuplicate(sa, &sb));
  /* B's own model: a potential serving two systems resets its lists' pair cutoffs at each
     switch, and A's list would then rebuild at every step instead of after skin/2 */
  PetscCall(DWPotentialCreate(comm, &potb));
  PetscCall(DWPotentialSetType(potb, model));
  PetscCall(DWPotentialSetFromOptions(potb));
  PetscCall(DWPotentialSetUp(potb, sb));
  PetscCall(DWSystemGetPositions(sa, &xa));
  PetscCall(DWSystemGetPositions(sb, &xb));
  PetscCall(DWMDGetVelocities(md, &va));
  PetscCall(PetscMalloc4(3 * N, &vb, 3 * N, &fb, 3 * N, &ff, N, &fsum));
  PetscCall(PetscArraycpy(vb, va, 3 * N));
  PetscCall(ReferenceForces(potb, sb, N, fb, fsum, &fscale));
  PetscCall(DWNeighborListGetStats(na, &builds0, NULL));
  PetscCall(PetscPrintf(comm,
                        "model %s, N = %" PetscInt_FMT ", %" PetscInt_FMT " steps of %g tau\n",
                        model, N, nsteps, (double)dt));
  for (PetscInt step = 1; step <= nsteps; step++) {
    PetscReal d = 0, fe = 0;
    PetscCall(DWMDStep(md, 1));
    for (PetscInt k = 0; k < 3 * N; k++) {
      vb[k] += 0.5 * dt * fb[k];
      xb[k] += dt * vb[k];
    }
    PetscCall(ReferenceForces(potb, sb, N, fb, fsum, &fscale));
    for (PetscInt k = 0; k < 3 * N; k++) vb[k] += 0.5 * dt * fb[k];
    PetscCall(DWPotentialComputeEnergyForces(potb, sb, nb, NULL, ff, NULL, NULL));
    for (PetscInt k = 0; k < 3 * N; k++)
      if (!(PetscAbsReal(ff[k] - fb[k]) <= fe)) fe = PetscAbsReal(ff[k] - fb[k]);
    if (!(fe / fscale <= ferr)) ferr = fe / fscale; /* NaN kept */
    PetscCall(Distance(sa, xa, xb, N, &d));
    const PetscReal t = step * dt, bound = d0 * PetscExpReal(lambda * t);
    if (!(d / bound <= dworst)) dworst = d / bound;
    if (step % 50 == 0)
      PetscCall(PetscPrintf(comm, "     t = %4.2f tau: max|x_A - x_B| %.2e sigma (bound %.1e)\n",
                            (double)t, (double)d, (double)bound));
  }
  PetscCall(DWNeighborListGetStats(na, &builds, NULL));
  PetscCall(PetscPrintf(comm, "     %" PetscInt_FMT " list rebuilds along A\n", builds - builds0));
  DWTestTrue(comm, "the list of A rebuilt at least 10 times", builds - builds0 >= 10);
  DWTestLE(comm, "every step: fast vs reference on B, max|f - f_ref| / fscale", ferr, ftol);
  PetscCall(PetscSNPrintf(what, sizeof(what), "every step: max|x_A - x_B| / (%g exp(%g t))",
                          (double)d0, (double)lambda));
  DWTestLE(comm, what, dworst, 1.0);

  PetscCall(PetscFree4(vb, fb, ff, fsum));
  PetscCall(DWMDDestroy(&md));
  PetscCall(DWNeighborListDestroy(&na));
  PetscCall(DWNeighborListDestroy(&nb));
  PetscCall(DWSystemDestroy(&sa));
  PetscCall(DWSystemDestroy(&sb));
  PetscCall(DWPotentialDestroy(&pot));
  PetscCall(DWPotentialDestroy(&potb));
  int status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
