/* Opening and closing the HDF5 files of dwell (src/io/h5check.h). Every file is written
   atomically: under a temporary name, flushed and closed, then renamed over its path
   (rename(2) is atomic within a file system), so a reader never sees a partial file and a
   failed write leaves none. A durable commit also fsyncs the file before the rename and the
   directory after it, so the new file survives a crash of the machine. Files written by one
   process (rank 0) use the default driver and the name PATH.tmp.<pid>; the double-well
   library is written by all ranks together through MPI-IO, under the name PATH.tmp. */
#include "io/ioimpl.h"
#include "io/h5check.h"
#include <errno.h>
#include <libgen.h>
#include <sys/stat.h>
#include <unistd.h>

/* Collective. Rank 0 removes `path` when it exists; errors naming it otherwise. */
static PetscErrorCode RemoveOnRankZero(MPI_Comm comm, const char path[])
{
  PetscMPIInt rank;
  int err = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (!rank && unlink(path) && errno != ENOENT) err = errno;
  PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, comm));
  PetscCheck(!err, comm, PETSC_ERR_FILE_WRITE, "%s: cannot remove (%s)", path, strerror(err));
  PetscFunctionReturn(0);
}

static void RestoreErrorPrinting(const DWH5OutFile *out)
{
  H5Eset_auto2(H5E_DEFAULT, out->print, out->print_data);
}

PetscErrorCode DWH5CreateAtomic(MPI_Comm comm, const char path[], hid_t fapl, DWH5OutFile *out)
{
  size_t len;
  int ok;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(out, sizeof(*out)));
  out->file     = H5I_INVALID_HID;
  out->comm     = comm;
  out->parallel = (PetscBool)(fapl != H5P_DEFAULT && H5Pget_driver(fapl) == H5FD_MPIO);
  PetscCall(PetscStrlen(path, &len));
  PetscCheck(len > 0 && len < sizeof(out->path), comm, PETSC_ERR_ARG_WRONG,
             "file name '%s' is empty or too long", path);
  PetscCall(PetscStrncpy(out->path, path, sizeof(out->path)));
  if (out->parallel) {
    PetscCall(PetscSNPrintf(out->tmp, sizeof(out->tmp), "%s.tmp", path));
    /* a stale PATH.tmp (a killed run) goes first, so nothing of it can survive */
    PetscCall(RemoveOnRankZero(comm, out->tmp));
  } else
    PetscCall(DWFileTempName(path, out->tmp, sizeof(out->tmp)));
  DWCallHDF5(H5Eget_auto2(H5E_DEFAULT, &out->print, &out->print_data));
  DWCallHDF5(H5Eset_auto2(H5E_DEFAULT, NULL, NULL));
  out->file = H5Fcreate(out->tmp, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  ok        = out->file >= 0;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_LAND, comm));
  if (!ok) {
    if (out->file >= 0) H5Fclose(out->file);
    out->file = H5I_INVALID_HID;
    RestoreErrorPrinting(out);
  }
  PetscCheck(ok, comm, PETSC_ERR_FILE_OPEN,
             "%s: cannot create file (missing directory or no write permission?)", path);
  PetscFunctionReturn(0);
}

/* Not collective (rank 0). Renames the closed temporary file over path: durable, with fsync
   of the file before and of the directory after; previous, keeping the file path holds now
   under that name. The temporary file is removed when this fails. */
static PetscErrorCode Publish(const DWH5OutFile *out, PetscBool durable, const char previous[])
{
  char dir[PETSC_MAX_PATH_LEN];
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  if (durable) ierr = DWFileSync(out->tmp, PETSC_FALSE);
  if (ierr) remove(out->tmp);
  PetscCall(ierr);
  if (previous && !access(out->path, F_OK) && rename(out->path, previous)) {
    const int err = errno;
    remove(out->tmp);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: cannot keep the previous file as %s (%s)",
            out->path, previous, strerror(err));
  }
  PetscCall(DWFileRename(out->tmp, out->path));
  if (durable) {
    PetscCall(PetscStrncpy(dir, out->path, sizeof(dir)));
    PetscCall(DWFileSync(dirname(dir), PETSC_TRUE));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Commit(DWH5OutFile *out, PetscBool durable, const char previous[])
{
  PetscMPIInt rank;
  int ok              = 1;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  /* With MPI-IO, H5Fflush makes every rank MPI_File_sync its writes; H5Fclose alone does not. */
  if (out->parallel) ok = H5Fflush(out->file, H5F_SCOPE_GLOBAL) >= 0;
  ok        = H5Fclose(out->file) >= 0 && ok;
  out->file = H5I_INVALID_HID;
  RestoreErrorPrinting(out);
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_LAND, out->comm));
  PetscCallMPI(MPI_Comm_rank(out->comm, &rank));
  if (!rank) {
    if (ok)
      ierr = Publish(out, durable, previous);
    else
      remove(out->tmp);
  }
  /* Every rank waits for rank 0's outcome, so all return after the rename (a barrier). */
  PetscCallMPI(MPI_Bcast(&ierr, 1, MPI_INT, 0, out->comm));
  PetscCheck(ok, out->comm, PETSC_ERR_FILE_WRITE, "%s: write failed (disk full?)", out->path);
  /* Rank 0 has reported the cause; the other ranks fail without a second message. */
  if (!rank) PetscCall(ierr);
  PetscCheck(!ierr, out->comm, PETSC_ERR_FILE_WRITE, "%s: not written (see the error on rank 0)",
             out->path);
  PetscFunctionReturn(0);
}

