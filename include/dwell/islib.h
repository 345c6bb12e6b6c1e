/* Inherent structures (IS) of one glass: the record of one isoconfigurational run
   (DWISRun) and the IS library that merges the runs (DWISLibrary) ([JCP23] II.D and
   III.A-B; [PRL20]; DESIGN.md section 4, "Exploration", "IS library", "Candidates").

   Identity. Two IS a, b are the same IS when
     |e_a - e_b| <= tol_e   (e = U/N, eps per particle)  and
     max_i |d_i - <d>| <= tol_x   (d_i = r_i^a - r_i^b, minimum image; sigma),
   the largest particle displacement once the mean displacement <d> (a translation of
   the whole system, which changes nothing) is removed; otherwise they are different
   (DWISDistance, DWISSame). The energy test is only a cheap
   filter: near-degenerate IS (the interesting TLS have |dV| ~ 1e-3 eps in total, i.e.
   ~1e-6 eps per particle at N = 1500) are told apart by their positions. Every IS is
   stored with the centre of mass of the glass it came from, so IS of the same glass need
   no alignment for paths between them (a thermostat that breaks momentum conservation,
   Andersen, moves the centre of mass; the translation is removed when the IS is recorded).

   A run records its distinct IS in order of discovery (run-local labels), the IS at
   every sampling time t_k = k tau_cg, and its visits: maximal stays in one IS, in time
   order, including intermediate IS found by bisection; a visit lasts from its arrival
   to the next arrival (the last one is censored at tau_total: its persistence time is a
   lower bound).

   Library (DWISLibraryMerge): the IS of all runs are sorted by energy (ties by positions,
   lexicographically), and each joins the first existing library IS it is the same as
   (only those within tol_e in energy are compared), else it starts a new one; library IS
   are therefore labelled 0, 1, ... by increasing energy and represented by their
   lowest-energy member. Because the sort is a total order on the IS themselves, the
   library does not depend on the order in which the runs were added (nor on which rank
   ran them). Transition counts T[a->b] count consecutive visits a, b (a != b) over all
   runs; candidate pairs {a < b} have T[a->b] >= m and T[b->a] >= m (m the candidate
   threshold, default 1). N_IS(t_k) is the number of library IS that some run had visited
   by its time t_k (the runs run side by side: the total MD time is R t_k).

   Both objects are sequential; a DWISLibrary is replicated on the ranks of its
   communicator (every rank merges the same runs). */
#pragma once
#include <petscsys.h>

/* Default identity tolerances (justified in src/landscape/islibrun.c). */
#define DW_IS_ENERGY_TOL       1e-10 /* eps per particle */
#define DW_IS_DISPLACEMENT_TOL 1e-4  /* sigma */

/* The record of one isoconfigurational run. Arrays are owned by the record (PetscMalloc)
   and freed by DWISRunDestroy. Labels are run-local; -1 marks a sample whose minimisation
   failed (no IS). */
typedef struct {
  PetscInt run;                /* run index r: stream (seed, DW_STAGE_EXPLORE, sample, r) */
  PetscInt N;                  /* particles */
  PetscReal L;                 /* box edge (sigma) */
  PetscReal tau_cg, tau_total; /* sampling interval and run length (tau) */
  /* distinct IS, in order of discovery */
  PetscInt n_is, cap_is;
  PetscReal *energy; /* n_is, U/N (eps) */
  PetscReal *x;      /* n_is x 3N positions (sigma) */
  /* IS at t_k = k tau_cg, k = 0 .. n_samples - 1 */
  PetscInt n_samples;
  PetscInt *sample_is;
  PetscReal *sample_energy; /* U/N of the configuration minimised at t_k (eps; NaN: failed) */
  /* visits, in time order */
  PetscInt n_visits, cap_visits;
  PetscInt *visit_is;
  PetscReal *visit_time; /* arrival (tau) */
  /* cost */
  PetscInt n_min, n_min_failed, n_force_evaluations, n_md_steps;
  PetscLogDouble cpu_time; /* CPU seconds of the process running it */
} DWISRun;

/* Not collective. Largest particle displacement max_i |d_i - <d>| (sigma) between two
   configurations of N particles in a box of edge L: d_i = r_i^a - r_i^b (minimum image),
   <d> its mean (a global translation). */
PetscReal DWISDistance(PetscInt N, PetscReal L, const PetscReal xa[], const PetscReal xb[]);
/* Not collective. The identity test above. */
PetscBool DWISSame(PetscInt N, PetscReal L, PetscReal ea, const PetscReal xa[], PetscReal eb,
                   const PetscReal xb[], PetscReal tol_e, PetscReal tol_x);

/* Not collective. An empty record for n_samples samples (all -1). */
PetscErrorCode DWISRunInit(DWISRun *run, PetscInt index, PetscInt N, PetscReal L, PetscReal tau_cg,
                           PetscReal tau_total, PetscInt n_samples);
PetscErrorCode DWISRunDestroy(DWISRun *run);
/* Not collective. The run-local label of IS (e, x): an existing one when the same (tol_e,
   tol_x), else a new one (x copied). *isnew says which (may be NULL). */
PetscErrorCode DWISRunAddIS(DWISRun *run, PetscReal e, const PetscReal x[], PetscReal tol_e,
                            PetscReal tol_x, PetscInt *label, PetscBool *isnew);
/* Not collective. Appends a visit of IS `label` arriving at time t (tau); a visit of the IS
   of the previous visit is ignored. Times must not decrease. */
PetscErrorCode DWISRunAddVisit(DWISRun *run, PetscInt label, PetscReal t);
/* Not collective. Records the IS (label, -1 if none) at sample k and the energy per particle
   of that minimisation (eps). */
