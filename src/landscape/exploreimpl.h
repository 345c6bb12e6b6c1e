/* Private layout of DWExplore (include/dwell/explore.h). */
#pragma once
#include <dwell/explore.h>

/* The MD state at a synchronisation point: enough to re-run the trajectory from it. */
typedef struct {
  PetscReal *x, *v; /* 3N positions and velocities */
  PetscReal xi, eta;
  PetscInt step;
  DWRng rng;
} DWExploreState;

struct _p_DWExplore {
  MPI_Comm comm;
  DWSystem glass;  /* referenced: the start of every run */
  DWPotential pot; /* referenced */
  PetscInt runs, seed, sample, bisect_depth, min_transitions;
  PetscReal T_exp, tau_cg, tau_total, tol_e, tol_x, progress_interval;
  PetscBool T_set, setup;
  /* the workers of this rank, reused run after run */
  DWMD md;
  DWNeighborList nl_md, nl_min;
  DWMinimizer min;
  DWSystem sys_md, sys_min;
  DWParticles glass_p, md_p, min_p; /* the arrays of glass, sys_md, sys_min (from the set-up) */
  PetscInt steps_cg, n_cg; /* MD steps per tau_cg; samples after t = 0 */
  PetscReal com0[3];       /* centre of mass of the glass (sigma) */
  DWExploreState *state;   /* bisect_depth + 2 buffers */
  /* progress */
  PetscLogDouble last_progress;
  PetscInt local_k, local_n; /* runs done and to do on this rank (DWExploreSolve) */
};

/* Rebuilds the MD neighbour list and recomputes the forces: the state afterwards is a
   function of (positions, velocities, thermostat, stream) only. */
PetscErrorCode DWExploreSync(DWExplore ex);
