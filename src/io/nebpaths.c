/* Reading back the double wells of a path file of `dwell neb -out` (src/io/nebfile.c) or of a
   campaign library (include/dwell/library.h) for the overlaps of `dwell modes -in FILE`
   ([PRM21] sec. IV; include/dwell/io.h): per double well its IS a, the minimum the modes are
   computed in, and the displacement fields r_AB, r_AS, r_12, with the system they belong to.
   - a path file: IS a is images[0] of /paths/dw_K (the deeper minimum at xi = 0), or
     /is/positions[is_a] when the images were not kept; one system, /config;
   - a library: IS a is /dw/x_a (the stored positions of library IS is_a, those the campaign's
     modes stage uses), the fields /dw/dr_AB, dr_AS, dr_12; the system of each sample from the
     root attributes model and N and /samples/box, species, diameter. A row without x_a
     (is_a = -1: an intermediate minimum not in the library) is left out, or an error when
     asked for by name; a library without /dw/x_a (of an older dwell) is an error naming it.
   Every dataset's shape is checked before it is read. */
#include "io/ioimpl.h"
#include "io/h5check.h"

const char *const DWNEBPathFieldNames[DW_NEB_PATH_FIELDS]   = {"r_AB", "r_AS", "r_12"};
static const char *const library_fields[DW_NEB_PATH_FIELDS] = {"dw/dr_AB", "dw/dr_AS", "dw/dr_12"};

static PetscErrorCode HasDoubleWells(const char path[], hid_t file, void *ctx)
{
  PetscFunctionBegin;
  *(PetscBool *)ctx = (PetscBool)(H5Lexists(file, "paths", H5P_DEFAULT) > 0 ||
                                  (H5Lexists(file, "dw", H5P_DEFAULT) > 0 &&
                                   H5Lexists(file, "samples", H5P_DEFAULT) > 0));
  PetscFunctionReturn(0);
}

