/* A pair of neighbouring inherent structures of a model, for the path tests on particles,
   found by a short exploration (DESIGN.md section 4, [JCP23] II.D).

   A random configuration (N particles, seed) is relaxed (1000 steps at T = 0.5), annealed by
   4000 Nose-Hoover steps (dt = 0.005) at T = 0.4 and minimised (L-BFGS, |F|_inf <= 1e-10):
   IS a. A copy then runs Nose-Hoover MD at the low T_explore = 0.15 and is minimised every 10
   steps until the IS changes: |U_b - U_a| > 1e-4 eps and a particle moved by more than
   0.1 sigma (a real neighbour, not one of ka's spurious minima of the force jump at rc,
   ~1e-8 eps per particle and ~1e-3 sigma apart, tests/landscape/test_minimizer.c). At this
   low temperature and with this frequent minimisation the first change is one activated
   hop: b is a neighbour of a across one saddle, typically. */
#pragma once
#include "testutil.h"

static PetscErrorCode NEBPairMinimise(DWSystem sys, DWPotential pot, DWNeighborList nl,
                                      PetscReal *U)
{
  DWMinimizer min;
  DWMinimizerResult res;
  PetscInt N;
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys, &comm));
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWMinimizerCreate(comm, &min));
  PetscCall(DWMinimizerSetType(min, DWMINIMIZER_LBFGS));
  PetscCall(DWMinimizerSolve(min, sys, pot, nl, &res));
  PetscCheck(res.reason > 0, comm, PETSC_ERR_NOT_CONVERGED, "pair: minimisation failed (%s)",
             DWMinimizerReasonName(res.reason));
  *U = res.energy * N;
  PetscCall(DWMinimizerDestroy(&min));
  PetscFunctionReturn(0);
}

/* The largest particle displacement between x and y (no minimum image: both unwrapped from
   the same start). */
static PetscReal NEBPairMaxDisplacement(PetscInt N, const PetscReal x[], const PetscReal y[])
{
  PetscReal dmax = 0;
  for (PetscInt i = 0; i < N; i++) {
    PetscReal d2 = 0;
    for (int c = 0; c < 3; c++) d2 += (x[3 * i + c] - y[3 * i + c]) * (x[3 * i + c] - y[3 * i + c]);
    dmax = PetscMax(dmax, PetscSqrtReal(d2));
  }
  return dmax;
}

/* Nose-Hoover MD of sys at T for nsteps, from fresh velocities. */
static PetscErrorCode NEBPairMD(DWMD md, PetscReal T, PetscInt nsteps)
{
  PetscFunctionBegin;
  PetscCall(DWMDSetThermostat(md, DWMD_NOSEHOOVER));
  PetscCall(DWMDSetTemperature(md, T));
  PetscCall(DWMDSetUp(md));
  PetscCall(DWMDDrawVelocities(md, T, PETSC_TRUE));
  PetscCall(DWMDStep(md, nsteps));
  PetscFunctionReturn(0);
}

/* The pair stored by an earlier build, when -pair_data DIR holds
   DIR/pair_<model>_<N>_<seed>_{a,b}.h5: both re-minimised by this build. The exploration
   below is chaotic, so a change of the force kernels at rounding level finds another pair;
   the stored one keeps a test on the pair it was written for. *found says whether it was. */
