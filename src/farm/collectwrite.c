/* Collect, part 2: writing library.h5 (the schema is in include/dwell/library.h) with
   parallel HDF5. Scalars every rank knows from the gathered keys (sample status, counts)
   are written by rank 0; the rows of the records a rank read are written by that rank into
   their place in canonical order. The root, /campaign, /samples and the merge tables (/is,
   /transitions, /candidates) are here; the /dw table in collectwritedw.c. */
#include "farm/stage.h"
#include <dwell/library.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/statvfs.h>

const PetscInt DWCollectOneD[2] = {0, 0};

/* Rank 0 writes an S-row column that every rank holds (others write nothing). */
static PetscErrorCode RootColumn(DWCampaignLibrary f, MPI_Comm comm, const char name[],
                                 DWFieldType t, PetscInt n, const void *data, const char units[],
                                 const char desc[])
{
  PetscMPIInt rank;
  PetscInt *rows;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscMalloc1(n + 1, &rows));
  for (PetscInt k = 0; k < n; k++) rows[k] = k;
  PetscCall(DWCampaignLibraryWriteColumn(f, name, t, n, DWCollectOneD, rank ? 0 : n, rows, data,
                                         units, desc));
  PetscCall(PetscFree(rows));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteRoot(DWCampaignLibrary f, DWCampaign c)
{
  char version[64], list[256] = "";
  PetscReal mt[DW_CAMPAIGN_MAX_UNITS], kT[DW_CAMPAIGN_MAX_UNITS], TQ[DW_CAMPAIGN_MAX_UNITS];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(version, sizeof(version), "%s", DWELL_VERSION));
  PetscCall(DWCampaignLibraryWriteAttribute(f, "/", "dwell_version", DW_FIELD_STRING, version));
  PetscCall(DWCampaignLibraryWriteAttribute(
      f, "/", "description", DW_FIELD_STRING,
      "dwell double-well library: glasses, inherent structures, candidate pairs, double wells "
      "with their tunnelling quantities (reduced units: eps, sigma, tau; temperatures eps/k_B)"));
  PetscCall(DWCampaignLibraryWriteAttribute(f, "/", "campaign", DW_FIELD_STRING, c->dir));
  PetscCall(DWCampaignLibraryWriteAttribute(f, "/", "model", DW_FIELD_STRING, c->model));
  PetscCall(DWCampaignLibraryWriteAttribute(f, "/", "options", DW_FIELD_STRING, c->identity));
  PetscCall(DWCampaignLibraryWriteAttribute(f, "/", "N", DW_FIELD_INT, &c->N));
  PetscCall(DWCampaignLibraryWriteAttribute(f, "/", "seed", DW_FIELD_INT, &c->seed));
  PetscCall(
      DWCampaignLibraryWriteAttribute(f, "/", "protocol", DW_FIELD_STRING,
                                      c->screen.protocol == DW_PROTOCOL_FAST ? "fast" : "paper"));
  PetscCall(DWCampaignWritePlan(c, f));
  PetscCall(DWCampaignLibraryWriteAttribute(f, "/", "T_exp", DW_FIELD_REAL, &c->T_exp));
  PetscCall(DWCampaignLibraryWriteArray(
      f, "campaign/T_f", DW_FIELD_REAL, c->n_Tf, c->T_f, "eps/k_B",
      "fictive temperatures (sample s has T_f[/samples/T_f_index[s]])"));
  for (PetscInt u = 0; u < c->n_units; u++) {
    mt[u] = c->units[u].mt;
    kT[u] = c->units[u].kT_Q;
    TQ[u] = c->units[u].T_Q;
    if (u) PetscCall(PetscStrlcat(list, ",", sizeof(list)));
    PetscCall(PetscStrlcat(list, c->units[u].name, sizeof(list)));
  }
  PetscCall(
      DWCampaignLibraryWriteArray(f, "campaign/mt", DW_FIELD_REAL, c->n_units, mt, "1",
                                  "dimensionless mass m sigma^2 eps / hbar^2 of each unit set"));
  PetscCall(DWCampaignLibraryWriteArray(f, "campaign/kT_Q", DW_FIELD_REAL, c->n_units, kT, "eps",
                                        "k_B T_Q = 2 pi / mt: TLS have splitting E < k_B T_Q"));
  PetscCall(DWCampaignLibraryWriteArray(f, "campaign/T_Q", DW_FIELD_REAL, c->n_units, TQ, "K",
                                        "T_Q of each unit set in kelvin"));
  PetscCall(DWCampaignLibraryWriteAttribute(f, "campaign", "mt_sets", DW_FIELD_STRING, list));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteSampleScalars(DWCampaignLibrary f, const DWCollection *col)
{
  DWCampaign c     = col->c;
  const PetscInt S = col->S;
  PetscInt *iv;
  PetscReal *rv;
  static const char *gnames[6][3] = {
      {"equilibrated", "1",
       "1 if the equilibration was proven (runs over 10 tau_alpha, stationary)"},
      {"blocks", "1", "swap MC/MD blocks of the equilibration"},
      {"tau_alpha", "tau", "structural relaxation time at T_f (of the dynamics used)"},
      {"U_equilibrated", "eps", "U/N of the equilibrated liquid at T_f"},
      {"U_glass", "eps", "U/N of the glass after the quench to T_exp"},
      {"T_glass", "eps/k_B", "kinetic temperature of the glass"}};

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(S + 1, &iv, S + 1, &rv));
  for (PetscInt s = 0; s < S; s++) iv[s] = s;
  PetscCall(RootColumn(f, c->comm, "samples/sample", DW_FIELD_INT, S, iv, "1",
                       "sample s: glass k of T_f index i_Tf (s = i_Tf N_g + k for one N_g)"));
  for (PetscInt s = 0; s < S; s++) iv[s] = DWCampaignSampleTf(c, s);
  PetscCall(RootColumn(f, c->comm, "samples/T_f_index", DW_FIELD_INT, S, iv, "1",
                       "index i_Tf into /campaign/T_f"));
  for (PetscInt s = 0; s < S; s++) iv[s] = s - c->first[DWCampaignSampleTf(c, s)];
  PetscCall(
      RootColumn(f, c->comm, "samples/replica", DW_FIELD_INT, S, iv, "1", "glass k at its T_f"));
  for (PetscInt s = 0; s < S; s++) rv[s] = c->T_f[DWCampaignSampleTf(c, s)];
  PetscCall(RootColumn(f, c->comm, "samples/T_f", DW_FIELD_REAL, S, rv, "eps/k_B",
                       "fictive temperature"));
  PetscCall(RootColumn(f, c->comm, "samples/status", DW_FIELD_INT, S, col->glass_status, "1",
                       "glass task: 1 done, 2 failed, 0 not done"));
  PetscCall(RootColumn(f, c->comm, "samples/n_runs", DW_FIELD_INT, S, col->n_runs, "1",
                       "exploration runs done"));
  PetscCall(RootColumn(f, c->comm, "samples/n_is", DW_FIELD_INT, S, col->n_is, "1",
                       "inherent structures in the merged library"));
  PetscCall(RootColumn(f, c->comm, "samples/n_candidates", DW_FIELD_INT, S, col->n_cand, "1",
                       "candidate pairs"));
  PetscCall(RootColumn(f, c->comm, "samples/n_dw", DW_FIELD_INT, S, col->n_dw, "1",
                       "double wells (rows of /dw)"));
  for (int g = 0; g < 6; g++) {
    char name[64];
    for (PetscInt s = 0; s < S; s++) rv[s] = col->glass_g[6 * s + g];
    PetscCall(PetscSNPrintf(name, sizeof(name), "samples/%s", gnames[g][0]));
    PetscCall(RootColumn(f, c->comm, name, DW_FIELD_REAL, S, rv, gnames[g][1], gnames[g][2]));
  }
  PetscCall(PetscFree2(iv, rv));
  PetscFunctionReturn(0);
}

