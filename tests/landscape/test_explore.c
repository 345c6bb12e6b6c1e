/* A short exploration of a small pss glass (include/dwell/explore.h): the glass of
   test_explore_util.h (N = 256, T_f = 0.1), R = 4 runs of 20 tau at T_exp = 0.04
   (Nose-Hoover), minimised every tau_cg = 1 tau (L-BFGS, |F|_inf <= 1e-10). Asserts:
   - it finds several IS (>= 3) and at least one candidate pair, every minimisation
     converged, and every run starts in the same IS (the glass's);
   - the same seed gives a bitwise identical library: the runs redone one by one
     (DWExploreRunOne) and merged in reverse order give the library of DWExploreSolve; on
     several MPI ranks, where Solve shares the runs among the ranks while every rank redoes
     all of them, this asserts that the result does not depend on the number of ranks;
   - bisection (depth 3) leaves the trajectory unchanged: the energies of the minimisations
     at every t_k are bitwise those without bisection, and their IS the same (the MD state
     is re-run from synchronisation points); it can only add visits, never remove them;
   - the HDF5 file round trip (DWISLibraryWriteFile / DWISLibraryReadFile) gives back the
     same library, its /config is the glass (DWSystemReadHDF5), and a configuration file
     is refused by the library reader.
   Options: -dir DIR for the file; -N, -runs, -tau_cg, -tau_total, -seed to explore others. */
#include "landscape/test_explore_util.h"

static PetscErrorCode MergeRuns(MPI_Comm comm, DWExplore ex, PetscInt runs, PetscBool reverse,
                                DWISLibrary *lib)
{
  DWISRun *run;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(runs, &run));
  for (PetscInt r = 0; r < runs; r++) PetscCall(DWExploreRunOne(ex, r, &run[r]));
  PetscCall(DWISLibraryCreate(comm, lib));
  for (PetscInt r = 0; r < runs; r++)
    PetscCall(DWISLibraryAddRun(*lib, &run[reverse ? runs - 1 - r : r]));
  PetscCall(DWISLibraryMerge(*lib));
  for (PetscInt r = 0; r < runs; r++) PetscCall(DWISRunDestroy(&run[r]));
  PetscCall(PetscFree(run));
  PetscFunctionReturn(0);
}

/* The minimisations at every t_k of a and b gave bitwise the same energies (a fingerprint
   of the configurations minimised) and the same IS up to relabelling. */
static PetscBool SameSamples(DWISLibrary a, DWISLibrary b)
{
  DWISLibraryData p, q;

  if (DWISLibraryGetData(a, &p) || DWISLibraryGetData(b, &q) || p.n_runs != q.n_runs ||
      p.n_samples != q.n_samples)
    return PETSC_FALSE;
  if (memcmp(p.sample_energy, q.sample_energy, sizeof(PetscReal) * p.n_runs * p.n_samples))
    return PETSC_FALSE;
  for (PetscInt k = 0; k < p.n_runs * p.n_samples; k++) {
    const PetscInt ia = p.samples[k], ib = q.samples[k];
    if (ia < 0 || ib < 0 ||
        !DWISSame(p.N, p.L, p.energy[ia], p.x + ia * 3 * p.N, q.energy[ib], q.x + ib * 3 * q.N,
                  p.tol_e, p.tol_x))
      return PETSC_FALSE;
  }
  return PETSC_TRUE;
}

