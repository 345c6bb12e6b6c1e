/* Private layout of DWISLibrary (include/dwell/islib.h), shared by the object (islib.c) and
   its merge (islibmerge.c); a file reader or writer goes through DWISLibraryGetData and
   DWISLibrarySetData. Every merged array is one PetscMalloc'ed block, freed one by one by
   DWISLibraryClearMerged. */
#pragma once
#include <dwell/islib.h>
#include <dwell/box.h>

/* d = xa_i - xb_i of particle i between two configurations, minimum image (islibrun.c too). */
static inline void DWISDisplacement(const DWBox *box, const PetscReal xa[], const PetscReal xb[],
                                    PetscInt i, PetscReal d[3])
{
  for (int c = 0; c < 3; c++) d[c] = xa[3 * i + c] - xb[3 * i + c];
  DWBoxMinimumImage(box, d);
}

struct _p_DWISLibrary {
  MPI_Comm comm;
  PetscReal tol_e, tol_x;
  PetscInt min_transitions;
  /* the runs added, not yet merged */
  PetscInt n_runs_added, cap_runs;
  DWISRun *runs;
  /* the merged library (see DWISLibraryData for the meaning of each array) */
  PetscBool merged;
  PetscInt N, n_samples, n_runs;
  PetscReal L, tau_cg, tau_total;
  PetscInt n_is;
  PetscReal *energy, *x, *first_time;
  PetscInt *runs_found, *visits;
  PetscInt *run_index, *samples;
  PetscReal *sample_energy;
  PetscInt n_visits;
  PetscInt *visit_run, *visit_is, *visit_censored;
  PetscReal *visit_time, *visit_persistence;
  PetscInt n_transitions;
  PetscInt *tr_from, *tr_to, *tr_count;
  PetscInt n_candidates;
  PetscInt *cand_a, *cand_b, *cand_ab, *cand_ba;
  PetscReal *cand_dE, *cand_dmax, *cand_distance;
  PetscInt *n_is_t;
  PetscInt n_min, n_min_failed, n_force_evaluations, n_md_steps;
  PetscReal cpu_time;
};

/* Frees the merged arrays (not the runs added). */
PetscErrorCode DWISLibraryClearMerged(DWISLibrary lib);
