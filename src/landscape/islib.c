/* DWISLibrary: the object, its settings, the runs it collects and the views of the merged
   library (include/dwell/islib.h; the merge is in islibmerge.c). */
#include "landscape/islibimpl.h"
#include <petscviewer.h>

PetscErrorCode DWISLibraryCreate(MPI_Comm comm, DWISLibrary *lib)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(lib));
  (*lib)->comm            = comm;
  (*lib)->tol_e           = DW_IS_ENERGY_TOL;
  (*lib)->tol_x           = DW_IS_DISPLACEMENT_TOL;
  (*lib)->min_transitions = 1;
  PetscFunctionReturn(0);
}

PetscErrorCode DWISLibraryClearMerged(DWISLibrary lib)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(lib->energy));
  PetscCall(PetscFree(lib->x));
  PetscCall(PetscFree(lib->first_time));
  PetscCall(PetscFree(lib->runs_found));
  PetscCall(PetscFree(lib->visits));
  PetscCall(PetscFree(lib->run_index));
  PetscCall(PetscFree(lib->samples));
  PetscCall(PetscFree(lib->sample_energy));
  PetscCall(PetscFree(lib->visit_run));
  PetscCall(PetscFree(lib->visit_is));
  PetscCall(PetscFree(lib->visit_censored));
  PetscCall(PetscFree(lib->visit_time));
  PetscCall(PetscFree(lib->visit_persistence));
  PetscCall(PetscFree(lib->tr_from));
  PetscCall(PetscFree(lib->tr_to));
  PetscCall(PetscFree(lib->tr_count));
  PetscCall(PetscFree(lib->cand_a));
  PetscCall(PetscFree(lib->cand_b));
  PetscCall(PetscFree(lib->cand_ab));
  PetscCall(PetscFree(lib->cand_ba));
  PetscCall(PetscFree(lib->cand_dE));
  PetscCall(PetscFree(lib->cand_dmax));
  PetscCall(PetscFree(lib->cand_distance));
  PetscCall(PetscFree(lib->n_is_t));
  lib->merged = PETSC_FALSE;
  lib->n_is = lib->n_visits = lib->n_transitions = lib->n_candidates = lib->n_runs = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode DWISLibraryDestroy(DWISLibrary *lib)
{
  PetscFunctionBegin;
  if (!*lib) PetscFunctionReturn(0);
  PetscCall(DWISLibraryClearMerged(*lib));
  for (PetscInt k = 0; k < (*lib)->n_runs_added; k++) PetscCall(DWISRunDestroy(&(*lib)->runs[k]));
  PetscCall(PetscFree((*lib)->runs));
  PetscCall(PetscFree(*lib));
  PetscFunctionReturn(0);
}

PetscErrorCode DWISLibrarySetTolerances(DWISLibrary lib, PetscReal tol_e, PetscReal tol_x)
{
  PetscFunctionBegin;
  PetscCheck(tol_e > 0, lib->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "IS energy tolerance %g eps per particle must be positive", (double)tol_e);
  PetscCheck(tol_x > 0, lib->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "IS displacement tolerance %g sigma must be positive", (double)tol_x);
  lib->tol_e = tol_e;
  lib->tol_x = tol_x;
  PetscFunctionReturn(0);
}

PetscErrorCode DWISLibrarySetCandidateThreshold(DWISLibrary lib, PetscInt m)
{
  PetscFunctionBegin;
  PetscCheck(m >= 1, lib->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "candidate threshold %" PetscInt_FMT " must be >= 1 transition in each direction", m);
  lib->min_transitions = m;
  PetscFunctionReturn(0);
}

static PetscErrorCode CopyRun(const DWISRun *src, DWISRun *dst)
{
  const PetscInt n3 = 3 * src->N;

  PetscFunctionBegin;
  PetscCall(
      DWISRunInit(dst, src->run, src->N, src->L, src->tau_cg, src->tau_total, src->n_samples));
  PetscCall(PetscArraycpy(dst->sample_is, src->sample_is, src->n_samples));
  PetscCall(PetscArraycpy(dst->sample_energy, src->sample_energy, src->n_samples));
  PetscCall(PetscMalloc2(src->n_is, &dst->energy, src->n_is * n3, &dst->x));
  PetscCall(PetscArraycpy(dst->energy, src->energy, src->n_is));
  PetscCall(PetscArraycpy(dst->x, src->x, src->n_is * n3));
  dst->n_is = dst->cap_is = src->n_is;
  PetscCall(PetscMalloc2(src->n_visits, &dst->visit_is, src->n_visits, &dst->visit_time));
  PetscCall(PetscArraycpy(dst->visit_is, src->visit_is, src->n_visits));
  PetscCall(PetscArraycpy(dst->visit_time, src->visit_time, src->n_visits));
  dst->n_visits = dst->cap_visits = src->n_visits;
  dst->n_min                      = src->n_min;
  dst->n_min_failed               = src->n_min_failed;
  dst->n_force_evaluations        = src->n_force_evaluations;
  dst->n_md_steps                 = src->n_md_steps;
  dst->cpu_time                   = src->cpu_time;
  PetscFunctionReturn(0);
}