static PetscErrorCode Report(MPI_Comm comm, const char what[], DWISLibrary lib)
{
  DWISLibraryData d;

  PetscFunctionBegin;
  PetscCall(DWISLibraryGetData(lib, &d));
  PetscCall(PetscPrintf(comm,
                        "     %s: %" PetscInt_FMT " IS, %" PetscInt_FMT " visits, %" PetscInt_FMT
                        " transitions a->b, %" PetscInt_FMT
                        " candidates, N_IS(t_end) = %" PetscInt_FMT ", %" PetscInt_FMT
                        " minimisations, %.2f CPU s\n",
                        what, d.n_is, d.n_visits, d.n_transitions, d.n_candidates,
                        d.n_is_t[d.n_samples - 1], d.n_min, (double)d.cpu_time));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestFile(MPI_Comm comm, DWISLibrary lib, DWExplore ex, DWSystem glass)
{
  char dir[PETSC_MAX_PATH_LEN] = ".", path[PETSC_MAX_PATH_LEN + 32];
  DWISLibrary back, none = NULL;
  DWSystem g2, g3;
  PetscBool same;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-dir", dir, sizeof(dir), NULL));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/islib.h5", dir));
  PetscCall(DWISLibraryWriteFile(lib, ex, path));
  PetscCall(DWISLibraryReadFile(comm, path, &back, &g2));
  DWTestTrue(comm, "file round trip: the library read back is bitwise the one written",
             DWTestSameLibrary(lib, back));
  PetscCall(DWSystemReadHDF5(comm, path, &g3));
  PetscCall(DWSystemEqual(glass, g3, &same));
  DWTestTrue(comm, "file: /config is the glass (DWSystemReadHDF5 of the library file)", same);
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/glass.h5", dir));
  PetscCall(DWSystemWriteHDF5(glass, path));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = DWISLibraryReadFile(comm, path, &none, NULL);
  PetscCall(PetscPopErrorHandler());
  DWTestTrue(comm, "file: a configuration file is refused as an IS library (error, no library)",
             ierr && !none);
  PetscCall(DWSystemDestroy(&g3));
  PetscCall(DWSystemDestroy(&g2));
  PetscCall(DWISLibraryDestroy(&back));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWPotential pot;
  DWSystem glass;
  DWExplore ex, exb;
  DWISLibrary lib, merged, bisected;
  DWISLibraryData d, db;
  PetscInt N = 256, runs = 4, seed = 5, start = 1;
  PetscReal tau_cg = 1, tau_total = 20;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-N", &N, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-runs", &runs, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-seed", &seed, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-tau_cg", &tau_cg, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-tau_total", &tau_total, NULL));
  PetscCall(DWTestPSSGlass(comm, N, 11, 0.1, 20, &pot, &glass));
  PetscCall(DWExploreCreate(comm, &ex));
  PetscCall(DWExploreSetSystem(ex, glass, pot));
  PetscCall(DWExploreSetRuns(ex, runs));
  PetscCall(DWExploreSetTimes(ex, tau_cg, tau_total));
  PetscCall(DWExploreSetTemperature(ex, 0.04));
  PetscCall(DWExploreSetSeed(ex, seed, 0));
  PetscCall(DWExploreSetFromOptions(ex));
  PetscCall(DWExploreView(ex, NULL));
  PetscCall(DWExploreSolve(ex, &lib));
  PetscCall(Report(comm, "exploration", lib));
  PetscCall(DWISLibraryGetData(lib, &d));
  DWTestTrue(comm, "several IS found (>= 3)", d.n_is >= 3);
  DWTestTrue(comm, "at least one candidate pair (T[a->b] >= 1 and T[b->a] >= 1)",
             d.n_candidates >= 1);
  DWTestTrue(comm, "every minimisation converged",
             d.n_min_failed == 0 && d.n_min == runs * d.n_samples);
  for (PetscInt r = 1; r < d.n_runs; r++)
    start = start && d.samples[r * d.n_samples] == d.samples[0];
  DWTestTrue(comm, "every run starts in the IS of the glass", start);
  PetscCall(MergeRuns(comm, ex, runs, PETSC_TRUE, &merged));
  DWTestTrue(
      comm,
      "same seed, runs redone one by one and merged in reverse order: bitwise the same library",
      DWTestSameLibrary(lib, merged));
  PetscCall(DWExploreCreate(comm, &exb));
  PetscCall(DWExploreSetSystem(exb, glass, pot));
  PetscCall(DWExploreSetRuns(exb, runs));
  PetscCall(DWExploreSetTimes(exb, tau_cg, tau_total));
  PetscCall(DWExploreSetTemperature(exb, 0.04));
  PetscCall(DWExploreSetSeed(exb, seed, 0));
  PetscCall(DWExploreSetFromOptions(exb));
  PetscCall(DWExploreSetBisection(exb, 3));
  PetscCall(DWExploreSolve(exb, &bisected));
  PetscCall(Report(comm, "with bisection (depth 3)", bisected));
  PetscCall(DWISLibraryGetData(bisected, &db));
  DWTestTrue(comm, "bisection: the minimisations at every t_k are bitwise those without bisection",
             SameSamples(lib, bisected));
  DWTestTrue(comm, "bisection: at least the visits and IS found without it",
             db.n_visits >= d.n_visits && db.n_is >= d.n_is);
  PetscCall(TestFile(comm, lib, ex, glass));
  PetscCall(DWISLibraryDestroy(&bisected));
  PetscCall(DWISLibraryDestroy(&merged));
  PetscCall(DWISLibraryDestroy(&lib));
  PetscCall(DWExploreDestroy(&exb));
  PetscCall(DWExploreDestroy(&ex));
  PetscCall(DWSystemDestroy(&glass));
  PetscCall(DWPotentialDestroy(&pot));
  int status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