static PetscErrorCode NEBPairLoad(MPI_Comm comm, const char model[], PetscInt N, PetscInt seed,
                                  DWPotential pot, DWSystem *a, DWSystem *b, PetscBool *found)
{
  char dir[PETSC_MAX_PATH_LEN] = "", fa[PETSC_MAX_PATH_LEN + 64], fb[PETSC_MAX_PATH_LEN + 64];
  DWNeighborList nl;
  PetscReal Ua, Ub, *xa, *xb;
  PetscInt Na, Nb;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-pair_data", dir, sizeof(dir), found));
  if (!*found) PetscFunctionReturn(0);
  PetscCall(PetscSNPrintf(fa, sizeof(fa), "%s/pair_%s_%" PetscInt_FMT "_%" PetscInt_FMT "_a.h5",
                          dir, model, N, seed));
  PetscCall(PetscSNPrintf(fb, sizeof(fb), "%s/pair_%s_%" PetscInt_FMT "_%" PetscInt_FMT "_b.h5",
                          dir, model, N, seed));
  PetscCall(PetscTestFile(fa, 'r', found));
  if (!*found) PetscFunctionReturn(0);
  PetscCall(DWSystemLoad(comm, fa, a));
  PetscCall(DWSystemLoad(comm, fb, b));
  PetscCall(DWSystemGetSize(*a, &Na));
  PetscCall(DWSystemGetSize(*b, &Nb));
  PetscCheck(Na == N && Nb == N, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s, %s: N = %" PetscInt_FMT " and %" PetscInt_FMT ", not %" PetscInt_FMT, fa, fb, Na,
             Nb, N);
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(NEBPairMinimise(*a, pot, nl, &Ua));
  PetscCall(NEBPairMinimise(*b, pot, nl, &Ub));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWSystemGetPositions(*a, &xa));
  PetscCall(DWSystemGetPositions(*b, &xb));
  PetscCall(PetscPrintf(
      comm, "     pair: %s and %s: U_a = %.10f, U_b = %.10f, max displacement %.3f sigma\n", fa, fb,
      (double)Ua, (double)Ub, (double)NEBPairMaxDisplacement(N, xa, xb)));
  PetscFunctionReturn(0);
}

/* IS a and a neighbouring IS b of `model` (both new systems), and the potential: the stored
   pair of -pair_data DIR if there is one (NEBPairLoad), else found by exploration. */
static PetscErrorCode NEBTestMakePair(MPI_Comm comm, const char model[], PetscInt N, PetscInt seed,
                                      DWPotential *pot, DWSystem *a, DWSystem *b)
{
  DWNeighborList nl;
  DWMD md;
  DWRng rng;
  DWSystem walker;
  PetscReal Ua, Ub, *xa, *xb, *xw, dmax = 0;
  PetscInt step;
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(DWTestRandomSystem(comm, model, N, seed, pot, a));
  PetscCall(NEBPairLoad(comm, model, N, seed, *pot, &walker, b, &found));
  if (found) {
    PetscCall(DWSystemDestroy(a));
    *a = walker;
    PetscFunctionReturn(0);
  }
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWMDCreate(comm, &md));
  PetscCall(DWMDSetSystem(md, *a, *pot, nl));
  DWRngInit(&rng, (uint64_t)seed, DW_STAGE_TEST, 0, 0);
  PetscCall(DWMDSetRng(md, &rng));
  PetscCall(DWMDRelax(md, 0.5, 1000));
  PetscCall(NEBPairMD(md, 0.4, 4000));
  PetscCall(DWMDDestroy(&md));
  PetscCall(NEBPairMinimise(*a, *pot, nl, &Ua));
  PetscCall(DWSystemDuplicate(*a, &walker));
  PetscCall(DWSystemDuplicate(*a, b));
  PetscCall(DWSystemGetPositions(*a, &xa));
  PetscCall(DWSystemGetPositions(*b, &xb));
  PetscCall(DWSystemGetPositions(walker, &xw));
  PetscCall(DWMDCreate(comm, &md));
  PetscCall(DWMDSetSystem(md, walker, *pot, nl));
  PetscCall(DWMDSetRng(md, &rng));
  PetscCall(NEBPairMD(md, 0.15, 0));
  for (step = 10; step <= 20000; step += 10) {
    PetscCall(DWMDStep(md, 10));
    PetscCall(PetscArraycpy(xb, xw, 3 * N));
    PetscCall(NEBPairMinimise(*b, *pot, nl, &Ub));
    PetscCall(DWMDSetUp(md));
    dmax = NEBPairMaxDisplacement(N, xa, xb);
    if (PetscAbsReal(Ub - Ua) > 1e-4 && dmax > 0.1) break;
  }
  PetscCheck(step <= 20000, comm, PETSC_ERR_NOT_CONVERGED,
             "pair: the IS did not change in 20000 MD steps at T = 0.15");
  PetscCall(
      PetscPrintf(comm,
                  "     pair: after %" PetscInt_FMT
                  " MD steps at T = 0.15: U_a = %.10f, U_b = %.10f, max displacement %.3f sigma\n",
                  step, (double)Ua, (double)Ub, (double)dmax));
  PetscCall(DWMDDestroy(&md));
  PetscCall(DWSystemDestroy(&walker));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscFunctionReturn(0);
}