PetscErrorCode DWISRunSetSample(DWISRun *run, PetscInt k, PetscInt label, PetscReal energy);
/* Not collective. A run as two flat arrays (ni integers, nr reals), for messages and files:
   the sizes, the packing into ib, rb, and the unpacking of one run at *ib, *rb into a new
   record (advancing both pointers). */
void DWISRunPackedSize(const DWISRun *run, PetscInt *ni, PetscInt *nr);
PetscErrorCode DWISRunPack(const DWISRun *run, PetscInt ib[], PetscReal rb[]);
PetscErrorCode DWISRunUnpack(const PetscInt **ib, const PetscReal **rb, DWISRun *run);
/* Collective. Every rank gets the runs of all ranks: nlocal records in, *nall records out
   (allocated; the caller destroys each and frees the array). */
PetscErrorCode DWISRunAllGather(MPI_Comm comm, PetscInt nlocal, const DWISRun local[],
                                PetscInt *nall, DWISRun **all);

typedef struct _p_DWISLibrary *DWISLibrary;

/* A view of the merged library (valid until the library is destroyed or merged again;
   arrays belong to the library). Labels a = 0 .. n_is - 1 by increasing energy. */
typedef struct {
  PetscInt N;
  PetscReal L;
  PetscReal tol_e, tol_x;   /* identity tolerances used (eps per particle, sigma) */
  PetscInt min_transitions; /* candidate threshold m */
  /* the IS */
  PetscInt n_is;
  const PetscReal *energy;     /* n_is, U/N (eps) */
  const PetscReal *x;          /* n_is x 3N (sigma) */
  const PetscInt *runs_found;  /* n_is, number of runs that visited it */
  const PetscInt *visits;      /* n_is, number of visits */
  const PetscReal *first_time; /* n_is, earliest arrival over the runs (tau) */
  /* the runs, by increasing run index */
  PetscInt n_runs, n_samples;
  PetscReal tau_cg, tau_total;
  const PetscInt *run_index;      /* n_runs */
  const PetscInt *samples;        /* n_runs x n_samples, library labels (-1: failed) */
  const PetscReal *sample_energy; /* n_runs x n_samples, U/N of each minimisation (eps) */
  /* visits of all runs, run after run */
  PetscInt n_visits;
  const PetscInt *visit_run, *visit_is, *visit_censored;
  const PetscReal *visit_time, *visit_persistence; /* tau */
  /* T[a->b] > 0, sorted by (a, b) */
  PetscInt n_transitions;
  const PetscInt *tr_from, *tr_to, *tr_count;
  /* candidate pairs a < b, sorted */
  PetscInt n_candidates;
  const PetscInt *cand_a, *cand_b, *cand_ab, *cand_ba; /* labels, T[a->b], T[b->a] */
  const PetscReal *cand_dE;                            /* N (e_b - e_a) >= 0 (eps, total) */
  const PetscReal *cand_dmax;                          /* largest particle displacement (sigma) */
  const PetscReal *cand_distance; /* |r_b - r_a| over all 3N coordinates (sigma) */
  /* N_IS(t_k), t_k = k tau_cg */
  const PetscInt *n_is_t; /* n_samples */
  /* cost, summed over the runs */
  PetscInt n_min, n_min_failed, n_force_evaluations, n_md_steps;
  PetscReal cpu_time; /* CPU seconds, summed over the runs */
} DWISLibraryData;

/* Collective. Defaults: DW_IS_ENERGY_TOL, DW_IS_DISPLACEMENT_TOL, m = 1. */
PetscErrorCode DWISLibraryCreate(MPI_Comm comm, DWISLibrary *lib);
PetscErrorCode DWISLibraryDestroy(DWISLibrary *lib);
/* Identity tolerances tol_e (eps per particle) and tol_x (sigma), positive. */
PetscErrorCode DWISLibrarySetTolerances(DWISLibrary lib, PetscReal tol_e, PetscReal tol_x);
/* Candidate threshold m >= 1: T[a->b] >= m and T[b->a] >= m. */
PetscErrorCode DWISLibrarySetCandidateThreshold(DWISLibrary lib, PetscInt m);
/* Not collective. Adds a copy of a run; all runs must share N, L, tau_cg, tau_total and
   n_samples, and have distinct run indices. */
PetscErrorCode DWISLibraryAddRun(DWISLibrary lib, const DWISRun *run);
/* Not collective. Merges the runs added so far (see above). */
PetscErrorCode DWISLibraryMerge(DWISLibrary lib);
/* Not collective. After DWISLibraryMerge (or a read). */
PetscErrorCode DWISLibraryGetData(DWISLibrary lib, DWISLibraryData *data);
/* Not collective. The reverse of DWISLibraryGetData, for a reader of a library file: lib
   becomes the merged library that data describes, with its tolerances, candidate threshold,
   IS, runs, visits, transitions, N_IS(t) and cost (arrays copied; the runs added so far stay
   unmerged); the candidate pairs are recomputed from the transitions (those of data are not
   used). */
PetscErrorCode DWISLibrarySetData(DWISLibrary lib, const DWISLibraryData *data);
PetscErrorCode DWISLibraryGetComm(DWISLibrary lib, MPI_Comm *comm);
/* Collective. A short summary: IS, transitions, candidates, N_IS at a few times. */
PetscErrorCode DWISLibraryView(DWISLibrary lib, PetscViewer viewer);

/* Not collective. Registers the logging events of this module (PetscLogEventRegister; a no-op
   the second time). Every rank of a campaign calls it at start-up (src/app/logevents.c), so that
   -log_view sums the same event on every rank even where only workers run the module. */
PetscErrorCode DWISLibraryLogRegister(void);
