/* The merge of the runs of one glass into its IS library (include/dwell/islib.h;
   [JCP23] II.D and III.A-B; DESIGN.md section 4, "IS library", "Candidates").

   1. every run-local IS becomes an entry; entries are sorted by (U/N, positions
      lexicographically), a total order on the IS themselves;
   2. in that order, an entry joins the library IS it is the same as (DWISSame; only the
      library IS within tol_e below it are compared), else it becomes a new library IS, so
      library IS are created, and labelled, by increasing energy, each represented by its
      lowest member;
   3. runs sorted by run index; samples and visits relabelled (consecutive visits that now
      have the same label are one visit); persistence = next arrival - arrival, the last
      visit censored at tau_total;
   4. T[a->b] = number of consecutive visits a, b over all runs; candidate pairs a < b with
      T[a->b] >= m and T[b->a] >= m; N_IS(t_k) from the first arrival of each IS.
   Nothing depends on the order in which the runs were added. A library read from a file
   comes in merged (DWISLibrarySetData); only its candidate pairs are recomputed (step 4). */
#include "landscape/islibimpl.h"

typedef struct {
  PetscReal e;
  const PetscReal *x;
  PetscInt n3, run, local, slot;
} Entry;

static int CompareEntries(const void *pa, const void *pb)
{
  const Entry *a = (const Entry *)pa, *b = (const Entry *)pb;

  if (a->e != b->e) return a->e < b->e ? -1 : 1;
  for (PetscInt k = 0; k < a->n3; k++)
    if (a->x[k] != b->x[k]) return a->x[k] < b->x[k] ? -1 : 1;
  if (a->run != b->run) return a->run < b->run ? -1 : 1;
  return a->local < b->local ? -1 : (a->local > b->local);
}

static int CompareRuns(const void *pa, const void *pb)
{
  const DWISRun *a = *(const DWISRun *const *)pa, *b = *(const DWISRun *const *)pb;
  return a->run < b->run ? -1 : (a->run > b->run);
}