/* The configurations of the glasses, written by the ranks that read them; rank 0 writes the
   rows of samples without a glass (NaN positions and box, species -1). */
static PetscErrorCode WriteSampleFields(DWCampaignLibrary f, const DWCollection *col)
{
  const PetscInt N = col->N;
  PetscInt n = col->nglass, nmissing = 0;
  PetscMPIInt rank;
  const PetscInt dims3[2] = {N, 3}, dims1[2] = {N, 0};
  PetscInt *rows, *species;
  PetscReal *x, *diameter, *L;
  PetscBool poly = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(col->c->comm, &rank));
  for (PetscInt s = 0; s < col->S && !rank; s++) nmissing += col->glass_status[s] != DW_SHARD_DONE;
  PetscCall(PetscMalloc5(n + nmissing + 1, &rows, 3 * N * (n + nmissing) + 1, &x,
                         N * (n + nmissing) + 1, &species, N * (n + nmissing) + 1, &diameter,
                         n + nmissing + 1, &L));
  for (PetscInt k = 0; k < n; k++) {
    const DWCollectGlass *g = &col->glass[k];
    PetscCheck(g->N == N, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "glass of sample %lld has N = %" PetscInt_FMT ", the campaign %" PetscInt_FMT,
               (long long)g->e.sample, g->N, N);
    rows[k] = (PetscInt)g->e.sample;
    L[k]    = g->L;
    PetscCall(PetscArraycpy(x + 3 * N * k, g->x, 3 * N));
    PetscCall(PetscArraycpy(species + N * k, g->species, N));
    if (g->diameter) {
      PetscCall(PetscArraycpy(diameter + N * k, g->diameter, N));
      poly = PETSC_TRUE;
    }
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &poly, 1, MPIU_BOOL, MPI_LOR, col->c->comm));
  for (PetscInt s = 0; s < col->S && nmissing; s++) {
    if (col->glass_status[s] == DW_SHARD_DONE) continue;
    for (PetscInt i = 0; i < 3 * N; i++) x[3 * N * n + i] = NAN;
    for (PetscInt i = 0; i < N; i++) {
      species[N * n + i]  = -1;
      diameter[N * n + i] = NAN;
    }
    L[n]      = NAN;
    rows[n++] = s;
  }
  PetscCall(DWCampaignLibraryWriteColumn(f, "samples/positions", DW_FIELD_REAL, col->S, dims3, n,
                                         rows, x, "sigma",
                                         "positions of the glass (unwrapped) after the quench"));
  PetscCall(DWCampaignLibraryWriteColumn(f, "samples/species", DW_FIELD_INT, col->S, dims1, n, rows,
                                         species, "1", "species index of each particle"));
  PetscCall(DWCampaignLibraryWriteColumn(f, "samples/box", DW_FIELD_REAL, col->S, DWCollectOneD, n,
                                         rows, L, "sigma", "edge of the cubic periodic box"));
  if (poly)
    PetscCall(DWCampaignLibraryWriteColumn(f, "samples/diameter", DW_FIELD_REAL, col->S, dims1, n,
                                           rows, diameter, "sigma",
                                           "particle diameters (polydisperse model)"));
  PetscCall(PetscFree5(rows, x, species, diameter, L));
  PetscFunctionReturn(0);
}

