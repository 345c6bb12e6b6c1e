/* IS identity, the merge of runs and candidate selection (include/dwell/islib.h).
   1. identity on a real pss IS (N = 256 glass of test_explore_util.h): the IS
      re-minimised (L-BFGS, |F|_inf <= 1e-10) from 5 random displacements of 5e-3 sigma per
      component is the same IS: largest displacement <= 1e-6 sigma (the tolerance is 1e-4;
      the precision of an IS at this force is ~1e-8) and |dU/N| <= 1e-13 eps; a different
      IS, reached by MD at T = 0.1 and minimised, is kept apart: displacement >= 1e-2 sigma.
   2. the identity predicate on crafted numbers: periodic images, a global translation (the
      same IS), energy and displacement thresholds on both sides.
   3. the merge is independent of the run order: 4 runs visiting a real IS A, a copy of A
      re-minimised (~1e-10 sigma away, so the representative chosen matters) and another IS
      merged in all 24 orders give bitwise identical libraries (2 IS, T = 8 both ways).
   4. candidate selection on synthetic sequences with known answers: labels by energy,
      T[a->b], candidates for thresholds m = 1, 2, 3, persistence times with censoring,
      N_IS(t), a near-degenerate pair (same energy, 0.5 sigma apart) kept apart and a copy
      (1e-9 sigma, 1e-14 eps) merged. */
#include "landscape/test_explore_util.h"

static PetscErrorCode Minimise(DWSystem sys, DWPotential pot, PetscReal *e)
{
  DWMinimizer min;
  DWNeighborList nl;
  DWMinimizerResult res;

  PetscFunctionBegin;
  PetscCall(DWNeighborListCreate(PETSC_COMM_SELF, &nl));
  PetscCall(DWMinimizerCreate(PETSC_COMM_SELF, &min));
  PetscCall(DWMinimizerSolve(min, sys, pot, nl, &res));
  PetscCheck(res.reason > 0, PETSC_COMM_SELF, PETSC_ERR_NOT_CONVERGED, "minimisation failed");
  *e = res.energy;
  PetscCall(DWMinimizerDestroy(&min));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscFunctionReturn(0);
}

/* A copy of `is` with every coordinate displaced by a normal deviate of width `amp`, minimised. */
static PetscErrorCode Reminimise(DWSystem is, DWPotential pot, PetscReal amp, DWRng *rng,
                                 DWSystem *copy, PetscReal *e)
{
  PetscReal *x;
  PetscInt N;

  PetscFunctionBegin;
  PetscCall(DWSystemDuplicate(is, copy));
  PetscCall(DWSystemGetPositions(*copy, &x));
  PetscCall(DWSystemGetSize(*copy, &N));
  for (PetscInt k = 0; k < 3 * N; k++) x[k] += amp * DWRngNormal(rng);
  PetscCall(Minimise(*copy, pot, e));
  PetscFunctionReturn(0);
}

