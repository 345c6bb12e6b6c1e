/* The IS library file of `dwell explore` (DESIGN.md section 6, group /is of a glass): one
   HDF5 file per glass, self-describing (every dataset has `units` and `description`):
     /            dwell_version, description, model, thermostat, min_type, seed, options
     /config      the glass the runs started from (the schema of DWSystemReadHDF5)
     /explore     the settings (scalars: T_exp, tau_cg, tau_total, dt, tolerances, seed, ...)
     /is          energy, positions (n_is x N x 3, deflate-compressed, one chunk per IS),
                  runs_found, visit_count, first_time; samples (runs x (N_cg + 1)),
                  sample_time, run_index
     /visits      run, is, time, persistence, censored
     /transitions from, to, count           (T[a->b] > 0)
     /candidates  a, b, T_ab, T_ba, dE, max_displacement, distance
     /growth      time, n_is                (N_IS(t))
     /cost        minimisations, failed_minimisations, force_evaluations, md_steps
   Labels a = 0 .. n_is - 1 order the IS by increasing energy. No time stamps are stored,
   so the same exploration gives a byte-identical file. Rank 0 writes under a temporary
   name and renames; every rank reads. */
#include "io/ioimpl.h"
#include "io/h5check.h"
#include <dwell/explore.h>

static PetscErrorCode PutReals(hid_t g, const char name[], PetscInt n, const PetscReal *data,
                               const char units[], const char description[])
{
  const hsize_t dims[1] = {(hsize_t)n};

  PetscFunctionBegin;
  PetscCall(DWH5WriteDataset(g, name, H5T_NATIVE_DOUBLE, 1, dims, data, units, description));
  PetscFunctionReturn(0);
}

static PetscErrorCode PutInts(hid_t g, const char name[], PetscInt n, const PetscInt *data,
                              const char units[], const char description[])
{
  const hsize_t dims[1] = {(hsize_t)n};

  PetscFunctionBegin;
  PetscCall(DWH5WriteDataset(g, name, DWH5NativeInt(), 1, dims, data, units, description));
  PetscFunctionReturn(0);
}

static PetscErrorCode PutReal(hid_t g, const char name[], PetscReal v, const char units[],
                              const char description[])
{
  PetscFunctionBegin;
  PetscCall(DWH5WriteDataset(g, name, H5T_NATIVE_DOUBLE, 0, NULL, &v, units, description));
  PetscFunctionReturn(0);
}