PetscErrorCode DWH5Commit(DWH5OutFile *out)
{
  PetscFunctionBegin;
  PetscCall(Commit(out, PETSC_FALSE, NULL));
  PetscFunctionReturn(0);
}

PetscErrorCode DWH5CommitDurable(DWH5OutFile *out, const char previous[])
{
  PetscFunctionBegin;
  PetscCall(Commit(out, PETSC_TRUE, previous));
  PetscFunctionReturn(0);
}

/* Not collective for a file of one process; with MPI-IO every rank calls. Closes every object
   still open in the file, then the file (after an error objects may have been left open, and
   the MPI-IO driver refuses to close a file then). */
static void CloseAll(hid_t file)
{
  const unsigned types =
      H5F_OBJ_DATASET | H5F_OBJ_GROUP | H5F_OBJ_DATATYPE | H5F_OBJ_ATTR | H5F_OBJ_LOCAL;
  ssize_t n;
  hid_t *ids;

  if (file < 0) return;
  n = H5Fget_obj_count(file, types);
  if (n > 0 && (ids = malloc(sizeof(hid_t) * (size_t)n))) {
    n = H5Fget_obj_ids(file, types, (size_t)n, ids);
    for (ssize_t k = 0; k < n; k++)
      if (H5Iget_type(ids[k]) == H5I_ATTR)
        H5Aclose(ids[k]);
      else
        H5Oclose(ids[k]);
    free(ids);
  }
  H5Fclose(file);
}

PetscErrorCode DWH5Abort(DWH5OutFile *out)
{
  PetscFunctionBegin;
  CloseAll(out->file);
  out->file = H5I_INVALID_HID;
  RestoreErrorPrinting(out);
  /* every rank has closed the file before rank 0 removes it */
  PetscCallMPI(MPI_Barrier(out->comm));
  PetscCall(RemoveOnRankZero(out->comm, out->tmp));
  PetscFunctionReturn(0);
}

typedef struct {
  PetscErrorCode (*write)(hid_t, void *);
  void *ctx;
  PetscBool durable;
  const char *previous;
} AtomicWrite;

/* Not collective. The whole life of a file one process writes. */
static PetscErrorCode WriteAtomic(const char path[], void *ctx)
{
  const AtomicWrite *w = (const AtomicWrite *)ctx;
  DWH5OutFile out;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(DWH5CreateAtomic(PETSC_COMM_SELF, path, H5P_DEFAULT, &out));
  ierr = w->write(out.file, w->ctx);
  if (ierr) PetscCall(DWH5Abort(&out));
  PetscCall(ierr);
  if (w->durable)
    PetscCall(DWH5CommitDurable(&out, w->previous));
  else
    PetscCall(DWH5Commit(&out));
  PetscFunctionReturn(0);
}

PetscErrorCode DWH5WriteOnRankZero(MPI_Comm comm, const char path[],
                                   PetscErrorCode (*write)(hid_t, void *), void *ctx)
{
  AtomicWrite w = {write, ctx, PETSC_FALSE, NULL};

  PetscFunctionBegin;
  PetscCall(DWWriteOnRankZero(comm, path, WriteAtomic, &w));
  PetscFunctionReturn(0);
}

PetscErrorCode DWH5WriteOnRankZeroDurable(MPI_Comm comm, const char path[], const char previous[],
                                          PetscErrorCode (*write)(hid_t, void *), void *ctx)
{
  AtomicWrite w = {write, ctx, PETSC_TRUE, previous};

  PetscFunctionBegin;
  PetscCall(DWWriteOnRankZero(comm, path, WriteAtomic, &w));
  PetscFunctionReturn(0);
}

PetscErrorCode DWH5ReadFile(MPI_Comm comm, const char path[],
                            PetscErrorCode (*read)(const char[], hid_t, void *), void *ctx)
{
  hid_t file;
  H5E_auto2_t func;
  void *data;
  PetscErrorCode ierr;
  struct stat st;

  PetscFunctionBegin;
  if (!stat(path, &st))
    PetscCheck(S_ISREG(st.st_mode), comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: not a regular file (a directory, FIFO or device)", path);
  DWCallHDF5(H5Eget_auto2(H5E_DEFAULT, &func, &data));
  DWCallHDF5(H5Eset_auto2(H5E_DEFAULT, NULL, NULL));
  file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) {
    /* the signature is found in a truncated file too: HDF5 only refuses to open it */
    const htri_t signature = H5Fis_hdf5(path);
    H5Eset_auto2(H5E_DEFAULT, func, data);
    PetscCheck(signature >= 0, comm, PETSC_ERR_FILE_OPEN, "%s: cannot open (missing or unreadable)",
               path);
    PetscCheck(signature > 0, comm, PETSC_ERR_FILE_UNEXPECTED, "%s: not an HDF5 file", path);
    SETERRQ(comm, PETSC_ERR_FILE_UNEXPECTED,
            "%s: truncated or corrupt HDF5 file (HDF5 cannot open it)", path);
  }
  ierr = read(path, file, ctx);
  CloseAll(file); /* a failed read may leave objects open, which would keep the file open */
  H5Eset_auto2(H5E_DEFAULT, func, data);
  PetscCall(ierr);
  PetscFunctionReturn(0);
}