/* A different IS: MD at T from `is` for t tau, minimised; longer until the IS changes. */
static PetscErrorCode Neighbour(DWSystem is, DWPotential pot, PetscReal eA, DWSystem *other,
                                PetscReal *e)
{
  DWNeighborList nl;
  DWMD md;
  DWRng rng;
  PetscReal *xa, *xb, L;
  PetscInt N;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(is, &N));
  PetscCall(DWSystemGetBox(is, &L));
  PetscCall(DWSystemGetPositions(is, &xa));
  for (PetscInt t = 1;; t *= 2) {
    PetscCall(DWSystemDuplicate(is, other));
    PetscCall(DWNeighborListCreate(PETSC_COMM_SELF, &nl));
    PetscCall(DWMDCreate(PETSC_COMM_SELF, &md));
    PetscCall(DWMDSetSystem(md, *other, pot, nl));
    PetscCall(DWMDSetThermostat(md, DWMD_NOSEHOOVER));
    PetscCall(DWMDSetTemperature(md, 0.1));
    DWRngInit(&rng, 7, DW_STAGE_TEST, 1, (uint64_t)t);
    PetscCall(DWMDSetRng(md, &rng));
    PetscCall(DWMDSetUp(md));
    PetscCall(DWMDDrawVelocities(md, 0.1, PETSC_TRUE));
    PetscCall(DWMDStep(md, 200 * t));
    PetscCall(DWMDDestroy(&md));
    PetscCall(DWNeighborListDestroy(&nl));
    PetscCall(Minimise(*other, pot, e));
    PetscCall(DWSystemGetPositions(*other, &xb));
    if (!DWISSame(N, L, eA, xa, *e, xb, DW_IS_ENERGY_TOL, DW_IS_DISPLACEMENT_TOL)) break;
    PetscCheck(t < 64, PETSC_COMM_SELF, PETSC_ERR_PLIB, "no other IS reached");
    PetscCall(DWSystemDestroy(other));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode TestIdentity(MPI_Comm comm, DWSystem A, DWPotential pot, DWSystem B[2],
                                   PetscReal eB[2], PetscReal *eA)
{
  DWISRun run;
  DWRng rng;
  PetscReal *xa, *xc, L, dmax = 0, demax = 0, ec, ed;
  PetscInt N, label;
  PetscBool isnew, allsame = PETSC_TRUE;
  DWSystem C;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(A, &N));
  PetscCall(DWSystemGetBox(A, &L));
  PetscCall(Minimise(A, pot, eA));
  PetscCall(DWSystemGetPositions(A, &xa));
  PetscCall(DWISRunInit(&run, 0, N, L, 1, 1, 2));
  PetscCall(DWISRunAddIS(&run, *eA, xa, DW_IS_ENERGY_TOL, DW_IS_DISPLACEMENT_TOL, &label, &isnew));
  DWRngInit(&rng, 3, DW_STAGE_TEST, 0, 0);
  for (int trial = 0; trial < 5; trial++) {
    PetscCall(Reminimise(A, pot, 5e-3, &rng, &C, &ec));
    PetscCall(DWSystemGetPositions(C, &xc));
    dmax  = PetscMax(dmax, DWISDistance(N, L, xa, xc));
    demax = PetscMax(demax, PetscAbsReal(ec - *eA));
    PetscCall(DWISRunAddIS(&run, ec, xc, DW_IS_ENERGY_TOL, DW_IS_DISPLACEMENT_TOL, &label, &isnew));
    allsame = (PetscBool)(allsame && label == 0 && !isnew);
    if (trial == 0) {
      B[1]  = C;
      eB[1] = ec;
    } else
      PetscCall(DWSystemDestroy(&C));
  }
  PetscCall(DWSystemGetPositions(B[1], &xc));
  PetscCall(PetscPrintf(comm,
                        "     IS U/N = %.15f; 5 re-minimisations from 5e-3 sigma displacements\n",
                        (double)*eA));
  DWTestLE(comm, "re-minimised IS: largest displacement from the IS (sigma)", dmax, 1e-6);
  DWTestLE(comm, "re-minimised IS: |U/N - U/N of the IS| (eps)", demax, 1e-13);
  DWTestTrue(comm, "re-minimised IS recognised as the same IS (run-local label 0, not new)",
             allsame);
  PetscCall(Neighbour(A, pot, *eA, &B[0], &ed));
  eB[0] = ed;
  PetscCall(DWSystemGetPositions(B[0], &xc));
  PetscCall(PetscPrintf(comm, "     other IS: U/N = %.15f, largest displacement %.3e sigma\n",
                        (double)ed, (double)DWISDistance(N, L, xa, xc)));
  DWTestTrue(comm, "a different IS is kept apart (largest displacement >= 1e-2 sigma)",
             DWISDistance(N, L, xa, xc) >= 1e-2);
  PetscCall(DWISRunAddIS(&run, ed, xc, DW_IS_ENERGY_TOL, DW_IS_DISPLACEMENT_TOL, &label, &isnew));
  DWTestTrue(comm, "the different IS gets a new run-local label", label == 1 && isnew);
  PetscCall(DWISRunDestroy(&run));
  PetscFunctionReturn(0);
}

