/* Helpers of the exploration tests.
   DWTestPSSGlass: a small pss glass made in a few seconds: a random
   configuration of N particles, its overlaps relaxed (DWMDRelax at T_f), Nose-Hoover MD at
   T_f for t_f tau (a supercooled liquid near T_MCT = 0.104 when T_f ~ 0.1, not equilibrated:
   a poorly annealed glass, rich in double wells), then minimised to its inherent
   structure with L-BFGS (|F|_inf <= 1e-10). Deterministic in (N, seed, T_f, t_f). */
#pragma once
#include "testutil.h"
#include <dwell/islib.h>

static inline PetscErrorCode DWTestPSSGlass(MPI_Comm comm, PetscInt N, PetscInt seed, PetscReal T_f,
                                            PetscReal t_f, DWPotential *pot, DWSystem *glass)
{
  DWNeighborList nl;
  DWMD md;
  DWMinimizer min;
  DWMinimizerResult res;
  DWRng rng;
  PetscReal dt;

  PetscFunctionBegin;
  PetscCall(DWTestRandomSystem(comm, "pss", N, seed, pot, glass));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWMDCreate(comm, &md));
  PetscCall(DWMDSetSystem(md, *glass, *pot, nl));
  DWRngInit(&rng, (uint64_t)seed, DW_STAGE_TEST, 0, 0);
  PetscCall(DWMDSetRng(md, &rng));
  PetscCall(DWMDRelax(md, T_f, 1000));
  PetscCall(DWMDSetThermostat(md, DWMD_NOSEHOOVER));
  PetscCall(DWMDSetTemperature(md, T_f));
  PetscCall(DWMDSetUp(md));
  PetscCall(DWMDDrawVelocities(md, T_f, PETSC_TRUE));
  PetscCall(DWMDGetTimeStep(md, &dt));
  PetscCall(DWMDStep(md, (PetscInt)(t_f / dt)));
  PetscCall(DWMinimizerCreate(comm, &min));
  PetscCall(DWMinimizerSetType(min, DWMINIMIZER_LBFGS));
  PetscCall(DWMinimizerSolve(min, *glass, *pot, nl, &res));
  PetscCheck(res.reason > 0, comm, PETSC_ERR_NOT_CONVERGED, "test glass: minimisation failed (%s)",
             DWMinimizerReasonName(res.reason));
  PetscCall(DWMinimizerDestroy(&min));
  PetscCall(DWMDDestroy(&md));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscFunctionReturn(0);
}

/* Bitwise equality of two merged libraries: IS (energies, positions), samples, visits,
   transitions, candidates, N_IS(t). */
static inline PetscBool DWTestSameLibrary(DWISLibrary a, DWISLibrary b)
{
  DWISLibraryData p, q;

  if (DWISLibraryGetData(a, &p) || DWISLibraryGetData(b, &q)) return PETSC_FALSE;
  if (p.N != q.N || p.n_is != q.n_is || p.n_visits != q.n_visits ||
      p.n_transitions != q.n_transitions || p.n_candidates != q.n_candidates ||
      p.n_runs != q.n_runs || p.n_samples != q.n_samples)
    return PETSC_FALSE;
  if (memcmp(p.energy, q.energy, sizeof(PetscReal) * p.n_is) ||
      memcmp(p.x, q.x, sizeof(PetscReal) * p.n_is * 3 * p.N))
    return PETSC_FALSE;
  if (memcmp(p.samples, q.samples, sizeof(PetscInt) * p.n_runs * p.n_samples) ||
      memcmp(p.run_index, q.run_index, sizeof(PetscInt) * p.n_runs))
    return PETSC_FALSE;
  if (memcmp(p.sample_energy, q.sample_energy, sizeof(PetscReal) * p.n_runs * p.n_samples))
    return PETSC_FALSE;
  if (memcmp(p.visit_is, q.visit_is, sizeof(PetscInt) * p.n_visits) ||
      memcmp(p.visit_run, q.visit_run, sizeof(PetscInt) * p.n_visits) ||
      memcmp(p.visit_time, q.visit_time, sizeof(PetscReal) * p.n_visits))
    return PETSC_FALSE;
  if (memcmp(p.visit_persistence, q.visit_persistence, sizeof(PetscReal) * p.n_visits) ||
      memcmp(p.n_is_t, q.n_is_t, sizeof(PetscInt) * p.n_samples))
    return PETSC_FALSE;
  if (memcmp(p.tr_from, q.tr_from, sizeof(PetscInt) * p.n_transitions) ||
      memcmp(p.tr_to, q.tr_to, sizeof(PetscInt) * p.n_transitions) ||
      memcmp(p.tr_count, q.tr_count, sizeof(PetscInt) * p.n_transitions))
    return PETSC_FALSE;
  return (PetscBool) !(memcmp(p.cand_a, q.cand_a, sizeof(PetscInt) * p.n_candidates) ||
                       memcmp(p.cand_b, q.cand_b, sizeof(PetscInt) * p.n_candidates));
}