static PetscErrorCode PutInt(hid_t g, const char name[], PetscInt v, const char description[])
{
  PetscFunctionBegin;
  PetscCall(DWH5WriteDataset(g, name, DWH5NativeInt(), 0, NULL, &v, "1", description));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteSettings(hid_t file, const DWExploreInfo *in)
{
  hid_t g;

  PetscFunctionBegin;
  PetscCall(DWH5CreateGroup(file, "explore", &g));
  PetscCall(PutInt(g, "runs", in->runs, "number of isoconfigurational runs R"));
  PetscCall(
      PutInt(g, "n_cg", in->n_cg, "minimisations per run after t = 0, N_cg = tau_total / tau_cg"));
  PetscCall(PutInt(g, "steps_cg", in->steps_cg, "MD steps between minimisations"));
  PetscCall(PutInt(g, "seed", in->seed,
                   "campaign seed: run r uses the stream (seed, explore, sample, r)"));
  PetscCall(PutInt(g, "sample", in->sample, "index of the glass in the campaign"));
  PetscCall(PutInt(g, "bisect_depth", in->bisect_depth,
                   "levels of bisection of segments between different IS (0: none)"));
  PetscCall(PutInt(g, "min_transitions", in->min_transitions,
                   "candidate pairs have T[a->b] and T[b->a] at least this"));
  PetscCall(PutReal(g, "T_exp", in->T_exp, "eps/k_B", "exploration temperature"));
  PetscCall(PutReal(g, "tau_cg", in->tau_cg, "tau", "interval between minimisations"));
  PetscCall(PutReal(g, "tau_total", in->tau_total, "tau", "length of each run"));
  PetscCall(PutReal(g, "dt", in->dt, "tau", "MD time step (velocity Verlet)"));
  PetscCall(
      PutReal(g, "tau_T", in->tau_T, "tau", "thermostat coupling time (Nose-Hoover, Berendsen)"));
  PetscCall(PutReal(g, "nu", in->nu, "1/tau", "Andersen collision frequency"));
  PetscCall(PutReal(g, "energy_tol", in->tol_e, "eps",
                    "IS identity: largest difference of energy per particle"));
  PetscCall(PutReal(g, "displacement_tol", in->tol_x, "sigma",
                    "IS identity: largest particle displacement (minimum image)"));
  PetscCall(PutReal(g, "min_ftol", in->min_ftol, "eps/sigma",
                    "minimisation converged at |F|_inf <= min_ftol"));
  DWCallHDF5(H5Gclose(g));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteIS(hid_t file, const DWISLibraryData *d)
{
  hid_t g;
  const hsize_t pos[3] = {(hsize_t)d->n_is, (hsize_t)d->N, 3},
                smp[2] = {(hsize_t)d->n_runs, (hsize_t)d->n_samples};
  PetscReal *t;

  PetscFunctionBegin;
  PetscCall(DWH5CreateGroup(file, "is", &g));
  PetscCall(PutReals(g, "energy", d->n_is, d->energy, "eps",
                     "energy per particle U/N of IS a; labels a = 0, 1, ... by increasing energy"));
  PetscCall(
      DWH5WriteDataset(g, "positions", H5T_NATIVE_DOUBLE, 3, pos, d->x, "sigma",
                       "positions of IS a (unwrapped, centre of mass of the glass); compressed"));
  PetscCall(
      PutInts(g, "runs_found", d->n_is, d->runs_found, "1", "number of runs that visited IS a"));
  PetscCall(
      PutInts(g, "visit_count", d->n_is, d->visits, "1", "number of visits of IS a, all runs"));
  PetscCall(PutReals(g, "first_time", d->n_is, d->first_time, "tau",
                     "earliest arrival at IS a over the runs"));
  PetscCall(
      PutInts(g, "run_index", d->n_runs, d->run_index, "1", "run index r of each row of samples"));
  PetscCall(DWH5WriteDataset(
      g, "samples", DWH5NativeInt(), 2, smp, d->samples, "1",
      "IS label at t_k = k tau_cg for each run (row) and k (column); -1: minimisation failed"));
  PetscCall(DWH5WriteDataset(
      g, "sample_energy", H5T_NATIVE_DOUBLE, 2, smp, d->sample_energy, "eps",
      "energy per particle of the minimisation at t_k (run, k): the IS energy time "
      "series (NaN: failed)"));
  PetscCall(PetscMalloc1(PetscMax(d->n_samples, 1), &t));
  for (PetscInt k = 0; k < d->n_samples; k++) t[k] = k * d->tau_cg;
  PetscCall(
      PutReals(g, "sample_time", d->n_samples, t, "tau", "t_k = k tau_cg, the columns of samples"));
  PetscCall(PetscFree(t));
  DWCallHDF5(H5Gclose(g));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteDynamics(hid_t file, const DWISLibraryData *d)
{
  hid_t g;

  PetscFunctionBegin;
  PetscCall(DWH5CreateGroup(file, "visits", &g));
  PetscCall(PutInts(
      g, "run", d->n_visits, d->visit_run, "1",
      "run index of each visit (a maximal stay in one IS), runs in order, visits in time order"));
  PetscCall(PutInts(g, "is", d->n_visits, d->visit_is, "1", "IS label of the visit"));
  PetscCall(PutReals(g, "time", d->n_visits, d->visit_time, "tau",
                     "arrival time (first sample or bisection midpoint in the IS)"));
  PetscCall(PutReals(g, "persistence", d->n_visits, d->visit_persistence, "tau",
                     "persistence time: next arrival - arrival (censored: tau_total - arrival)"));
  PetscCall(PutInts(g, "censored", d->n_visits, d->visit_censored, "1",
                    "1 for the last visit of a run (persistence is a lower bound)"));
  DWCallHDF5(H5Gclose(g));
  PetscCall(DWH5CreateGroup(file, "transitions", &g));
  PetscCall(PutInts(g, "from", d->n_transitions, d->tr_from, "1",
                    "IS a of the transition count T[a->b]"));
  PetscCall(
      PutInts(g, "to", d->n_transitions, d->tr_to, "1", "IS b of the transition count T[a->b]"));
  PetscCall(PutInts(g, "count", d->n_transitions, d->tr_count, "1",
                    "T[a->b]: consecutive visits a then b, all runs"));
  DWCallHDF5(H5Gclose(g));
  PetscCall(DWH5CreateGroup(file, "candidates", &g));
  PetscCall(DWH5WriteAttrInt(g, "min_transitions", d->min_transitions));
  PetscCall(
      PutInts(g, "a", d->n_candidates, d->cand_a, "1",
              "lower-energy IS of the candidate pair (T[a->b] and T[b->a] >= min_transitions)"));
  PetscCall(PutInts(g, "b", d->n_candidates, d->cand_b, "1", "higher-energy IS of the pair"));
  PetscCall(PutInts(g, "T_ab", d->n_candidates, d->cand_ab, "1", "T[a->b]"));
  PetscCall(PutInts(g, "T_ba", d->n_candidates, d->cand_ba, "1", "T[b->a]"));
  PetscCall(PutReals(g, "dE", d->n_candidates, d->cand_dE, "eps",
                     "total energy difference N (e_b - e_a) >= 0"));
  PetscCall(PutReals(g, "max_displacement", d->n_candidates, d->cand_dmax, "sigma",
                     "largest particle displacement between a and b"));
  PetscCall(PutReals(g, "distance", d->n_candidates, d->cand_distance, "sigma",
                     "|r_b - r_a| over all 3N coordinates (minimum image)"));
  DWCallHDF5(H5Gclose(g));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteGrowth(hid_t file, const DWISLibraryData *d)
{
  hid_t g;
  PetscReal *t;

  PetscFunctionBegin;
  PetscCall(DWH5CreateGroup(file, "growth", &g));
  PetscCall(PetscMalloc1(PetscMax(d->n_samples, 1), &t));
  for (PetscInt k = 0; k < d->n_samples; k++) t[k] = k * d->tau_cg;
  PetscCall(PutReals(g, "time", d->n_samples, t, "tau",
                     "MD time t of each run (the runs side by side: total MD time runs x t)"));
  PetscCall(PetscFree(t));
  PetscCall(PutInts(g, "n_is", d->n_samples, d->n_is_t, "1",
                    "N_IS(t): distinct IS visited by some run by its time t"));
  DWCallHDF5(H5Gclose(g));
  PetscCall(DWH5CreateGroup(file, "cost", &g));
  PetscCall(PutInt(g, "minimisations", d->n_min,
                   "minimisations, all runs (samples and bisection midpoints)"));
  PetscCall(PutInt(g, "failed_minimisations", d->n_min_failed,
                   "minimisations that did not converge (their sample is -1)"));
  PetscCall(PutInt(g, "force_evaluations", d->n_force_evaluations,
                   "force evaluations of the minimisations"));
  PetscCall(
      PutInt(g, "md_steps", d->n_md_steps, "MD steps, all runs, re-runs of bisection included"));
  DWCallHDF5(H5Gclose(g));
  PetscFunctionReturn(0);
}

typedef struct {
  DWISLibrary lib;
  DWExplore ex;
} FileContents;

static PetscErrorCode WriteAll(hid_t file, void *ctx)
{
  const FileContents *c = (const FileContents *)ctx;
  DWISLibraryData d;
  DWExploreInfo info;
  DWSystem glass;
  char *options;

  PetscFunctionBegin;
  PetscCall(DWISLibraryGetData(c->lib, &d));
  PetscCall(DWExploreGetInfo(c->ex, &info));
  PetscCall(DWExploreGetSystem(c->ex, &glass, NULL));
  PetscCall(DWH5WriteAttrString(file, "dwell_version", DWELL_VERSION));
  PetscCall(
      DWH5WriteAttrString(file, "description",
                          "IS library of one glass: inherent structures found by "
                          "isoconfigurational MD runs with periodic minimisation, merged across "
                          "runs, with transition counts and candidate pairs (dwell explore)"));
  PetscCall(DWH5WriteAttrString(file, "model", info.model));
  PetscCall(DWH5WriteAttrString(file, "thermostat", info.thermostat));
  PetscCall(DWH5WriteAttrString(file, "min_type", info.min_type));
  PetscCall(DWH5WriteAttrInt(file, "seed", info.seed));
  PetscCall(PetscOptionsGetAll(NULL, &options));
  PetscCall(DWH5WriteAttrString(file, "options", options));
  PetscCall(PetscFree(options));
  PetscCall(DWH5WriteConfig(
      file, glass,
      "the glass every run started from, in a cubic periodic box [0, box)^3; positions unwrapped"));
  PetscCall(WriteSettings(file, &info));
  PetscCall(WriteIS(file, &d));
  PetscCall(WriteDynamics(file, &d));
  PetscCall(WriteGrowth(file, &d));
  PetscFunctionReturn(0);
}

static PetscLogEvent DW_ISLIB_WRITE;

PetscErrorCode DWISLibraryFileLogRegister(void)
{
  PetscFunctionBegin;
  if (!DW_ISLIB_WRITE) PetscCall(PetscLogEventRegister("DWISLibraryWrite", 0, &DW_ISLIB_WRITE));
  PetscFunctionReturn(0);
}

PetscErrorCode DWISLibraryWriteFile(DWISLibrary lib, DWExplore ex, const char path[])
{
  FileContents contents = {lib, ex};
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWISLibraryFileLogRegister());
  PetscCall(PetscLogEventBegin(DW_ISLIB_WRITE, 0, 0, 0, 0));
  PetscCall(DWISLibraryGetComm(lib, &comm));
  PetscCall(DWH5WriteOnRankZero(comm, path, WriteAll, &contents));
  PetscCall(PetscLogEventEnd(DW_ISLIB_WRITE, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* ---- reading ---- */

/* Reads dataset `name` of rank `rank`: a scalar into *data, an array into a new
   PetscMalloc'ed array *(void **)data whose leading dimension is returned in *n and whose
   other dimensions must multiply to `cols`. Errors name the file and the dataset. */
static PetscErrorCode Get(const char path[], hid_t file, const char name[], hid_t type, size_t size,
                          int rank, PetscInt cols, PetscInt *n, void *data)
{
  hid_t dset, space, stored;
  hsize_t dims[3] = {1, 1, 1};
  size_t count    = 1;
  void *buf;

  PetscFunctionBegin;
  PetscCheck(H5Lexists(file, name, H5P_DEFAULT) > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: %s is missing (not an IS library file?)", path, name);
  PetscCall(DWH5Open(file, name, H5O_TYPE_DATASET, &dset));
  DWCallHDF5Id(stored, H5Dget_type(dset));
  PetscCall(DWH5CheckType(dset, stored, type, ""));
  DWCallHDF5(H5Tclose(stored));
  DWCallHDF5Id(space, H5Dget_space(dset));
  PetscCheck(H5Sget_simple_extent_ndims(space) == rank, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: %s has rank %d, expected %d", path, name, H5Sget_simple_extent_ndims(space),
             rank);
  if (rank) DWCallHDF5(H5Sget_simple_extent_dims(space, dims, NULL));
  for (int r = 0; r < rank; r++) count *= dims[r];
  PetscCheck(rank < 2 || count == dims[0] * (hsize_t)cols, PETSC_COMM_SELF,
             PETSC_ERR_FILE_UNEXPECTED, "%s: %s has rows of %llu values, expected %" PetscInt_FMT,
             path, name, (unsigned long long)(count / PetscMax(dims[0], 1)), cols);
  if (n) *n = (PetscInt)dims[0];
  if (rank) {
    PetscCall(PetscMalloc(PetscMax(count, 1) * size, &buf));
    *(void **)data = buf;
  } else
    buf = data;
  if (count)
    PetscCheck(H5Dread(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0, PETSC_COMM_SELF,
               PETSC_ERR_FILE_READ, "%s: cannot read %s (truncated or corrupt file?)", path, name);
  DWCallHDF5(H5Sclose(space));
  DWCallHDF5(H5Dclose(dset));
  PetscFunctionReturn(0);
}

#define GetReals(name, n, p) Get(path, file, name, H5T_NATIVE_DOUBLE, sizeof(PetscReal), 1, 1, n, p)
#define GetInts(name, n, p)  Get(path, file, name, DWH5NativeInt(), sizeof(PetscInt), 1, 1, n, p)

/* Every array of a library has the length its count says. */
static PetscErrorCode CheckLength(const char path[], const char name[], PetscInt n,
                                  PetscInt expected)
{
  PetscFunctionBegin;
  PetscCheck(n == expected, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: %s has %" PetscInt_FMT " entries, expected %" PetscInt_FMT, path, name, n,
             expected);
  PetscFunctionReturn(0);
}

/* N and the box edge from the attributes of /config. */
static PetscErrorCode ReadGlassSize(const char path[], hid_t file, PetscInt *N, PetscReal *L)
{
  hid_t g;
  long long n = 0;
  double box  = 0;
  PetscBool found;

  PetscFunctionBegin;
  PetscCheck(H5Lexists(file, "config", H5P_DEFAULT) > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: /config is missing (not an IS library file?)", path);
  DWCallHDF5Id(g, H5Gopen2(file, "config", H5P_DEFAULT));
  PetscCall(DWH5ReadAttrDouble(g, "box", &box, &found));
  PetscCheck(found && box > 0 && PetscIsNormalReal(box), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: /config has no finite positive box", path);
  PetscCall(DWH5ReadAttrInt(g, "N", &n, &found));
  PetscCheck(found, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: /config has no N", path);
  DWCallHDF5(H5Gclose(g));
  PetscCheck(n > 0 && n <= DW_IO_MAX_PARTICLES, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: /config has N = %lld, not in 1..%d", path, n, DW_IO_MAX_PARTICLES);
  *N = (PetscInt)n;
  *L = box;
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadIS(const char path[], hid_t file, DWISLibraryData *d)
{
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(ReadGlassSize(path, file, &d->N, &d->L));
  PetscCall(Get(path, file, "/explore/energy_tol", H5T_NATIVE_DOUBLE, sizeof(PetscReal), 0, 0, NULL,
                &d->tol_e));
  PetscCall(Get(path, file, "/explore/displacement_tol", H5T_NATIVE_DOUBLE, sizeof(PetscReal), 0, 0,
                NULL, &d->tol_x));
  PetscCall(Get(path, file, "/explore/min_transitions", DWH5NativeInt(), sizeof(PetscInt), 0, 0,
                NULL, &d->min_transitions));
  PetscCall(Get(path, file, "/explore/tau_cg", H5T_NATIVE_DOUBLE, sizeof(PetscReal), 0, 0, NULL,
                &d->tau_cg));
  PetscCall(Get(path, file, "/explore/tau_total", H5T_NATIVE_DOUBLE, sizeof(PetscReal), 0, 0, NULL,
                &d->tau_total));
  PetscCall(GetReals("/is/energy", &d->n_is, &d->energy));
  PetscCall(Get(path, file, "/is/positions", H5T_NATIVE_DOUBLE, sizeof(PetscReal), 3, 3 * d->N, &n,
                &d->x));
  PetscCall(CheckLength(path, "/is/positions", n, d->n_is));
  PetscCall(GetInts("/is/runs_found", &n, &d->runs_found));
  PetscCall(CheckLength(path, "/is/runs_found", n, d->n_is));
  PetscCall(GetInts("/is/visit_count", &n, &d->visits));
  PetscCall(CheckLength(path, "/is/visit_count", n, d->n_is));
  PetscCall(GetReals("/is/first_time", &n, &d->first_time));
  PetscCall(CheckLength(path, "/is/first_time", n, d->n_is));
  PetscCall(GetInts("/is/run_index", &d->n_runs, &d->run_index));
  PetscCall(GetInts("/growth/n_is", &d->n_samples, &d->n_is_t));
  PetscCall(Get(path, file, "/is/samples", DWH5NativeInt(), sizeof(PetscInt), 2, d->n_samples, &n,
                &d->samples));
  PetscCall(CheckLength(path, "/is/samples", n, d->n_runs));
  PetscCall(Get(path, file, "/is/sample_energy", H5T_NATIVE_DOUBLE, sizeof(PetscReal), 2,
                d->n_samples, &n, &d->sample_energy));
  PetscCall(CheckLength(path, "/is/sample_energy", n, d->n_runs));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadDynamics(const char path[], hid_t file, DWISLibraryData *d)
{
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(GetInts("/visits/run", &d->n_visits, &d->visit_run));
  PetscCall(GetInts("/visits/is", &n, &d->visit_is));
  PetscCall(CheckLength(path, "/visits/is", n, d->n_visits));
  PetscCall(GetReals("/visits/time", &n, &d->visit_time));
  PetscCall(CheckLength(path, "/visits/time", n, d->n_visits));
  PetscCall(GetReals("/visits/persistence", &n, &d->visit_persistence));
  PetscCall(CheckLength(path, "/visits/persistence", n, d->n_visits));
  PetscCall(GetInts("/visits/censored", &n, &d->visit_censored));
  PetscCall(CheckLength(path, "/visits/censored", n, d->n_visits));
  PetscCall(GetInts("/transitions/from", &d->n_transitions, &d->tr_from));
  PetscCall(GetInts("/transitions/to", &n, &d->tr_to));
  PetscCall(CheckLength(path, "/transitions/to", n, d->n_transitions));
  PetscCall(GetInts("/transitions/count", &n, &d->tr_count));
  PetscCall(CheckLength(path, "/transitions/count", n, d->n_transitions));
  for (PetscInt v = 0; v < d->n_visits; v++)
    PetscCheck(d->visit_is[v] >= 0 && d->visit_is[v] < d->n_is, PETSC_COMM_SELF,
               PETSC_ERR_FILE_UNEXPECTED,
               "%s: visit %" PetscInt_FMT " of IS %" PetscInt_FMT ", not in 0..%" PetscInt_FMT,
               path, v, d->visit_is[v], d->n_is - 1);
  for (PetscInt t = 0; t < d->n_transitions; t++)
    PetscCheck(d->tr_from[t] >= 0 && d->tr_from[t] < d->n_is && d->tr_to[t] >= 0 &&
                   d->tr_to[t] < d->n_is,
               PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s: transition %" PetscInt_FMT " between IS %" PetscInt_FMT " and %" PetscInt_FMT
               ", not in 0..%" PetscInt_FMT,
               path, t, d->tr_from[t], d->tr_to[t], d->n_is - 1);
  PetscCall(Get(path, file, "/cost/minimisations", DWH5NativeInt(), sizeof(PetscInt), 0, 0, NULL,
                &d->n_min));
  PetscCall(Get(path, file, "/cost/failed_minimisations", DWH5NativeInt(), sizeof(PetscInt), 0, 0,
                NULL, &d->n_min_failed));
  PetscCall(Get(path, file, "/cost/force_evaluations", DWH5NativeInt(), sizeof(PetscInt), 0, 0,
                NULL, &d->n_force_evaluations));
  PetscCall(Get(path, file, "/cost/md_steps", DWH5NativeInt(), sizeof(PetscInt), 0, 0, NULL,
                &d->n_md_steps));
  PetscFunctionReturn(0);
}

/* Frees the arrays of a library read by ReadIS and ReadDynamics. */
static PetscErrorCode FreeRead(DWISLibraryData *d)
{
  const void *arrays[] = {
      d->energy,    d->x,          d->runs_found,        d->visits,         d->first_time,
      d->run_index, d->n_is_t,     d->samples,           d->sample_energy,  d->visit_run,
      d->visit_is,  d->visit_time, d->visit_persistence, d->visit_censored, d->tr_from,
      d->tr_to,     d->tr_count};

  PetscFunctionBegin;
  for (size_t k = 0; k < sizeof(arrays) / sizeof(arrays[0]); k++) PetscCall(PetscFree(arrays[k]));
  PetscCall(PetscMemzero(d, sizeof(*d)));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadLibraryContents(const char path[], hid_t file, void *ctx)
{
  DWISLibraryData d;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&d, sizeof(d)));
  ierr = ReadIS(path, file, &d);
  if (!ierr) ierr = ReadDynamics(path, file, &d);
  if (!ierr) ierr = DWISLibrarySetData((DWISLibrary)ctx, &d);
  PetscCall(FreeRead(&d));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadLibrary(MPI_Comm comm, const char path[], DWISLibrary *lib)
{
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(DWISLibraryCreate(comm, lib));
  ierr = DWH5ReadFile(comm, path, ReadLibraryContents, *lib);
  if (ierr) PetscCall(DWISLibraryDestroy(lib));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

PetscErrorCode DWISLibraryReadFile(MPI_Comm comm, const char path[], DWISLibrary *lib,
                                   DWSystem *glass)
{
  PetscErrorCode ierr, any;

  PetscFunctionBegin;
  *lib = NULL;
  ierr = ReadLibrary(comm, path, lib);
  PetscCallMPI(MPI_Allreduce(&ierr, &any, 1, MPI_INT, MPI_MAX, comm));
  PetscCall(ierr);
  PetscCheck(!any, comm, PETSC_ERR_FILE_READ, "%s: not read (see the error of another rank)", path);
  if (glass) PetscCall(DWSystemReadHDF5(comm, path, glass));
  PetscFunctionReturn(0);
}