static void TestPredicate(MPI_Comm comm)
{
  const PetscReal L = 5, tx = 1e-4, te = 1e-10;
  PetscReal a[12] = {0.00001, 1, 2, 3, 4, 4.99999, 1, 1, 1, 2, 2, 2}, b[12];
  int ok          = 1;

  for (int k = 0; k < 12; k++) b[k] = a[k];
  b[0] = a[0] + L;     /* the same point one box away (unwrapped) */
  b[5] = a[5] - 3 * L; /* three boxes away */
  ok   = ok && DWISSame(4, L, 1, a, 1, b, te, tx);
  for (int k = 0; k < 12; k++) b[k] += 0.3; /* a global translation, across the boundary */
  ok = ok && DWISSame(4, L, 1, a, 1, b, te, tx);
  b[4] += 2 * tx; /* one particle moves: 3/4 of it is left after the mean is removed */
  ok = ok && !DWISSame(4, L, 1, a, 1, b, te, tx) &&
       PetscAbsReal(DWISDistance(4, L, a, b) - 1.5 * tx) < 1e-12;
  b[4] -= 1.5 * tx;
  ok = ok && DWISSame(4, L, 1, a, 1, b, te, tx);
  ok = ok && !DWISSame(4, L, 1, a, 1 + 2 * te, b, te, tx) &&
       DWISSame(4, L, 1, a, 1 + 0.5 * te, b, te, tx);
  DWTestTrue(comm,
             "identity predicate: periodic images, translation, both thresholds on both sides", ok);
}

static PetscErrorCode AddVisits(DWISRun *run, PetscInt n, const PetscInt label[],
                                const PetscReal t[])
{
  PetscFunctionBegin;
  for (PetscInt v = 0; v < n; v++) PetscCall(DWISRunAddVisit(run, label[v], t[v]));
  for (PetscInt k = 0, v = 0; k < run->n_samples; k++) {
    while (v + 1 < n && t[v + 1] <= k * run->tau_cg) v++;
    PetscCall(DWISRunSetSample(run, k, label[v], run->energy[label[v]]));
  }
  PetscFunctionReturn(0);
}