static int ComparePairs(const void *pa, const void *pb)
{
  const PetscInt *a = (const PetscInt *)pa, *b = (const PetscInt *)pb;
  if (a[0] != b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : (a[1] > b[1]);
}

/* Steps 1-2: library IS (energy, positions) and, per run slot, local -> library labels. */
static PetscErrorCode Cluster(DWISLibrary lib, DWISRun *const *runs, PetscInt **map)
{
  const PetscInt n3 = 3 * lib->N;
  PetscInt n        = 0, *rep;
  Entry *entry;

  PetscFunctionBegin;
  for (PetscInt s = 0; s < lib->n_runs; s++) n += runs[s]->n_is;
  PetscCall(PetscMalloc1(PetscMax(n, 1), &entry));
  for (PetscInt s = 0, k = 0; s < lib->n_runs; s++)
    for (PetscInt a = 0; a < runs[s]->n_is; a++, k++)
      entry[k] = (Entry){runs[s]->energy[a], runs[s]->x + a * n3, n3, runs[s]->run, a, s};
  qsort(entry, (size_t)n, sizeof(Entry), CompareEntries);
  PetscCall(PetscMalloc1(PetscMax(n, 1), &rep));
  lib->n_is = 0;
  for (PetscInt k = 0; k < n; k++) {
    PetscInt found = -1;
    for (PetscInt a = lib->n_is - 1;
         a >= 0 && entry[k].e - entry[rep[a]].e <= lib->tol_e && found < 0; a--)
      if (DWISSame(lib->N, lib->L, entry[k].e, entry[k].x, entry[rep[a]].e, entry[rep[a]].x,
                   lib->tol_e, lib->tol_x))
        found = a;
    if (found < 0) {
      found      = lib->n_is++;
      rep[found] = k;
    }
    map[entry[k].slot][entry[k].local] = found;
  }
  PetscCall(PetscMalloc1(PetscMax(lib->n_is, 1), &lib->energy));
  PetscCall(PetscMalloc1(PetscMax(lib->n_is * n3, 1), &lib->x));
  for (PetscInt a = 0; a < lib->n_is; a++) {
    lib->energy[a] = entry[rep[a]].e;
    PetscCall(PetscArraycpy(lib->x + a * n3, entry[rep[a]].x, n3));
  }
  PetscCall(PetscFree(rep));
  PetscCall(PetscFree(entry));
  PetscFunctionReturn(0);
}

/* Step 3: samples and visits in library labels. */
static PetscErrorCode Relabel(DWISLibrary lib, DWISRun *const *runs, PetscInt *const *map)
{
  PetscInt n = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(PetscMax(lib->n_runs, 1), &lib->run_index));
  PetscCall(PetscMalloc1(PetscMax(lib->n_runs * lib->n_samples, 1), &lib->samples));
  PetscCall(PetscMalloc1(PetscMax(lib->n_runs * lib->n_samples, 1), &lib->sample_energy));
  for (PetscInt s = 0; s < lib->n_runs; s++) {
    lib->run_index[s] = runs[s]->run;
    for (PetscInt k = 0; k < lib->n_samples; k++) {
      const PetscInt a                           = runs[s]->sample_is[k];
      lib->samples[s * lib->n_samples + k]       = a < 0 ? -1 : map[s][a];
      lib->sample_energy[s * lib->n_samples + k] = runs[s]->sample_energy[k];
    }
    n += runs[s]->n_visits;
  }
  PetscCall(PetscMalloc1(PetscMax(n, 1), &lib->visit_run));
  PetscCall(PetscMalloc1(PetscMax(n, 1), &lib->visit_is));
  PetscCall(PetscMalloc1(PetscMax(n, 1), &lib->visit_censored));
  PetscCall(PetscMalloc1(PetscMax(n, 1), &lib->visit_time));
  PetscCall(PetscMalloc1(PetscMax(n, 1), &lib->visit_persistence));
  lib->n_visits = 0;
  for (PetscInt s = 0; s < lib->n_runs; s++) {
    const PetscInt first = lib->n_visits;
    for (PetscInt v = 0; v < runs[s]->n_visits; v++) {
      const PetscInt a = map[s][runs[s]->visit_is[v]];
      if (lib->n_visits > first && lib->visit_is[lib->n_visits - 1] == a) continue;
      lib->visit_run[lib->n_visits]  = runs[s]->run;
      lib->visit_is[lib->n_visits]   = a;
      lib->visit_time[lib->n_visits] = runs[s]->visit_time[v];
      lib->n_visits++;
    }
    for (PetscInt v = first; v < lib->n_visits; v++) {
      const PetscBool last   = (PetscBool)(v == lib->n_visits - 1);
      lib->visit_censored[v] = last;
      lib->visit_persistence[v] =
          (last ? lib->tau_total : lib->visit_time[v + 1]) - lib->visit_time[v];
    }
  }
  PetscFunctionReturn(0);
}

/* Step 4a: T[a->b] from consecutive visits of each run, sorted by (a, b). */
static PetscErrorCode CountTransitions(DWISLibrary lib)
{
  PetscInt *pair, n = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(2 * PetscMax(lib->n_visits, 1), &pair));
  for (PetscInt v = 1; v < lib->n_visits; v++) {
    if (lib->visit_run[v] != lib->visit_run[v - 1]) continue;
    pair[2 * n]     = lib->visit_is[v - 1];
    pair[2 * n + 1] = lib->visit_is[v];
    n++;
  }
  qsort(pair, (size_t)n, 2 * sizeof(PetscInt), ComparePairs);
  PetscCall(PetscMalloc1(PetscMax(n, 1), &lib->tr_from));
  PetscCall(PetscMalloc1(PetscMax(n, 1), &lib->tr_to));
  PetscCall(PetscMalloc1(PetscMax(n, 1), &lib->tr_count));
  lib->n_transitions = 0;
  for (PetscInt k = 0; k < n; k++) {
    const PetscInt t = lib->n_transitions;
    if (t && lib->tr_from[t - 1] == pair[2 * k] && lib->tr_to[t - 1] == pair[2 * k + 1]) {
      lib->tr_count[t - 1]++;
      continue;
    }
    lib->tr_from[t]  = pair[2 * k];
    lib->tr_to[t]    = pair[2 * k + 1];
    lib->tr_count[t] = 1;
    lib->n_transitions++;
  }
  PetscCall(PetscFree(pair));
  PetscFunctionReturn(0);
}

