/* Exploration of the landscape of one glass by isoconfigurational molecular dynamics
   ([JCP23] II.D; [PRL20]; DESIGN.md section 4, "Exploration").

   Run r (r = 0 .. R-1) starts from the glass positions with Maxwell-Boltzmann velocities
   at T_exp drawn from the stream (seed, DW_STAGE_EXPLORE, sample, r), and runs MD at T_exp
   (thermostat -md_thermostat, default Nose-Hoover, see explore.c) for tau_total. At
   t_k = k tau_cg (k = 0 .. N_cg, N_cg = floor(tau_total / tau_cg)) a copy of the
   configuration is minimised (-min_type, default L-BFGS, to |F|_inf <= -min_ftol) to its
   inherent structure (IS); an IS is new when it is not the same as the previous one
   (energy per particle and largest displacement tolerances, include/dwell/islib.h). The
   run records the IS time series, the visits (arrival and persistence times) and thus
   the transitions between consecutive distinct IS.

   Bisection (-explore_bisect_depth D > 0): when the IS at t_{k-1} and t_k differ, the MD
   segment is re-run from its start to its midpoint (the state at each t_k, positions,
   velocities, thermostat variables and random stream, is kept; the neighbour list is
   rebuilt and the forces recomputed at every t_k, so the re-run repeats the trajectory
   bit for bit), the midpoint is minimised, and the halves whose ends differ are bisected
   again, down to D levels: intermediate IS enter the visits, and arrival times are
   refined to tau_cg / 2^D.

   The runs are independent tasks: DWExploreRunOne is one of them (what a farm worker
   does); DWExploreSolve runs all R, distributed over the ranks of the communicator (run
   r on rank r mod size), and merges them into the IS library of the glass (candidate
   pairs, N_IS(t)). The result depends on the seed only, not on the number of ranks.

   A DWExplore is replicated on the ranks of its communicator. */
#pragma once
#include <dwell/minimizer.h>
#include <dwell/md.h>
#include <dwell/islib.h>

typedef struct _p_DWExplore *DWExplore;

/* The settings of an exploration, for output files. */
typedef struct {
  PetscInt runs, n_cg, steps_cg, bisect_depth, min_transitions;
  PetscInt seed, sample;
  PetscReal T_exp, tau_cg, tau_total; /* eps/k_B, tau (tau_cg a whole number of steps) */
  PetscReal dt, tau_T, nu;            /* MD time step (tau), thermostat coupling */
  PetscReal tol_e, tol_x, min_ftol;   /* eps per particle, sigma, eps/sigma */
  const char *thermostat, *min_type, *model;
} DWExploreInfo;

/* Collective. Defaults: 1 run, T_exp the model's exploration temperature (pss 0.04, tlj and
   ka2 0.4, others must give it), seed 0, sample 0, no bisection, Nose-Hoover. */
PetscErrorCode DWExploreCreate(MPI_Comm comm, DWExplore *ex);
PetscErrorCode DWExploreDestroy(DWExplore *ex);
/* The glass (its positions are the start of every run) and its model, both referenced;
   the potential must be set up for the glass (DWPotentialSetUp). */
PetscErrorCode DWExploreSetSystem(DWExplore ex, DWSystem glass, DWPotential pot);
PetscErrorCode DWExploreGetSystem(DWExplore ex, DWSystem *glass, DWPotential *pot);
/* Number of runs R >= 1. */
PetscErrorCode DWExploreSetRuns(DWExplore ex, PetscInt runs);
/* 0 < tau_cg <= tau_total (tau). */
PetscErrorCode DWExploreSetTimes(DWExplore ex, PetscReal tau_cg, PetscReal tau_total);
/* T_exp > 0 (eps/k_B). */
PetscErrorCode DWExploreSetTemperature(DWExplore ex, PetscReal T_exp);
/* Campaign seed and sample (glass) index, both >= 0: the streams' keys. */
PetscErrorCode DWExploreSetSeed(DWExplore ex, PetscInt seed, PetscInt sample);
/* IS identity tolerances: tol_e (eps per particle), tol_x (sigma). */
PetscErrorCode DWExploreSetTolerances(DWExplore ex, PetscReal tol_e, PetscReal tol_x);
/* Bisection depth D >= 0 (0: off). */
PetscErrorCode DWExploreSetBisection(DWExplore ex, PetscInt depth);
/* Candidate threshold m >= 1. */
PetscErrorCode DWExploreSetCandidateThreshold(DWExplore ex, PetscInt m);
/* Collective. Reads -runs, -tau_cg, -tau_total, -T_exp, -seed, -sample,
   -explore_energy_tol, -explore_displacement_tol, -explore_bisect_depth,
   -explore_min_transitions, -explore_progress_interval and the options of the MD (-md_*,
   but not -md_T: the temperature is -T_exp), the minimiser (-min_*) and the neighbour
   lists (-nl_*). */
PetscErrorCode DWExploreSetFromOptions(DWExplore ex);
/* Collective. Checks the settings (errors name the offending value) before any work. */
PetscErrorCode DWExploreSetUp(DWExplore ex);
/* Not collective. Run r of the exploration into *run (DWISRunDestroy frees it). */
PetscErrorCode DWExploreRunOne(DWExplore ex, PetscInt r, DWISRun *run);
/* Collective. All runs, distributed over the ranks, merged into a new library (the caller
   destroys it). Progress lines on stderr (rank 0, every -explore_progress_interval s). */
PetscErrorCode DWExploreSolve(DWExplore ex, DWISLibrary *lib);
PetscErrorCode DWExploreGetInfo(DWExplore ex, DWExploreInfo *info);
PetscErrorCode DWExploreView(DWExplore ex, PetscViewer viewer);

/* Not collective. Registers the logging events of this module (PetscLogEventRegister; a no-op
   the second time). Every rank of a campaign calls it at start-up (src/app/logevents.c), so that
   -log_view sums the same event on every rank even where only workers run the module. */
PetscErrorCode DWExploreLogRegister(void);
