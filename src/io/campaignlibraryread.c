/* Reading a double-well library (include/dwell/library.h, section "Reading"; DESIGN.md
   section 6): the root attributes, /campaign, the per-sample counts of /samples, the scalar
   columns of /dw that the statistics of [PRL20] Figs. 2-3 and [JCP23] Table I use, and the
   tunnelling columns of every unit set. Reduced units as stored: eps, sigma, eps/k_B for
   temperatures. One process reads the whole file with the default (sequential) driver; the
   HDF5 error stack is silenced and every failure becomes one PETSc error naming the file and
   the missing or inconsistent object. */
#include <dwell/library.h>
#include "io/h5check.h"
#include <stddef.h>

/* Whether the object `name` ("/a/b/c") exists, every intermediate group included
   (H5Lexists checks only the last component). */
static PetscBool Exists(hid_t file, const char name[])
{
  char buf[PETSC_MAX_PATH_LEN];
  size_t len = strlen(name);

  if (len >= sizeof(buf)) return PETSC_FALSE;
  memcpy(buf, name, len + 1);
  for (size_t k = 1; k <= len; k++) {
    if (buf[k] != '/' && buf[k] != 0) continue;
    buf[k]       = 0;
    const int ok = H5Lexists(file, buf, H5P_DEFAULT) > 0;
    buf[k]       = name[k];
    if (!ok) return PETSC_FALSE;
  }
  return PETSC_TRUE;
}

/* The 1-D dataset `name` into a new array *data (type: the memory type, size: its size in
   bytes); its length in *n. expected >= 0: the length it must have. */
