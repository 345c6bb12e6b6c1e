/* The glass file of `dwell glass` and the checkpoints of its equilibration, in HDF5
   (DESIGN.md sections 5-6). Both are written from the named fields of the DWGlass
   (include/dwell/glass.h): a field "group/name" becomes a dataset with `units` and
   `description` attributes (or an attribute of its group), groups are created as needed,
   and the root carries dwell_version. Object modification times are not stored, so the
   same run gives a byte-identical file.

   Durability: a file is written under a temporary name and renamed over the target
   (DWH5WriteOnRankZero). A checkpoint is also flushed to disk (fsync) before the rename and
   the previous checkpoint is kept as PATH.prev (rename PATH -> PATH.prev, then tmp -> PATH,
   then fsync of the directory: DWH5CommitDurable), so a kill at any moment leaves PATH or
   PATH.prev complete. The reader takes PATH, or PATH.prev when PATH is missing or
   unreadable.

   Rank 0 writes; every rank reads (the state is replicated). */
#include "io/ioimpl.h"
#include "io/h5check.h"
#include <dwell/glass.h>
#include <unistd.h>

/* Opens group `path` ("a/b"; "" the root), creating missing groups without time stamps. */
static PetscErrorCode OpenGroup(hid_t file, const char path[], hid_t *group)
{
  char buf[96], *p;
  hid_t gcpl, g, next;

  PetscFunctionBegin;
  DWCallHDF5Id(g, H5Gopen2(file, "/", H5P_DEFAULT));
  PetscCall(PetscStrncpy(buf, path, sizeof(buf)));
  DWCallHDF5Id(gcpl, H5Pcreate(H5P_GROUP_CREATE));
  DWCallHDF5(H5Pset_obj_track_times(gcpl, 0));
  for (char *name = strtok_r(buf, "/", &p); name; name = strtok_r(NULL, "/", &p)) {
    if (H5Lexists(g, name, H5P_DEFAULT) > 0)
      DWCallHDF5Id(next, H5Gopen2(g, name, H5P_DEFAULT));
    else
      DWCallHDF5Id(next, H5Gcreate2(g, name, H5P_DEFAULT, gcpl, H5P_DEFAULT));
    DWCallHDF5(H5Gclose(g));
    g = next;
  }
  DWCallHDF5(H5Pclose(gcpl));
  *group = g;
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteAttribute(hid_t group, const char leaf[], const DWField *f)
{
  PetscFunctionBegin;
  switch (f->type) {
  case DW_FIELD_REAL:
    PetscCall(DWH5WriteAttrDouble(group, leaf, *(const PetscReal *)f->data));
    break;
  case DW_FIELD_INT:
    PetscCall(DWH5WriteAttrInt(group, leaf, *(const PetscInt *)f->data));
    break;
  case DW_FIELD_STRING:
    PetscCall(DWH5WriteAttrString(group, leaf, (const char *)f->data));
    break;
  default:
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_SUP, "attribute %s: unsupported type", f->name);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteDataset(hid_t group, const char leaf[], const DWField *f)
{
  hid_t type, space, dcpl, dset;
  hsize_t dims[2] = {(hsize_t)f->dims[0], (hsize_t)f->dims[1]};

  PetscFunctionBegin;
  switch (f->type) {
  case DW_FIELD_REAL:
    DWCallHDF5Id(type, H5Tcopy(H5T_NATIVE_DOUBLE));
    break;
  case DW_FIELD_INT:
    DWCallHDF5Id(type, H5Tcopy(DWH5NativeInt()));
    break;
  case DW_FIELD_UINT64:
    DWCallHDF5Id(type, H5Tcopy(H5T_NATIVE_UINT64));
    break;
  default:
    DWCallHDF5Id(type, H5Tcopy(H5T_C_S1));
    DWCallHDF5(H5Tset_size(type, strlen((const char *)f->data) + 1));
    DWCallHDF5(H5Tset_strpad(type, H5T_STR_NULLTERM));
  }
  if (f->rank == 0)
    DWCallHDF5Id(space, H5Screate(H5S_SCALAR));
  else
    DWCallHDF5Id(space, H5Screate_simple(f->rank, dims, NULL));
  DWCallHDF5Id(dcpl, H5Pcreate(H5P_DATASET_CREATE));
  DWCallHDF5(H5Pset_obj_track_times(dcpl, 0));
  DWCallHDF5Id(dset, H5Dcreate2(group, leaf, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT));
  if (H5Sget_simple_extent_npoints(space) > 0)
    DWCallHDF5(H5Dwrite(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, f->data));
  if (f->units) PetscCall(DWH5WriteAttrString(dset, "units", f->units));
  if (f->description) PetscCall(DWH5WriteAttrString(dset, "description", f->description));
  DWCallHDF5(H5Dclose(dset));
  DWCallHDF5(H5Pclose(dcpl));
  DWCallHDF5(H5Sclose(space));
  DWCallHDF5(H5Tclose(type));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteField(hid_t file, const DWField *f)
{
  char dir[96]      = "";
  const char *slash = strrchr(f->name, '/'), *leaf = slash ? slash + 1 : f->name;
  hid_t group = -1;

  PetscFunctionBegin;
  if (slash) PetscCall(PetscStrncpy(dir, f->name, (size_t)(slash - f->name) + 1));
  PetscCall(OpenGroup(file, dir, &group));
  if (f->attribute)
    PetscCall(WriteAttribute(group, leaf, f));
  else
    PetscCall(WriteDataset(group, leaf, f));
  DWCallHDF5(H5Gclose(group));
  PetscFunctionReturn(0);
}

typedef struct {
  DWGlass glass;
  PetscBool checkpoint;
} FileContents;

/* The output or checkpoint fields of the glass (gathered by rank 0, which writes). */
static PetscErrorCode WriteAll(hid_t file, void *ctx)
{
  const FileContents *c = (const FileContents *)ctx;
  DWFieldList list      = {0};
  PetscErrorCode ierr;

  PetscFunctionBegin;
  if (c->checkpoint)
    ierr = DWGlassGetCheckpointFields(c->glass, &list);
  else
    ierr = DWGlassGetOutputFields(c->glass, &list);
  if (!ierr) ierr = DWH5WriteAttrString(file, "dwell_version", DWELL_VERSION);
  for (PetscInt k = 0; k < list.n && !ierr; k++) ierr = WriteField(file, &list.f[k]);
  PetscCall(DWFieldListDestroy(&list));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassWriteFile(DWGlass glass, const char path[])
{
  FileContents contents = {glass, PETSC_FALSE};
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWGlassGetComm(glass, &comm));
  PetscCall(DWH5WriteOnRankZero(comm, path, WriteAll, &contents));
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassCheckpointWrite(DWGlass glass, const char path[])
{
  FileContents contents = {glass, PETSC_TRUE};
  char prev[PETSC_MAX_PATH_LEN + 8];
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWGlassGetComm(glass, &comm));
  PetscCall(PetscSNPrintf(prev, sizeof(prev), "%s.prev", path));
  PetscCall(DWH5WriteOnRankZeroDurable(comm, path, prev, WriteAll, &contents));
  PetscFunctionReturn(0);
}

/* ---- reading ---- */

typedef struct {
  DWFieldList *list;
  PetscErrorCode ierr;
} VisitCtx;

static PetscErrorCode ReadDataset(hid_t dset, const char name[], DWFieldList *list)
{
  hid_t type, space, mem = -1;
  hsize_t dims[2] = {0, 0};
  PetscInt d[2];
  int rank;
  DWFieldType ft;
  void *data;

  PetscFunctionBegin;
  DWCallHDF5Id(type, H5Dget_type(dset));
  DWCallHDF5Id(space, H5Dget_space(dset));
  rank = H5Sget_simple_extent_ndims(space);
  PetscCheck(rank >= 0 && rank <= 2, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "dataset %s has rank %d", name, rank);
  DWCallHDF5(H5Sget_simple_extent_dims(space, dims, NULL));
  d[0] = (PetscInt)dims[0];
  d[1] = (PetscInt)dims[1];
  switch (H5Tget_class(type)) {
  case H5T_FLOAT:
    ft = DW_FIELD_REAL;
    DWCallHDF5Id(mem, H5Tcopy(H5T_NATIVE_DOUBLE));
    break;
  case H5T_INTEGER:
    ft = H5Tget_sign(type) == H5T_SGN_NONE && H5Tget_size(type) == 8 ? DW_FIELD_UINT64
                                                                     : DW_FIELD_INT;
    DWCallHDF5Id(mem, H5Tcopy(ft == DW_FIELD_UINT64 ? H5T_NATIVE_UINT64 : DWH5NativeInt()));
    break;
  case H5T_STRING:
    PetscCheck(!H5Tis_variable_str(type) && rank == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "dataset %s: unsupported string", name);
    ft   = DW_FIELD_STRING;
    d[0] = (PetscInt)H5Tget_size(type);
    DWCallHDF5Id(mem, H5Tcopy(H5T_C_S1));
    DWCallHDF5(H5Tset_size(mem, (size_t)d[0] + 1));
    DWCallHDF5(H5Tset_strpad(mem, H5T_STR_NULLTERM));
    break;
  default:
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "dataset %s has an unsupported type", name);
  }
  PetscCall(DWFieldListAddOwned(list, name, ft, ft == DW_FIELD_STRING ? 1 : rank, d, &data));
  if (ft == DW_FIELD_STRING || H5Sget_simple_extent_npoints(space) > 0)
    PetscCheck(H5Dread(dset, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0, PETSC_COMM_SELF,
               PETSC_ERR_FILE_READ, "cannot read dataset %s (truncated or corrupt file?)", name);
  if (ft == DW_FIELD_STRING) list->f[list->n - 1].rank = 0;
  DWCallHDF5(H5Tclose(mem));
  DWCallHDF5(H5Sclose(space));
  DWCallHDF5(H5Tclose(type));
  PetscFunctionReturn(0);
}

static herr_t Visit(hid_t group, const char *name, const H5L_info_t *info, void *ctx)
{
  VisitCtx *v = (VisitCtx *)ctx;
  hid_t obj;

  if (info->type != H5L_TYPE_HARD) return 0;
  obj = H5Oopen(group, name, H5P_DEFAULT);
  if (obj < 0) {
    v->ierr = PETSC_ERR_FILE_READ;
    return -1;
  }
  if (H5Iget_type(obj) == H5I_DATASET) v->ierr = ReadDataset(obj, name, v->list);
  if (H5Oclose(obj) < 0 && !v->ierr) v->ierr = PETSC_ERR_LIB;
  return v->ierr ? -1 : 0;
}

/* Reads every dataset of a checkpoint into an owned list; *ok false (and a message) when
   the file cannot be read. */
static PetscErrorCode ReadFields(MPI_Comm comm, const char path[], DWFieldList *list, PetscBool *ok)
{
  hid_t file;
  H5E_auto2_t func;
  void *data;
  VisitCtx ctx = {list, 0};
  herr_t status;

  PetscFunctionBegin;
  *ok = PETSC_FALSE;
  DWCallHDF5(H5Eget_auto2(H5E_DEFAULT, &func, &data));
  DWCallHDF5(H5Eset_auto2(H5E_DEFAULT, NULL, NULL));
  file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file >= 0) {
    status = H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, Visit, &ctx);
    *ok    = (PetscBool)(H5Fclose(file) >= 0 && status >= 0 && !ctx.ierr);
  }
  H5Eset_auto2(H5E_DEFAULT, func, data);
  if (!*ok) {
    PetscCall(DWFieldListDestroy(list));
    PetscCall(PetscFPrintf(
        comm, PETSC_STDERR,
        "dwell glass: warning: checkpoint %s is unreadable (truncated or corrupt), ignored\n",
        path));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassCheckpointRead(DWGlass glass, const char path[], PetscBool *restored)
{
  char prev[PETSC_MAX_PATH_LEN + 8];
  const char *candidates[2] = {path, prev};
  MPI_Comm comm;

  PetscFunctionBegin;
  *restored = PETSC_FALSE;
  PetscCall(DWGlassGetComm(glass, &comm));
  PetscCall(PetscSNPrintf(prev, sizeof(prev), "%s.prev", path));
  for (int c = 0; c < 2 && !*restored; c++) {
    DWFieldList list = {0};
    PetscBool ok;
    if (access(candidates[c], R_OK)) continue;
    PetscCall(ReadFields(comm, candidates[c], &list, &ok));
    if (!ok) continue;
    PetscCall(DWGlassRestore(glass, &list));
    PetscCall(DWFieldListDestroy(&list));
    PetscCall(PetscFPrintf(comm, PETSC_STDERR, "dwell glass: resumed from checkpoint %s\n",
                           candidates[c]));
    *restored = PETSC_TRUE;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassCheckpointRemove(DWGlass glass, const char path[])
{
  char prev[PETSC_MAX_PATH_LEN + 8];
  MPI_Comm comm;
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCall(DWGlassGetComm(glass, &comm));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscSNPrintf(prev, sizeof(prev), "%s.prev", path));
  if (!rank) {
    remove(path);
    remove(prev);
    PetscCall(DWFileRemoveStaleTemps(path)); /* of a run killed while checkpointing */
    PetscCall(DWFileRemoveStaleTemps(prev));
  }
  PetscFunctionReturn(0);
}