/* The tables of the merged IS libraries: one column per array of DWMergeData; row k of
   sample s's array goes to row off[s] + k of its table. */
typedef struct {
  const char *name, *units, *description;
  size_t array, count; /* offsets in DWMergeData of the array and of its length */
  DWFieldType type;
} MergeColumn;

/* clang-format off */
#define MC(name, a, n, t, u, d) {name, u, d, offsetof(DWMergeData, a), offsetof(DWMergeData, n), t}
static const MergeColumn merge_columns[] = {
  MC("is/energy", energy, n_is, DW_FIELD_REAL, "eps", "U/N of the inherent structure"),
  MC("is/runs_found", runs_found, n_is, DW_FIELD_INT, "1", "exploration runs that visited it"),
  MC("is/visits", visits, n_is, DW_FIELD_INT, "1", "visits over all runs"),
  MC("is/first_time", first_time, n_is, DW_FIELD_REAL, "tau", "earliest arrival over the runs"),
  MC("transitions/from", tr_from, n_tr, DW_FIELD_INT, "1", "IS label a of T[a->b]"),
  MC("transitions/to", tr_to, n_tr, DW_FIELD_INT, "1", "IS label b of T[a->b]"),
  MC("transitions/count", tr_count, n_tr, DW_FIELD_INT, "1", "T[a->b]: consecutive visits a, b over all runs"),
  MC("candidates/a", cand_a, n_cand, DW_FIELD_INT, "1", "IS label a (a < b)"),
  MC("candidates/b", cand_b, n_cand, DW_FIELD_INT, "1", "IS label b"),
  MC("candidates/T_ab", cand_ab, n_cand, DW_FIELD_INT, "1", "transitions a -> b"),
  MC("candidates/T_ba", cand_ba, n_cand, DW_FIELD_INT, "1", "transitions b -> a"),
  MC("candidates/dE", cand_dE, n_cand, DW_FIELD_REAL, "eps", "N (e_b - e_a) >= 0, total"),
  MC("candidates/dmax", cand_dmax, n_cand, DW_FIELD_REAL, "sigma", "largest particle displacement"),
  MC("candidates/distance", cand_distance, n_cand, DW_FIELD_REAL, "sigma", "|r_b - r_a| over 3N coordinates (a pair added by the fast protocol: with the mean displacement removed)"),
  MC("screen/a", pool_a, n_pool, DW_FIELD_INT, "1", "IS label a (e_a <= e_b)"),
  MC("screen/b", pool_b, n_pool, DW_FIELD_INT, "1", "IS label b"),
  MC("screen/candidate", pool_cand, n_pool, DW_FIELD_INT, "1", "its row of /candidates (the NEB task), -1: not run"),
  MC("screen/flags", pool_flags, n_pool, DW_FIELD_INT, "1", "bits: 1 run without a model (warm-up), 2 the model says it may be a TLS, 4 in the random fraction screen_keep, 8 not a candidate of the paper protocol (added pair)"),
  MC("screen/generation", pool_gen, n_pool, DW_FIELD_INT, "1", "the round whose model judged it (0: none)"),
  MC("screen/p", pool_p, n_pool, DW_FIELD_REAL, "1", "classifier: probability of a double well with E <= screen_multiple k_B T_Q (NaN: no model)"),
  MC("screen/y_pred", pool_y, n_pool, DW_FIELD_REAL, "1", "regressor: log10 of min over unit sets of E / k_B T_Q (NaN: no model)"),
  MC("screen/dE", pool_f[0], n_pool, DW_FIELD_REAL, "eps", "feature: N (e_b - e_a), total"),
  MC("screen/r_AB", pool_f[1], n_pool, DW_FIELD_REAL, "sigma", "feature: |r_AB|, the mean displacement removed"),
  MC("screen/dmax_1", pool_f[2], n_pool, DW_FIELD_REAL, "sigma", "feature: the largest particle displacement"),
  MC("screen/dmax_2", pool_f[3], n_pool, DW_FIELD_REAL, "sigma", "feature: the second largest particle displacement"),
  MC("screen/n_displaced", pool_f[4], n_pool, DW_FIELD_REAL, "1", "feature: particles displaced by more than -screen_displaced_threshold"),
  MC("screen/PR", pool_f[5], n_pool, DW_FIELD_REAL, "1", "feature: participation ratio of r_AB ([JCP23] eq. 16)"),
  MC("screen/T_ab", pool_f[6], n_pool, DW_FIELD_REAL, "1", "feature: transitions a -> b"),
  MC("screen/T_ba", pool_f[7], n_pool, DW_FIELD_REAL, "1", "feature: transitions b -> a"),
  MC("screen/E_a", pool_f[8], n_pool, DW_FIELD_REAL, "eps", "feature: N (e_a - e_0), e_0 the sample's lowest IS"),
  MC("screen/E_b", pool_f[9], n_pool, DW_FIELD_REAL, "eps", "feature: N (e_b - e_0)"),
};
/* clang-format on */