/* Merges runs[perm[0..n)] into a new library. */
static PetscErrorCode MergeInOrder(const DWISRun runs[], const PetscInt perm[], PetscInt n,
                                   PetscInt m, DWISLibrary *lib)
{
  PetscFunctionBegin;
  PetscCall(DWISLibraryCreate(PETSC_COMM_SELF, lib));
  PetscCall(DWISLibrarySetCandidateThreshold(*lib, m));
  for (PetscInt k = 0; k < n; k++) PetscCall(DWISLibraryAddRun(*lib, &runs[perm[k]]));
  PetscCall(DWISLibraryMerge(*lib));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestOrder(MPI_Comm comm, DWSystem A, PetscReal eA, DWSystem B[2],
                                const PetscReal eB[2])
{
  /* IS 0 = A, 1 = other IS, 2 = re-minimised copy of A */
  const PetscInt seq[4][5] = {{0, 1, 0, 1, 0}, {2, 1, 2, 1, 2}, {1, 0, 1, 2, 1}, {2, 1, 0, 1, 0}};
  const PetscReal t[5]     = {0, 1, 2, 3, 4};
  const PetscReal e[3]     = {eA, eB[0], eB[1]};
  PetscReal *x[3], L;
  PetscInt N, perm[4] = {0, 1, 2, 3}, nperm = 0, same = 0;
  DWISRun runs[4];
  DWISLibrary ref, lib;
  DWISLibraryData dr;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(A, &N));
  PetscCall(DWSystemGetBox(A, &L));
  PetscCall(DWSystemGetPositions(A, &x[0]));
  PetscCall(DWSystemGetPositions(B[0], &x[1]));
  PetscCall(DWSystemGetPositions(B[1], &x[2]));
  for (PetscInt r = 0; r < 4; r++) {
    PetscInt local[5];
    PetscCall(DWISRunInit(&runs[r], r, N, L, 1, 5, 6));
    /* a run that met the copy first keeps the copy, as an exploration would */
    for (int v = 0; v < 5; v++)
      PetscCall(DWISRunAddIS(&runs[r], e[seq[r][v]], x[seq[r][v]], DW_IS_ENERGY_TOL,
                             DW_IS_DISPLACEMENT_TOL, &local[v], NULL));
    PetscCall(AddVisits(&runs[r], 5, local, t));
  }
  PetscCall(MergeInOrder(runs, perm, 4, 1, &ref));
  PetscCall(DWISLibraryGetData(ref, &dr));
  for (PetscInt p = 0; p < 24; p++) {
    PetscInt rest[4] = {0, 1, 2, 3}, q = p;
    for (PetscInt k = 0; k < 4; k++) {
      const PetscInt j = q % (4 - k);
      q /= 4 - k;
      perm[k] = rest[j];
      for (PetscInt i = j; i < 3 - k; i++) rest[i] = rest[i + 1];
    }
    PetscCall(MergeInOrder(runs, perm, 4, 1, &lib));
    same += DWTestSameLibrary(ref, lib);
    nperm++;
    PetscCall(DWISLibraryDestroy(&lib));
  }
  PetscCall(PetscPrintf(comm,
                        "     merged: %" PetscInt_FMT " IS, %" PetscInt_FMT
                        " transitions, %" PetscInt_FMT " candidates\n",
                        dr.n_is, dr.n_transitions, dr.n_candidates));
  DWTestTrue(comm, "merge: A and its re-minimised copy are one library IS: 2 IS", dr.n_is == 2);
  DWTestTrue(comm, "merge: library identical (bitwise) for all 24 orders of the runs",
             same == nperm && nperm == 24);
  DWTestTrue(comm, "merge: one candidate pair {0, 1} with T[0->1] = T[1->0] = 8",
             dr.n_candidates == 1 && dr.cand_a[0] == 0 && dr.cand_b[0] == 1 && dr.cand_ab[0] == 8 &&
                 dr.cand_ba[0] == 8);
  PetscCall(DWISLibraryDestroy(&ref));
  for (PetscInt r = 0; r < 4; r++) PetscCall(DWISRunDestroy(&runs[r]));
  PetscFunctionReturn(0);
}