static PetscErrorCode HasPaths(const char path[], hid_t file, void *ctx)
{
  PetscFunctionBegin;
  *(PetscBool *)ctx = (PetscBool)(H5Lexists(file, "paths", H5P_DEFAULT) > 0);
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBPathsIsDoubleWellFile(MPI_Comm comm, const char path[], PetscBool *is)
{
  PetscFunctionBegin;
  *is = PETSC_FALSE;
  PetscCall(DWH5ReadFile(comm, path, HasDoubleWells, is));
  PetscFunctionReturn(0);
}

/* Reads `count` reals of parent/name (any shape of that many values, or the row `row` of a
   leading index when row >= 0) into out. */
static PetscErrorCode ReadReals(const char path[], hid_t parent, const char where[],
                                const char name[], PetscInt row, PetscInt count, PetscReal out[])
{
  hid_t d, space, mem;
  hsize_t dims[4] = {0, 0, 0, 0}, total = 1;
  int rank;

  PetscFunctionBegin;
  PetscCall(DWH5Open(parent, name, H5O_TYPE_DATASET, &d));
  DWCallHDF5Id(space, H5Dget_space(d));
  rank = H5Sget_simple_extent_ndims(space);
  PetscCheck(rank >= 1 && rank <= 4, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: %s/%s has rank %d", path, where, name, rank);
  DWCallHDF5(H5Sget_simple_extent_dims(space, dims, NULL));
  for (int i = row >= 0 ? 1 : 0; i < rank; i++) total *= dims[i];
  PetscCheck(total == (hsize_t)count && (row < 0 || (hsize_t)row < dims[0]), PETSC_COMM_SELF,
             PETSC_ERR_FILE_UNEXPECTED,
             "%s: %s/%s holds %llu values per row (%llu rows), expected %" PetscInt_FMT
             " (row %" PetscInt_FMT ")",
             path, where, name, (unsigned long long)total, (unsigned long long)dims[0], count, row);
  if (row >= 0) {
    hsize_t start[4] = {(hsize_t)row, 0, 0, 0}, cnt[4] = {1, dims[1], dims[2], dims[3]};
    DWCallHDF5(H5Sselect_hyperslab(space, H5S_SELECT_SET, start, NULL, cnt, NULL));
  }
  DWCallHDF5Id(mem, H5Screate_simple(1, &total, NULL));
  PetscCheck(H5Dread(d, H5T_NATIVE_DOUBLE, mem, space, H5P_DEFAULT, out) >= 0, PETSC_COMM_SELF,
             PETSC_ERR_FILE_READ, "%s: cannot read %s/%s", path, where, name);
  DWCallHDF5(H5Sclose(mem));
  DWCallHDF5(H5Sclose(space));
  DWCallHDF5(H5Oclose(d));
  PetscFunctionReturn(0);
}

/* The rows of the 1-D dataset `name`. */
static PetscErrorCode Rows(const char path[], hid_t file, const char name[], PetscInt *n)
{
  hid_t d, space;
  hsize_t dims = 0;

  PetscFunctionBegin;
  PetscCall(DWH5Open(file, name, H5O_TYPE_DATASET, &d));
  DWCallHDF5Id(space, H5Dget_space(d));
  PetscCheck(H5Sget_simple_extent_ndims(space) == 1, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: /%s is not one-dimensional", path, name);
  DWCallHDF5(H5Sget_simple_extent_dims(space, &dims, NULL));
  DWCallHDF5(H5Sclose(space));
  DWCallHDF5(H5Oclose(d));
  *n = (PetscInt)dims;
  PetscFunctionReturn(0);
}

/* Value `row` of the 1-D dataset `name` (integers read exactly as reals). */
static PetscErrorCode ReadInt(const char path[], hid_t file, const char name[], PetscInt row,
                              PetscInt *v)
{
  PetscReal r;

  PetscFunctionBegin;
  PetscCall(ReadReals(path, file, "", name, row, 1, &r));
  *v = (PetscInt)r;
  PetscFunctionReturn(0);
}

typedef struct {
  MPI_Comm comm;
  DWNEBPaths *p;
  PetscInt N, nsel;
  const PetscInt *sel;
} ReadContext;

/* The rows to read: the nsel selected (each in 0..total-1), or all; arrays allocated. */
static PetscErrorCode Select(const char path[], const ReadContext *c, PetscInt total)
{
  DWNEBPaths *p    = c->p;
  const PetscInt m = c->nsel ? c->nsel : total, n = p->n;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < c->nsel; i++)
    PetscCheck(c->sel[i] >= 0 && c->sel[i] < total, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "%s has %" PetscInt_FMT " double wells (rows 0..%" PetscInt_FMT
               "): there is no double well %" PetscInt_FMT,
               path, total, total - 1, c->sel[i]);
  p->ndw = m;
  PetscCall(PetscMalloc3(m + 1, &p->row, m + 1, &p->is_a, m + 1, &p->sample));
  PetscCall(PetscMalloc4(m * n + 1, &p->x_a, m * n + 1, &p->r[0], m * n + 1, &p->r[1], m * n + 1,
                         &p->r[2]));
  for (PetscInt i = 0; i < m; i++) p->row[i] = c->nsel ? c->sel[i] : i;
  PetscFunctionReturn(0);
}

/* IS a of double well k: images[0] of its path, else /is/positions[is_a]. */
static PetscErrorCode ReadMinimum(const char path[], hid_t file, hid_t g, const char where[],
                                  PetscInt k, DWNEBPaths *p)
{
  PetscReal *x = p->x_a + k * p->n;

  PetscFunctionBegin;
  if (H5Lexists(g, "images", H5P_DEFAULT) > 0) {
    PetscCall(ReadReals(path, g, where, "images", 0, p->n, x));
    PetscFunctionReturn(0);
  }
  PetscCheck(H5Lexists(file, "is", H5P_DEFAULT) > 0 &&
                 H5Lexists(file, "is/positions", H5P_DEFAULT) > 0,
             PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: no positions of IS a for double well %" PetscInt_FMT
             " (neither %s/images nor /is/positions)",
             path, p->row[k], where);
  PetscCall(ReadReals(path, file, "", "is/positions", p->is_a[k], p->n, x));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadPaths(const char path[], hid_t file, ReadContext *c)
{
  DWNEBPaths *p = c->p;
  PetscInt total;

  PetscFunctionBegin;
  PetscCheck(H5Lexists(file, "dw", H5P_DEFAULT) > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: no /paths and /dw groups (not a path file of dwell neb -out)", path);
  PetscCall(Rows(path, file, "dw/is_a", &total));
  PetscCall(Select(path, c, total));
  for (PetscInt k = 0; k < p->ndw; k++) {
    char where[48];
    hid_t g;
    p->sample[k] = 0;
    PetscCall(ReadInt(path, file, "dw/is_a", p->row[k], &p->is_a[k]));
    PetscCall(PetscSNPrintf(where, sizeof(where), "/paths/dw_%" PetscInt_FMT, p->row[k]));
    PetscCall(DWH5Open(file, where + 1, H5O_TYPE_GROUP, &g));
    PetscCall(ReadMinimum(path, file, g, where, k, p));
    for (int f = 0; f < DW_NEB_PATH_FIELDS; f++)
      PetscCall(ReadReals(path, g, where, DWNEBPathFieldNames[f], -1, p->n, p->r[f] + k * p->n));
    DWCallHDF5(H5Oclose(g));
  }
  PetscFunctionReturn(0);
}

/* The species (0..DW_MAX_SPECIES-1) of sample s, and the number of species. */
static PetscErrorCode ReadSpecies(const char path[], hid_t file, PetscInt s, DWSystem sys)
{
  PetscInt N, *species, nspecies = 1;
  PetscReal *v;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetSpecies(sys, &species));
  PetscCall(PetscMalloc1(N, &v));
  PetscCall(ReadReals(path, file, "", "samples/species", s, N, v));
  for (PetscInt i = 0; i < N; i++) {
    species[i] = (PetscInt)v[i];
    PetscCheck(species[i] >= 0 && species[i] < DW_MAX_SPECIES, PETSC_COMM_SELF,
               PETSC_ERR_FILE_UNEXPECTED,
               "%s: /samples/species of sample %" PetscInt_FMT ": particle %" PetscInt_FMT
               " has species %" PetscInt_FMT ", not in 0..%d",
               path, s, i, species[i], DW_MAX_SPECIES - 1);
    nspecies = PetscMax(nspecies, species[i] + 1);
  }
  PetscCall(PetscFree(v));
  PetscCall(DWSystemSetNumSpecies(sys, nspecies));
  PetscFunctionReturn(0);
}

/* The glass of library sample s: model, N, box, species, diameters, positions. */
static PetscErrorCode ReadSample(const char path[], hid_t file, const ReadContext *c,
                                 const char model[], PetscInt s, DWSystem *sys)
{
  PetscReal L, *x, *d;

  PetscFunctionBegin;
  PetscCall(ReadReals(path, file, "", "samples/box", s, 1, &L));
  PetscCheck(L > 0 && PetscIsNormalReal(L), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: /samples/box of sample %" PetscInt_FMT " is %g (no glass)", path, s, (double)L);
  PetscCall(DWSystemCreate(c->comm, sys));
  PetscCall(DWSystemSetSize(*sys, c->N));
  PetscCall(DWSystemSetBox(*sys, L));
  PetscCall(DWSystemSetModelName(*sys, model));
  PetscCall(DWSystemGetPositions(*sys, &x));
  PetscCall(ReadReals(path, file, "", "samples/positions", s, 3 * c->N, x));
  PetscCall(ReadSpecies(path, file, s, *sys));
  if (H5Lexists(file, "samples/diameter", H5P_DEFAULT) > 0) {
    PetscCall(DWSystemUseDiameters(*sys, &d));
    PetscCall(ReadReals(path, file, "", "samples/diameter", s, c->N, d));
  }
  PetscFunctionReturn(0);
}

/* Root attributes N and model of a library. */
static PetscErrorCode ReadLibraryAttributes(const char path[], hid_t file, ReadContext *c,
                                            char model[])
{
  long long N = 0;
  PetscBool found, has;

  PetscFunctionBegin;
  PetscCall(DWH5ReadAttrInt(file, "N", &N, &found));
  PetscCall(DWH5ReadAttrString(file, "model", model, DW_MODEL_NAME_LEN, &has));
  PetscCheck(found && has && N >= 1 && N <= DW_IO_MAX_PARTICLES, PETSC_COMM_SELF,
             PETSC_ERR_FILE_UNEXPECTED,
             "%s: no root attributes N (1..%d) and model (not a campaign library)", path,
             DW_IO_MAX_PARTICLES);
  c->N = (PetscInt)N;
  PetscCheck(H5Lexists(file, "dw/x_a", H5P_DEFAULT) > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: no dataset /dw/x_a (the positions of IS a; a library of an older dwell: rebuild "
             "it from the shards with dwell collect DIR)",
             path);
  PetscFunctionReturn(0);
}

/* Row k (library row p->row[k]) into place d: false (*kept) when it has no x_a. */
static PetscErrorCode ReadLibraryRow(const char path[], hid_t file, const ReadContext *c,
                                     PetscInt k, PetscInt d, PetscBool *kept)
{
  DWNEBPaths *p    = c->p;
  const PetscInt K = p->row[k];
  PetscReal *x     = p->x_a + d * p->n;

  PetscFunctionBegin;
  p->row[d] = K;
  PetscCall(ReadInt(path, file, "dw/is_a", K, &p->is_a[d]));
  PetscCall(ReadInt(path, file, "dw/sample", K, &p->sample[d]));
  PetscCall(ReadReals(path, file, "", "dw/x_a", K, p->n, x));
  *kept = PETSC_TRUE;
  for (PetscInt i = 0; i < p->n && *kept; i++) *kept = (PetscBool)!PetscIsInfOrNanReal(x[i]);
  PetscCheck(*kept || !c->nsel, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "%s: double well %" PetscInt_FMT
             " has no positions of IS a in /dw/x_a (is_a = %" PetscInt_FMT
             ": an intermediate minimum not in the library)",
             path, K, p->is_a[d]);
  if (!*kept) PetscFunctionReturn(0);
  for (int f = 0; f < DW_NEB_PATH_FIELDS; f++)
    PetscCall(ReadReals(path, file, "", library_fields[f], K, p->n, p->r[f] + d * p->n));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadLibrary(const char path[], hid_t file, ReadContext *c)
{
  DWNEBPaths *p = c->p;
  PetscInt total, d = 0;

  PetscFunctionBegin;
  PetscCall(ReadLibraryAttributes(path, file, c, p->model));
  p->n = 3 * c->N;
  PetscCall(Rows(path, file, "dw/is_a", &total));
  PetscCall(Select(path, c, total));
  for (PetscInt k = 0; k < p->ndw; k++) {
    PetscBool kept;
    PetscCall(ReadLibraryRow(path, file, c, k, d, &kept));
    d += kept;
  }
  p->skipped = p->ndw - d;
  p->ndw     = d;
  PetscCall(Rows(path, file, "samples/box", &p->nconfig));
  PetscCall(PetscCalloc1(p->nconfig + 1, &p->config));
  for (PetscInt k = 0; k < p->ndw; k++) {
    const PetscInt s = p->sample[k];
    PetscCheck(s >= 0 && s < p->nconfig, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s: double well %" PetscInt_FMT " has sample %" PetscInt_FMT
               ", /samples has %" PetscInt_FMT,
               path, p->row[k], s, p->nconfig);
    if (!p->config[s]) PetscCall(ReadSample(path, file, c, p->model, s, &p->config[s]));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadFile(const char path[], hid_t file, void *ctx)
{
  ReadContext *c = (ReadContext *)ctx;

  PetscFunctionBegin;
  c->p->library = (PetscBool)(H5Lexists(file, "paths", H5P_DEFAULT) <= 0);
  if (c->p->library) {
    PetscCheck(H5Lexists(file, "dw", H5P_DEFAULT) > 0 &&
                   H5Lexists(file, "samples", H5P_DEFAULT) > 0,
               PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s: neither a path file of dwell neb -out (/paths) nor a campaign library (/dw, "
               "/samples)",
               path);
    PetscCall(ReadLibrary(path, file, c));
  } else
    PetscCall(ReadPaths(path, file, c));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBPathsRead(MPI_Comm comm, const char path[], PetscInt nsel, const PetscInt sel[],
                              DWNEBPaths *p)
{
  ReadContext c = {comm, p, 0, nsel, sel};
  PetscBool paths;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(p, sizeof(*p)));
  PetscCall(DWH5ReadFile(comm, path, HasPaths, &paths));
  if (paths) { /* a path file: its one system, /config */
    p->nconfig = 1;
    PetscCall(PetscCalloc1(1, &p->config));
    PetscCall(DWSystemReadHDF5(comm, path, &p->config[0]));
    const char *model;
    PetscCall(DWSystemGetSize(p->config[0], &c.N));
    PetscCall(DWSystemGetModelName(p->config[0], &model));
    PetscCall(PetscStrncpy(p->model, model, sizeof(p->model)));
    p->n = 3 * c.N;
  }
  ierr = DWH5ReadFile(comm, path, ReadFile, &c);
  if (ierr) PetscCall(DWNEBPathsReset(p));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBPathsReset(DWNEBPaths *p)
{
  PetscFunctionBegin;
  for (PetscInt s = 0; s < p->nconfig; s++) PetscCall(DWSystemDestroy(&p->config[s]));
  PetscCall(PetscFree(p->config));
  PetscCall(PetscFree3(p->row, p->is_a, p->sample));
  PetscCall(PetscFree4(p->x_a, p->r[0], p->r[1], p->r[2]));
  PetscCall(PetscMemzero(p, sizeof(*p)));
  PetscFunctionReturn(0);
}
