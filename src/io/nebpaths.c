/* Reading back the double wells of a path file of `dwell neb -out` (src/io/nebfile.c;
   include/dwell/io.h) for the overlaps of `dwell modes -in PATHS.h5` ([PRM21] sec. IV): per
   double well its IS a, the minimum the modes are computed in (images[0] of /paths/dw_K, the
   deeper minimum at xi = 0; /is/positions[is_a] when the images were not kept), and the
   displacement fields r_AB, r_AS, r_12. Every dataset's shape is checked before it is read. */
#include "io/ioimpl.h"
#include "io/h5check.h"

const char *const DWNEBPathFieldNames[DW_NEB_PATH_FIELDS] = {"r_AB", "r_AS", "r_12"};

static PetscErrorCode HasPaths(const char path[], hid_t file, void *ctx)
{
  PetscFunctionBegin;
  *(PetscBool *)ctx = (PetscBool)(H5Lexists(file, "paths", H5P_DEFAULT) > 0);
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBPathsIsPathFile(MPI_Comm comm, const char path[], PetscBool *is)
{
  PetscFunctionBegin;
  *is = PETSC_FALSE;
  PetscCall(DWH5ReadFile(comm, path, HasPaths, is));
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

/* The number of double wells (rows of /dw/is_a) and their is_a. */
static PetscErrorCode ReadTable(const char path[], hid_t file, DWNEBPaths *p)
{
  hid_t d, space;
  hsize_t n = 0;
  PetscReal *v;

  PetscFunctionBegin;
  PetscCall(DWH5Open(file, "dw/is_a", H5O_TYPE_DATASET, &d));
  DWCallHDF5Id(space, H5Dget_space(d));
  PetscCheck(H5Sget_simple_extent_ndims(space) == 1, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: /dw/is_a is not one-dimensional", path);
  DWCallHDF5(H5Sget_simple_extent_dims(space, &n, NULL));
  DWCallHDF5(H5Sclose(space));
  DWCallHDF5(H5Oclose(d));
  p->ndw = (PetscInt)n;
  PetscCall(PetscMalloc1(p->ndw + 1, &p->is_a));
  PetscCall(PetscMalloc1(p->ndw + 1, &v));
  if (p->ndw) PetscCall(ReadReals(path, file, "", "dw/is_a", -1, p->ndw, v));
  for (PetscInt k = 0; k < p->ndw; k++) p->is_a[k] = (PetscInt)v[k];
  PetscCall(PetscFree(v));
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
             path, k, where);
  PetscCall(ReadReals(path, file, "", "is/positions", p->is_a[k], p->n, x));
  PetscFunctionReturn(0);
}

typedef struct {
  DWNEBPaths *p;
  PetscInt N;
} ReadContext;

static PetscErrorCode ReadPaths(const char path[], hid_t file, void *ctx)
{
  DWNEBPaths *p = ((ReadContext *)ctx)->p;

  PetscFunctionBegin;
  PetscCheck(H5Lexists(file, "paths", H5P_DEFAULT) > 0 && H5Lexists(file, "dw", H5P_DEFAULT) > 0,
             PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: no /paths and /dw groups (not a path file of dwell neb -out)", path);
  p->n = 3 * ((ReadContext *)ctx)->N;
  PetscCall(ReadTable(path, file, p));
  PetscCall(PetscMalloc4(p->ndw * p->n + 1, &p->x_a, p->ndw * p->n + 1, &p->r[0], p->ndw * p->n + 1,
                         &p->r[1], p->ndw * p->n + 1, &p->r[2]));
  for (PetscInt k = 0; k < p->ndw; k++) {
    char where[48];
    hid_t g;
    PetscCall(PetscSNPrintf(where, sizeof(where), "/paths/dw_%" PetscInt_FMT, k));
    PetscCall(DWH5Open(file, where + 1, H5O_TYPE_GROUP, &g));
    PetscCall(ReadMinimum(path, file, g, where, k, p));
    for (int f = 0; f < DW_NEB_PATH_FIELDS; f++)
      PetscCall(ReadReals(path, g, where, DWNEBPathFieldNames[f], -1, p->n, p->r[f] + k * p->n));
    DWCallHDF5(H5Oclose(g));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBPathsRead(MPI_Comm comm, const char path[], DWNEBPaths *p)
{
  DWSystem sys;
  ReadContext c = {p, 0};

  PetscFunctionBegin;
  PetscCall(PetscMemzero(p, sizeof(*p)));
  PetscCall(DWSystemReadHDF5(comm, path, &sys));
  PetscCall(DWSystemGetSize(sys, &c.N));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWH5ReadFile(comm, path, ReadPaths, &c));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBPathsReset(DWNEBPaths *p)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(p->is_a));
  PetscCall(PetscFree4(p->x_a, p->r[0], p->r[1], p->r[2]));
  PetscCall(PetscMemzero(p, sizeof(*p)));
  PetscFunctionReturn(0);
}