/* Runs of one glass share the particles, the box and the sampling. */
static PetscErrorCode CheckCompatible(DWISLibrary lib, const DWISRun *a, const DWISRun *b)
{
  PetscFunctionBegin;
  PetscCheck(a->run != b->run, lib->comm, PETSC_ERR_ARG_WRONG,
             "run %" PetscInt_FMT " added twice to the IS library", a->run);
  PetscCheck(a->N == b->N && a->L == b->L, lib->comm, PETSC_ERR_ARG_INCOMP,
             "run %" PetscInt_FMT " has N = %" PetscInt_FMT ", L = %g, run %" PetscInt_FMT
             " N = %" PetscInt_FMT ", L = %g: not the same glass",
             a->run, a->N, (double)a->L, b->run, b->N, (double)b->L);
  PetscCheck(a->n_samples == b->n_samples && a->tau_cg == b->tau_cg && a->tau_total == b->tau_total,
             lib->comm, PETSC_ERR_ARG_INCOMP,
             "runs %" PetscInt_FMT " and %" PetscInt_FMT " differ in tau_cg, tau_total or samples",
             a->run, b->run);
  PetscFunctionReturn(0);
}

PetscErrorCode DWISLibraryAddRun(DWISLibrary lib, const DWISRun *run)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < lib->n_runs_added; k++)
    PetscCall(CheckCompatible(lib, run, &lib->runs[k]));
  if (lib->n_runs_added == lib->cap_runs) {
    DWISRun *more;
    lib->cap_runs = PetscMax(8, 2 * lib->cap_runs);
    PetscCall(PetscCalloc1(lib->cap_runs, &more));
    PetscCall(PetscArraycpy(more, lib->runs, lib->n_runs_added));
    PetscCall(PetscFree(lib->runs));
    lib->runs = more;
  }
  PetscCall(CopyRun(run, &lib->runs[lib->n_runs_added++]));
  PetscFunctionReturn(0);
}

PetscErrorCode DWISLibraryGetData(DWISLibrary lib, DWISLibraryData *d)
{
  PetscFunctionBegin;
  PetscCheck(lib->merged, lib->comm, PETSC_ERR_ARG_WRONGSTATE,
             "call DWISLibraryMerge() (or read a library) first");
  PetscCall(PetscMemzero(d, sizeof(*d)));
  d->N                   = lib->N;
  d->L                   = lib->L;
  d->tol_e               = lib->tol_e;
  d->tol_x               = lib->tol_x;
  d->min_transitions     = lib->min_transitions;
  d->n_is                = lib->n_is;
  d->energy              = lib->energy;
  d->x                   = lib->x;
  d->runs_found          = lib->runs_found;
  d->visits              = lib->visits;
  d->first_time          = lib->first_time;
  d->n_runs              = lib->n_runs;
  d->n_samples           = lib->n_samples;
  d->tau_cg              = lib->tau_cg;
  d->tau_total           = lib->tau_total;
  d->run_index           = lib->run_index;
  d->samples             = lib->samples;
  d->sample_energy       = lib->sample_energy;
  d->n_visits            = lib->n_visits;
  d->visit_run           = lib->visit_run;
  d->visit_is            = lib->visit_is;
  d->visit_censored      = lib->visit_censored;
  d->visit_time          = lib->visit_time;
  d->visit_persistence   = lib->visit_persistence;
  d->n_transitions       = lib->n_transitions;
  d->tr_from             = lib->tr_from;
  d->tr_to               = lib->tr_to;
  d->tr_count            = lib->tr_count;
  d->n_candidates        = lib->n_candidates;
  d->cand_a              = lib->cand_a;
  d->cand_b              = lib->cand_b;
  d->cand_ab             = lib->cand_ab;
  d->cand_ba             = lib->cand_ba;
  d->cand_dE             = lib->cand_dE;
  d->cand_dmax           = lib->cand_dmax;
  d->cand_distance       = lib->cand_distance;
  d->n_is_t              = lib->n_is_t;
  d->n_min               = lib->n_min;
  d->n_min_failed        = lib->n_min_failed;
  d->n_force_evaluations = lib->n_force_evaluations;
  d->n_md_steps          = lib->n_md_steps;
  d->cpu_time            = lib->cpu_time;
  PetscFunctionReturn(0);
}

PetscErrorCode DWISLibraryGetComm(DWISLibrary lib, MPI_Comm *comm)
{
  PetscFunctionBegin;
  *comm = lib->comm;
  PetscFunctionReturn(0);
}

PetscErrorCode DWISLibraryView(DWISLibrary lib, PetscViewer viewer)
{
  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(lib->comm, &viewer));
  if (!lib->merged) {
    PetscCall(PetscViewerASCIIPrintf(
        viewer, "DWISLibrary: %" PetscInt_FMT " runs added, not merged\n", lib->n_runs_added));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "DWISLibrary: %" PetscInt_FMT " IS from %" PetscInt_FMT
                                   " runs (tol %g eps per particle, %g sigma), %" PetscInt_FMT
                                   " transitions a->b, %" PetscInt_FMT
                                   " candidate pairs (T >= %" PetscInt_FMT " both ways)\n",
                                   lib->n_is, lib->n_runs, (double)lib->tol_e, (double)lib->tol_x,
                                   lib->n_transitions, lib->n_candidates, lib->min_transitions));
  if (lib->n_is)
    PetscCall(PetscViewerASCIIPrintf(viewer, "  U/N from %.12f to %.12f eps\n",
                                     (double)lib->energy[0], (double)lib->energy[lib->n_is - 1]));
  for (PetscInt c = 0; c < lib->n_candidates; c++)
    PetscCall(
        PetscViewerASCIIPrintf(viewer,
                               "  pair %" PetscInt_FMT " <-> %" PetscInt_FMT ": T = %" PetscInt_FMT
                               ", %" PetscInt_FMT "; dE = %.3e eps, max displacement %.3e sigma\n",
                               lib->cand_a[c], lib->cand_b[c], lib->cand_ab[c], lib->cand_ba[c],
                               (double)lib->cand_dE[c], (double)lib->cand_dmax[c]));
  PetscFunctionReturn(0);
}