static PetscInt MergeCount(const DWMergeData *d, size_t count)
{
  return *(const PetscInt *)((const char *)d + count);
}

/* The global rows of this rank's merges for a table whose lengths are at `count`. */
static PetscErrorCode MergeRows(const DWCollection *col, size_t count, const PetscInt off[],
                                PetscInt *n, PetscInt **rows, PetscInt **sample, PetscInt **index)
{
  PetscFunctionBegin;
  *n = 0;
  for (PetscInt m = 0; m < col->nmerge; m++) *n += MergeCount(&col->merge[m].m, count);
  PetscCall(PetscMalloc3(*n + 1, rows, *n + 1, sample, *n + 1, index));
  *n = 0;
  for (PetscInt m = 0; m < col->nmerge; m++) {
    const PetscInt s = (PetscInt)col->merge[m].e.sample, cnt = MergeCount(&col->merge[m].m, count);
    for (PetscInt k = 0; k < cnt; k++, (*n)++) {
      (*rows)[*n]   = off[s] + k;
      (*sample)[*n] = s;
      (*index)[*n]  = k;
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteMergeColumn(DWCampaignLibrary f, const DWCollection *col,
                                       const MergeColumn *mc, PetscInt total, PetscInt n,
                                       const PetscInt rows[])
{
  const size_t size = mc->type == DW_FIELD_REAL ? sizeof(PetscReal) : sizeof(PetscInt);
  char *data;
  size_t at = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc(size * (size_t)(n + 1), &data));
  for (PetscInt m = 0; m < col->nmerge; m++) {
    const DWMergeData *d = &col->merge[m].m;
    const size_t bytes   = size * (size_t)MergeCount(d, mc->count);
    const void *src      = *(void *const *)((const char *)d + mc->array);
    if (bytes) PetscCall(PetscMemcpy(data + at, src, bytes));
    at += bytes;
  }
  PetscCall(DWCampaignLibraryWriteColumn(f, mc->name, mc->type, total, DWCollectOneD, n, rows, data,
                                         mc->units, mc->description));
  PetscCall(PetscFree(data));
  PetscFunctionReturn(0);
}

/* One per-merge table: its sample and index columns, then its arrays. */
static PetscErrorCode WriteMergeTable(DWCampaignLibrary f, const DWCollection *col,
                                      const char table[], const char index_name[],
                                      const char index_description[], size_t count,
                                      const PetscInt off[], PetscInt total)
{
  PetscInt n, *rows, *sample, *index;
  char name[64];
  size_t len;

  PetscFunctionBegin;
  PetscCall(MergeRows(col, count, off, &n, &rows, &sample, &index));
  PetscCall(PetscSNPrintf(name, sizeof(name), "%s/sample", table));
  PetscCall(DWCampaignLibraryWriteColumn(f, name, DW_FIELD_INT, total, DWCollectOneD, n, rows,
                                         sample, "1", "glass sample"));
  PetscCall(PetscSNPrintf(name, sizeof(name), "%s/%s", table, index_name));
  PetscCall(DWCampaignLibraryWriteColumn(f, name, DW_FIELD_INT, total, DWCollectOneD, n, rows,
                                         index, "1", index_description));
  PetscCall(PetscStrlen(table, &len));
  for (size_t k = 0; k < sizeof(merge_columns) / sizeof(merge_columns[0]); k++)
    if (!strncmp(merge_columns[k].name, table, len) && merge_columns[k].name[len] == '/')
      PetscCall(WriteMergeColumn(f, col, &merge_columns[k], total, n, rows));
  PetscCall(PetscFree3(rows, sample, index));
  PetscFunctionReturn(0);
}

/* Candidate status and double-well counts, known to every rank: written by rank 0. */
static PetscErrorCode WriteCandidateStatus(DWCampaignLibrary f, const DWCollection *col)
{
  PetscInt *status, *ndw, *reason, at = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(col->n_cand_total + 1, &status, col->n_cand_total + 1, &ndw,
                         col->n_cand_total + 1, &reason));
  for (PetscInt s = 0; s < col->S; s++)
    for (PetscInt c = 0; c < col->n_cand[s]; c++, at++) {
      status[at] = col->cand_status[s][c];
      ndw[at]    = col->cand_rows[s][c];
      reason[at] = col->cand_neb_reason[s][c];
    }
  PetscCall(RootColumn(f, col->c->comm, "candidates/status", DW_FIELD_INT, col->n_cand_total,
                       status, "1", "neb task: 1 done, 2 failed, 0 not done"));
  PetscCall(RootColumn(f, col->c->comm, "candidates/n_dw", DW_FIELD_INT, col->n_cand_total, ndw,
                       "1",
                       "double-well records of its path (more than one after splits; repeats of "
                       "other paths included)"));
  PetscCall(RootColumn(f, col->c->comm, "candidates/neb_reason", DW_FIELD_INT, col->n_cand_total,
                       reason, "1",
                       "why the neb task failed: DWNEBReason (-1 iteration cap, -2 NaN, -3 end "
                       "point not a minimum, -4 too many intermediate minima, -5 same IS, -6 run "
                       "away, -7 evaluation budget, -8 stalled), -100 an error; 0 not failed"));
  PetscCall(PetscFree3(status, ndw, reason));
  PetscFunctionReturn(0);
}

/* The glass stage's tables: /samples. */
PetscErrorCode DWCollectionWriteGlass(DWCampaignLibrary f, const DWCollection *col)
{
  PetscFunctionBegin;
  PetscCall(WriteSampleScalars(f, col));
  PetscCall(WriteSampleFields(f, col));
  PetscFunctionReturn(0);
}

/* The merge stage's tables: /is, /transitions, /candidates. */
PetscErrorCode DWCollectionWriteMerge(DWCampaignLibrary f, const DWCollection *col)
{
  PetscFunctionBegin;
  PetscCall(WriteMergeTable(f, col, "is", "label", "IS label within the sample (by energy)",
                            offsetof(DWMergeData, n_is), col->is_off, col->n_is_total));
  PetscCall(WriteMergeTable(f, col, "transitions", "index", "transition within the sample",
                            offsetof(DWMergeData, n_tr), col->tr_off, col->n_tr_total));
  PetscCall(WriteMergeTable(f, col, "candidates", "candidate", "candidate index within the sample",
                            offsetof(DWMergeData, n_cand), col->cand_off, col->n_cand_total));
  PetscCall(WriteCandidateStatus(f, col));
  if (col->c->screen.protocol == DW_PROTOCOL_FAST)
    PetscCall(WriteMergeTable(f, col, "screen", "index", "pool row within the sample",
                              offsetof(DWMergeData, n_pool), col->pool_off, col->n_pool_total));
  /* testing aid (tests/farm/campaign_test.sh): die in the middle of writing */
  if (getenv("DWELL_TEST_KILL_IN_COLLECT")) raise(SIGKILL);
  PetscFunctionReturn(0);
}

/* The tasks per stage (/campaign/tasks): what the campaign planned and what became of it. */
static PetscErrorCode WriteTasks(DWCampaignLibrary f, const DWCollection *col)
{
  const struct {
    const char *name, *description;
    const PetscInt *count;
  } t[] = {{"known", "tasks of each stage (neb: the candidates of the merged samples)", col->known},
           {"done", "tasks with a result", col->done},
           {"failed",
            "tasks with failure records and no result: given up once the campaign is finished",
            col->failed},
           {"blocked", "tasks that never ran because their glass failed", col->blocked}};
  char name[64], stages[256];
  PetscInt n, v[DW_TASK_NKINDS];

  PetscFunctionBegin;
  /* one value per enabled stage, in kind order: the order of the stages attribute (a stage
     that is off, e.g. modes while elastic is on, leaves no gap) */
  for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
    n = 0;
    for (int kind = 1; kind < DW_TASK_NKINDS; kind++)
      if (DWStageEnabled(col->c, kind)) v[n++] = t[k].count[kind];
    PetscCall(PetscSNPrintf(name, sizeof(name), "campaign/tasks/%s", t[k].name));
    PetscCall(DWCampaignLibraryWriteArray(f, name, DW_FIELD_INT, n, v, "1", t[k].description));
  }
  PetscCall(DWStageList(col->c, stages, sizeof(stages)));
  PetscCall(
      DWCampaignLibraryWriteAttribute(f, "campaign/tasks", "stages", DW_FIELD_STRING, stages));
  PetscFunctionReturn(0);
}