/* Synthetic IS P, Q, R, S, T, U of 2 particles in a box of 10: particle 0 at x = 0.5 k. */
static PetscErrorCode SyntheticRun(PetscInt index, PetscInt n, const char seq[],
                                   const PetscReal time[], DWISRun *run)
{
  const PetscReal e[6] = {0.3, 0.1, 0.5, 0.2, 0.4, 0.3}; /* U has the energy of P */
  PetscInt local[8];

  PetscFunctionBegin;
  PetscCall(DWISRunInit(run, index, 2, 10, 1, 5, 6));
  for (PetscInt v = 0; v < n; v++) {
    const PetscInt k = seq[v] - 'P';
    PetscReal x[6] = {0.5 * k, 0, 0, 5, 5, 5}, ek = e[k];
    if (index == 2 && seq[v] == 'S') { /* a copy of S from another run */
      x[1] += 1e-9;
      ek += 1e-14;
    }
    PetscCall(DWISRunAddIS(run, ek, x, DW_IS_ENERGY_TOL, DW_IS_DISPLACEMENT_TOL, &local[v], NULL));
  }
  PetscCall(AddVisits(run, n, local, time));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestCandidates(MPI_Comm comm)
{
  const PetscReal t[5]   = {0, 1, 2, 3, 4};
  const PetscInt perm[4] = {3, 1, 0, 2}, nis_t[6] = {4, 6, 6, 6, 6, 6};
  DWISRun runs[4];
  DWISLibrary lib;
  DWISLibraryData d;
  PetscInt ncand[3];
  int ok;

  PetscFunctionBegin;
  PetscCall(SyntheticRun(0, 4, "PQPR", t, &runs[0]));
  PetscCall(SyntheticRun(1, 5, "RSRST", t, &runs[1]));
  PetscCall(SyntheticRun(2, 2, "SR", t, &runs[2]));
  PetscCall(SyntheticRun(3, 3, "TUP", t, &runs[3]));
  for (PetscInt m = 1; m <= 3; m++) {
    PetscCall(MergeInOrder(runs, perm, 4, m, &lib));
    PetscCall(DWISLibraryGetData(lib, &d));
    ncand[m - 1] = d.n_candidates;
    if (m == 1) {
      /* labels by energy: Q 0, S 1, P and U 2, 3 (tie broken by positions: P first), T 4, R 5 */
      ok = d.n_is == 6 && d.energy[0] == 0.1 && d.energy[1] == 0.2 && d.energy[5] == 0.5 &&
           d.x[2 * 6] == 0 && d.x[3 * 6] == 2.5;
      DWTestTrue(comm,
                 "synthetic: 6 IS labelled by energy; the copy of S merged, U (same energy as P) "
                 "kept apart",
                 ok);
      ok = d.n_candidates == 2 && d.cand_a[0] == 0 && d.cand_b[0] == 2 && d.cand_ab[0] == 1 &&
           d.cand_ba[0] == 1 && d.cand_a[1] == 1 && d.cand_b[1] == 5 && d.cand_ab[1] == 2 &&
           d.cand_ba[1] == 2;
      DWTestTrue(comm, "synthetic, m = 1: candidates {Q,P} (T 1, 1) and {S,R} (T 2, 2) only", ok);
      ok = d.n_transitions == 8 && PetscAbsReal(d.cand_dE[0] - 2 * 0.2) < 1e-15 &&
           d.cand_dmax[0] == 0.25;
      DWTestTrue(comm,
                 "synthetic: 8 distinct transitions a->b; dE = N (e_b - e_a); largest displacement "
                 "0.25 (mean removed)",
                 ok);
      ok = d.n_visits == 14 && d.visit_persistence[3] == 2 && d.visit_censored[3] &&
           !d.visit_censored[2] && d.visit_persistence[0] == 1;
      DWTestTrue(comm, "synthetic: persistence times, last visit censored at tau_total", ok);
      DWTestTrue(comm, "synthetic: N_IS(t) = 4, 6, 6, 6, 6, 6",
                 !memcmp(d.n_is_t, nis_t, sizeof(nis_t)));
      ok = d.runs_found[5] == 3 && d.visits[5] == 4 && d.first_time[0] == 1;
      DWTestTrue(comm, "synthetic: R found by 3 runs in 4 visits, Q first seen at t = 1", ok);
    }
    PetscCall(DWISLibraryDestroy(&lib));
  }
  DWTestTrue(comm, "synthetic: thresholds m = 1, 2, 3 give 2, 1, 0 candidate pairs",
             ncand[0] == 2 && ncand[1] == 1 && ncand[2] == 0);
  for (PetscInt r = 0; r < 4; r++) PetscCall(DWISRunDestroy(&runs[r]));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWPotential pot;
  DWSystem A, B[2];
  PetscReal eA, eB[2];

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_SELF;
  PetscCall(DWTestPSSGlass(comm, 256, 11, 0.1, 20, &pot, &A));
  PetscCall(TestIdentity(comm, A, pot, B, eB, &eA));
  TestPredicate(comm);
  PetscCall(TestOrder(comm, A, eA, B, eB));
  PetscCall(TestCandidates(comm));
  PetscCall(DWSystemDestroy(&B[0]));
  PetscCall(DWSystemDestroy(&B[1]));
  PetscCall(DWSystemDestroy(&A));
  PetscCall(DWPotentialDestroy(&pot));
  int status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