/* T[a->b] (0 when absent), by bisection in the sorted transitions. */
static PetscInt TransitionCount(DWISLibrary lib, PetscInt a, PetscInt b)
{
  PetscInt lo = 0, hi = lib->n_transitions;

  while (lo < hi) {
    const PetscInt mid = (lo + hi) / 2;
    if (lib->tr_from[mid] < a || (lib->tr_from[mid] == a && lib->tr_to[mid] < b))
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < lib->n_transitions && lib->tr_from[lo] == a && lib->tr_to[lo] == b ? lib->tr_count[lo]
                                                                                 : 0;
}

/* Step 4: the candidate pairs from the IS and the transitions. */
static PetscErrorCode ComputeCandidates(DWISLibrary lib)
{
  const PetscInt n3 = 3 * lib->N, n = PetscMax(lib->n_transitions, 1);
  DWBox box;

  PetscFunctionBegin;
  DWBoxSetCubic(&box, lib->L);
  PetscCall(PetscFree(lib->cand_a));
  PetscCall(PetscFree(lib->cand_b));
  PetscCall(PetscFree(lib->cand_ab));
  PetscCall(PetscFree(lib->cand_ba));
  PetscCall(PetscFree(lib->cand_dE));
  PetscCall(PetscFree(lib->cand_dmax));
  PetscCall(PetscFree(lib->cand_distance));
  PetscCall(PetscMalloc1(n, &lib->cand_a));
  PetscCall(PetscMalloc1(n, &lib->cand_b));
  PetscCall(PetscMalloc1(n, &lib->cand_ab));
  PetscCall(PetscMalloc1(n, &lib->cand_ba));
  PetscCall(PetscMalloc1(n, &lib->cand_dE));
  PetscCall(PetscMalloc1(n, &lib->cand_dmax));
  PetscCall(PetscMalloc1(n, &lib->cand_distance));
  lib->n_candidates = 0;
  for (PetscInt t = 0; t < lib->n_transitions; t++) {
    const PetscInt a = lib->tr_from[t], b = lib->tr_to[t], c = lib->n_candidates;
    if (a >= b || lib->tr_count[t] < lib->min_transitions) continue;
    const PetscInt back = TransitionCount(lib, b, a);
    if (back < lib->min_transitions) continue;
    const PetscReal *xa = lib->x + a * n3, *xb = lib->x + b * n3;
    PetscReal d2 = 0, d[3];
    for (PetscInt i = 0; i < lib->N; i++) {
      DWISDisplacement(&box, xb, xa, i, d);
      for (int k = 0; k < 3; k++) d2 += d[k] * d[k];
    }
    lib->cand_a[c]        = a;
    lib->cand_b[c]        = b;
    lib->cand_ab[c]       = lib->tr_count[t];
    lib->cand_ba[c]       = back;
    lib->cand_dE[c]       = lib->N * (lib->energy[b] - lib->energy[a]);
    lib->cand_dmax[c]     = DWISDistance(lib->N, lib->L, xa, xb);
    lib->cand_distance[c] = PetscSqrtReal(d2);
    lib->n_candidates++;
  }
  PetscFunctionReturn(0);
}

/* Step 4b: per IS the runs and visits, its first arrival; N_IS(t_k). */
static PetscErrorCode ComputeGrowth(DWISLibrary lib)
{
  const PetscInt n = PetscMax(lib->n_is, 1);
  PetscInt *lastrun;

  PetscFunctionBegin;
  PetscCall(PetscFree(lib->runs_found));
  PetscCall(PetscFree(lib->visits));
  PetscCall(PetscFree(lib->first_time));
  PetscCall(PetscFree(lib->n_is_t));
  PetscCall(PetscCalloc1(n, &lib->runs_found));
  PetscCall(PetscCalloc1(n, &lib->visits));
  PetscCall(PetscMalloc1(n, &lib->first_time));
  PetscCall(PetscCalloc1(PetscMax(lib->n_samples, 1), &lib->n_is_t));
  PetscCall(PetscMalloc1(n, &lastrun));
  for (PetscInt a = 0; a < lib->n_is; a++) {
    lib->first_time[a] = PETSC_MAX_REAL;
    lastrun[a]         = -1;
  }
  for (PetscInt v = 0; v < lib->n_visits; v++) {
    const PetscInt a = lib->visit_is[v];
    lib->visits[a]++;
    lib->first_time[a] = PetscMin(lib->first_time[a], lib->visit_time[v]);
    if (lastrun[a] != lib->visit_run[v]) lib->runs_found[a]++;
    lastrun[a] = lib->visit_run[v];
  }
  /* t_k = k tau_cg; arrival times are whole MD steps, equal to t_k up to rounding */
  for (PetscInt k = 0; k < lib->n_samples; k++)
    for (PetscInt a = 0; a < lib->n_is; a++)
      lib->n_is_t[k] += lib->first_time[a] <= (k + 1e-6) * lib->tau_cg;
  PetscCall(PetscFree(lastrun));
  PetscFunctionReturn(0);
}

static PetscErrorCode SumCost(DWISLibrary lib, DWISRun *const *runs)
{
  PetscFunctionBegin;
  lib->n_min = lib->n_min_failed = lib->n_force_evaluations = lib->n_md_steps = 0;
  lib->cpu_time                                                               = 0;
  for (PetscInt s = 0; s < lib->n_runs; s++) {
    lib->n_min += runs[s]->n_min;
    lib->n_min_failed += runs[s]->n_min_failed;
    lib->n_force_evaluations += runs[s]->n_force_evaluations;
    lib->n_md_steps += runs[s]->n_md_steps;
    lib->cpu_time += (PetscReal)runs[s]->cpu_time;
  }
  PetscFunctionReturn(0);
}

static PetscLogEvent DW_ISLIB_MERGE;

PetscErrorCode DWISLibraryLogRegister(void)
{
  PetscFunctionBegin;
  if (!DW_ISLIB_MERGE) PetscCall(PetscLogEventRegister("DWISLibraryMerge", 0, &DW_ISLIB_MERGE));
  PetscFunctionReturn(0);
}

PetscErrorCode DWISLibraryMerge(DWISLibrary lib)
{
  DWISRun **runs;
  PetscInt **map;

  PetscFunctionBegin;
  PetscCheck(lib->n_runs_added > 0, lib->comm, PETSC_ERR_ARG_WRONGSTATE,
             "the IS library has no runs to merge");
  PetscCall(DWISLibraryLogRegister());
  PetscCall(PetscLogEventBegin(DW_ISLIB_MERGE, 0, 0, 0, 0));
  PetscCall(DWISLibraryClearMerged(lib));
  lib->n_runs    = lib->n_runs_added;
  lib->N         = lib->runs[0].N;
  lib->L         = lib->runs[0].L;
  lib->tau_cg    = lib->runs[0].tau_cg;
  lib->tau_total = lib->runs[0].tau_total;
  lib->n_samples = lib->runs[0].n_samples;
  PetscCall(PetscMalloc2(lib->n_runs, &runs, lib->n_runs, &map));
  for (PetscInt s = 0; s < lib->n_runs; s++) runs[s] = &lib->runs[s];
  qsort(runs, (size_t)lib->n_runs, sizeof(DWISRun *), CompareRuns);
  for (PetscInt s = 0; s < lib->n_runs; s++)
    PetscCall(PetscMalloc1(PetscMax(runs[s]->n_is, 1), &map[s]));
  PetscCall(Cluster(lib, runs, map));
  PetscCall(Relabel(lib, runs, map));
  PetscCall(CountTransitions(lib));
  PetscCall(ComputeCandidates(lib));
  PetscCall(ComputeGrowth(lib));
  PetscCall(SumCost(lib, runs));
  for (PetscInt s = 0; s < lib->n_runs; s++) PetscCall(PetscFree(map[s]));
  PetscCall(PetscFree2(runs, map));
  lib->merged = PETSC_TRUE;
  PetscCall(PetscLogEventEnd(DW_ISLIB_MERGE, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* A copy of n values of `size` bytes into a new array *dst (one value at least). */
static PetscErrorCode CopyArray(size_t size, PetscInt n, const void *src, void *dst)
{
  void *copy;

  PetscFunctionBegin;
  PetscCall(PetscMalloc(size * (size_t)PetscMax(n, 1), &copy));
  PetscCall(PetscMemcpy(copy, src, size * (size_t)n));
  *(void **)dst = copy;
  PetscFunctionReturn(0);
}

#define CopyReals(n, src, dst) CopyArray(sizeof(PetscReal), n, src, dst)
#define CopyInts(n, src, dst)  CopyArray(sizeof(PetscInt), n, src, dst)

PetscErrorCode DWISLibrarySetData(DWISLibrary lib, const DWISLibraryData *d)
{
  const PetscInt nsamples = d->n_runs * d->n_samples;

  PetscFunctionBegin;
  PetscCall(DWISLibraryClearMerged(lib));
  lib->N               = d->N;
  lib->L               = d->L;
  lib->tol_e           = d->tol_e;
  lib->tol_x           = d->tol_x;
  lib->min_transitions = d->min_transitions;
  lib->n_is            = d->n_is;
  PetscCall(CopyReals(d->n_is, d->energy, &lib->energy));
  PetscCall(CopyReals(d->n_is * 3 * d->N, d->x, &lib->x));
  PetscCall(CopyInts(d->n_is, d->runs_found, &lib->runs_found));
  PetscCall(CopyInts(d->n_is, d->visits, &lib->visits));
  PetscCall(CopyReals(d->n_is, d->first_time, &lib->first_time));
  lib->n_runs    = d->n_runs;
  lib->n_samples = d->n_samples;
  lib->tau_cg    = d->tau_cg;
  lib->tau_total = d->tau_total;
  PetscCall(CopyInts(d->n_runs, d->run_index, &lib->run_index));
  PetscCall(CopyInts(nsamples, d->samples, &lib->samples));
  PetscCall(CopyReals(nsamples, d->sample_energy, &lib->sample_energy));
  lib->n_visits = d->n_visits;
  PetscCall(CopyInts(d->n_visits, d->visit_run, &lib->visit_run));
  PetscCall(CopyInts(d->n_visits, d->visit_is, &lib->visit_is));
  PetscCall(CopyInts(d->n_visits, d->visit_censored, &lib->visit_censored));
  PetscCall(CopyReals(d->n_visits, d->visit_time, &lib->visit_time));
  PetscCall(CopyReals(d->n_visits, d->visit_persistence, &lib->visit_persistence));
  lib->n_transitions = d->n_transitions;
  PetscCall(CopyInts(d->n_transitions, d->tr_from, &lib->tr_from));
  PetscCall(CopyInts(d->n_transitions, d->tr_to, &lib->tr_to));
  PetscCall(CopyInts(d->n_transitions, d->tr_count, &lib->tr_count));
  PetscCall(CopyInts(d->n_samples, d->n_is_t, &lib->n_is_t));
  lib->n_min               = d->n_min;
  lib->n_min_failed        = d->n_min_failed;
  lib->n_force_evaluations = d->n_force_evaluations;
  lib->n_md_steps          = d->n_md_steps;
  lib->cpu_time            = d->cpu_time;
  PetscCall(ComputeCandidates(lib));
  lib->merged = PETSC_TRUE;
  PetscFunctionReturn(0);
}