typedef struct {
  DWCampaignLibrary f;
  DWCollection *col;
  double bytes; /* the estimate of LibraryBytes */
} Writing;

static PetscErrorCode Reserve(void *ctx)
{
  PetscFunctionBegin;
  PetscCall(DWCampaignLibraryReserve(((Writing *)ctx)->f, ((Writing *)ctx)->bytes));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteAll(void *ctx)
{
  DWCampaignLibrary f = ((Writing *)ctx)->f;
  DWCollection *col   = ((Writing *)ctx)->col;

  PetscFunctionBegin;
  PetscCall(WriteRoot(f, col->c));
  PetscCall(WriteTasks(f, col));
  for (int k = 1; k < DW_TASK_NKINDS; k++)
    if (DWStageEnabled(col->c, k) && DWStageGet(k)->collect->write)
      PetscCall(DWStageGet(k)->collect->write(f, col));
  PetscFunctionReturn(0);
}

/* Rank 0: refuses, before any file is created, a file system without room for the library
   (estimated from its counts: the data of every table, 1 KB per dataset for HDF5's headers
   and attributes, which take about half that, 64 KB, and a quarter more). A disk that fills
   up in the middle of parallel HDF5 writes cannot always be undone cleanly: MPI-IO may fail
   on some ranks only, inside collectives the others wait in. */
static PetscErrorCode LibraryBytes(const DWCollection *col, double *bytes)
{
  const double N = (double)col->N, U = (double)col->c->n_units, Q = (double)DWQuantumNColumns;
  const DWDoubleWellColumn *cols;
  PetscInt ncol;

  PetscFunctionBegin;
  PetscCall(DWDoubleWellGetColumns(&ncol, &cols));
  *bytes = 8 * ((double)col->S * (17 + 5 * N) + 6.0 * col->n_is_total + 4.0 * col->n_tr_total +
                12.0 * col->n_cand_total +
                (double)col->n_dw_unique * (ncol + 7 + 2.0 * col->M + 12 * N + U * Q));
  *bytes = 1.25 * (*bytes + 1024 * (40 + ncol + U * Q) + 65536);
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckSpace(DWCampaign c, void *ctx, char msg[], size_t len)
{
  double need = 0, room;
  struct statvfs fs;

  PetscFunctionBegin;
  PetscCall(LibraryBytes((const DWCollection *)ctx, &need));
  if (getenv("DWELL_TEST_NO_SPACE_CHECK") || statvfs(c->dir, &fs) || !fs.f_blocks)
    PetscFunctionReturn(0); /* tests of the failure itself; file systems that do not say */
  room = (double)fs.f_bavail * (double)fs.f_frsize;
  if (room < need)
    PetscCall(PetscSNPrintf(msg, len,
                            "%s/library.h5 not written: about %.3g MB needed, %.3g MB free on its "
                            "file system (the shards are intact: free space and run dwell collect "
                            "%s)",
                            c->dir, need / 1e6, room / 1e6, c->dir));
  PetscFunctionReturn(0);
}

/* A failure on any rank (a full disk) is every rank's: the temporary file is closed and
   removed on all ranks together, and the previous library.h5, if any, stays. */
PetscErrorCode DWCollectionWrite(DWCollection *col, const char path[])
{
  MPI_Comm comm = col->c->comm;
  Writing w     = {NULL, col, 0};
  char msg[512];
  int ierr;

  PetscFunctionBegin;
  PetscCall(DWCampaignOnRankZero(col->c, CheckSpace, col));
  PetscCall(LibraryBytes(col, &w.bytes));
  PetscCall(DWCampaignLibraryCreate(comm, path, &w.f));
  PetscCall(DWFarmCatch(comm, PETSC_TRUE, Reserve, &w, &ierr, msg, sizeof(msg)));
  if (!ierr) PetscCall(DWFarmCatch(comm, PETSC_TRUE, WriteAll, &w, &ierr, msg, sizeof(msg)));
  if (ierr) PetscCall(DWCampaignLibraryAbort(&w.f));
  PetscCheck(!ierr, comm, (PetscErrorCode)ierr,
             "%s not written: %s (the shards are intact: free space and run dwell collect %s)",
             path, msg, col->c->dir);
  PetscCall(DWCampaignLibraryCommit(&w.f));
  PetscFunctionReturn(0);
}