static PetscErrorCode ReadColumn(const char path[], hid_t file, const char name[], hid_t type,
                                 size_t size, PetscInt expected, PetscInt *n, void *data)
{
  hid_t dset, space, stored;
  hsize_t dim = 0;
  void *buf;

  PetscFunctionBegin;
  PetscCheck(Exists(file, name), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: no dataset %s",
             path, name);
  DWCallHDF5Id(dset, H5Dopen2(file, name, H5P_DEFAULT));
  DWCallHDF5Id(stored, H5Dget_type(dset));
  PetscCall(DWH5CheckType(dset, stored, type, ""));
  DWCallHDF5(H5Tclose(stored));
  DWCallHDF5Id(space, H5Dget_space(dset));
  PetscCheck(H5Sget_simple_extent_ndims(space) == 1, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: %s has %d dimensions, expected a column (1)", path, name,
             H5Sget_simple_extent_ndims(space));
  DWCallHDF5(H5Sget_simple_extent_dims(space, &dim, NULL));
  PetscCheck(expected < 0 || dim == (hsize_t)expected, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: %s has %llu rows, expected %" PetscInt_FMT, path, name, (unsigned long long)dim,
             expected);
  PetscCall(PetscMalloc(PetscMax(dim, 1) * size, &buf));
  if (dim && H5Dread(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
    PetscCall(PetscFree(buf));
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "%s: cannot read %s (truncated or corrupt file?)",
            path, name);
  }
  *(void **)data = buf;
  *n             = (PetscInt)dim;
  DWCallHDF5(H5Sclose(space));
  DWCallHDF5(H5Dclose(dset));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadReals(const char path[], hid_t file, const char name[], PetscInt expected,
                                PetscInt *n, PetscReal **x)
{
  PetscFunctionBegin;
  PetscCall(ReadColumn(path, file, name, H5T_NATIVE_DOUBLE, sizeof(PetscReal), expected, n, x));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadInts(const char path[], hid_t file, const char name[], PetscInt expected,
                               PetscInt *n, PetscInt **x)
{
  PetscFunctionBegin;
  PetscCall(ReadColumn(path, file, name, DWH5NativeInt(), sizeof(PetscInt), expected, n, x));
  PetscFunctionReturn(0);
}

/* A required integer attribute of the object `where` (for messages). */
static PetscErrorCode ReadAttrInt(const char path[], hid_t obj, const char where[],
                                  const char name[], PetscInt *value)
{
  long long v;
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(DWH5ReadAttrInt(obj, name, &v, &found));
  PetscCheck(found, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: no attribute %s of %s", path,
             name, where);
  PetscCheck(v >= PETSC_MIN_INT && v <= PETSC_MAX_INT, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: attribute %s of %s = %lld is out of range", path, name, where, v);
  *value = (PetscInt)v;
  PetscFunctionReturn(0);
}

/* A required string attribute into value[len]. */
static PetscErrorCode ReadAttrText(const char path[], hid_t obj, const char where[],
                                   const char name[], char value[], size_t len)
{
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(DWH5ReadAttrString(obj, name, value, len, &found));
  PetscCheck(found, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: no attribute %s of %s", path,
             name, where);
  PetscFunctionReturn(0);
}

/* The optional root attribute options, of any length, into a new string ("" if absent). */
static PetscErrorCode ReadOptionsText(hid_t root, char **options)
{
  hid_t attr, type;
  size_t size = 0;
  PetscBool found;

  PetscFunctionBegin;
  if (H5Aexists(root, "options") > 0) {
    DWCallHDF5Id(attr, H5Aopen(root, "options", H5P_DEFAULT));
    DWCallHDF5Id(type, H5Aget_type(attr));
    size = H5Tget_size(type);
    DWCallHDF5(H5Tclose(type));
    DWCallHDF5(H5Aclose(attr));
  }
  PetscCall(PetscMalloc1(size + 2, options));
  PetscCall(DWH5ReadAttrString(root, "options", *options, size + 2, &found));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadRoot(const char path[], hid_t file, DWCampaignLibraryData *lib)
{
  hid_t root;
  long long v     = 0;
  PetscBool found = PETSC_FALSE;

  PetscFunctionBegin;
  DWCallHDF5Id(root, H5Oopen(file, "/", H5P_DEFAULT));
  PetscCall(ReadAttrText(path, root, "/", "model", lib->model, sizeof(lib->model)));
  PetscCall(ReadAttrInt(path, root, "/", "N", &lib->N));
  /* a plan with N_g per T_f has no root N_g, only /campaign/N_g (ReadPlan) */
  PetscCall(DWH5ReadAttrInt(root, "N_g", &v, &found));
  PetscCheck(found || Exists(file, "/campaign/N_g"), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: no attribute N_g of / and no dataset /campaign/N_g", path);
  lib->N_g = found ? (PetscInt)v : -1;
  PetscCall(ReadAttrInt(path, root, "/", "seed", &lib->seed));
  PetscCall(ReadOptionsText(root, &lib->options));
  DWCallHDF5(H5Oclose(root));
  PetscCheck(lib->N > 0 && (lib->N_g > 0 || !found), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: root attributes N = %" PetscInt_FMT " and N_g = %" PetscInt_FMT
             " must be positive",
             path, lib->N, lib->N_g);
  PetscFunctionReturn(0);
}

/* The names of the comma-separated list mt_sets, blanks trimmed. */
/* The names of a comma-separated attribute (spaces around them trimmed), each non-empty and
   shorter than cap: argv to free with PetscStrToArrayDestroy. */
static PetscErrorCode SplitList(const char path[], const char where[], const char list[],
                                size_t cap, int *argc, char ***argv)
{
  PetscFunctionBegin;
  PetscCall(PetscStrToArray(list, ',', argc, argv));
  for (int k = 0; k < *argc; k++) {
    char *s = (*argv)[k], *end;
    size_t len;
    while (*s == ' ') s++;
    PetscCall(PetscStrlen(s, &len));
    for (end = s + len; end > s && end[-1] == ' '; end--) *(end - 1) = 0;
    PetscCheck(s[0] && strlen(s) < cap, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s: bad name '%s' in %s '%s'", path, s, where, list);
    PetscCall(PetscMemmove((*argv)[k], s, strlen(s) + 1));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SplitNames(const char path[], const char list[], DWCampaignLibraryData *lib)
{
  int argc;
  char **argv;

  PetscFunctionBegin;
  PetscCall(SplitList(path, "/campaign mt_sets", list, sizeof(lib->quantum[0].name), &argc, &argv));
  lib->n_mt = argc;
  PetscCall(PetscCalloc1(PetscMax(argc, 1), &lib->quantum));
  for (int k = 0; k < argc; k++)
    PetscCall(PetscStrncpy(lib->quantum[k].name, argv[k], sizeof(lib->quantum[k].name)));
  PetscCall(PetscStrToArrayDestroy(argc, argv));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadCampaign(const char path[], hid_t file, DWCampaignLibraryData *lib)
{
  const char *names[3]   = {"/campaign/mt", "/campaign/kT_Q", "/campaign/T_Q"};
  const size_t fields[3] = {offsetof(DWCampaignLibraryQuantum, mt),
                            offsetof(DWCampaignLibraryQuantum, kT_Q),
                            offsetof(DWCampaignLibraryQuantum, T_Q)};
  hid_t g;
  char list[1024];
  PetscReal *x;
  PetscInt n;

  PetscFunctionBegin;
  PetscCheck(Exists(file, "/campaign"), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: no group /campaign", path);
  DWCallHDF5Id(g, H5Gopen2(file, "/campaign", H5P_DEFAULT));
  PetscCall(ReadAttrText(path, g, "/campaign", "mt_sets", list, sizeof(list)));
  DWCallHDF5(H5Gclose(g));
  PetscCall(SplitNames(path, list, lib));
  PetscCall(ReadReals(path, file, "/campaign/T_f", -1, &lib->n_Tf, &lib->T_f));
  for (int c = 0; c < 3; c++) { /* one value per unit set into the field of each set */
    PetscCall(ReadReals(path, file, names[c], lib->n_mt, &n, &x));
    for (PetscInt k = 0; k < lib->n_mt; k++)
      *(PetscReal *)((char *)&lib->quantum[k] + fields[c]) = x[k];
    PetscCall(PetscFree(x));
  }
  PetscFunctionReturn(0);
}

/* The campaign's plan per T_f, /campaign/N_g, runs, tau_cg, tau_total: absent (NULL) in a
   library written before plans per T_f, where the root attribute N_g is the plan. */
static PetscErrorCode ReadPlan(const char path[], hid_t file, DWCampaignLibraryData *lib)
{
  PetscInt n;

  PetscFunctionBegin;
  if (!Exists(file, "/campaign/N_g")) PetscFunctionReturn(0);
  PetscCall(ReadInts(path, file, "/campaign/N_g", lib->n_Tf, &n, &lib->plan_N_g));
  PetscCall(ReadInts(path, file, "/campaign/runs", lib->n_Tf, &n, &lib->plan_runs));
  PetscCall(ReadReals(path, file, "/campaign/tau_cg", lib->n_Tf, &n, &lib->plan_tau_cg));
  PetscCall(ReadReals(path, file, "/campaign/tau_total", lib->n_Tf, &n, &lib->plan_tau_total));
  for (PetscInt t = 0; t < lib->n_Tf; t++)
    PetscCheck(lib->plan_N_g[t] > 0 && lib->plan_runs[t] > 0 && lib->plan_tau_cg[t] > 0 &&
                   lib->plan_tau_total[t] >= lib->plan_tau_cg[t],
               PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s: /campaign plan of T_f index %" PetscInt_FMT " (N_g %" PetscInt_FMT
               ", runs %" PetscInt_FMT ", tau_cg %g, tau_total %g) is not a plan",
               path, t, lib->plan_N_g[t], lib->plan_runs[t], (double)lib->plan_tau_cg[t],
               (double)lib->plan_tau_total[t]);
  PetscFunctionReturn(0);
}

/* The names of the n_stages stages from the comma-separated list of /campaign/tasks. */
static PetscErrorCode StageNames(const char path[], const char list[], DWCampaignLibraryData *lib)
{
  int argc;
  char **argv;

  PetscFunctionBegin;
  PetscCall(
      SplitList(path, "/campaign/tasks stages", list, sizeof(lib->stage_names[0]), &argc, &argv));
  PetscCheck(argc == lib->n_stages, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: /campaign/tasks names %d stages for %" PetscInt_FMT " rows", path, argc,
             lib->n_stages);
  for (int k = 0; k < argc; k++)
    PetscCall(PetscStrncpy(lib->stage_names[k], argv[k], sizeof(lib->stage_names[k])));
  PetscCall(PetscStrToArrayDestroy(argc, argv));
  PetscFunctionReturn(0);
}

/* The tasks per stage, /campaign/tasks: absent (has_tasks false) in older libraries; the
   stages of issue 7 first, then those a campaign turned on (modes: src/farm/stagemodes.c),
   named by the attribute stages (absent before the stage table: glass, explore, merge, neb). */
static PetscErrorCode ReadTasks(const char path[], hid_t file, DWCampaignLibraryData *lib)
{
  const char *names[] = {"known", "done", "failed", "blocked"};
  PetscInt *dst[]     = {lib->tasks_known, lib->tasks_done, lib->tasks_failed, lib->tasks_blocked};
  char name[64], stages[256] = "glass,explore,merge,neb";
  PetscInt n, *v;
  PetscBool found;
  hid_t group;

  PetscFunctionBegin;
  if (!Exists(file, "/campaign/tasks/known")) PetscFunctionReturn(0);
  for (int k = 0; k < 4; k++) {
    PetscCall(PetscSNPrintf(name, sizeof(name), "/campaign/tasks/%s", names[k]));
    PetscCall(ReadInts(path, file, name, -1, &n, &v));
    PetscCheck(n >= 4 && n <= DW_LIBRARY_MAX_STAGES && (!k || n == lib->n_stages), PETSC_COMM_SELF,
               PETSC_ERR_FILE_UNEXPECTED,
               "%s: %s has %" PetscInt_FMT " rows, expected 4 to %d, as many as known", path, name,
               n, DW_LIBRARY_MAX_STAGES);
    lib->n_stages = n;
    PetscCall(PetscArraycpy(dst[k], v, n));
    PetscCall(PetscFree(v));
  }
  DWCallHDF5Id(group, H5Gopen2(file, "/campaign/tasks", H5P_DEFAULT));
  PetscCall(DWH5ReadAttrString(group, "stages", stages, sizeof(stages), &found));
  DWCallHDF5(H5Gclose(group));
  PetscCall(StageNames(path, stages, lib));
  lib->has_tasks = PETSC_TRUE;
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadSamples(const char path[], hid_t file, DWCampaignLibraryData *lib)
{
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(ReadInts(path, file, "/samples/sample", -1, &lib->n_samples, &lib->sample));
  PetscCall(ReadInts(path, file, "/samples/T_f_index", lib->n_samples, &n, &lib->sample_Tf));
  PetscCall(ReadInts(path, file, "/samples/status", lib->n_samples, &n, &lib->status));
  PetscCall(ReadInts(path, file, "/samples/n_is", lib->n_samples, &n, &lib->sample_n_is));
  PetscCall(ReadInts(path, file, "/samples/n_dw", lib->n_samples, &n, &lib->sample_n_dw));
  for (PetscInt s = 0; s < lib->n_samples; s++)
    PetscCheck(lib->sample_Tf[s] >= 0 && lib->sample_Tf[s] < lib->n_Tf, PETSC_COMM_SELF,
               PETSC_ERR_FILE_UNEXPECTED,
               "%s: /samples/T_f_index[%" PetscInt_FMT "] = %" PetscInt_FMT
               " is not an index of /campaign/T_f (%" PetscInt_FMT " values)",
               path, s, lib->sample_Tf[s], lib->n_Tf);
  PetscFunctionReturn(0);
}

/* /candidates/sample and neb_reason: absent (NULL) in a library written before neb_reason. */
static PetscErrorCode ReadCandidates(const char path[], hid_t file, DWCampaignLibraryData *lib)
{
  PetscInt n;

  PetscFunctionBegin;
  if (!Exists(file, "/candidates/neb_reason")) PetscFunctionReturn(0);
  PetscCall(ReadInts(path, file, "/candidates/sample", -1, &lib->n_cand, &lib->cand_sample));
  PetscCall(ReadInts(path, file, "/candidates/neb_reason", lib->n_cand, &n, &lib->cand_neb_reason));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadDW(const char path[], hid_t file, DWCampaignLibraryData *lib)
{
  char name[PETSC_MAX_PATH_LEN];
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(ReadInts(path, file, "/dw/sample", -1, &lib->n_dw, &lib->dw_sample));
  PetscCall(ReadReals(path, file, "/dw/T_f", lib->n_dw, &n, &lib->dw_T_f));
  PetscCall(ReadReals(path, file, "/dw/dV", lib->n_dw, &n, &lib->dV));
  PetscCall(ReadReals(path, file, "/dw/V_b", lib->n_dw, &n, &lib->V_b));
  PetscCall(ReadReals(path, file, "/dw/d_sqrtPR", lib->n_dw, &n, &lib->d_sqrtPR));
  PetscCall(ReadReals(path, file, "/dw/PR", lib->n_dw, &n, &lib->PR));
  for (PetscInt k = 0; k < lib->n_mt; k++) {
    DWCampaignLibraryQuantum *q = &lib->quantum[k];
    PetscCall(PetscSNPrintf(name, sizeof(name), "/dw/quantum/%s/E", q->name));
    PetscCall(ReadReals(path, file, name, lib->n_dw, &n, &q->E));
    PetscCall(PetscSNPrintf(name, sizeof(name), "/dw/quantum/%s/Delta", q->name));
    PetscCall(ReadReals(path, file, name, lib->n_dw, &n, &q->Delta));
    PetscCall(PetscSNPrintf(name, sizeof(name), "/dw/quantum/%s/Delta_0", q->name));
    PetscCall(ReadReals(path, file, name, lib->n_dw, &n, &q->Delta_0));
    PetscCall(PetscSNPrintf(name, sizeof(name), "/dw/quantum/%s/converged", q->name));
    PetscCall(ReadInts(path, file, name, lib->n_dw, &n, &q->converged));
  }
  PetscFunctionReturn(0);
}

const char *const DWLibraryElasticColumns[DW_LIBRARY_NELASTIC] = {"G", "K", "omega_D", "A4",
                                                                  "A4_omegaD5"};

/* /elastic (campaign key elastic_stage): absent in campaigns without the stage. */
static PetscErrorCode ReadElastic(const char path[], hid_t file, DWCampaignLibraryData *lib)
{
  char name[64];
  PetscInt n;

  PetscFunctionBegin;
  if (!Exists(file, "/elastic/sample")) PetscFunctionReturn(0);
  PetscCall(ReadInts(path, file, "/elastic/sample", -1, &lib->n_elastic, &lib->elastic_sample));
  for (int k = 0; k < DW_LIBRARY_NELASTIC; k++) {
    PetscCall(PetscSNPrintf(name, sizeof(name), "/elastic/%s", DWLibraryElasticColumns[k]));
    PetscCall(ReadReals(path, file, name, lib->n_elastic, &n, &lib->elastic[k]));
  }
  PetscFunctionReturn(0);
}

/* /pull (campaign key pull_stage): absent in campaigns without the stage. */
static PetscErrorCode ReadPull(const char path[], hid_t file, DWCampaignLibraryData *lib)
{
  PetscInt n;

  PetscFunctionBegin;
  if (!Exists(file, "/pull/sample")) PetscFunctionReturn(0);
  PetscCall(ReadInts(path, file, "/pull/sample", -1, &lib->n_pull, &lib->pull_sample));
  PetscCall(ReadInts(path, file, "/pull/reason", lib->n_pull, &n, &lib->pull_reason));
  PetscCall(ReadReals(path, file, "/pull/barrier", lib->n_pull, &n, &lib->pull_barrier));
  PetscFunctionReturn(0);
}

/* The protocol and /screen (campaign key protocol: fast): absent in older and paper libraries. */
static PetscErrorCode ReadScreen(const char path[], hid_t file, DWCampaignLibraryData *lib)
{
  hid_t root;
  PetscBool found;
  PetscInt n;

  PetscFunctionBegin;
  DWCallHDF5Id(root, H5Oopen(file, "/", H5P_DEFAULT));
  PetscCall(DWH5ReadAttrString(root, "protocol", lib->protocol, sizeof(lib->protocol), &found));
  DWCallHDF5(H5Oclose(root));
  if (!found) PetscCall(PetscStrncpy(lib->protocol, "paper", sizeof(lib->protocol)));
  if (!Exists(file, "/screen/sample")) PetscFunctionReturn(0);
  PetscCall(ReadInts(path, file, "/screen/sample", -1, &lib->n_screen, &lib->screen_sample));
  PetscCall(ReadInts(path, file, "/screen/candidate", lib->n_screen, &n, &lib->screen_candidate));
  PetscCall(ReadInts(path, file, "/screen/flags", lib->n_screen, &n, &lib->screen_flags));
  PetscCall(ReadInts(path, file, "/dw/candidate", lib->n_dw, &n, &lib->dw_candidate));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignLibraryDataFree(DWCampaignLibraryData *lib)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(lib->screen_sample));
  PetscCall(PetscFree(lib->screen_candidate));
  PetscCall(PetscFree(lib->screen_flags));
  PetscCall(PetscFree(lib->dw_candidate));
  PetscCall(PetscFree(lib->pull_sample));
  PetscCall(PetscFree(lib->pull_reason));
  PetscCall(PetscFree(lib->pull_barrier));
  PetscCall(PetscFree(lib->elastic_sample));
  for (int k = 0; k < DW_LIBRARY_NELASTIC; k++) PetscCall(PetscFree(lib->elastic[k]));
  for (PetscInt k = 0; lib->quantum && k < lib->n_mt; k++) {
    DWCampaignLibraryQuantum *q = &lib->quantum[k];
    PetscCall(PetscFree(q->E));
    PetscCall(PetscFree(q->Delta));
    PetscCall(PetscFree(q->Delta_0));
    PetscCall(PetscFree(q->converged));
  }
  PetscCall(PetscFree(lib->quantum));
  PetscCall(PetscFree(lib->options));
  PetscCall(PetscFree(lib->T_f));
  PetscCall(PetscFree(lib->plan_N_g));
  PetscCall(PetscFree(lib->plan_runs));
  PetscCall(PetscFree(lib->plan_tau_cg));
  PetscCall(PetscFree(lib->plan_tau_total));
  PetscCall(PetscFree(lib->sample));
  PetscCall(PetscFree(lib->sample_Tf));
  PetscCall(PetscFree(lib->status));
  PetscCall(PetscFree(lib->sample_n_is));
  PetscCall(PetscFree(lib->sample_n_dw));
  PetscCall(PetscFree(lib->cand_sample));
  PetscCall(PetscFree(lib->cand_neb_reason));
  PetscCall(PetscFree(lib->dw_sample));
  PetscCall(PetscFree(lib->dw_T_f));
  PetscCall(PetscFree(lib->dV));
  PetscCall(PetscFree(lib->V_b));
  PetscCall(PetscFree(lib->d_sqrtPR));
  PetscCall(PetscFree(lib->PR));
  PetscCall(PetscMemzero(lib, sizeof(*lib)));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadAll(const char path[], hid_t file, DWCampaignLibraryData *lib)
{
  PetscFunctionBegin;
  PetscCall(ReadRoot(path, file, lib));
  PetscCall(ReadCampaign(path, file, lib));
  PetscCall(ReadPlan(path, file, lib));
  PetscCall(ReadTasks(path, file, lib));
  PetscCall(ReadSamples(path, file, lib));
  PetscCall(ReadCandidates(path, file, lib));
  PetscCall(ReadDW(path, file, lib));
  PetscCall(ReadElastic(path, file, lib));
  PetscCall(ReadPull(path, file, lib));
  PetscCall(ReadScreen(path, file, lib));
  PetscFunctionReturn(0);
}

static PetscLogEvent DW_LIBRARY_READ;

PetscErrorCode DWCampaignLibraryReadLogRegister(void)
{
  PetscFunctionBegin;
  if (!DW_LIBRARY_READ)
    PetscCall(PetscLogEventRegister("DWCampaignLibraryRead", 0, &DW_LIBRARY_READ));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadAllContext(const char path[], hid_t file, void *lib)
{
  PetscFunctionBegin;
  PetscCall(ReadAll(path, file, (DWCampaignLibraryData *)lib));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignLibraryDataRead(const char path[], DWCampaignLibraryData *lib)
{
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(lib, sizeof(*lib)));
  PetscCall(DWCampaignLibraryReadLogRegister());
  PetscCall(PetscLogEventBegin(DW_LIBRARY_READ, 0, 0, 0, 0));
  ierr = DWH5ReadFile(PETSC_COMM_SELF, path, ReadAllContext, lib);
  if (ierr) PetscCall(DWCampaignLibraryDataFree(lib));
  PetscCall(ierr);
  PetscCall(PetscLogEventEnd(DW_LIBRARY_READ, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
